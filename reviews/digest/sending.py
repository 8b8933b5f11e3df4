"""Delivering digests: a batch claimed and handed to SMTP, a temporary failure retried
with backoff, and deliveries a stopped sender left behind taken back. Every step is a
compare-and-swap, so nothing is sent twice (README, "The weekly review and its digest")."""

import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netwerk.accounts.models import Profile
from netwerk.lib import emails

from ..handoff import send_in_two_phases
from ..links import unsubscribe_url
from ..models import DeliveryState, DigestDelivery
from .contents import DigestContent, bulk_digest_content, digest_content, digest_profiles, template_context
from .due import claim, looks_due
from .handed_off import HandOff

logger = logging.getLogger(__name__)

DIGEST_MAX_RETRIES = 6
RETRY_BACKOFF_SECONDS = 60
RETRY_BACKOFF_MAX_SECONDS = 3600
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def stale_after() -> timedelta:
    """How long a claimed delivery may go untouched before its sender counts as stopped."""
    return settings.NETWERK_DIGEST_STALE_AFTER


def digest_message_id(delivery: DigestDelivery) -> str:
    """One Message-ID per delivery: a resent copy (the in-flight digest of a killed worker)
    is recognisably the same message."""
    return f"<digest-{delivery.pk}-{delivery.slot:%Y%m%d%H%M}@{DNS_NAME}>"


def build_digest(profile: Profile, content: DigestContent, delivery: DigestDelivery | None = None):
    """The digest e-mail for this member (`profile.user`)."""
    user = profile.user
    headers = {"Auto-Submitted": "auto-generated"}
    if delivery is not None and delivery.pk:
        headers["Message-ID"] = digest_message_id(delivery)
    return emails.build(
        "digest",
        to=user.email,
        context=template_context(user, content),
        language=profile.language,
        time_zone=profile.time_zone,
        headers=headers,
        unsubscribe_url=unsubscribe_url(user.pk),
    )


# --- outcomes ----------------------------------------------------------------------------


def is_permanent(error: Exception) -> bool:
    """Refused recipient or sender, or any 5xx answer: retrying will not help."""
    if isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def refused(error: Exception) -> str:
    return _("The mail server did not accept it: %(error)s") % {"error": describe(error)}


def record_failure(delivery: DigestDelivery, error_text: str, now: datetime) -> None:
    """A permanent failure: on the delivery, on the profile (shown in settings), in the log."""
    DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, error=error_text)
    Profile.objects.filter(user_id=delivery.owner_id).update(digest_failure=error_text, digest_failed_at=now)
    logger.error("Review digest for member %s (slot %s) failed: %s", delivery.owner_id, delivery.slot, error_text)


def record_unconfirmed(delivery: DigestDelivery, error, now: datetime) -> bool:
    """Handed to the server, its answer never read: not sent again (no duplicate), recorded
    on the delivery and shown in the member's settings (not lost silently). A
    compare-and-swap from `handed_off`, so two beats record it once; returns whether this
    call did."""
    won = DigestDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.HANDED_OFF).update(
        state=DeliveryState.UNCONFIRMED, error=describe(error) if error else "sender stopped after the hand-off"
    )
    if not won:
        return False
    member = Profile.objects.filter(user_id=delivery.owner_id)
    # Written in the member's language: the beat that finds a stale hand-off runs in none.
    with translation.override(member.values_list("language", flat=True).first() or settings.LANGUAGE_CODE):
        text = _(
            "Your review digest was handed to the mail server, but its confirmation never came back. "
            "It is not sent again, so that you never get it twice; if it did not arrive, the review queue "
            "holds everything it listed."
        )
    member.update(digest_failure=text, digest_failed_at=now)
    logger.warning("Review digest for member %s (slot %s) handed off, unconfirmed: %s", delivery.owner_id, delivery.slot, error)
    return True


# --- a batch ------------------------------------------------------------------------------


@dataclass
class BatchReport:
    sent: int = 0
    empty: int = 0
    not_due: int = 0
    retrying: int = 0
    failed: int = 0
    retry_ids: list = field(default_factory=list)

    def merge(self, other: "BatchReport") -> None:
        for name in ("sent", "empty", "not_due", "retrying", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.retry_ids += other.retry_ids


def send_digest_batch(profile_ids: list[int], now: datetime | None = None) -> BatchReport:
    """Claim, then render and send, the digests of these members: each member claimed on
    its own, the contents of all claimed digests read in a few queries, one SMTP
    connection for the batch. Members that are not due (any more) are skipped."""
    now = now or timezone.now()
    report = BatchReport()
    profiles = list(digest_profiles(Profile.objects.filter(pk__in=profile_ids)).order_by("pk"))
    mailer = mailers.default
    with mailer:  # no SMTP server, no claim: the batch task is retried as a whole
        # The contents first (reads only), so that each claim's INSERT records what its
        # digest says about suggestions before any attempt to send it. A member another
        # sender claimed meanwhile was read for nothing: rare, and harmless.
        due = [profile for profile in profiles if looks_due(profile, now)]
        contents = bulk_digest_content(due, now) if due else {}
        claimed = []
        # All claims of the batch commit together (one commit, not one per member). Each is
        # still its own compare-and-swap: a concurrent sender waits on the row lock, then
        # matches no row. Rows are claimed in primary-key order, so senders never deadlock.
        with transaction.atomic(savepoint=False):
            for profile in profiles:
                slot = claim(profile, now)
                if slot is None:
                    report.not_due += 1
                else:
                    delivery = DigestDelivery(owner_id=profile.user_id, slot=slot, claimed_at=now)
                    claimed.append((profile, contents[profile.user_id].record_on(delivery)))
            DigestDelivery.objects.bulk_create([delivery for _profile, delivery in claimed])
        if not claimed:
            return report
        had_failure = {profile.user_id for profile, _delivery in claimed if profile.digest_failure or profile.digest_failed_at}
        sent_user_ids = []
        for profile, delivery in claimed:
            outcome = _deliver(mailer, delivery, profile, contents[profile.user_id], now)
            if outcome == DeliveryState.SENT:
                sent_user_ids.append(profile.user_id)
                report.sent += 1
            elif outcome == DeliveryState.EMPTY:
                report.empty += 1
            elif outcome == DeliveryState.RETRYING:
                report.retrying += 1
                report.retry_ids.append(delivery.pk)
            else:
                report.failed += 1
    # An earlier failure shown in settings is cleared by the next digest that arrives (the
    # deliveries themselves record when each digest was sent).
    if failures_to_clear := [user_id for user_id in sent_user_ids if user_id in had_failure]:
        Profile.objects.filter(user_id__in=failures_to_clear).update(digest_failure="", digest_failed_at=None)
    return report


def _deliver(mailer, delivery: DigestDelivery, profile: Profile, content: DigestContent, now: datetime) -> str:
    """Hand one claimed digest to SMTP; returns the delivery's new state."""
    if content.is_empty and not profile.digest_when_empty:
        DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.EMPTY)
        return DeliveryState.EMPTY
    if not profile.user.email:
        record_failure(delivery, _("Your account has no e-mail address."), now)
        return DeliveryState.FAILED
    state, _error = _hand_over(mailer, delivery, build_digest(profile, content, delivery), now, last_attempt=False)
    return state


