#!/usr/bin/env python
"""Speed of keep in touch at the scale of a busy member.

On PostgreSQL (DATABASE_URL names the server; a throwaway database,
netwerk_bench_touch unless --database names another, is created and dropped): one member
with 30,000 contacts, 60 labels each with a rhythm (30 to 365 days), about 3 labels a
contact and 200,000 interactions, next to 5 other members with their own. Measures, as
medians of 41 requests through Django's test client, interleaved with the baseline
(bench/common.py: a minimal signed-in page rendering the base layout with one query):

- the "Get in touch" list (first page, 15 contacts with their evidence), target <= 4x
- the member's calendar feed, fetched as a calendar app does (no session), target <= 5x

and each page's queries at a tenth of the interactions and at all of them, which must
be equal. Also prints how long working out every contact's date takes (contacts.touch.
refresh for the whole member: what an import, a restore or the nightly task pays; not a
target). Exits 1 when a target is missed or a count grows. `--quick` uses a tenth of the
data (for CI)."""

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.contacts_list import copy_rows, load_member  # noqa: E402

LIST_TARGET = 4.0
FEED_TARGET = 5.0
KINDS = ["message", "call", "meeting", "video_call", "other"]
DIRECTIONS = ["gave", "received", "mutual"]


def load_interactions(member, contact_ids: list[int], count: int, rng) -> None:
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().isoformat()
    today = date.today()
    copy_rows(
        "contacts_interaction",
        ["owner_id", "contact_id", "date", "kind", "direction", "note", "created_at"],
        (
            (member.pk, rng.choice(contact_ids), today - timedelta(days=rng.randint(0, 1500)),
             rng.choice(KINDS), rng.choice(DIRECTIONS), "", now)
            for _ in range(count)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> int:
    options = common.options(__doc__.splitlines()[0], "netwerk_bench_touch")
    scale = 10 if options.quick else 1
    rng = random.Random(18)

    with common.throwaway_database(options.database) as database_url:
        common.setup_django(database_url)
        from contacts import touch
        from contacts.models import Contact, Label
        from netwerk.accounts.models import User
        from reviews.calendar_feed import new_token

        member = common.bench_member()
        contacts, interactions = 30_000 // scale, 200_000 // scale
        print(f"Loading {contacts:,} contacts with 60 labels with rhythms and {interactions:,} interactions…")
        load_member(member, contacts=contacts, labels=60, labels_per_contact=3, notes_per_contact=1, rng=rng)
        for index, label in enumerate(Label.objects.filter(owner=member).exclude(kind="review").order_by("pk")):
            Label.objects.filter(pk=label.pk).update(keep_in_touch_days=30 + (index * 337) % 336)
        contact_ids = list(Contact.objects.filter(owner=member).values_list("pk", flat=True))
        for index in range(5):
            other = User.objects.create_user(f"other{index}", f"other{index}@example.nl", "bench-password-2026")
            load_member(other, contacts=1_000 // scale, labels=10, labels_per_contact=2, notes_per_contact=1, rng=rng)
            Label.objects.filter(owner=other).update(keep_in_touch_days=60)
            touch.refresh(owner_id=other.pk)

        client = common.signed_in_client(member)
        # A calendar app fetches the feed without a session: the secret address is all it has.
        from django.test import Client

        calendar_app = Client()
        feed_url = f"/review/calendar/{new_token(member).token}.ics"
        urls = {"baseline": common.BASELINE_URL, "list": "/review/keep-in-touch/", "feed": feed_url}

        load_interactions(member, contact_ids, interactions // 10, rng)
        touch.refresh(owner_id=member.pk)
        common.analyze()
        clients = {"feed": calendar_app}
        small = {name: common.count_queries(clients.get(name, client), url) for name, url in urls.items()}
        load_interactions(member, contact_ids, interactions - interactions // 10, rng)
        started = time.perf_counter()
        changed = touch.refresh(owner_id=member.pk)
        refresh_seconds = time.perf_counter() - started
        common.analyze()  # what autovacuum does after a change this size
        large = {name: common.count_queries(clients.get(name, client), url) for name, url in urls.items()}
        from reviews import keep_in_touch

        due = keep_in_touch.due_count(member, keep_in_touch.member_today(member), exact=True)

        times = common.interleaved_medians(client, urls, clients=clients)
        baseline = times["baseline"]
        print(f"baseline (base layout, one query of its own): {baseline * 1000:.1f} ms")
        print(f"due today: {due:,} of {contacts:,} contacts")
        print(f"every date worked out again: {refresh_seconds * 1000:.0f} ms ({changed:,} changed; not a target)")
        for name in ("list", "feed"):
            print(f"{name}: {small[name]} queries at a tenth of the interactions, {large[name]} at all of them")
        ok = common.report("get in touch list (15 a page)", times["list"], baseline, LIST_TARGET)
        ok = common.report("calendar feed", times["feed"], baseline, FEED_TARGET) and ok
        constant = all(small[name] == large[name] for name in ("list", "feed"))
        print("query counts constant" if constant else "query counts GROW with the interactions: MISSED")
    return 0 if ok and constant else 1


if __name__ == "__main__":
    sys.exit(main())
