"""Send every review digest that is due now: the beat task's code, run in-process."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reviews import digest
from reviews.tasks import deliver_digest


class Command(BaseCommand):
    help = "Send every review digest that is due now. Running it twice sends nothing new."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        resumed = digest.resume_stale_deliveries(now)  # left behind by a dead worker
        for delivery_id in resumed:
            deliver_digest.delay(delivery_id)
        total = digest.BatchReport()
        for batch in digest.batches(digest.due_profile_ids(now)):
            total.merge(digest.send_digest_batch(batch, now=now))
        for delivery_id in total.retry_ids:
            deliver_digest.apply_async((delivery_id,), countdown=digest.RETRY_BACKOFF_SECONDS)
        self.stdout.write(
            f"Digests sent: {total.sent}, nothing to say: {total.empty}, "
            f"to retry: {total.retrying}, failed: {total.failed}, already claimed: {total.not_due}, "
            f"resent after a stopped sender: {len(resumed)}."
        )
