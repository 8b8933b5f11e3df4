#!/usr/bin/env python
"""Benchmark: the review digest for 10,000 members due at once.

Each member has 20 contacts under review and 8 due for contact (keep in touch, --due).
ONE real Celery worker process (prefork, concurrency 2) against Redis claims, renders and hands every digest to a local SMTP
sink (aiosmtpd in a thread). The script uses its own PostgreSQL database and Redis db,
starts and stops the worker, and prints total time, digests per second, queries per
digest (measured in-process on a sample batch) and, as a baseline measured in the same
run, how fast pre-rendered messages are handed to the same sink. Exit 1 when fewer than
100 digests per second were rendered and handed to SMTP.

    .venv/bin/python bench/digest.py            # 10,000 members
    .venv/bin/python bench/digest.py --quick    # 1,000 members, for CI
    .venv/bin/python bench/digest.py --suggested 5   # and 5 removal suggestions each
"""

import argparse
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PER_SECOND = 100
SAMPLE = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=20)
    parser.add_argument("--suggested", type=int, default=0,
                        help="contacts per member not under review and without contact for two years (suggestions)")
    parser.add_argument("--due", type=int, default=8,
                        help="contacts per member due for contact (the digest's keep-in-touch section)")
    parser.add_argument("--quick", action="store_true", help="1,000 members (CI)")
    parser.add_argument("--database", default="netwerk_bench_digest")
    parser.add_argument("--redis-db", type=int, default=13)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()
    if args.quick:
        args.members = 1_000
    return args


def main() -> int:
    args = parse()
    smtp_port = free_port()
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "https://netwerk.example",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "netwerk.settings",
    }
    os.environ.update(env)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {args.database}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"CREATE DATABASE {args.database}"], check=True)
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", str(args.redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    counter = multiprocessing.Value("q", 0)
    stop = multiprocessing.Event()
    sink = multiprocessing.Process(target=smtp_sink, args=(smtp_port, counter, stop), daemon=True)
    sink.start()
    time.sleep(1.0)
    try:
        return run(args, env, counter)
    finally:
        stop.set()
        sink.join(timeout=5)


