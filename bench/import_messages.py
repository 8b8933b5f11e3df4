#!/usr/bin/env python
"""How fast and how lean is importing 200,000 LinkedIn messages (messages.csv)?

On PostgreSQL (DATABASE_URL names the server; a throwaway database, netwerk_bench_messages
unless --database names another, is created and dropped): a member with 30,000 contacts
and a messages.csv of 200,000 messages over 20 years (conversations with one contact,
mostly both ways; some group messages) is imported as interactions. Baseline: COPY of
the same 200,000 rows into a bare table, measured in the same run. Prints:

- import / COPY baseline, target <= 5x
- the same file again (adds nothing), not a target
- peak memory of the import (tracemalloc), target < 200 MB: the file is streamed twice
  and only distinct contact-days are kept

Exit 1 when a target is missed. `--quick` uses a tenth of the data (for CI)."""

import io
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.contacts_list import load_member  # noqa: E402

RATIO_TARGET = 5.0
MEMORY_TARGET_MB = 200
ME = "https://www.linkedin.com/in/bench-member"
HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
WORDS = "koffie vacature introductie e-book borrel kandidaat project overstap advies bedankt".split()


def generate(path: Path, messages: int, urls: list[str], rng) -> list[tuple]:
    """Write messages.csv; return its rows as COPY will load them."""
    start = datetime(2006, 1, 1, tzinfo=UTC)
    rows = []
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for index in range(messages):
            other = rng.choice(urls)
            moment = start + timedelta(seconds=rng.randint(0, 20 * 365 * 86400))
            if index % 20 == 0:  # a group message by someone else: counts for no one
                sender, recipients = other, f"{ME},{rng.choice(urls)}"
            elif index % 2:
                sender, recipients = ME, other
            else:
                sender, recipients = other, ME
            content = " ".join(rng.choice(WORDS) for _ in range(12))
            when = moment.strftime("%Y-%m-%d %H:%M:%S UTC")
            row = (f"conv-{hash(other) % 100000}", "", "Naam", sender, "Naam", recipients, when, "", content, "INBOX")
            out.write(",".join(f'"{cell}"' if "," in cell else cell for cell in row) + "\n")
            rows.append(row)
    return rows


def copy_baseline(rows: list[tuple]) -> float:
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(row) + "\n")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_messages")
        cursor.execute(
            "CREATE TABLE bench_messages (conversation text, title text, sender_name text, sender text, "
            "recipient_names text, recipients text, sent text, subject text, content text, folder text)"
        )
        started = time.perf_counter()
        buffer.seek(0)
        with cursor.cursor.copy("COPY bench_messages FROM STDIN") as copy:
            copy.write(buffer.read())
        return time.perf_counter() - started


def interaction_copy_floor(member) -> float:
    """The least any import can take: the interactions it made, written again with COPY
    into the real table (its indexes and foreign keys), then put back."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_made AS SELECT owner_id, contact_id, date, kind, direction, note, "
                       "created_at FROM contacts_interaction WHERE owner_id = %s", [member.pk])
        buffer = io.StringIO()
        cursor.execute("SELECT * FROM bench_made")
        for row in cursor.fetchall():
            buffer.write("\t".join(str(value) for value in row) + "\n")
        cursor.execute("DELETE FROM contacts_interaction WHERE owner_id = %s", [member.pk])
        started = time.perf_counter()
        with transaction.atomic():
            buffer.seek(0)
            with cursor.cursor.copy("COPY contacts_interaction (owner_id, contact_id, date, kind, direction, note, "
                                    "created_at) FROM STDIN") as copy:
                copy.write(buffer.read())
        return time.perf_counter() - started


def main() -> int:
    options = common.options(__doc__.splitlines()[0], "netwerk_bench_messages")
    scale = 10 if options.quick else 1
    rng = random.Random(17)
    with common.throwaway_database(options.database) as database_url:
        common.setup_django(database_url)
        from django.conf import settings

        from contacts.importing import import_linkedin_export
        from contacts.models import Contact, Interaction

        settings.NETWERK_IMPORT_MAX_BYTES = 500 * 1024 * 1024  # the bench's file, whatever the deployment allows
        member = common.bench_member()
        contacts, messages = 30_000 // scale, 200_000 // scale
        print(f"Loading {contacts:,} contacts and writing {messages:,} messages…")
        load_member(member, contacts=contacts, labels=10, labels_per_contact=1, notes_per_contact=0, rng=rng)
        urls = list(Contact.objects.filter(owner=member).values_list("profile_url", flat=True))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "messages.csv"
            rows = generate(path, messages, urls, rng)
            print(f"messages.csv: {path.stat().st_size / 1024 / 1024:.1f} MB")
            baseline = copy_baseline(rows)
            del rows
            started = time.perf_counter()
            with path.open("rb") as stream:
                report = import_linkedin_export(owner=member, stream=stream, filename="messages.csv")
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            with path.open("rb") as stream:
                again = import_linkedin_export(owner=member, stream=stream, filename="messages.csv")
            again_seconds = time.perf_counter() - started
            added = Interaction.objects.filter(owner=member, kind="message").count()
            floor = interaction_copy_floor(member)
            # Memory apart from time (tracing slows Python several times): the same first
            # import again, from an empty start.
            Interaction.objects.filter(owner=member).delete()
            tracemalloc.start()
            with path.open("rb") as stream:
                import_linkedin_export(owner=member, stream=stream, filename="messages.csv")
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        ratio = seconds / baseline
        peak_mb = peak / 1024 / 1024
        print(f"COPY baseline (bare table, same rows): {baseline * 1000:.0f} ms")
        print(f"import: {seconds * 1000:.0f} ms, {report.messages.read:,} messages read, "
              f"{report.messages.added:,} interactions added ({added:,} in the database)")
        print(f"same file again: {again_seconds * 1000:.0f} ms, {again.messages.added} added (not a target)")
        print(f"ratio import / COPY: {ratio:.2f} (target <= {RATIO_TARGET})")
        print(f"floor: COPY of the {added:,} resulting rows into contacts_interaction (its indexes and keys): "
              f"{floor * 1000:.0f} ms = {floor / baseline:.2f}x of the bare COPY; import / floor: {seconds / floor:.2f}")
        print(f"peak memory of the import (tracemalloc): {peak_mb:.0f} MB (target < {MEMORY_TARGET_MB} MB)")
        ok = ratio <= RATIO_TARGET and peak_mb < MEMORY_TARGET_MB and again.messages.added == 0
        print("targets met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
