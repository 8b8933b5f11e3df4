#!/usr/bin/env python
"""How fast and how lean is a 30,000-row LinkedIn import on PostgreSQL?

Baseline: PostgreSQL COPY of the same rows into a copy of contacts_contact with the same
indexes (CREATE TABLE ... (LIKE contacts_contact INCLUDING ALL): the search and sort
indexes the list needs are the real limit for this schema; a bare table cannot carry
them). Measured in the same process against the same database, medians of 3 runs each.

Targets (exit 1 when one is missed):
- first import / COPY baseline <= 2
- a second export with a tenth of its rows changed (3,000 of 30,000: a third new
  connections, a third gone, a third job changes) / COPY baseline <= 2, with the
  comparison it reports (contacts.sync) included
- a second import of the same file is no slower than the first (5 % measuring slack)
- peak memory of a process doing the import < 200 MB (measured in a subprocess: its
  peak RSS, Django and all, and tracemalloc's peak of the import itself)

It creates and drops its own database (netwerk_bench_import, or the name in
BENCH_IMPORT_DATABASE so that two runs on one server keep apart).

    .venv/bin/python bench/import_linkedin.py [--quick] [--rows N]
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_IMPORT_DATABASE", "netwerk_bench_import")
if os.environ.get("DATABASE_URL", "").startswith("postgres") and "BENCH_IMPORT_DATABASE" not in os.environ:
    # A PostgreSQL DATABASE_URL names the server and the (scratch) database to use.
    SERVER, DATABASE = os.environ["DATABASE_URL"].rsplit("/", 1)
RATIO_TARGET = 2.0
CHANGED_SHARE = 10  # a second export changes one row in ten
MEMORY_TARGET_MB = 200
SECOND_RUN_SLACK = 1.05

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
FIRST = "Anne Bram Cleo Daan Eva Femke Gijs Hanna Isa Jeroen Kees Lotte Maarten Noor Olaf Pien Roos Sanne Zoë".split()
LAST = "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|El Amrani|Yılmaz".split("|")
COMPANIES = "Computaal|Rabobank|ING|Coolblue|Bol.com|Philips|ASML|Gemeente Utrecht|Adyen, Amsterdam|Freelance".split("|")
POSITIONS = 'Recruiter|Product owner|Software engineer|"Head of" Sales|Directeur|Consultant|CTO'.split("|")


def generate(path: Path, rows: int, *, changes: int = 0) -> None:
    """A Connections.csv of `rows` people; with `changes`, the next export of the same
    network: a third of the changes are people gone (the first rows), a third changed
    jobs, a third new connections (after everyone else)."""
    rng = random.Random(30000)
    start = date(2010, 1, 1)
    gone = moved = changes // 3
    new = changes - gone - moved
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(PREAMBLE + HEADER)
        for n in range(rows + new):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"p{n}@example.nl" if n % 4 == 0 else ""
            company = rng.choice(COMPANIES)
            position = rng.choice(POSITIONS)
            connected = (start + timedelta(days=rng.randrange(5000))).strftime("%d %b %Y")
            if n >= rows:
                if not changes:
                    break
                connected = (start + timedelta(days=5000 + n - rows)).strftime("%d %b %Y")
            elif n < gone and changes:
                continue
            elif gone <= n < gone + moved:
                company = "Nieuwe werkgever " + str(n % 13)
            cells = [first, last, f"https://www.linkedin.com/in/{first.lower()}-{n}", email, company, position, connected]
            out.write(",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in cells) + "\n")


def setup_django(create: bool) -> None:
    import psycopg

    if create:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            admin.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    os.environ["CONN_MAX_AGE"] = "0"
    import django

    django.setup()


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def import_file(username: str, path: Path) -> str:
    """The import exactly as `manage.py import_linkedin USERNAME PATH` runs it."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_linkedin", username, str(path), stdout=out)
    return out.getvalue()


def reset_member(username: str):
    from django.contrib.auth import get_user_model
    from django.db import connection

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.profile.language = "en"  # the command reports in the member's language; we read English
    user.profile.save()
    with connection.cursor() as cursor:
        for table in ("contacts_jobchange", "contacts_linkedinremoval", "contacts_contact"):
            cursor.execute(f"DELETE FROM {table} WHERE owner_id = %s", [user.pk])
        cursor.execute("DELETE FROM contacts_linkedinexport WHERE owner_id = %s", [user.pk])
        cursor.execute("VACUUM ANALYZE contacts_contact")
    return user


# What an imported row holds beyond the file's columns, as column defaults of the copy so
# that COPY writes complete rows (the generated search and sort columns fill themselves).
BASELINE_DEFAULTS = {
    "source": "'imported'", "website": "''", "private_email": "''", "phone": "''", "how_we_met": "''",
    "status": "'active'", "pinned": "false", "created_at": "now()", "updated_at": "now()", "notes_text": "''",
}


