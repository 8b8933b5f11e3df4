#!/usr/bin/env python
"""Speed of the pages that show asks and favours, at the scale of a busy member.

On PostgreSQL (DATABASE_URL names the server; a throwaway database, netwerk_bench_asks
unless --database names another, is created and dropped): one member with 30,000
contacts, 2,000 asks and 10,000 answers (about four in ten helped, each with its
"received" interaction; two in ten declined; the rest without an answer yet) and 1,000
favours given, next to 5 other members with their own. Measures, as medians of 41
requests through Django's test client, interleaved with the baseline (bench/common.py:
a minimal signed-in page rendering the base layout with one query):

- the dashboard as a member meets it (figures cached), target <= 5x; the first visit
  after a change (every figure counted afresh) is printed too, not a target
- the contact page of the member's most helpful contact (16 asks, 12 helped, 8 favours), <= 3x
- the asks list (open asks, 50 a page), <= 4x

and the number of queries of each page at a tenth of the asks and at all of them,
which must be equal. Exits 1 when a target is missed or a count grows. `--quick` uses
a tenth of the data (for CI)."""

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.contacts_list import load_member  # noqa: E402

DASHBOARD_TARGET = 5.0
CONTACT_TARGET = 3.0
LIST_TARGET = 4.0
ASK_TEXTS = [
    "Kun je me voorstellen aan de inkoper van {company}?",
    "Wie kent een goede kandidaat voor onze vacature data-engineer?",
    "Wil je mijn e-book lezen en er iets over zeggen?",
    "Heb je advies over de overstap naar freelance werk?",
    "Wil je een referentie voor me zijn bij {company}?",
]
KINDS = ["introduction", "candidates", "read_or_share", "advice", "reference", "other"]


def load_asks(member, contact_ids: list[int], *, asks: int, answers: int, favours: int, rng, start: int = 0) -> None:
    """`asks` asks over the last two years with `answers` people asked between them."""
    from asks.models import Ask, AskedPerson, Favour
    from contacts.models import Interaction

    today = date.today()
    made = Ask.objects.bulk_create(
        Ask(
            owner=member,
            text=rng.choice(ASK_TEXTS).format(company=f"Bedrijf {start + i}"),
            kind=rng.choice(KINDS),
            asked_on=today - timedelta(days=rng.randint(0, 730)),
            due_on=None if i % 3 else today - timedelta(days=rng.randint(-30, 300)),
            public=i % 10 == 0,
            closed_on=today if i % 4 == 0 else None,
        )
        for i in range(asks)
    )
    people, seen = [], set()
    while len(people) < answers:
        ask = made[len(people) % len(made)]
        contact_id = rng.choice(contact_ids)
        if (ask.pk, contact_id) in seen:
            continue
        seen.add((ask.pk, contact_id))
        roll = rng.random()
        outcome = "helped" if roll < 0.4 or ask.public else ("declined" if roll < 0.6 else "no_answer")
        people.append((ask, contact_id, outcome))
    helped = [entry for entry in people if entry[2] == "helped"]
    interactions = Interaction.objects.bulk_create(
        Interaction(owner=member, contact_id=contact_id, date=ask.asked_on, kind="referral", direction="received",
                    note="Hielp bij mijn vraag")
        for ask, contact_id, _ in helped
    )
    interaction_of = {(ask.pk, contact_id): interaction.pk for (ask, contact_id, _), interaction in zip(helped, interactions)}
    AskedPerson.objects.bulk_create(
        AskedPerson(
            ask=ask, owner=member, contact_id=contact_id, contact_name="Bench Contact", outcome=outcome,
            added_on=ask.asked_on, answered_on=None if outcome == "no_answer" else ask.asked_on + timedelta(days=3),
            interaction_id=interaction_of.get((ask.pk, contact_id)),
        )
        for ask, contact_id, outcome in people
    )
    given = [(rng.choice(contact_ids), today - timedelta(days=rng.randint(0, 730))) for _ in range(favours)]
    interactions = Interaction.objects.bulk_create(
        Interaction(owner=member, contact_id=contact_id, date=on, kind="introduction", direction="gave", note="Ik hielp")
        for contact_id, on in given
    )
    Favour.objects.bulk_create(
        Favour(owner=member, contact_id=contact_id, given_on=on, kind="introduction", text="Voorgesteld aan een klant",
               interaction=interaction)
        for (contact_id, on), interaction in zip(given, interactions)
    )


