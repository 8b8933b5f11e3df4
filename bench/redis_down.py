#!/usr/bin/env python
"""Redis down: pages keep working; starting background work (an import) says clearly that
it is unavailable and changes nothing; /health/ says the broker is down; when Redis is back,
the same Celery worker picks up queued work by itself.

Runs its OWN Redis on port 6390 (never the machine's 6379; with an append-only file in a
temporary folder, as docker-compose runs Redis), its own database, gunicorn and one Celery
worker against them.

    .venv/bin/python bench/redis_down.py            # full: 20 s outage under traffic
    .venv/bin/python bench/redis_down.py --quick    # CI: 5 s outage
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (  # noqa: E402
    LOCAL,
    ROOT,
    VENV_BIN,
    Process,
    Traffic,
    environment,
    finish,
    gunicorn,
    manage,
    own_database,
    say,
    signed_in_session,
    wait_until,
)

REDIS_PORT = 6390
DATABASE = "netwerk_bench_redis_down"
LOGS = Path(os.environ.get("BENCH_LOG_DIR", ROOT / "artifacts"))

# Views that start background work: (label, URL name, form data, files). Each is POSTed with
# Redis down and must answer 503 with the "background work is unavailable" message and
# change nothing. A row whose URL name does not exist (yet) is printed as NOT EXERCISED.
BACKGROUND_ACTIONS = [
    (
        "start a LinkedIn import",
        "contacts:import",
        {},
        {"file": ("Connections.csv", b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                  b"Anne,de Vries,https://www.linkedin.com/in/anne-dv,,Rabobank,Recruiter,01 Jan 2025\n", "text/csv")},
    ),
]


def redis_ping() -> bool:
    result = subprocess.run(["redis-cli", "-h", LOCAL, "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True, timeout=10)
    return result.stdout.strip() == "PONG"


def start_redis(data_dir: Path) -> Process:
    """Our Redis, with an append-only file like docker-compose's (so queued work survives a
    restart), kept in a temporary folder of ours."""
    if redis_ping():
        raise SystemExit(f"something already answers on port {REDIS_PORT}; this script runs its own Redis there")
    LOGS.mkdir(parents=True, exist_ok=True)
    process = Process(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", LOCAL, "--save", "", "--appendonly", "yes",
         "--appendfsync", "always", "--dir", str(data_dir), "--daemonize", "no"],
        os.environ.copy(),
        LOGS / f"redis-{REDIS_PORT}.log",
    )
    wait_until(redis_ping, 20, "our Redis")
    return process


def queue_length() -> int:
    result = subprocess.run(["redis-cli", "-h", LOCAL, "-p", str(REDIS_PORT), "llen", "celery"], capture_output=True, text=True, timeout=10)
    return int(result.stdout.strip() or 0)


def heartbeats() -> int:
    from netwerk.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.count()


def queue_heartbeat() -> None:
    from django.db import transaction

    from netwerk.lib.background import enqueue_or_refuse
    from netwerk.tasks import heartbeat

    with transaction.atomic():
        enqueue_or_refuse(heartbeat)


def refusal_changes_nothing(problems: list[str]) -> None:
    """The shared mechanism every background view uses, exercised with these settings."""
    from django.db import transaction
    from django.utils import translation

    from contacts.models import ImportJob
    from netwerk.accounts.models import User
    from netwerk.lib.background import BackgroundUnavailable, background_available, enqueue_or_refuse
    from netwerk.tasks import heartbeat

    member = User.objects.get(username="demo")
    before = ImportJob.objects.count()
    started = time.monotonic()
    try:
        with transaction.atomic():
            ImportJob.objects.create(owner=member, filename="Connections.csv")
            enqueue_or_refuse(heartbeat)
        problems.append("enqueue_or_refuse queued work with Redis down")
    except BackgroundUnavailable as refusal:
        for language in ("en", "nl"):
            with translation.override(language):
                say(f"  refusal ({language}): {refusal}")
    took = time.monotonic() - started
    say(f"  refused in {took * 1000:.0f} ms; import jobs before {before}, after {ImportJob.objects.count()}")
    if ImportJob.objects.count() != before:
        problems.append("a refused import left a job behind")
    if took > 5:
        problems.append(f"the refusal took {took:.1f} s (a page must not hang on a dead broker)")
    if background_available():
        problems.append("background_available() said yes with Redis down")


def post_background_actions(base: str, session: requests.Session, problems: list[str]) -> None:
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from contacts.models import Contact, ImportJob
    from netwerk.lib.background import BackgroundUnavailable

    def kept_uploads() -> int:
        folder = Path(settings.MEDIA_ROOT) / "imports"
        return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0

    def state() -> dict:
        return {"import jobs": ImportJob.objects.count(), "contacts": Contact.objects.count(), "kept upload files": kept_uploads()}

    messages = []
    for language in ("en", "nl"):
        with translation.override(language):
            messages.append(str(BackgroundUnavailable.message).split(".")[0])

    for label, name, data, files in BACKGROUND_ACTIONS:
        try:
            path = reverse(name)
        except NoReverseMatch:
            say(f"  NOT EXERCISED  {label} ({name}: no such URL yet)")
            problems.append(f"{label}: {name} does not exist")
            continue
        page = session.get(base + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        before = state()
        response = session.post(
            base + path,
            {**data, "csrfmiddlewaretoken": token.group(1) if token else session.cookies.get("csrftoken", "")},
            files=files,
            headers={"X-CSRFToken": session.cookies.get("csrftoken", "")},
            timeout=30,
        )
        after = state()
        clear = response.status_code == 503 and any(message in response.text for message in messages)
        say(f"  exercised      POST {base + path}  {label} ({name}): {response.status_code}"
            f"{' with the clear message' if clear else ' WITHOUT the clear message'}")
        say(f"                 before {before}; after {after}")
        if not clear:
            problems.append(f"{label}: answered {response.status_code} without the clear message")
        if after != before:
            problems.append(f"{label}: changed data with Redis down ({before} -> {after})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI: a 5 s outage")
    args = parser.parse_args()
    outage = 5 if args.quick else 20
    problems: list[str] = []
    redis_url = f"redis://{LOCAL}:{REDIS_PORT}/0"
    env = environment(DATABASE, redis_url, NETWERK_HEARTBEAT_SECONDS="3600", LANGUAGE_CODE="en")
    os.environ.update(env)
    import django

    data_dir = Path(tempfile.mkdtemp(prefix="netwerk-redis-"))
    redis = start_redis(data_dir)
    worker = None
    try:
        with own_database(DATABASE):
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_demo", "--contacts", "200", "--username", "demo", "--password", "netwerk-demo")
            django.setup()
            from django.db import connection

            from contacts.models import Contact
            from netwerk.accounts.models import Profile

            Profile.objects.filter(user__username="demo").update(language="en")
            contact = Contact.objects.filter(owner__username="demo").first()
            worker = Process(
                [str(VENV_BIN / "celery"), "-A", "netwerk", "worker", "--concurrency", "1", "--loglevel", "INFO", "--without-mingle", "--without-gossip"],
                env,
                LOGS / "redis-down-worker.log",
            )
            with gunicorn(env, workers=2) as base:
                session = signed_in_session(base, "demo", "netwerk-demo")
                pages = [("dashboard", "/"), ("contact list", "/contacts/"), ("contact detail", f"/contacts/{contact.pk}/"), ("settings", "/account/settings/")]

                say("Redis up:")
                baseline = heartbeats()
                queue_heartbeat()
                took = wait_until(lambda: heartbeats() > baseline, 60, "the worker to run a task")
                say(f"  the worker ran a queued task in {took:.1f} s; /health/ {requests.get(base + '/health/', timeout=10).json()}")

                # Work waiting in the queue when Redis goes down: the worker stops consuming,
                # three tasks are queued, and they must run once Redis is back.
                from netwerk.celery import app

                app.control.cancel_consumer("celery", reply=True, timeout=5)
                waiting_before = heartbeats()
                for _ in range(3):
                    queue_heartbeat()
                say(f"  3 tasks queued while the worker does not consume; queue length {queue_length()}")
                with Traffic(base, [(session, pages), (requests.Session(), [("health", "/health/")])], pause=0.2) as traffic:
                    time.sleep(1)
                    redis.stop()
                    down_at = time.monotonic()
                    say(f"Redis stopped for {outage} s:")
                    health = requests.get(base + "/health/", timeout=10)
                    say(f"  /health/ {health.status_code} {health.json()}")
                    if health.status_code != 503 or health.json().get("broker") != "down":
                        problems.append("/health/ did not say the broker is down")
                    refusal_changes_nothing(problems)
                    connection.close()
                    post_background_actions(base, session, problems)
                    time.sleep(max(0, outage - (time.monotonic() - down_at)))
                    up_at = time.monotonic()
                    during = traffic.between(down_at, up_at)
                    redis = start_redis(data_dir)
                    say(f"Redis started again; {queue_length()} task(s) still queued")
                    time.sleep(1)
                pages_during = [r for r in during if r[1] != "health"]
                failed = [r for r in pages_during if r[2] != 200]
                health_during = [r for r in during if r[1] == "health"]
                say(f"  pages during the outage: {len(pages_during)} answers, {len(failed)} not 200")
                say(f"  /health/ during the outage: statuses {sorted({str(r[2]) for r in health_during})}")
                if not pages_during or failed:
                    problems.append(f"pages failed with Redis down: {sorted({(r[1], str(r[2])) for r in failed})[:5]}")
                if any(r[2] != 503 for r in health_during):
                    problems.append("/health/ said ok with Redis down")

                say("Redis back:")
                def resumed() -> bool:
                    try:
                        return bool(app.control.add_consumer("celery", reply=True, timeout=2))
                    except Exception:  # noqa: BLE001 (the broker connection is being re-established)
                        return False

                try:
                    wait_until(resumed, 60, "the worker to answer")
                    took = wait_until(lambda: heartbeats() >= waiting_before + 3, 90, "the tasks queued before the outage")
                    say(f"  the 3 tasks queued before the outage ran {took:.1f} s after the worker resumed consuming")
                except TimeoutError as error:
                    problems.append(str(error))
                baseline = heartbeats()
                try:
                    took = wait_until(lambda: (queue_heartbeat(), True)[1], 30, "the broker to accept work")
                    took = wait_until(lambda: heartbeats() > baseline, 90, "the same worker to run queued work")
                    say(f"  the worker (never restarted, pid {worker.popen.pid}) ran queued work {took:.1f} s after it was queued")
                except TimeoutError as error:
                    problems.append(str(error))
                if not worker.alive():
                    problems.append("the Celery worker died")
                health = requests.get(base + "/health/", timeout=10)
                say(f"  /health/ {health.status_code} {health.json()}")
                if health.status_code != 200:
                    problems.append("/health/ not ok after Redis came back")
                connection.close()
    finally:
        if worker is not None:
            worker.stop()
        redis.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    for problem in problems:
        say(f"  problem: {problem}")
    finish(not problems, f"redis_down: {outage} s outage, {len(problems)} problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
