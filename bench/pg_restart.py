#!/usr/bin/env python
"""PostgreSQL restarts under light load: during the outage every page answers a clean 503
(not a traceback, also when the error comes from a middleware: signed-in requests read the
session before any view runs), /health/ says the database is down, and the same gunicorn
workers serve pages again by themselves once the database is back (no restart).

The PostgreSQL server is shared with other work on this machine: the outage is kept short,
and PostgreSQL is started again whatever happens (try/finally).

    .venv/bin/python bench/pg_restart.py            # full: 5 s outage (plus the time PostgreSQL takes to stop)
    .venv/bin/python bench/pg_restart.py --quick    # CI: 2 s outage
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (  # noqa: E402
    LOCAL,
    Traffic,
    environment,
    finish,
    gunicorn,
    manage,
    own_database,
    say,
    signed_in_session,
    wait_until,
    worker_pids,
)

DATABASE = "netwerk_bench_pg_restart"
RECOVERY_LIMIT = 30  # seconds after PostgreSQL accepts connections again


def cluster(action: str) -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    args = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        args += ["--", "-m", "fast"]
    subprocess.run(args, check=True, capture_output=True, timeout=60)


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", LOCAL, "-p", "5432", "-q"], timeout=10).returncode == 0


def ensure_postgres_running() -> None:
    if not postgres_ready():
        say("starting PostgreSQL again")
        try:
            cluster("start")
        except subprocess.CalledProcessError as error:
            say(f"pg_ctlcluster start: {error.stderr}")
        wait_until(postgres_ready, 60, "PostgreSQL")


def health_says_database_down(record) -> bool:
    try:
        return record[2] == 503 and json.loads(record[3]).get("database") == "down"
    except ValueError:
        return False


def clean_503(status, body: str) -> bool:
    # The 503 page speaks the visitor's language (Dutch by default): either wording is clean.
    explained = "briefly unavailable" in body or "even niet bereikbaar" in body
    return status == 503 and explained and "Traceback" not in body and "Error" not in body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="CI: a 2 s outage")
    parser.add_argument("--outage", type=float)
    args = parser.parse_args()
    outage = args.outage or (2 if args.quick else 5)
    if not postgres_ready():
        finish(False, "pg_restart: PostgreSQL is not running to begin with")

    env = environment(DATABASE)
    problems: list[str] = []
    with own_database(DATABASE):
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--contacts", "300", "--username", "demo", "--password", "netwerk-demo")
        with gunicorn(env, workers=2) as base:
            sessions = [signed_in_session(base, "demo", "netwerk-demo") for _ in range(3)]
            paths = [("dashboard", "/"), ("contact list", "/contacts/")]
            # /health/ is watched as a load balancer does: no cookies.
            clients = [(s, paths) for s in sessions] + [(requests.Session(), [("health", "/health/")])]
            workers_before = worker_pids(base.pid)
            with Traffic(base, clients, pause=0.1) as traffic:
                time.sleep(2)
                try:
                    down_at = time.monotonic()
                    cluster("stop")
                    stopped_at = time.monotonic()
                    say(f"PostgreSQL took {stopped_at - down_at:.1f} s to stop")
                    say(f"PostgreSQL stopped; holding the outage for {outage:.0f} s")
                    time.sleep(outage)
                finally:
                    up_at = time.monotonic()
                    ensure_postgres_running()
                    ready_at = time.monotonic()
                say(f"PostgreSQL back after {ready_at - down_at:.1f} s")
                try:
                    recovered_in = wait_until(
                        lambda: all(
                            s.get(base + p, timeout=10).status_code == 200
                            for s, p in [(sessions[0], "/"), (sessions[0], "/contacts/"), (requests, "/health/")]
                        ),
                        RECOVERY_LIMIT,
                        "pages to work again",
                    )
                    say(f"pages served again {recovered_in:.1f} s after PostgreSQL was ready")
                except TimeoutError as error:
                    problems.append(str(error))
                time.sleep(2)
                after = time.monotonic()
            workers_after = worker_pids(base.pid)

            before = traffic.between(0, down_at)
            during = traffic.between(stopped_at, up_at)
            settled = traffic.between(after - 2, after)
            say(f"before the outage: {len(before)} answers, statuses {sorted({str(r[2]) for r in before})}")
            if any(r[2] != 200 for r in before):
                problems.append("errors before the outage")
            pages = [r for r in traffic.between(down_at, ready_at + RECOVERY_LIMIT) if r[1] != "health" and r[2] != 200]
            unclean = [r for r in pages if not clean_503(r[2], r[3])]
            health_during = [r for r in during if r[1] == "health"]
            health_down = [r for r in health_during if health_says_database_down(r)]
            for r in [r for r in health_during if not health_says_database_down(r)][:3]:
                say(f"  /health/ during the outage: {r[2]} {r[3][:300]!r}")
            say(
                f"during the outage: {len(during)} answers; {len(pages)} page answers were not 200, "
                f"{len(pages) - len(unclean)} of them a clean 503; /health/ said 'database down' "
                f"{len(health_down)}/{len(health_during)} times"
            )
            if not pages:
                problems.append("no page request fell into the outage: nothing was proven")
            if unclean:
                samples = {f"{r[1]}: {r[2]} {r[3][:120]!r}" for r in unclean[:5]}
                problems.append(f"{len(unclean)} answers during the outage were not a clean 503: {samples}")
            if not health_during or len(health_down) != len(health_during):
                problems.append("/health/ did not always say the database is down during the outage")
            say(f"after recovery: {len(settled)} answers, statuses {sorted({str(r[2]) for r in settled})}")
            if not settled or any(r[2] != 200 for r in settled):
                problems.append("pages still failing after recovery")
            say(f"gunicorn workers before {sorted(workers_before)}, after {sorted(workers_after)}")
            if not workers_before or workers_before != workers_after:
                problems.append("the gunicorn workers were replaced (they should recover in place)")
    for problem in problems:
        say(f"  problem: {problem}")
    finish(not problems, f"pg_restart: {outage:.0f} s outage, {len(problems)} problems")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        ensure_postgres_running()
