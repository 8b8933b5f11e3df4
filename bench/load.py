#!/usr/bin/env python
"""Load: gunicorn (2 workers) on PostgreSQL with the demo data at 30,000 contacts, N
concurrent signed-in clients from this (second) process on 127.0.0.1, for a bounded time.
Passes with 0 errors; prints requests/s and p50/p99 latency, overall and per URL.

    .venv/bin/python bench/load.py            # full: 50 clients for 60 s
    .venv/bin/python bench/load.py --quick    # CI: 20 clients for 15 s
"""

import argparse
import itertools
import os
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import environment, finish, gunicorn, manage, own_database, percentile, say, signed_in_session  # noqa: E402

# What the clients request, in turn: (label, method, URL name, key, data). Add a row to
# load a new page. `key` "contact" means one of the demo member's contacts at random; a
# data value CONTACT is replaced by one at random too. A row whose URL name does not exist
# is printed as NOT EXERCISED and fails the run, never dropped silently.
CONTACT = "<a random contact of the demo member>"
TARGETS = [
    ("contact list", "GET", "contacts:list", None, {}),
    ("contact list, page 300", "GET", "contacts:list", None, {"page": "300"}),
    ("contact detail", "GET", "contacts:detail", "contact", {}),
    ("dashboard", "GET", "dashboard", None, {}),
    ("triage queue", "GET", "invitations:triage", None, {}),
    # The compose page's live personalization check (htmx POST, debounced while typing):
    # the text and the recipient's name, or the contact chosen in the picker.
    (
        "live invitation check",
        "POST",
        "invitations:compose_check",
        None,
        {"text": "Hoi Anne, we spraken op de Netwerkborrel Utrecht over data pipelines.", "name": "Anne de Vries"},
    ),
    (
        "live invitation check, contact",
        "POST",
        "invitations:compose_check",
        None,
        {"text": "Hoi, leuk je gesproken te hebben bij de Netwerkborrel over datamigraties!", "contact": CONTACT},
    ),
]
DEMO_USER, DEMO_PASSWORD = "demo", "netwerk-demo"
DATABASE = "netwerk_bench_load"


def resolve_targets():
    """Turn URL names into paths with Django (same settings as the server)."""
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    from contacts.models import Contact

    contact_pks = list(Contact.objects.filter(owner__username=DEMO_USER).values_list("pk", flat=True)[:5000])
    resolved, missing = [], []
    for label, method, name, key, data in TARGETS:
        try:
            if key == "contact":
                paths = [reverse(name, kwargs={"pk": pk}) for pk in random.Random(1).sample(contact_pks, 200)]
            else:
                paths = [reverse(name)]
        except NoReverseMatch:
            missing.append(f"{label} ({name})")
            continue
        resolved.append((label, method, paths, data, contact_pks))
    if missing:
        say(f"URL names that do not exist: {', '.join(missing)}")
    return resolved, len(contact_pks)


def client_loop(session, base, targets, deadline, offset, results, lock):
    csrf = session.cookies.get("csrftoken", "")
    cycle = itertools.islice(itertools.cycle(targets), offset, None)
    rng = random.Random(offset)
    local = []
    for label, method, paths, data, contact_pks in cycle:
        if time.monotonic() >= deadline:
            break
        url = base + rng.choice(paths)
        data = {key: str(rng.choice(contact_pks)) if value == CONTACT else value for key, value in data.items()}
        started = time.monotonic()
        try:
            if method == "POST":
                response = session.post(url, data, headers={"X-CSRFToken": csrf, "HX-Request": "true"}, timeout=30)
            else:
                response = session.get(url, timeout=30)
            ok = response.status_code == 200 and (
                b"</html>" in response.content if method == "GET" else b"<html" not in response.content
            )
            status = response.status_code
        except Exception as error:  # noqa: BLE001 (every failure is counted and shown)
            ok, status = False, type(error).__name__
        local.append((label, ok, status, time.monotonic() - started))
    with lock:
        results.extend(local)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI: 20 clients for 15 s")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--contacts", type=int, default=30_000)
    args = parser.parse_args()
    clients = args.clients or (20 if args.quick else 50)
    seconds = args.seconds or (15 if args.quick else 60)

    env = environment(DATABASE)
    os.environ.update(env)
    with own_database(DATABASE):
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--contacts", str(args.contacts), "--username", DEMO_USER, "--password", DEMO_PASSWORD)
        say(f"database {DATABASE}: migrated and seeded {args.contacts} contacts in {time.monotonic() - started:.0f} s")
        targets, contact_count = resolve_targets()
        exercised = {label for label, *_ in targets}
        for label, method, name, _, data in TARGETS:
            say(("  exercised      " if label in exercised else "  NOT EXERCISED  ") + f"{method:4} {label} ({name}) {data or ''}")
        if contact_count < min(args.contacts, 5000):
            say(f"demo member has {contact_count} contacts, expected {args.contacts}")
            return 1
        with gunicorn(env, workers=2) as base:
            say(f"gunicorn (2 workers) at {base}; signing in {clients} clients")
            sessions = [signed_in_session(base, DEMO_USER, DEMO_PASSWORD) for _ in range(clients)]
            # Baseline in the same run: one client alone, the same URLs in turn.
            baseline, lock = [], threading.Lock()
            client_loop(sessions[0], base, targets, time.monotonic() + min(10, seconds / 3), 0, baseline, lock)
            baseline_p50 = percentile([r[3] for r in baseline], 0.5)
            say(f"baseline, one client alone: {len(baseline)} requests, p50 {baseline_p50 * 1000:.0f} ms")
            results = []
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(target=client_loop, args=(s, base, targets, deadline, i, results, lock))
                for i, s in enumerate(sessions)
            ]
            t0 = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(seconds + 60)
            elapsed = time.monotonic() - t0

    errors = [r for r in results if not r[1]]
    latencies = [r[3] for r in results]
    say(f"{clients} clients, {elapsed:.1f} s, {len(results)} requests, {len(errors)} errors")
    say(f"throughput {len(results) / elapsed:.1f} requests/s")
    say(f"latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms")
    say(
        f"p50 under load is {percentile(latencies, 0.5) / baseline_p50:.1f}x the one-client baseline "
        f"({clients} clients share 2 workers: queueing, not errors)"
    )
    errors += [r for r in baseline if not r[1]]
    by_label = defaultdict(list)
    for label, ok, status, latency in results:
        by_label[label].append((ok, status, latency))
    for label, rows in by_label.items():
        lat = [r[2] for r in rows]
        bad = [r[1] for r in rows if not r[0]]
        say(
            f"  {label:28} {len(rows):6} requests  p50 {percentile(lat, 0.5) * 1000:6.0f} ms"
            f"  p99 {percentile(lat, 0.99) * 1000:6.0f} ms  errors {len(bad)} {sorted(set(map(str, bad)))[:5] if bad else ''}"
        )
    unexercised = exercised - set(by_label)
    not_resolved = {label for label, *_ in TARGETS} - exercised
    ok = not errors and results and not unexercised and not not_resolved
    finish(bool(ok), f"load: {len(results)} requests, {len(errors)} errors, {len(results) / elapsed:.1f} req/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
