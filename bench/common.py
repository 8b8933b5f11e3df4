"""Shared helpers for the bench/ scripts: a throwaway PostgreSQL database, Django set up
against it, a signed-in test client, median timing, and the baseline every target is a
ratio of: a minimal signed-in view that renders the base layout with one query.

Usage from a script (before importing any model):

    from bench import common
    db = common.throwaway_database("netwerk_bench_mine")   # reads DATABASE_URL
    common.setup_django(db)
    ... build data ...
    baseline = common.baseline_seconds(client)
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 41


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def admin_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


@contextmanager
def throwaway_database(name: str):
    """Create database `name` next to the one DATABASE_URL names, yield its URL, drop it."""
    import psycopg

    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith(("postgres://", "postgresql://")):
        fail("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/netwerk")
    parts = urlsplit(source)
    target = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    with psycopg.connect(admin_url(source), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield target
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url(source), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(database_url: str, *, urlconf: str = "bench.urls") -> None:
    """Point Django at `database_url`, use the bench urlconf (the project's URLs plus the
    baseline view) and migrate."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = urlconf
    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], ROOT / "bench" / "templates"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def median_seconds(client, url: str, *, repeats: int = REPEATS, data=None) -> float:
    """Median wall time of `repeats` GETs (after two warm-up requests); every answer must be 200."""
    timings = []
    for attempt in range(repeats + 2):
        start = time.perf_counter()
        response = client.get(url, data)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            fail(f"GET {url} answered {response.status_code}")
        if attempt >= 2:
            timings.append(elapsed)
    return statistics.median(timings)


def interleaved_medians(
    client, urls: dict[str, str], *, repeats: int = REPEATS, clients: dict | None = None
) -> dict[str, float]:
    """Median seconds per named URL, requesting them in turn (baseline, page, baseline, …)
    so that a busy machine slows every page alike and the ratios stay fair. `clients`
    names another client for some URLs (one without a session, say)."""
    timings: dict[str, list[float]] = {name: [] for name in urls}
    for attempt in range(repeats + 2):
        for name, url in urls.items():
            start = time.perf_counter()
            response = (clients or {}).get(name, client).get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                fail(f"GET {url} answered {response.status_code}")
            if attempt >= 2:
                timings[name].append(elapsed)
    return {name: statistics.median(values) for name, values in timings.items()}


BASELINE_URL = "/bench/baseline/"


def baseline_seconds(client, *, repeats: int = REPEATS) -> float:
    """The minimal signed-in page (bench.urls: base layout, one query of its own)."""
    return median_seconds(client, BASELINE_URL, repeats=repeats)


def report(name: str, seconds: float, baseline: float, target: float) -> bool:
    ratio = seconds / baseline
    ok = ratio <= target
    print(f"{name:<40} {seconds * 1000:8.1f} ms  {ratio:5.2f}x baseline  (target <= {target}x)  {'ok' if ok else 'MISSED'}")
    return ok


def count_queries(client, url: str) -> int:
    """How many SQL statements one GET of `url` runs (the request resets Django's own log)."""
    from django.db import connection

    executed = []

    def counter(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    return len(executed)


def options(description: str, database: str):
    """The options every data bench takes: --quick (a tenth of the data, for CI) and
    --database (the throwaway database's name)."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, for CI")
    parser.add_argument("--database", default=database, help="throwaway database (default %(default)s)")
    return parser.parse_args()


def analyze() -> None:
    """ANALYZE the database: the statistics autovacuum keeps after a large change."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_member(username: str = "bench"):
    """The member whose pages are measured, reading English."""
    from netwerk.accounts.models import User

    member = User.objects.create_user(username, f"{username}@example.nl", "bench-password-2026")
    member.profile.language = "en"
    member.profile.save()
    return member
