#!/usr/bin/env python
"""What does writing 30,000 rows into contacts_contact cost, before any parsing?

bench/import_linkedin.py compares the whole import with a COPY into a bare table (one
unique index). This script explains the gap: it imports the generated file once, copies
the rows aside, and then times only the final INSERT ... SELECT of those rows into
contacts_contact (the set-based merge's last step, no parsing, no staging, no commit),
with the table as the migrations make it and with parts of it taken away inside a
rolled-back transaction: the trigram search index, the three owner-first sort
indexes (the list's), the two foreign keys. Medians of 5 runs each, printed as times
and as ratios to the COPY baseline measured in the same run.

    .venv/bin/python bench/import_floor.py [--rows N]

Informational: it has no target and exits 0.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_IMPORT_DATABASE", "netwerk_bench_import_floor")

from bench import import_linkedin as bench  # noqa: E402

SORT_INDEXES = ("contact_owner_name", "contact_owner_connected", "contact_owner_company")
SEARCH_INDEX = "contact_owner_search_text_trgm"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    bench.setup_django(create=True)
    import psycopg
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "Connections.csv"
            bench.generate(path, args.rows)
            bench.reset_member("bench")
            bench.import_file("bench", path)
            baseline = statistics.median(bench.copy_baseline(path) for _ in range(args.runs))
        with psycopg.connect(f"{bench.SERVER}/{bench.DATABASE}", autocommit=True) as conn:
            foreign_keys = [
                name
                for (name,) in conn.execute(
                    "SELECT conname FROM pg_constraint WHERE conrelid = 'contacts_contact'::regclass AND contype = 'f'"
                )
            ]
            columns = ", ".join(
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'contacts_contact' "
                    "AND is_generated = 'NEVER' AND column_name <> 'id' ORDER BY ordinal_position"
                )
            )
            conn.execute("CREATE TABLE bench_rows AS SELECT * FROM contacts_contact")
            conn.execute("DELETE FROM contacts_contact")
            conn.execute("VACUUM ANALYZE contacts_contact")

            def insert(label: str, *changes: str) -> None:
                times = []
                for _ in range(args.runs):
                    with conn.transaction(force_rollback=True):
                        for change in changes:
                            conn.execute(change)
                        started = time.perf_counter()
                        conn.execute(f"INSERT INTO contacts_contact ({columns}) SELECT {columns} FROM bench_rows")  # nosec B608 (column names from the catalogue)
                        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks
                        times.append(time.perf_counter() - started)
                median = statistics.median(times)
                print(f"{label:58s} {median * 1000:7.1f} ms  {median / baseline:5.2f}x")

            drop_search = f"DROP INDEX {SEARCH_INDEX}"
            drop_sorts = [f"DROP INDEX {name}" for name in SORT_INDEXES]
            drop_keys = [f"ALTER TABLE contacts_contact DROP CONSTRAINT {name}" for name in foreign_keys]
            print(f"{args.rows:,} rows; COPY baseline (bare table, unique URL index): {baseline * 1000:.1f} ms")
            print("INSERT ... SELECT of the parsed rows into contacts_contact:")
            insert("as migrated (all indexes, foreign keys)")
            insert("without the trigram search index", drop_search)
            insert("without the three sort indexes", *drop_sorts)
            insert("without search and sort indexes", drop_search, *drop_sorts)
            insert("without those and the foreign keys (pk + unique URL)", drop_search, *drop_sorts, *drop_keys)
    finally:
        bench.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