def copy_baseline(path: Path, owner_id: int) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_baseline (LIKE contacts_contact INCLUDING ALL)")
        for column, default in {**BASELINE_DEFAULTS, "owner_id": str(int(owner_id))}.items():
            cursor.execute(f"ALTER TABLE bench_baseline ALTER COLUMN {column} SET DEFAULT {default}")
        cursor.execute("TRUNCATE bench_baseline")
        cursor.execute("VACUUM ANALYZE bench_baseline")
    with path.open("rb") as source:
        for _ in range(PREAMBLE.count("\n")):
            source.readline()
        data = source.read()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy(
            "COPY bench_baseline (first_name, last_name, profile_url, email, company, position, connected_on) "
            "FROM STDIN WITH (FORMAT csv, HEADER true, "
            "FORCE_NOT_NULL (first_name, last_name, profile_url, email, company, position))"
        ) as copy:
            copy.write(data)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_baseline")
        assert cursor.fetchone()[0] > 0
    return elapsed


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def measure_memory(path: Path) -> None:
    """Subprocess mode: one first import of the file; prints peak figures as JSON."""
    setup_django(create=False)
    reset_member("bench-memory")
    tracemalloc.start()
    import_file("bench-memory", path)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss_mb": rss_kb / 1024, "traced_mb": traced_peak / 1024 / 1024}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI: 10,000 rows, 3 runs each")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure-memory", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        measure_memory(args.measure_memory)
        return 0
    rows = args.rows or (10_000 if args.quick else 30_000)

    setup_django(create=True)
    from django.core.management import call_command

    failures = []
    try:
        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "Connections.csv"
            generate(path, rows)
            changes = rows // CHANGED_SHARE
            next_path = Path(folder) / "next" / "Connections.csv"
            next_path.parent.mkdir()
            generate(next_path, rows, changes=changes)
            size_mb = path.stat().st_size / 1024 / 1024
            print(f"{rows:,} rows, {size_mb:.1f} MB Connections.csv, medians of {args.runs} runs")

            baselines, firsts, seconds, nexts = [], [], [], []
            for run in range(args.runs):
                member = reset_member("bench")
                baselines.append(copy_baseline(path, member.pk))
                elapsed, output = timed(import_file, "bench", path)
                assert f"{rows} created" in output, output
                firsts.append(elapsed)
                elapsed, output = timed(import_file, "bench", path)
                assert f"{rows} unchanged" in output, output
                seconds.append(elapsed)
                elapsed, output = timed(import_file, "bench", next_path)
                third = changes // 3
                for expected in (f"New connections since the previous export: {changes - 2 * third}",
                                 f"Job changes: {third}", f"No longer connected: {third}"):
                    assert expected in output, output
                nexts.append(elapsed)
            baseline, first, second, following = (statistics.median(x) for x in (baselines, firsts, seconds, nexts))
            ratio = first / baseline
            next_ratio = following / baseline
            timings = (
                ("COPY baseline (copy of contacts_contact, same indexes)", baseline),
                ("import_linkedin, first import", first),
                ("import_linkedin, same file again", second),
                (f"import_linkedin, next export ({changes:,} changes)", following),
            )
            width = max(len(label) for label, _seconds in timings) + 1
            for label, seconds in timings:
                print(f"{label + ':':<{width}} {seconds * 1000:8.1f} ms")
            print(f"ratio first import / COPY: {ratio:.2f} (target <= {RATIO_TARGET})")
            print(f"ratio next export / COPY:  {next_ratio:.2f} (target <= {RATIO_TARGET})")
            print(f"second / first: {second / first:.2f} (target <= 1, {int((SECOND_RUN_SLACK - 1) * 100)} % slack)")
            if ratio > RATIO_TARGET:
                failures.append(f"ratio {ratio:.2f} > {RATIO_TARGET}")
            if next_ratio > RATIO_TARGET:
                failures.append(f"next export ratio {next_ratio:.2f} > {RATIO_TARGET}")
            if second > first * SECOND_RUN_SLACK:
                failures.append(f"second import {second:.3f}s slower than first {first:.3f}s")

            result = subprocess.run(
                [sys.executable, __file__, "--measure-memory", str(path)],
                capture_output=True,
                text=True,
                env={**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}"},
                check=False,
            )
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                failures.append("memory measurement failed")
            else:
                memory = json.loads(result.stdout.strip().splitlines()[-1])
                print(
                    f"peak memory of a process importing the file: {memory['rss_mb']:.0f} MB RSS "
                    f"(Django included), {memory['traced_mb']:.1f} MB allocated by the import (target < {MEMORY_TARGET_MB} MB)"
                )
                if memory["rss_mb"] >= MEMORY_TARGET_MB:
                    failures.append(f"peak memory {memory['rss_mb']:.0f} MB >= {MEMORY_TARGET_MB} MB")
    finally:
        drop_database()
    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
