"""Demo data for `seed_demo`: outgoing invitations in every state, each written for one person."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import Channel, Invitation, InvitationState
from .services import contact_for_accepted

# (name, text, state, days ago sent or written, channel)
DEMO_INVITATIONS = (
    ("Lieke Verbeek", "Hoi Lieke, we spraken gisteren bij de Netwerkborrel Utrecht over jullie overstap naar "
     "een nieuw CRM. Ik help graag met de datamigratie als dat speelt.", InvitationState.DRAFT, 0, Channel.LINKEDIN),
    ("Ruben Aydin", "Ruben, je talk op de Tech Meetup Rotterdam over event sourcing zette me aan het denken. "
     "Zullen we een keer koffie drinken?", InvitationState.DRAFT, 1, Channel.EMAIL),
    ("Marloes Kuipers", "Marloes, Sanne vertelde dat je een interim projectleider zoekt voor Q2. Ik heb zo'n "
     "traject bij Stedin gedaan en vertel je er graag over.", InvitationState.SENT, 3, Channel.LINKEDIN),
    ("Tom Hoekstra", "Tom, dank voor je uitgebreide reactie op mijn e-book over netwerken. Ik zou je feedback op "
     "het volgende hoofdstuk heel waardevol vinden.", InvitationState.SENT, 9, Channel.LINKEDIN),
    ("Naima Bouzid", "Naima, we zaten naast elkaar bij Marketing Live 2025 en hadden het over B2B-podcasts. "
     "Ik stuur je graag die aflevering die ik noemde.", InvitationState.SENT, 17, Channel.LINKEDIN),
    ("Joost van Rijn", "Joost, jouw artikel over energiecontracten voor het mkb was precies wat onze klanten "
     "vragen. Mag ik je eens bellen over een samenwerking?", InvitationState.SENT, 24, Channel.EMAIL),
    ("Esther Blom", "Esther, fijn je te ontmoeten bij BNI Amersfoort. Zoals beloofd: ik stel je graag voor "
     "aan mijn oud-collega bij de gemeente.", InvitationState.ACCEPTED, 40, Channel.LINKEDIN),
    ("Pieter Zwart", "Pieter, we werkten allebei aan het Picnic-project maar spraken elkaar nooit. "
     "Ik ben benieuwd hoe jullie de planning oplosten.", InvitationState.ACCEPTED, 60, Channel.LINKEDIN),
    ("Ilse Janssen", "Ilse, je vraag in de HR-groep over onboarding op afstand herkende ik. Ik deel graag "
     "wat bij ons werkte.", InvitationState.DECLINED, 35, Channel.LINKEDIN),
    ("Koen de Lange", "Koen, leuk je weer te zien op de reünie van de studievereniging! Laten we contact "
     "houden over je nieuwe bedrijf.", InvitationState.WITHDRAWN, 50, Channel.LINKEDIN),
)


@transaction.atomic
def seed_outgoing_invitations(user, rng: random.Random) -> list[Invitation]:
    """Outgoing invitations in several states, two of them waiting for a follow-up."""
    now = timezone.now()
    created = []
    for name, text, state, days, channel in DEMO_INVITATIONS:
        slug = name.lower().replace(" ", "-")
        moment = now - timedelta(days=days, hours=rng.randint(1, 10))
        invitation = Invitation.objects.create(
            owner=user,
            recipient_name=name,
            recipient_profile_url=f"https://www.linkedin.com/in/{slug}-{user.pk}",
            recipient_email=f"{slug}@example.nl" if channel == Channel.EMAIL else "",
            text=text,
            channel=channel,
            state=state,
            created_at=moment - timedelta(hours=1),
            sent_at=None if state == InvitationState.DRAFT else moment,
        )
        if state in (InvitationState.ACCEPTED, InvitationState.DECLINED):
            invitation.answered_at = moment + timedelta(days=rng.randint(1, 5))
        if state == InvitationState.WITHDRAWN:
            invitation.withdrawn_at = moment + timedelta(days=15)
        if state == InvitationState.ACCEPTED:
            invitation.contact = contact_for_accepted(invitation, now=invitation.answered_at)
        invitation.save()
        created.append(invitation)
    return created
