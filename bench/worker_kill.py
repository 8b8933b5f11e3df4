#!/usr/bin/env python
"""Reliability: a Celery worker killed (kill -9) while it sends the review digests.

1,000 members' digests are due. A real Celery worker (prefork, against Redis, with its own
PostgreSQL database and Redis db number) sends them to a local SMTP sink (aiosmtpd in its
own process, recording every accepted message: recipient and Message-ID). When the sink
has accepted KILL_AT digests the worker's whole process group is killed with SIGKILL, in
the middle of a batch. The script reads what was left behind, starts a new worker, lets it
finish the queue, then runs the beat task once after the stale time (as the every-15-minutes
beat would) and checks at the sink:

- none lost: every member received a digest;
- none twice: every member received exactly one, the one in flight at the kill included.

What the claim-then-send design does (reviews/digest/, reviews/handoff.py): members not
claimed yet stay due and the next beat queues them; claimed deliveries whose final dot
never went out (`sending`: the server discarded the partial message) are taken back after
the stale time and resent, the only copy; the one in flight (`handed_off`: the whole
message and its final dot sent, the worker killed before it read the server's 250 or
marked it sent) is never resent: after the stale time it becomes `unconfirmed`, which the
member's settings page shows. Each sent one was marked at once after its 250. The mark
goes to PostgreSQL pipelined, right before the dot, without waiting for its commit: a kill
between the two writes (microseconds) would lose that one digest, and this script says so.

    .venv/bin/python bench/worker_kill.py            # 1,000 members, 5 contacts under review each
    .venv/bin/python bench/worker_kill.py --quick    # 1,000 members, 1 contact each (CI)

Exit 0 when every member received exactly one digest.
"""

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import LOCAL, PG, free_port, own_database, say  # noqa: E402

KILL_AT = 250  # the 50th digest of the third batch of 100
STALE_SECONDS = 5


def smtp_sink(port: int, record: str, ready) -> None:
    """Accepts every message and appends `recipient<TAB>Message-ID` to `record` before
    answering 250 (what a real server does: once it said 250, the message is its job)."""
    import asyncio
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    handle = open(record, "a", buffering=1)  # noqa: SIM115 (lives as long as the process)

    class Recording:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            for recipient in envelope.rcpt_tos:
                handle.write(f"{recipient}\t{message['Message-ID']}\n")
            handle.flush()
            await asyncio.sleep(0.002)  # a little like a real server: the kill lands mid-batch
            return "250 OK"

    controller = Controller(Recording(), hostname=LOCAL, port=port)
    controller.start()
    ready.set()
    signal.sigwait({signal.SIGTERM})
    controller.stop()


def received(record: Path) -> list[tuple[str, str]]:
    if not record.exists():
        return []
    return [tuple(line.split("\t", 1)) for line in record.read_text().splitlines() if "\t" in line]


class Worker:
    """A Celery worker in its own process group, so kill -9 reaches the pool children too."""

    def __init__(self, env: dict, log: Path):
        self.log = open(log, "w")  # noqa: SIM115 (closed in stop/kill)
        self.popen = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "netwerk", "worker", "--pool", "prefork", "--concurrency", "1",
             "--prefetch-multiplier", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"killtest-{time.monotonic_ns()}@%h"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill9(self) -> None:
        os.killpg(self.popen.pid, signal.SIGKILL)  # the group we created: worker and its pool
        self.popen.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
        if not self.log.closed:
            self.log.close()


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {seconds:.0f} s")
        time.sleep(0.05)


