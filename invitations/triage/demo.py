"""Demo incoming invitations for `seed_demo`: a queue to triage, in every state.

Built through the triage rules themselves, so the demo's history is a real history."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import Contact

from . import rules as triage
from ..models import IncomingInvitation, InvitationOrigin

DEFAULT_MESSAGES = [
    "I'd like to add you to my professional network on LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "",
]
PERSONAL_MESSAGES = [
    "Hoi! We stonden naast elkaar bij de koffie op de Netwerkborrel Utrecht en hadden het over datamigraties. "
    "Leuk om in contact te blijven.",
    "Ik las je artikel over kleine netwerken en herkende veel van onze klanten erin. Mag ik je een vraag stellen "
    "over je aanpak?",
    "Jeroen de Wit raadde me aan je te benaderen: we zoeken iemand met jouw ervaring in de energiesector.",
]
PEOPLE = [
    ("Lisa Verbeek", "Randstad", "Recruiter"),
    ("Tom Hermans", "Freelance", "Growth hacker"),
    ("Ilse van Dam", "Eneco", "Data analist"),
    ("Rick Janssen", "Coolblue", "Accountmanager"),
    ("Mirjam Ouwehand", "Gemeente Utrecht", "Projectleider"),
    ("Joost Verhoeven", "Adyen", "Product owner"),
    ("Priya Raman", "ASML", "Software engineer"),
    ("Koen Smulders", "Deloitte", "Consultant"),
]
# Each reply is written for its person: the reuse rule would (rightly) refuse one text sent to all.
REPLIES = [
    "Hoi {first}, dank voor je uitnodiging! Ik zie dat je bij {company} werkt; wat maakte dat je met mij wilde "
    "connecten? Zullen we eerst even bellen?",
    "Dag {first}, leuk dat je me vindt. Ik ken nog niemand bij {company} en ben benieuwd waar onze paden "
    "elkaar kruisen. Koffie in Utrecht, volgende week?",
    "Hallo {first}, bedankt! Voordat ik accepteer: waar kennen we elkaar van? Ik vind een kort videogesprek "
    "van een kwartier prima, dinsdag of donderdag.",
    "Hi {first}, je werk als {position} spreekt me aan. Waarom wil je met mij in contact komen? Laten we het "
    "er bij een kop koffie over hebben.",
]


@transaction.atomic
def seed_incoming_invitations(user, rng: random.Random) -> list[IncomingInvitation]:
    """Incoming invitations in every state; nothing when the member already has some."""
    if IncomingInvitation.objects.owned_by(user).exists():
        return []
    now = timezone.now()
    people = rng.sample(PEOPLE, k=len(PEOPLE))
    created = []
    for index, (name, company, position) in enumerate(people):
        message = rng.choice(DEFAULT_MESSAGES) if index % 2 == 0 else rng.choice(PERSONAL_MESSAGES)
        slug = name.lower().replace(" ", "-")
        created.append(
            triage.add_incoming_invitation(
                owner=user,
                name=name,
                profile_url=f"https://www.linkedin.com/in/demo-{slug}",
                company=company,
                position=position,
                message=message,
                received_at=now - timedelta(days=40 - 4 * index, hours=rng.randint(0, 8)),
                origin=InvitationOrigin.IMPORTED if index % 3 == 0 else InvitationOrigin.COMPOSED,
            )
        )

    def reply(invitation, days_ago):
        template = REPLIES[IncomingInvitation.objects.owned_by(user).exclude(reply_text="").count() % len(REPLIES)]
        text = template.format(first=invitation.first_name, company=invitation.company, position=invitation.position)
        return triage.reply_first(invitation=invitation, text=text, now=now - timedelta(days=days_ago))

    # Awaiting an answer for three weeks: flagged, the digest suggests declining.
    reply(created[0], 21)
    # Awaiting an answer for a few days.
    reply(created[1], 3)
    # Answered: they said why; the member decides next.
    triage.record_their_answer(
        invitation=reply(created[2], 10),
        answer="Ik zoek iemand die ervaring heeft met kleine, vertrouwde netwerken; we hebben kort gebeld.",
        spoke_or_met=True,
        now=now - timedelta(days=8),
    )
    # Accepted after a coffee.
    accepted = triage.record_their_answer(
        invitation=reply(created[3], 15),
        answer="We hebben koffie gedronken: ze organiseert de meetup in Rotterdam.",
        spoke_or_met=True,
        now=now - timedelta(days=12),
    )
    triage.accept_invitation(invitation=accepted, now=now - timedelta(days=11))
    # Declined, with a private reason.
    triage.decline_invitation(
        invitation=created[4], reason="Standaardtekst, geen antwoord op mijn vraag.", now=now - timedelta(days=20)
    )
    # Snoozed until next week.
    triage.snooze_invitation(
        invitation=created[5], until=timezone.localdate(now) + timedelta(days=7), now=now - timedelta(days=1)
    )
    # created[6] and created[7] stay pending.

    existing = Contact.objects.owned_by(user).active().exclude(profile_url="").order_by("id").first()
    if existing is not None:
        # Someone already in the contacts invites the member again (a new account, an old export).
        created.append(
            triage.add_incoming_invitation(
                owner=user,
                name=existing.full_name,
                profile_url=existing.profile_url.upper() + "/",
                company=existing.company,
                position=existing.position,
                message=rng.choice(DEFAULT_MESSAGES),
                received_at=now - timedelta(days=2),
            )
        )
    return created