def smtp_sink(port: int, counter, stop) -> None:
    """The local SMTP sink, in its own process so it never competes with the sender for a GIL."""
    from aiosmtpd.controller import Controller

    class CountingSink:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(CountingSink(), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def seed(members: int, contacts: int, suggested: int = 0, due: int = 0) -> list[int]:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from contacts.models import Contact, ContactLabel, Label, LabelKind
    from netwerk.accounts.models import Profile, User

    now = timezone.now()
    password = make_password(None)
    User.objects.bulk_create(
        [User(username=f"bench{i}", email=f"bench{i}@example.nl", first_name=f"Lid{i}", password=password) for i in range(members)],
        batch_size=5000,
    )
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    Profile.objects.bulk_create(
        [Profile(user_id=pk, language="nl" if pk % 2 else "en", next_digest_at=now - timedelta(minutes=1)) for pk in users],
        batch_size=5000,
    )
    Label.objects.bulk_create([Label(owner_id=pk, name="Verwijderen?", kind=LabelKind.REVIEW) for pk in users], batch_size=5000)
    labels = dict(Label.objects.values_list("owner_id", "pk"))
    batch = []
    for pk in users:
        for index in range(contacts):
            batch.append(Contact(owner_id=pk, first_name=f"Contact{index}", last_name=f"van Lid{pk}", company="Computaal",
                                 profile_url=f"https://www.linkedin.com/in/b{pk}-{index}", connected_on=now.date()))
        for index in range(suggested):  # no interaction for two years: the inactive rule suggests them
            batch.append(Contact(owner_id=pk, first_name=f"Stil{index}", last_name=f"van Lid{pk}", company="Computaal",
                                 profile_url=f"https://www.linkedin.com/in/s{pk}-{index}",
                                 connected_on=now.date() - timedelta(days=730)))
        for index in range(due):  # a rhythm of 30 days, last contact a year ago: due
            batch.append(Contact(owner_id=pk, first_name=f"Klant{index}", last_name=f"van Lid{pk}", company="Computaal",
                                 profile_url=f"https://www.linkedin.com/in/k{pk}-{index}",
                                 connected_on=now.date() - timedelta(days=365), keep_in_touch_days=30,
                                 touch_due_on=now.date() - timedelta(days=335 - index)))
        if len(batch) >= 20_000:
            Contact.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Contact.objects.bulk_create(batch, batch_size=5000)
    links = []
    under_review = Contact.objects.filter(connected_on=now.date())
    for contact_id, owner_id in under_review.values_list("pk", "owner_id").iterator(chunk_size=20_000):
        links.append(ContactLabel(contact_id=contact_id, label_id=labels[owner_id], added_at=now - timedelta(days=contact_id % 30)))
        if len(links) >= 20_000:
            ContactLabel.objects.bulk_create(links, batch_size=5000)
            links = []
    ContactLabel.objects.bulk_create(links, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return list(Profile.objects.order_by("pk").values_list("pk", flat=True))


def baseline_handoff_rate(count: int = 300) -> float:
    """Pre-rendered messages handed to the same sink over one connection: per second."""
    from django.core.mail import EmailMultiAlternatives, mailers

    messages = []
    for index in range(count):
        message = EmailMultiAlternatives("Baseline", "text " * 200, to=[f"baseline{index}@example.nl"])
        message.attach_alternative("<p>" + "html " * 400 + "</p>", "text/html")
        messages.append(message)
    started = time.perf_counter()
    with mailers.default as mailer:
        mailer.send_messages(messages)
    return count / (time.perf_counter() - started)


def run(args, env, sink) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.digest import sending
    from reviews.models import DeliveryState, DigestDelivery

    started = time.perf_counter()
    profile_ids = seed(args.members + SAMPLE, args.contacts, args.suggested, args.due)
    print(f"seeded {args.members + SAMPLE} members x {args.contacts} contacts under review"
          f" (+ {args.suggested} suggested) in {time.perf_counter() - started:.1f}s")

    with CaptureQueriesContext(connection) as captured:
        sample = sending.send_digest_batch(profile_ids[:SAMPLE])
    assert sample.sent == SAMPLE, sample
    queries_per_digest = len(captured) / SAMPLE
    baseline = baseline_handoff_rate()
    with sink.get_lock():
        sink.value = 0

    worker_env = {**os.environ, **env}
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "netwerk", "worker", "--pool", "prefork", "--concurrency", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        from netwerk.celery import app

        deadline = time.time() + 60
        while not app.control.ping(timeout=1.0):
            if worker.poll() is not None or time.time() > deadline:
                print("The Celery worker did not start:", worker.stderr.read() if worker.poll() is not None else "timeout")
                return 1
        from reviews.tasks import send_due_digests

        expected = args.members
        started = time.perf_counter()
        send_due_digests.delay()
        deadline = time.time() + args.timeout
        done = 0
        while time.time() < deadline:
            done = sink.value
            if done >= expected:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    sent_rows = DigestDelivery.objects.filter(state=DeliveryState.SENT).count() - SAMPLE
    rate = done / elapsed if elapsed else 0.0
    print(f"members due:          {expected}")
    print(f"digests handed to SMTP: {done} (deliveries marked sent: {sent_rows})")
    print(f"total time:           {elapsed:.2f}s")
    print(f"digests per second:   {rate:.1f} (target {TARGET_PER_SECOND})")
    print(f"queries per digest:   {queries_per_digest:.2f}")
    print(f"baseline: pre-rendered hand-off {baseline:.0f} messages/s in one process; digest rate is {rate / baseline:.2f}x of it")
    if done < expected:
        print(f"MISSED: only {done} of {expected} digests arrived before the timeout")
        return 1
    if rate < TARGET_PER_SECOND:
        print(f"MISSED: {rate:.1f} digests/s is below the target of {TARGET_PER_SECOND}")
        return 1
    print("target met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