def queue_length(redis_db: int) -> int:
    out = subprocess.run(["redis-cli", "-h", LOCAL, "-n", str(redis_db), "llen", "celery"], capture_output=True, text=True, timeout=10)
    return int(out.stdout.strip() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="CI: 1 contact under review per member")
    parser.add_argument("--database", default="netwerk_bench_worker_kill")
    parser.add_argument("--redis-db", type=int, default=11)
    args = parser.parse_args()
    if args.quick:
        args.contacts = 1

    logs = Path(os.environ.get("BENCH_LOG_DIR", ROOT / "artifacts"))
    logs.mkdir(parents=True, exist_ok=True)
    record = logs / "worker-kill-sink.tsv"
    record.unlink(missing_ok=True)
    smtp_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"{PG}/{args.database}",
        "REDIS_URL": f"redis://{LOCAL}:6379/{args.redis_db}",
        "EMAIL_HOST": LOCAL,
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "https://netwerk.example",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "netwerk.settings",
        "NETWERK_DIGEST_STALE_SECONDS": str(STALE_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    subprocess.run(["redis-cli", "-h", LOCAL, "-n", str(args.redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)

    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=smtp_sink, args=(smtp_port, str(record), ready), daemon=True)
    sink.start()
    ready.wait(20)
    try:
        with own_database(args.database):
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            return run(args, env, record, logs)
    finally:
        if sink.is_alive():
            os.kill(sink.pid, signal.SIGTERM)
            sink.join(10)
        subprocess.run(["redis-cli", "-h", LOCAL, "-n", str(args.redis_db), "flushdb"], stdout=subprocess.DEVNULL)


def run(args, env: dict, record: Path, logs: Path) -> int:
    from django.db import close_old_connections

    from bench.digest import seed
    from netwerk.accounts.models import Profile, User
    from netwerk.celery import app
    from reviews.models import DeliveryState, DigestDelivery
    from reviews.tasks import send_due_digests

    seed(args.members, args.contacts)
    emails = dict(User.objects.values_list("pk", "email"))
    say(f"{args.members} members due, {args.contacts} contact(s) under review each; sink on {LOCAL}:{env['EMAIL_PORT']}")

    first = Worker(env, logs / "worker-kill-first.log")
    second = None
    try:
        wait_for(lambda: bool(app.control.ping(timeout=0.5)), 60, "the first worker")
        send_due_digests.delay()
        wait_for(lambda: len(received(record)) >= KILL_AT, 300, f"{KILL_AT} digests at the sink")
        first.kill9()
        at_kill = received(record)
        say(f"kill -9 of the first worker (pid {first.popen.pid} and its pool) after the sink accepted {len(at_kill)} digests")

        # What the dead worker left behind.
        close_old_connections()
        states = Counter(DigestDelivery.objects.values_list("state", flat=True))
        at_sink = {recipient for recipient, _mid in at_kill}
        sending = list(DigestDelivery.objects.filter(state=DeliveryState.SENDING).values_list("owner_id", flat=True))
        handed_off = list(DigestDelivery.objects.filter(state=DeliveryState.HANDED_OFF).values_list("owner_id", flat=True))
        in_flight = sorted(emails[owner] for owner in handed_off)
        unsent = [owner for owner in sending if emails[owner] not in at_sink]
        sending_at_sink = sorted(emails[owner] for owner in sending if emails[owner] in at_sink)
        marked_not_at_sink = DigestDelivery.objects.filter(state=DeliveryState.SENT).exclude(
            owner__email__in=at_sink
        ).count()
        still_due = Profile.objects.exclude(next_digest_at__isnull=True).filter(
            next_digest_at__lte=django_now()
        ).count()
        say(f"left behind: deliveries by state {dict(states)}; members not claimed yet (still due): {still_due}; "
            f"batches still queued: {queue_length(args.redis_db)}")
        say(f"  claimed, final dot not sent (state 'sending', not at the sink): {len(unsent)}")
        say(f"  in flight (state 'handed_off': final dot sent, not marked sent): {len(in_flight)} {in_flight}")
        problems = []
        if not sending and not handed_off:
            problems.append("the kill did not land inside a batch (no delivery was claimed and unsent); nothing was proven")
        if sending_at_sink:
            problems.append(f"deliveries still 'sending' that the sink already has: {sending_at_sink}")
        if marked_not_at_sink:
            problems.append(f"{marked_not_at_sink} deliveries marked sent that the sink never accepted")

        second = Worker(env, logs / "worker-kill-second.log")
        wait_for(lambda: bool(app.control.ping(timeout=0.5)), 60, "the second worker")
        say("second worker started; it takes the batches still queued")
        settle(record, args.redis_db)
        time.sleep(STALE_SECONDS + 1)  # the stale time of a claimed-but-unsent delivery
        say(f"beat (as every 15 minutes) after the stale time of {STALE_SECONDS} s: queue the still-due members, resend the stale")
        send_due_digests.delay()
        wait_for(
            lambda: DigestDelivery.objects.filter(state__in=(DeliveryState.SENT, DeliveryState.UNCONFIRMED)).count()
            >= args.members
            and queue_length(args.redis_db) == 0,
            300,
            "every digest to be marked sent (or, the one in flight, unconfirmed)",
        )
        settle(record, args.redis_db)
    finally:
        first.stop()
        if second is not None:
            second.stop()

    close_old_connections()
    final = received(record)
    per_member = Counter(recipient for recipient, _mid in final)
    expected = set(emails.values())
    lost = sorted(expected - set(per_member))
    twice = sorted(recipient for recipient, count in per_member.items() if count > 1)
    unconfirmed = sorted(
        emails[owner] for owner in DigestDelivery.objects.filter(state=DeliveryState.UNCONFIRMED).values_list("owner_id", flat=True)
    )
    told = Profile.objects.filter(user__email__in=unconfirmed).exclude(digest_failure="").count()
    strangers = sorted(set(per_member) - expected)
    states = Counter(DigestDelivery.objects.values_list("state", flat=True))

    say("")
    say(f"members due:                       {args.members}")
    say(f"messages accepted by the sink:     {len(final)}")
    say(f"members with exactly one digest:   {sum(1 for count in per_member.values() if count == 1)}")
    say(f"members with none (lost):          {len(lost)} {lost[:5]}")
    say(f"members with two or more:          {len(twice)} {twice[:5]}")
    say(f"deliveries by state at the end:    {dict(states)}")
    if in_flight:
        times = per_member.get(in_flight[0], 0)
        if times:
            say(f"the one in flight at the kill ({', '.join(in_flight)}): its mark had reached the database and its "
                f"final dot had gone out; the sink accepted it, the worker died before reading the 250. It was not "
                f"resent: after the stale time the beat marked it 'unconfirmed' and the member's settings page says so "
                f"(told: {told}/{len(unconfirmed)}). Received {times} time(s).")
        else:
            say(f"the one in flight at the kill ({', '.join(in_flight)}): its mark had reached the database but the "
                f"worker died before its final dot went out (the gap between the two writes), so the sink discarded "
                f"it; it was not resent (marked 'unconfirmed', told: {told}/{len(unconfirmed)}). Received 0 time(s).")
    else:
        say("the one in flight at the kill: the worker died before its final dot (or after it was marked sent): "
            "resent as the only copy, or never at risk.")
    say(f"claimed, final dot not sent at the kill ({len(unsent)}): the sink had none of them; resent by the beat "
        "after the stale time, once each.")
    say(f"not yet claimed at the kill ({still_due}): still due, queued again by the beat (or by the batches still queued).")

    if lost:
        problems.append(f"{len(lost)} members lost their digest")
    if twice:
        problems.append(f"{len(twice)} members got two or more digests: {twice[:5]}")
    if unconfirmed != in_flight:
        problems.append(f"unconfirmed at the end {unconfirmed} is not the one in flight {in_flight}")
    if told != len(unconfirmed):
        problems.append("a member whose digest is unconfirmed is not told in settings")
    if len(in_flight) > 1:
        problems.append(f"{len(in_flight)} digests in flight at once (one worker process sends one at a time)")
    if strangers:
        problems.append(f"mail to addresses nobody is due for: {strangers[:5]}")
    if states.get(DeliveryState.SENT, 0) + len(unconfirmed) != args.members or sum(states.values()) != args.members:
        problems.append(f"deliveries at the end: {dict(states)} (expected {args.members} sent or unconfirmed)")
    for problem in problems:
        say(f"PROBLEM: {problem}")
    say(("PASS" if not problems else "FAIL") + f" worker killed mid-batch: {len(expected) - len(lost)}/{args.members} "
        f"members received their digest, {len(twice)} twice (in flight at the kill: {len(in_flight)}, not resent)")
    return 0 if not problems else 1


def django_now():
    from django.utils import timezone

    return timezone.now()


def settle(record: Path, redis_db: int, quiet: float = 2.0, limit: float = 300) -> None:
    """Until the queue is empty and the sink has accepted nothing new for `quiet` seconds."""
    deadline = time.monotonic() + limit
    last, since = len(received(record)), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = len(received(record))
        if now != last:
            last, since = now, time.monotonic()
        elif queue_length(redis_db) == 0 and time.monotonic() - since >= quiet:
            return
    raise TimeoutError("the sink kept receiving for too long")


if __name__ == "__main__":
    sys.exit(main())
