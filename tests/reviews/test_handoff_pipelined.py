"""On PostgreSQL the `handed_off` mark is pipelined: sent to the database without waiting
for its commit, then the final dot follows at once (reviews/handoff.py). These tests run
outside a test transaction (the pipelined path is the one a worker takes) against real
PostgreSQL and a real SMTP server (aiosmtpd)."""

import email
import email.policy
import threading
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netwerk.accounts.models import Profile
from reviews.digest import sending
from reviews.digest.handed_off import send_now_read_later
from reviews.models import DeliveryState, DigestDelivery
from tests.factories import UserFactory
from tests.reviews.helpers import review_contact
from tests.smtp import answering_smtp_server

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs when DATABASE_URL is PostgreSQL (CI's second run)",
    ),
    pytest.mark.django_db(transaction=True),
]


def dsn() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        **{key: value for key, value in params.items() if key in ("dbname", "user", "password", "host", "port")}
    )


def due_member():
    user = UserFactory()
    review_contact(user)
    Profile.objects.filter(user=user).update(next_digest_at=timezone.now() - timedelta(minutes=5), language="en")
    return Profile.objects.get(user=user)


class LockingServer:
    """A real SMTP server with a second, independent database connection. When MAIL
    arrives (the delivery is claimed, the mark not sent yet) it locks the delivery row, so
    the sender's mark has to wait for the lock. When the final dot arrives it looks in
    pg_stat_activity for that waiting UPDATE: there, the mark reached the database before
    the dot reached the server. Then it lets go of the lock and answers 250."""

    def __init__(self):
        self.database = psycopg.connect(dsn(), autocommit=False)
        self.messages = []
        self.mark_waiting_at_dot = None
        self.release = threading.Timer(10, self._let_go)  # a sender in the wrong order would wait forever

    def _let_go(self):
        if not self.database.closed:
            self.database.rollback()

    async def handle_MAIL(self, server, session, envelope, address, options):
        self.database.execute(
            "SELECT id FROM reviews_digestdelivery WHERE state = %s FOR UPDATE", [DeliveryState.SENDING]
        ).fetchall()
        self.release.start()
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        with psycopg.connect(dsn(), autocommit=True) as watcher:
            self.mark_waiting_at_dot = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'UPDATE \"reviews_digestdelivery\" SET \"state\" = $1%%'"
            ).fetchone()[0]
        self.release.cancel()
        self._let_go()
        return "250 OK"


@pytest.fixture
def locking_server(settings):
    handler = LockingServer()
    try:
        with answering_smtp_server(settings, handler):
            yield handler
    finally:
        handler.release.cancel()
        handler.database.close()


def test_the_mark_is_at_the_database_before_the_dot_is_at_the_server(locking_server):
    profile = due_member()
    with CaptureQueriesContext(connection) as queries:
        report = sending.send_digest_batch([profile.pk])

    assert report.sent == 1
    assert locking_server.mark_waiting_at_dot == 1  # the mark was waiting at the database when the dot came
    assert len(locking_server.messages) == 1
    delivery = DigestDelivery.objects.get(owner=profile.user)
    assert delivery.state == DeliveryState.SENT
    marks = [query["sql"] for query in queries.captured_queries if "$1" in query["sql"]]
    assert len(marks) == 1 and "handed_off" in marks[0]  # counted like every other query


def test_inside_a_transaction_the_mark_is_committed_the_usual_way():
    with transaction.atomic():
        assert send_now_read_later(connection, "SELECT $1", ["1"]) is None


def test_a_failed_statement_raises_and_leaves_the_connection_usable():
    read_result = send_now_read_later(connection, "UPDATE no_such_table SET x = $1", ["1"])
    assert read_result is not None
    with pytest.raises(DatabaseError, match="no_such_table"):
        read_result()
    assert DigestDelivery.objects.count() == 0  # the next query works


def test_a_pipelined_statement_commits_on_its_own():
    profile = due_member()
    delivery = DigestDelivery.objects.create(owner=profile.user, slot=timezone.now(), claimed_at=timezone.now())
    read_result = send_now_read_later(
        connection, 'UPDATE "reviews_digestdelivery" SET "state" = $1 WHERE "id" = $2', ["handed_off", str(delivery.pk)]
    )
    read_result()
    with psycopg.connect(dsn(), autocommit=True) as other:
        assert other.execute("SELECT state FROM reviews_digestdelivery WHERE id = %s", [delivery.pk]).fetchone() == (
            "handed_off",
        )