def load_helpful_contact(member, contact_id: int) -> None:
    """The member's most helpful contact: asked 16 times over two years, helped 12 times,
    and 8 favours given back (20 help interactions on their page, next to the rest)."""
    from asks import services
    from contacts.models import Contact

    contact = Contact(pk=contact_id)
    for index in range(16):
        ask = services.create_ask(owner=member, text=f"Vraag {index} aan een trouwe helper", contacts=[contact],
                                  asked_on=date.today() - timedelta(days=700 - index * 40))
        if index % 4:
            services.record_outcome(owner=member, ask=ask, contact=contact, outcome="helped", helped_with="Twee namen")
    for index in range(8):
        services.give_favour(owner=member, contact=contact, text=f"Gunst {index}")


def main() -> int:
    options = common.options(__doc__.splitlines()[0], "netwerk_bench_asks")
    scale = 10 if options.quick else 1
    rng = random.Random(19)

    with common.throwaway_database(options.database) as database_url:
        common.setup_django(database_url)
        from contacts.models import Contact
        from netwerk.accounts.models import User
        from netwerk.dashboard import forget_dashboard

        member = common.bench_member()
        contacts, asks, answers, favours = 30_000 // scale, 2_000 // scale, 10_000 // scale, 1_000 // scale
        print(f"Loading {contacts:,} contacts, {asks:,} asks, {answers:,} answers and {favours:,} favours…")
        load_member(member, contacts=contacts, labels=60, labels_per_contact=3, notes_per_contact=1, rng=rng)
        contact_ids = list(Contact.objects.filter(owner=member).values_list("pk", flat=True))
        helper_id = contact_ids[0]
        load_helpful_contact(member, helper_id)
        for index in range(5):
            other = User.objects.create_user(f"other{index}", f"other{index}@example.nl", "bench-password-2026")
            load_member(other, contacts=1_000 // scale, labels=10, labels_per_contact=2, notes_per_contact=1, rng=rng)
            theirs = list(Contact.objects.filter(owner=other).values_list("pk", flat=True))
            load_asks(other, theirs, asks=200 // scale, answers=1_000 // scale, favours=100 // scale, rng=rng)

        client = common.signed_in_client(member)
        urls = {"baseline": common.BASELINE_URL, "dashboard": "/", "contact": f"/contacts/{helper_id}/", "asks": "/asks/"}

        # A tenth of the asks first, to show that the query counts do not grow with them.
        load_asks(member, contact_ids, asks=asks // 10, answers=answers // 10, favours=favours // 10, rng=rng)
        common.analyze()
        forget_dashboard(member)
        small = {name: common.count_queries(client, url) for name, url in urls.items()}
        load_asks(member, contact_ids, asks=asks - asks // 10, answers=answers - answers // 10,
                  favours=favours - favours // 10, rng=rng, start=asks // 10)
        common.analyze()
        forget_dashboard(member)
        large = {name: common.count_queries(client, url) for name, url in urls.items()}

        times = common.interleaved_medians(client, urls)
        uncached = []
        for _ in range(11):
            forget_dashboard(member)
            uncached.append(common.median_seconds(client, "/", repeats=1))
        baseline = times["baseline"]
        print(f"baseline (base layout, one query of its own): {baseline * 1000:.1f} ms")
        for name in ("dashboard", "contact", "asks"):
            print(f"{name}: {small[name]} queries at a tenth of the asks, {large[name]} at all of them")
        cold = sorted(uncached)[len(uncached) // 2]
        print(f"dashboard, figures counted afresh: {cold * 1000:.1f} ms ({cold / baseline:.2f}x, not a target)")
        ok = common.report("dashboard (figures cached)", times["dashboard"], baseline, DASHBOARD_TARGET)
        ok = common.report("contact page (16 asks, 12 helped, 8 favours)", times["contact"], baseline, CONTACT_TARGET) and ok
        ok = common.report("asks list (open, 50 a page)", times["asks"], baseline, LIST_TARGET) and ok
        constant = all(small[name] == large[name] for name in ("dashboard", "contact", "asks"))
        print("query counts constant" if constant else "query counts GROW with the asks: MISSED")
    return 0 if ok and constant else 1


if __name__ == "__main__":
    sys.exit(main())
