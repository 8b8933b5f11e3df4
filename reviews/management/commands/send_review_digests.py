"""Send every review digest that is due now (the beat task's code, run in-process), or
one member's digest on request."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.digest import due, on_demand, sending
from reviews.tasks import deliver_digest


class Command(BaseCommand):
    help = "Send every review digest that is due now. Running it twice sends nothing new."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--member",
            metavar="USERNAME",
            help="send this member's digest now, due or not; their schedule stays as it is",
        )

    def handle(self, *args, member: str | None = None, **options) -> None:
        if member is not None:
            self._send_to_member(member)
            return
        now = timezone.now()
        resumed = sending.resume_stale_deliveries(now)  # left behind by a dead worker
        for delivery_id in resumed:
            deliver_digest.delay(delivery_id)
        total = sending.BatchReport()
        for batch in due.batches(due.due_profile_ids(now)):
            total.merge(sending.send_digest_batch(batch, now=now))
        for delivery_id in total.retry_ids:
            deliver_digest.apply_async((delivery_id,), countdown=sending.RETRY_BACKOFF_SECONDS)
        self.stdout.write(
            f"Digests sent: {total.sent}, nothing to say: {total.empty}, "
            f"to retry: {total.retrying}, failed: {total.failed}, already claimed: {total.not_due}, "
            f"resent after a stopped sender: {len(resumed)}."
        )

    def _send_to_member(self, username: str) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active member with the username “%(username)s”.") % {"username": username})
        try:
            on_demand.send_now(user=user, throttle=False)
        except on_demand.NoAddress as error:
            raise CommandError(
                _("Member “%(username)s” has no e-mail address: nothing sent.") % {"username": username}
            ) from error
        except sending.TRANSIENT_ERRORS as error:
            raise CommandError(
                _("The mail server did not accept it: %(error)s") % {"error": sending.describe(error)}
            ) from error
        self.stdout.write(_("Digest sent to %(username)s; the next scheduled one stays as it was.") % {"username": username})
