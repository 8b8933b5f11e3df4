"""Thin Celery tasks around reviews.digest and reviews.services (idempotent)."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.utils import timezone

from . import keep_in_touch
from .digest import due, sending
from .services import purge_archived_contacts


@shared_task(name="reviews.send_due_digests", ignore_result=True)
def send_due_digests() -> int:
    """Beat, every 15 minutes: queue the due members in batches. Queuing a member twice
    is harmless: the claim in send_digest_batch decides who sends."""
    now = timezone.now()
    for delivery_id in sending.resume_stale_deliveries(now):  # left behind by a dead worker
        deliver_digest.delay(delivery_id)
    ids = due.due_profile_ids(now)
    for batch in due.batches(ids):
        send_digest_batch.delay(batch)
    return len(ids)


@shared_task(
    name="reviews.send_digest_batch",
    bind=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=sending.RETRY_BACKOFF_SECONDS,
    retry_backoff_max=sending.RETRY_BACKOFF_MAX_SECONDS,
    max_retries=sending.DIGEST_MAX_RETRIES,
)
def send_digest_batch(self, profile_ids: list[int]) -> dict:
    """Claim and send a batch. When the mail server cannot even be reached nothing has
    been claimed yet, so the whole batch is simply retried later (autoretry)."""
    report = sending.send_digest_batch(profile_ids)
    for delivery_id in report.retry_ids:
        deliver_digest.apply_async((delivery_id,), countdown=sending.RETRY_BACKOFF_SECONDS)
    return {"sent": report.sent, "empty": report.empty, "retrying": report.retrying, "failed": report.failed}


@shared_task(name="reviews.deliver_digest", bind=True, ignore_result=True, max_retries=sending.DIGEST_MAX_RETRIES)
def deliver_digest(self, delivery_id: int) -> str | None:
    """Retry one claimed digest after a temporary SMTP error, with exponential backoff
    (capped); the last failure is recorded on the profile."""
    last_attempt = self.request.retries >= self.max_retries
    try:
        return sending.retry_delivery(delivery_id, last_attempt=last_attempt)
    except sending.TRANSIENT_ERRORS as error:
        countdown = get_exponential_backoff_interval(
            factor=sending.RETRY_BACKOFF_SECONDS,
            retries=self.request.retries + 1,
            maximum=sending.RETRY_BACKOFF_MAX_SECONDS,
            full_jitter=True,
        )
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="reviews.purge_archived_contacts", ignore_result=True)
def purge_archived() -> int:
    return purge_archived_contacts()


@shared_task(name="reviews.refresh_keep_in_touch", ignore_result=True)
def refresh_keep_in_touch() -> int:
    """Every keep-in-touch date recomputed, for the members who use a rhythm; returns how
    many dates were wrong (and are right now)."""
    return keep_in_touch.refresh_all()
