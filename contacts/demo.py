"""Realistic demo data for `seed_demo`: contacts, labels, notes and interactions."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from . import duplicates, touch
from .models import (
    Contact,
    ContactLabel,
    ContactSource,
    Direction,
    Interaction,
    InteractionKind,
    KeyDate,
    Label,
    LabelColor,
    LabelKind,
    Note,
    ensure_review_label,
)

FIRST_NAMES = (
    "Anne Bram Cleo Daan Eva Femke Gijs Hanna Isa Jeroen Kees Lotte Maarten Noor Olaf Pien Quinten Roos "
    "Sanne Thijs Ursula Vera Wouter Xander Yara Zoë Ahmed Fatima Mohamed Sofia Lucas Emma Julia Sem Mila"
).split()
LAST_NAMES = (
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|"
    "van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|El Amrani|Yilmaz|Bosman"
).split("|")
COMPANIES = (
    "Computaal|Rabobank|ING|Coolblue|Bol.com|Philips|ASML|Gemeente Utrecht|Adyen|Mollie|Exact|TomTom|"
    "KLM|Heineken|Booking.com|Picnic|Randstad|Stedin|Eneco|Achmea|Deloitte|PwC|Accenture|Freelance"
).split("|")
POSITIONS = (
    "Recruiter|Product owner|Software engineer|Marketing manager|Directeur|Interim manager|Data analist|"
    "Accountmanager|HR business partner|Projectleider|Consultant|Communicatieadviseur|CTO|Sales director"
).split("|")
EVENTS = ["Netwerkborrel Utrecht", "Tech Meetup Rotterdam", "Marketing Live 2025", "BNI Amersfoort"]
INDUSTRIES = ["ICT", "Finance", "Overheid", "Zorg", "Marketing", "Energie"]
NOTES = [
    "Gesproken op de borrel over hun overstap naar een nieuwe CRM-omgeving.",
    "Wil graag een keer koffie drinken in januari.",
    "Heeft mij voorgesteld aan hun inkoper; bedankje sturen.",
    "Zoekt een interim projectleider voor Q2.",
    "Contact verliep alleen via LinkedIn-berichten; nooit gesproken.",
    "Oud-collega, weet veel van datamigraties.",
    "Las mijn e-book en gaf uitgebreide feedback.",
    "Kent iedereen in de regio Amersfoort.",
]


def _labels(owner, rng: random.Random) -> list[Label]:
    labels = [ensure_review_label(owner)]
    colours = [c for c in LabelColor.values if c != LabelColor.RED]
    specs = [(name, LabelKind.EVENT) for name in EVENTS] + [(name, LabelKind.INDUSTRY) for name in INDUSTRIES]
    specs.append(("Opdrachtgevers", LabelKind.CLIENTS))
    # Keep in touch: clients every three months, one network event's people twice a year.
    rhythms = {"Opdrachtgevers": 90, EVENTS[0]: 180}
    for index, (name, kind) in enumerate(specs):
        label, _ = Label.objects.get_or_create(
            owner=owner,
            name=name,
            defaults={"kind": kind, "color": colours[index % len(colours)], "keep_in_touch_days": rhythms.get(name)},
        )
        labels.append(label)
    restricted, _ = Label.objects.get_or_create(
        owner=owner,
        name="Klanten vorige werkgever",
        defaults={
            "color": LabelColor.GREY,
            "restricts_contact": True,
            "restricts_contact_until": date.today() + timedelta(days=200),
            "description": "Concurrentiebeding: geen contact tot het einde van het jaar.",
        },
    )
    labels.append(restricted)
    return labels


@transaction.atomic
def seed_contacts(owner, count: int, *, rng: random.Random | None = None) -> list[Contact]:
    rng = rng or random.Random(2026)
    labels = _labels(owner, rng)
    review, others = labels[0], labels[1:]
    today = timezone.localdate()
    existing = Contact.objects.filter(owner=owner).count()
    contacts = [
        Contact(
            owner=owner,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            company=rng.choice(COMPANIES),
            position=rng.choice(POSITIONS),
            profile_url=f"https://www.linkedin.com/in/demo-{owner.pk}-{existing + i}",
            connected_on=today - timedelta(days=rng.randint(10, 3650)),
            source=ContactSource.IMPORTED if rng.random() < 0.85 else ContactSource.MANUAL,
            how_we_met=rng.choice(["", "", "Netwerkborrel", "Via een oud-collega", "Klantproject 2023"]),
            phone=f"+316{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}" if rng.random() < 0.3 else "",
            website=f"https://www.example.nl/{existing + i}" if rng.random() < 0.1 else "",
        )
        for i in range(count)
    ]
    Contact.objects.bulk_create(contacts, batch_size=2000)
    contacts = list(Contact.objects.filter(owner=owner).order_by("-id")[:count])
    # Some people were introduced by someone else in the network (the referral chain).
    introduced = [c for c in contacts if rng.random() < 0.08]
    for contact in introduced:
        introducer = rng.choice(contacts)
        contact.introduced_by = introducer if introducer.pk != contact.pk else None
    Contact.objects.bulk_update(introduced, ["introduced_by"], batch_size=2000)
    now = timezone.now()
    links, notes, interactions = [], [], []
    for contact in contacts:
        for label in rng.sample(others, k=rng.choice([0, 1, 2, 3, 3, 4])):
            links.append(ContactLabel(contact=contact, label=label, added_at=now - timedelta(days=rng.randint(1, 400))))
        if rng.random() < 0.06:
            links.append(ContactLabel(contact=contact, label=review, added_at=now - timedelta(days=rng.randint(1, 60))))
        for _ in range(rng.choice([0, 1, 2, 3])):
            notes.append(
                Note(owner=owner, contact=contact, body=rng.choice(NOTES), created_at=now - timedelta(days=rng.randint(0, 900)))
            )
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            interactions.append(
                Interaction(
                    owner=owner,
                    contact=contact,
                    date=today - timedelta(days=rng.randint(0, 800)),
                    kind=rng.choice(InteractionKind.values),
                    direction=rng.choice([Direction.GAVE, Direction.GAVE, Direction.RECEIVED, Direction.MUTUAL]),
                    note=rng.choice(["", "", "Korte check-in", "Introductie gedaan"]),
                )
            )
    ContactLabel.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    Note.objects.bulk_create(notes, batch_size=5000)
    Interaction.objects.bulk_create(interactions, batch_size=5000)
    touch.refresh(owner_id=owner.pk)  # bulk_create sends no signals
    _business_card_duplicates(contacts, rng)
    duplicates.refresh(owner)  # so "Possible duplicates" has something to show at once
    return contacts


def seed_key_dates(owner, rng: random.Random) -> None:
    """Birthdays (some without a year, as phones keep them) and a few work anniversaries,
    two of them this week, so the keep-in-touch page and the weekly e-mail show some."""
    contacts = list(Contact.objects.filter(owner=owner).active().order_by("id"))
    if not contacts:
        return
    today = timezone.localdate()
    rows = []
    for contact in rng.sample(contacts, k=max(1, len(contacts) // 8)):
        born = date(rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(KeyDate(owner=owner, contact=contact, name="Verjaardag",
                            date=born if rng.random() < 0.6 else born.replace(year=KeyDate.NO_YEAR)))
    for contact in rng.sample(contacts, k=max(1, len(contacts) // 30)):
        started = today - timedelta(days=rng.randint(400, 4000))
        rows.append(KeyDate(owner=owner, contact=contact, name=f"Begonnen bij {contact.company}", date=started))
    # Two this week (Monday to Sunday, as the page and the e-mail count it), whatever day
    # the demo is made on: today, and tomorrow unless today is Sunday.
    for row, offset in zip(rows[:2], (0, 1 if today.weekday() < 6 else -1), strict=False):
        soon = today + timedelta(days=offset)
        if (soon.month, soon.day) == (2, 29):
            row.date = row.date.replace(year=KeyDate.NO_YEAR)  # the one year every 29 February fits
        row.date = row.date.replace(month=soon.month, day=soon.day)
    KeyDate.objects.bulk_create(rows)


def _business_card_duplicates(contacts: list[Contact], rng: random.Random) -> None:
    """A few people twice, as a business card typed in by hand makes them: "J. Bakker"
    at the same company as "Jan Bakker"."""
    if len(contacts) < 20:
        return
    picked = rng.sample(contacts, 6)
    for original, copy in zip(picked[::2], picked[1::2], strict=True):
        copy.first_name, copy.last_name, copy.company = f"{original.first_name[0]}.", original.last_name, original.company
    Contact.objects.bulk_update(picked[1::2], ["first_name", "last_name", "company"])
