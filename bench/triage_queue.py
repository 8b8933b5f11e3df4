#!/usr/bin/env python
"""The triage queue stays fast as incoming invitations pile up.

Measures the queue page and one invitation's card (htmx) for a member with few
invitations and contacts (the baseline) and for a member with many (by default 5000
contacts, a large network, and 500 incoming invitations in all states), in the same run,
on a throw-away test database. Prints the ratios; exits 1 when the page for the big
member is more than TARGET times slower than for the small one.

    .venv/bin/python bench/triage_queue.py [--contacts 5000] [--invitations 500] [--rounds 15]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET = 2.0


def member(username: str, contacts: int, size: int):
    from contacts.models import Contact
    from invitations.models import IncomingInvitation, IncomingState
    from netwerk.accounts.models import User

    user = User.objects.create_user(username=username, password="x")
    now = timezone.now()
    states = [IncomingState.PENDING, IncomingState.AWAITING_ANSWER, IncomingState.DECLINED, IncomingState.ACCEPTED]
    Contact.objects.bulk_create(
        Contact(owner=user, first_name=f"First{i}", last_name=f"Last{i}", company=f"Company {i % 50}",
                profile_url=f"https://www.linkedin.com/in/{username}-{i}")
        for i in range(contacts)
    )
    IncomingInvitation.objects.bulk_create(
        IncomingInvitation(owner=user, name=f"First{i} Last{i}", company=f"Company {i % 50}",
                           state=states[i % len(states)], received_at=now - timedelta(minutes=i),
                           replied_at=now - timedelta(days=i % 30))
        for i in range(size)
    )
    client = Client()
    client.force_login(user)
    pending = IncomingInvitation.objects.filter(owner=user, state=IncomingState.PENDING).order_by("received_at")
    middle = pending[size // 8]
    return client, middle


def timed(client: Client, url: str, rounds: int, **headers) -> float:
    for _ in range(3):
        assert client.get(url, **headers).status_code == 200
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url, **headers)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=20, help="contacts and invitations of the baseline member")
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--invitations", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        small_client, small_item = member("bench-small", args.small, args.small)
        big_client, big_item = member("bench-big", args.contacts, args.invitations)
        failed = False
        pages = [
            ("queue page", lambda c, i: reverse("invitations:triage"), {}),
            (
                "card (htmx)",
                lambda c, i: reverse("invitations:incoming_detail", kwargs={"pk": i.pk}),
                {"HTTP_HX_REQUEST": "true"},
            ),
        ]
        for label, url_for, headers in pages:
            small = timed(small_client, url_for(small_client, small_item), args.rounds, **headers)
            big = timed(big_client, url_for(big_client, big_item), args.rounds, **headers)
            ratio = big / small
            verdict = "ok" if ratio <= TARGET else "TOO SLOW"
            big_label = f"{args.contacts} contacts/{args.invitations} invitations"
            print(f"{label}: {args.small}/{args.small} {small * 1000:.1f} ms, {big_label} {big * 1000:.1f} ms, "
                  f"ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
            failed |= ratio > TARGET
        return 1 if failed else 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
