#!/usr/bin/env python
"""Speed of the contact list and detail pages at LinkedIn scale.

On PostgreSQL (DATABASE_URL names the server; a throwaway database,
netwerk_bench_contacts unless --database names another, is created and dropped): one
member with 30,000 contacts, 60 labels, about 3 labels and 2 notes per contact, and 20
other members with 1,000 contacts each. Measures, as medians of 41 requests through Django's test client:

- the list filtered by one label plus a search term (50 contacts a page), target <= 4x
- the detail page of a contact with 20 notes and 20 interactions, target <= 3x

of a minimal signed-in page rendering the base layout with one query (bench/common.py).
Prints times and ratios; exits 1 when a target is missed. `--quick` uses a tenth of the
data (for CI); `--vacuum` measures after VACUUM ANALYZE."""

import argparse
import io
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

LIST_TARGET = 4.0
DETAIL_TARGET = 3.0
FIRST = "Anne Bram Cleo Daan Eva Femke Gijs Hanna Isa Jeroen Kees Lotte Maarten Noor Olaf Pien Roos Sanne Thijs Vera".split()
LAST = (
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|"
    "van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|El Amrani|Yilmaz"
).split("|")
COMPANIES = "Computaal|Rabobank|ING|Coolblue|Philips|ASML|Adyen|Mollie|Exact|TomTom|KLM|Heineken|Picnic|Eneco".split("|")
POSITIONS = "Recruiter|Product owner|Software engineer|Marketing manager|Directeur|Data analist|Consultant|CTO".split("|")
NOTES = [
    "Gesproken op de borrel over hun overstap naar een nieuwe CRM-omgeving.",
    "Wil graag een keer koffie drinken in januari.",
    "Heeft mij voorgesteld aan hun inkoper; bedankje sturen.",
    "Zoekt een interim projectleider voor Q2.",
    "Oud-collega, weet veel van datamigraties.",
]


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY rows into a table: tens of thousands of rows in well under a second."""
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v).replace("\t", " ") for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.read())


def load_member(user, *, contacts: int, labels: int, labels_per_contact: int, notes_per_contact: int, rng) -> None:
    from django.db import connection
    from django.utils import timezone

    from contacts.models import Contact, Label

    now = timezone.now().isoformat()
    existing = Label.objects.filter(owner=user).count()
    Label.objects.bulk_create(
        Label(owner=user, name=f"Label {user.pk}-{i}", color="blue", kind="general") for i in range(labels - existing)
    )
    label_ids = list(Label.objects.filter(owner=user).values_list("pk", flat=True))
    today = date.today()
    copy_rows(
        "contacts_contact",
        ["owner_id", "first_name", "last_name", "company", "position", "profile_url", "email", "connected_on",
         "source", "website", "private_email", "phone", "how_we_met", "status", "pinned", "created_at", "updated_at"],
        (
            (user.pk, rng.choice(FIRST), rng.choice(LAST), rng.choice(COMPANIES), rng.choice(POSITIONS),
             f"https://www.linkedin.com/in/bench-{user.pk}-{i}", "", today - timedelta(days=rng.randint(1, 3650)),
             "imported", "", "", "", "", "active", "f", now, now)
            for i in range(contacts)
        ),
    )
    contact_ids = list(Contact.objects.filter(owner=user).values_list("pk", flat=True))
    copy_rows(
        "contacts_contactlabel",
        ["contact_id", "label_id", "added_at"],
        ((cid, lid, now) for cid in contact_ids for lid in rng.sample(label_ids, labels_per_contact)),
    )
    copy_rows(
        "contacts_note",
        ["owner_id", "contact_id", "body", "created_at", "updated_at"],
        ((user.pk, cid, rng.choice(NOTES), now, now) for cid in contact_ids for _ in range(notes_per_contact)),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, for CI")
    parser.add_argument(
        "--database",
        default="netwerk_bench_contacts",
        help="name of the throwaway database (created and dropped; default %(default)s), so two runs on "
        "one server do not drop each other's data",
    )
    parser.add_argument(
        "--vacuum",
        action="store_true",
        help="VACUUM ANALYZE once the data is in: the state autovacuum soon leaves a live database in "
        "(without it, the rows the note load rewrote stay behind as dead rows; the test server runs "
        "with autovacuum off)",
    )
    options = parser.parse_args()
    scale = 10 if options.quick else 1
    rng = random.Random(3)

    with common.throwaway_database(options.database) as database_url:
        common.setup_django(database_url)
        from contacts.models import Contact, Interaction, Label, Note
        from netwerk.accounts.models import User

        member = User.objects.create_user("bench", "bench@example.nl", "bench-password-2026")
        member.profile.language = "en"
        member.profile.save()
        others = 5 if options.quick else 20
        print(f"Loading {30_000 // scale} contacts for one member and {others} other members…")
        load_member(member, contacts=30_000 // scale, labels=60, labels_per_contact=3, notes_per_contact=2, rng=rng)
        for index in range(others):
            other = User.objects.create_user(f"other{index}", f"other{index}@example.nl", "bench-password-2026")
            load_member(other, contacts=1_000 // scale, labels=10, labels_per_contact=2, notes_per_contact=1, rng=rng)

        detail_contact = Contact.objects.filter(owner=member).order_by("pk").first()
        Note.objects.bulk_create(
            Note(owner=member, contact=detail_contact, body=f"Notitie {i}: {rng.choice(NOTES)}") for i in range(18)
        )
        Interaction.objects.bulk_create(
            Interaction(owner=member, contact=detail_contact, kind="call", direction="gave", note="Korte check-in",
                        date=date.today() - timedelta(days=i))
            for i in range(20)
        )
        if options.vacuum:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        label = Label.objects.filter(owner=member, kind="general").order_by("pk").first()
        term = "jans"

        client = common.signed_in_client(member)
        list_url = f"/contacts/?labels={label.pk}&q={term}"
        detail_url = f"/contacts/{detail_contact.pk}/"
        shown = client.get(list_url).content.decode().count('name="contacts"')
        queries = {url: common.count_queries(client, url) for url in (common.BASELINE_URL, list_url, detail_url)}
        times = common.interleaved_medians(
            client, {"baseline": common.BASELINE_URL, "list": list_url, "detail": detail_url}
        )
        baseline = times["baseline"]
        print(f"baseline (base layout, one query of its own): {baseline * 1000:.1f} ms, {queries[common.BASELINE_URL]} queries")
        print(f"list: label “{label.name}” + search “{term}”: {shown} contacts shown, {queries[list_url]} queries")
        print(f"detail: 20 notes, 20 interactions: {queries[detail_url]} queries")
        ok = common.report("contact list (1 label + search)", times["list"], baseline, LIST_TARGET)
        ok = common.report("contact detail (20 notes, 20 interactions)", times["detail"], baseline, DETAIL_TARGET) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
