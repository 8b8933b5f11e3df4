"""Demo data for `seed_demo`: asks of the last year with their answers, and favours given,
made through the services so the interactions they keep are there too."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import Contact, ContactStatus

from . import services
from .models import AskKind, Outcome

ASKS = [
    (AskKind.CANDIDATES, "Wie kent een goede data-engineer voor onze vacature in Utrecht?", False),
    (AskKind.INTRODUCTION, "Kun je me voorstellen aan iemand van inkoop bij jullie klant?", False),
    (AskKind.READ_OR_SHARE, "Lees mijn e-book over wederkerig netwerken en laat een reactie achter.", True),
    (AskKind.ADVICE, "Heb je een half uur voor advies over de overstap naar freelance werk?", False),
    (AskKind.REFERENCE, "Wil je een referentie voor me zijn bij mijn sollicitatie?", False),
    (AskKind.CANDIDATES, "Deel je onze vacature voor een stagiair marketing?", True),
]
HELPED_WITH = [
    "Twee namen voorgesteld", "Mail naar de inkoper gestuurd", "Uitgebreid gebeld", "", "Reactie onder de post"
]
FAVOURS = [
    (AskKind.INTRODUCTION, "Voorgesteld aan onze CTO"),
    (AskKind.ADVICE, "Cv doorgelezen en tips gegeven"),
    (AskKind.REFERENCE, "Referentie gegeven voor een opdracht"),
    (AskKind.READ_OR_SHARE, "Vacature gedeeld in mijn netwerk"),
]


@transaction.atomic
def seed_asks(owner, *, rng: random.Random) -> int:
    """Six asks over the last year (two of them public posts) with a mix of answers, and a
    few favours: enough for the dashboard tile, the contact pages and the review card."""
    contacts = list(Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE).order_by("pk")[:200])
    if len(contacts) < 8:
        return 0
    today = timezone.localdate()
    for index, (kind, text, public) in enumerate(ASKS):
        asked_on = today - timedelta(days=20 + index * 55)
        people = rng.sample(contacts, k=4)
        ask = services.create_ask(
            owner=owner, text=text, kind=kind, public=public, asked_on=asked_on,
            due_on=asked_on + timedelta(days=14) if index % 2 == 0 else None,
            contacts=[] if public else people[:3],
        )
        for person in people:
            answered_on = asked_on + timedelta(days=rng.randint(1, 10))
            if public:
                services.add_person(
                    owner=owner, ask=ask, contact=person, helped_with=rng.choice(HELPED_WITH), on=answered_on
                )
                continue
            if person is people[3]:
                continue
            outcome = rng.choice([Outcome.HELPED, Outcome.HELPED, Outcome.DECLINED, Outcome.NO_ANSWER])
            if outcome != Outcome.NO_ANSWER:
                services.record_outcome(owner=owner, ask=ask, contact=person, outcome=outcome,
                                        helped_with=rng.choice(HELPED_WITH), on=answered_on)
        if index >= 3:
            services.close_ask(owner=owner, ask=ask, on=asked_on + timedelta(days=30))
    for index, (kind, text) in enumerate(FAVOURS):
        services.give_favour(owner=owner, contact=rng.choice(contacts), text=text, kind=kind,
                             on=today - timedelta(days=10 + index * 70))
    return len(ASKS)
