#!/usr/bin/env python
"""Benchmark: the dashboard of a member with 30,000 contacts renders within 5x a minimal
signed-in view (the base layout and one query), both measured in this run.

Runs on PostgreSQL in a database of its own (created and dropped here), through Django's
full request handler (middleware, session, template rendering). Requests alternate
between the views so that noise on a shared machine hits them alike; each figure is the
median of at least 20 requests. Prints the times and the ratios; exits 1 when the
dashboard is slower than the target.

The dashboard caches its counted figures per member until the member's data changes
(netwerk/dashboard.py). The target applies to the dashboard as a member meets it, with
its figures cached; the ratio of the first visit after a change (every figure counted
afresh) is printed too, for the record.

    .venv/bin/python bench/dashboard.py            # 30,000 contacts, 30 requests each
    .venv/bin/python bench/dashboard.py --quick    # 3,000 contacts, 20 requests each (CI)

The minimal view is defined here; bench/common.py (the contacts benchmark) has the same
baseline, and the two may share it.
"""

import argparse
import os
import statistics
import sys
import time
import types
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 5.0
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3,000 contacts and 20 requests (for CI)")
    parser.add_argument("--contacts", type=int, help="contacts of the benchmark member (default 30,000)")
    parser.add_argument("--requests", type=int, help="requests per view, at least 20 (default 30)")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", DEFAULT_SERVER))
    parser.add_argument("--database", default="netwerk_bench_dashboard")
    args = parser.parse_args()
    args.contacts = args.contacts or (3_000 if args.quick else 30_000)
    args.requests = max(20, args.requests or (20 if args.quick else 30))
    return args


def recreate_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def install_minimal_view() -> str:
    """A URL configuration: the project's URLs plus the baseline view."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import path

    import netwerk.urls
    from contacts.models import Contact

    @login_required
    def minimal_signed_in_view(request):
        has_contacts = Contact.objects.owned_by(request.user).exists()  # the one query
        return render(request, "base.html", {"has_contacts": has_contacts})

    module = types.ModuleType("bench_dashboard_urls")
    module.urlpatterns = [path("bench/minimal/", minimal_signed_in_view), *netwerk.urls.urlpatterns]
    module.handler500 = netwerk.urls.handler500
    sys.modules[module.__name__] = module
    return module.__name__


def seed(contacts: int):
    from datetime import timedelta

    from django.utils import timezone

    from contacts.demo import seed_contacts
    from invitations.models import IncomingInvitation, IncomingState, Invitation, InvitationState
    from netwerk.accounts.models import User

    member = User.objects.create_user("bench", "bench@example.nl", "bench-password")
    seed_contacts(member, contacts)
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            owner=member,
            recipient_name=f"Uitgenodigde {i}",
            state=list(InvitationState)[i % len(InvitationState)],
            sent_at=now - timedelta(days=i % 90),
        )
        for i in range(contacts // 30)
    )
    IncomingInvitation.objects.bulk_create(
        IncomingInvitation(
            owner=member,
            name=f"Uitnodiger {i}",
            state=list(IncomingState)[i % len(IncomingState)],
            received_at=now - timedelta(days=i % 90),
        )
        for i in range(contacts // 30)
    )
    # A bystander, so the owner filter has something to leave out.
    seed_contacts(User.objects.create_user("bystander", "bystander@example.nl", "x"), contacts // 10)
    return member


def timed_get(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main() -> int:
    args = parse_args()
    recreate_database(args.server, args.database)
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
    os.environ.setdefault("AXES_ENABLED", "0")
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected here
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import clear_url_caches, reverse

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.ROOT_URLCONF = install_minimal_view()
        clear_url_caches()
        call_command("migrate", verbosity=0)

        started = time.perf_counter()
        member = seed(args.contacts)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk import
        print(f"seeded {args.contacts:,} contacts in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(member)
        baseline_url, dashboard_url = "/bench/minimal/", reverse("dashboard")

        with CaptureQueriesContext(connection) as queries:
            timed_get(client, dashboard_url)
        print(f"dashboard: {len(queries)} queries counting afresh")
        for _ in range(3):  # warm up caches, connections and templates
            timed_get(client, baseline_url)
            timed_get(client, dashboard_url)
        from netwerk.dashboard import forget_dashboard

        baseline, dashboard, uncached = [], [], []
        for _ in range(args.requests):
            baseline.append(timed_get(client, baseline_url))
            dashboard.append(timed_get(client, dashboard_url))
            forget_dashboard(member)
            uncached.append(timed_get(client, dashboard_url))
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.server, args.database)

    base_ms, dash_ms = statistics.median(baseline) * 1000, statistics.median(dashboard) * 1000
    cold_ms = statistics.median(uncached) * 1000
    ratio = dash_ms / base_ms
    print(f"minimal signed-in view: median {base_ms:.2f} ms over {args.requests} requests")
    print(f"dashboard ({args.contacts:,} contacts): median {dash_ms:.2f} ms over {args.requests} requests")
    print(f"dashboard, figures counted afresh: median {cold_ms:.2f} ms ({cold_ms / base_ms:.2f}x, not a target)")
    print(f"ratio {ratio:.2f}x (target at most {TARGET_RATIO:.0f}x): {'OK' if ratio <= TARGET_RATIO else 'MISSED'}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