def _hand_over(mailer, delivery: DigestDelivery, message, now: datetime, *, last_attempt: bool) -> tuple[str, Exception | None]:
    """Send one built digest in two phases and record the outcome on the delivery:
    `sent` at once after the 250 (a worker killed after that resends nothing),
    `unconfirmed` when the answer to a handed-off message was lost, `failed` for a
    permanent refusal (or the last attempt), else `retrying`. Returns the state and the
    SMTP error, if any."""
    handed_off = HandOff(delivery)
    try:
        send_in_two_phases(mailer, message, handed_off)
    except TRANSIENT_ERRORS as error:
        _reset_connection(mailer)
        if handed_off.done and not isinstance(error, smtplib.SMTPResponseException):
            record_unconfirmed(delivery, error, now)
            return DeliveryState.UNCONFIRMED, error
        if is_permanent(error) or last_attempt:
            record_failure(delivery, refused(error), now)
            return DeliveryState.FAILED, error
        DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.RETRYING, error=describe(error))
        return DeliveryState.RETRYING, error
    DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT, sent_at=timezone.now(), error="")
    return DeliveryState.SENT, None


def _reset_connection(mailer) -> None:
    """After an SMTP error the connection may be half-open; the next send opens a new one."""
    with contextlib.suppress(Exception):  # closing a broken connection may fail in any way
        mailer.close()
    if hasattr(mailer, "connection"):
        mailer.connection = None


# --- retries and recovery -----------------------------------------------------------------


def take_back_for_retry(delivery_id: int) -> DigestDelivery | None:
    """Compare-and-swap retrying -> sending: only one retry message can act."""
    won = DigestDelivery.objects.filter(pk=delivery_id, state=DeliveryState.RETRYING).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not won:
        return None
    return DigestDelivery.objects.select_related("owner__profile").get(pk=delivery_id)


def retry_delivery(delivery_id: int, *, last_attempt: bool, now: datetime | None = None) -> str | None:
    """One retry of a delivery that failed for a temporary reason. Raises the SMTP error
    to ask for another retry, unless this was the last attempt."""
    now = now or timezone.now()
    delivery = take_back_for_retry(delivery_id)
    if delivery is None:
        return None
    profile = delivery.owner.profile
    message = build_digest(profile, digest_content(profile, now, delivery), delivery)
    mailer = mailers.default  # opened by the hand-off, so a refused connection is a failed attempt
    try:
        state, error = _hand_over(mailer, delivery, message, now, last_attempt=last_attempt)
    finally:
        _reset_connection(mailer)
    if state == DeliveryState.RETRYING:
        raise error
    if state == DeliveryState.SENT:
        Profile.objects.filter(pk=profile.pk).update(digest_failure="", digest_failed_at=None)
    return state


def resume_stale_deliveries(now: datetime) -> list[int]:
    """Deliveries a dead worker left behind, untouched for `stale_after()`: a `handed_off`
    one becomes `unconfirmed` (never resent); a `sending` one is taken back with a
    compare-and-swap on (state, claimed_at), so two beats take it once, and returned to be
    resent by `deliver_digest`; one taken back too often is recorded as failed instead."""
    resend = []
    cutoff = now - stale_after()
    handed_off = DigestDelivery.objects.filter(state=DeliveryState.HANDED_OFF, claimed_at__lt=cutoff)
    for delivery in handed_off.order_by("pk"):
        record_unconfirmed(delivery, None, now)
    stale = DigestDelivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=cutoff)
    for delivery in stale.order_by("pk"):
        if delivery.attempts > DIGEST_MAX_RETRIES:
            record_failure(delivery, _("The sender stopped before the digest was handed to the mail server."), now)
            continue
        won = DigestDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, claimed_at=delivery.claimed_at
        ).update(state=DeliveryState.RETRYING, error="worker stopped before marking it sent")
        if won:
            logger.warning("Review digest for member %s (slot %s): its sender stopped; resending", delivery.owner_id, delivery.slot)
            resend.append(delivery.pk)
    return resend
