"""The two-phase SMTP hand-off of the digest (reviews/handoff.py), against real SMTP servers
(aiosmtpd) that misbehave at chosen moments: before the final dot a failure is retried and
sends one copy; after it the digest is never sent again and the member is told."""

import email
import email.policy
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from netwerk.accounts.models import Profile
from reviews.digest import handed_off, sending
from reviews.models import DeliveryState, DigestDelivery
from tests.reviews.helpers import review_contact
from tests.smtp import free_port


class Misbehaving:
    """Accepts like a real server, except that it hangs up without an answer at `drop_at`
    ('MAIL' or 'DATA') the first `drops` times."""

    def __init__(self, drop_at: str, drops: int = 1):
        self.drop_at, self.drops = drop_at, drops
        self.messages = []

    def _hang_up(self, server, stage: str) -> bool:
        if self.drop_at == stage and self.drops > 0:
            self.drops -= 1
            server.transport.abort()
            return True
        return False

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self._hang_up(server, "MAIL"):
            return "421 gone"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # The whole message and its final dot have arrived: this server now has it.
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        if self._hang_up(server, "DATA"):
            return "421 gone"
        return "250 OK"


@pytest.fixture
def misbehaving_server(settings):
    servers = []

    def start(drop_at: str, drops: int = 1) -> Misbehaving:
        handler = Misbehaving(drop_at, drops)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        return handler

    yield start
    for controller in servers:
        controller.stop()


def due(owner):
    review_contact(owner)
    Profile.objects.filter(user=owner).update(next_digest_at=timezone.now() - timedelta(minutes=5), language="en")
    owner.refresh_from_db()
    return owner.profile


def test_an_answer_lost_after_the_final_dot_is_never_resent_and_the_member_is_told(misbehaving_server, owner, client):
    server = misbehaving_server("DATA")
    report = sending.send_digest_batch([due(owner).pk])

    delivery = DigestDelivery.objects.get()
    assert delivery.state == DeliveryState.UNCONFIRMED
    assert (report.sent, report.retrying, report.retry_ids) == (0, 0, [])
    assert len(server.messages) == 1  # the server had it

    later = timezone.now() + timedelta(days=1)
    assert sending.resume_stale_deliveries(later) == []  # not a candidate for resending
    assert sending.retry_delivery(delivery.pk, last_attempt=False) is None
    assert len(server.messages) == 1

    client.force_login(owner)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "confirmation never came back" in page


def test_a_drop_before_the_data_is_retried_and_arrives_once(misbehaving_server, owner):
    server = misbehaving_server("MAIL")
    report = sending.send_digest_batch([due(owner).pk])
    delivery = DigestDelivery.objects.get()
    assert delivery.state == DeliveryState.RETRYING and report.retry_ids == [delivery.pk]
    assert server.messages == []

    assert sending.retry_delivery(delivery.pk, last_attempt=False) == DeliveryState.SENT
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert len(server.messages) == 1
    assert server.messages[0]["Message-ID"] == sending.digest_message_id(delivery)


def test_the_server_has_the_whole_message_only_after_the_hand_off_mark(misbehaving_server, owner, monkeypatch):
    """The mark is made before the final dot: when it is made the server has nothing, and
    right after the dot (before the server's answer is read) it is committed."""
    server = misbehaving_server("none")
    seen = []
    real_call = handed_off.HandOff.__call__

    def mark(self):
        seen.append(len(server.messages))
        finish = real_call(self)

        def after_the_dot():
            if finish is not None:
                finish()
            seen.append(DigestDelivery.objects.get(pk=self.delivery.pk).state)

        return after_the_dot

    monkeypatch.setattr(handed_off.HandOff, "__call__", mark)
    assert sending.send_digest_batch([due(owner).pk]).sent == 1
    assert seen == [0, DeliveryState.HANDED_OFF]  # nothing at the server yet; then the mark is there
    assert len(server.messages) == 1
    assert DigestDelivery.objects.get().state == DeliveryState.SENT


def test_a_stale_hand_off_becomes_unconfirmed_not_a_second_copy(smtp_server, owner, client, settings):
    Profile.objects.filter(user=owner).update(language="nl")
    stale_at = timezone.now() - settings.NETWERK_DIGEST_STALE_AFTER - timedelta(minutes=1)
    delivery = DigestDelivery.objects.create(
        owner=owner, slot=stale_at, claimed_at=stale_at, state=DeliveryState.HANDED_OFF
    )
    assert sending.resume_stale_deliveries(timezone.now()) == []
    assert sending.resume_stale_deliveries(timezone.now()) == []
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.UNCONFIRMED
    assert smtp_server.messages == []
    client.force_login(owner)
    assert "de bevestiging kwam nooit terug" in client.get(reverse("accounts:settings")).content.decode()


def test_a_live_hand_off_is_left_alone(smtp_server, owner):
    now = timezone.now()
    delivery = DigestDelivery.objects.create(owner=owner, slot=now, claimed_at=now, state=DeliveryState.HANDED_OFF)
    assert sending.resume_stale_deliveries(now) == []
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.HANDED_OFF


def test_the_written_out_mark_names_the_model_s_table_and_columns():
    fields = {field.name: field.column for field in DigestDelivery._meta.fields}
    quote = connection.ops.quote_name
    assert handed_off.HANDED_OFF_MARK == (
        f"UPDATE {quote(DigestDelivery._meta.db_table)} SET {quote(fields['state'])} = $1 "
        f"WHERE {quote(fields['id'])} = $2"
    )
