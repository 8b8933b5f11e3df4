"""When a member's duplicates are looked for: after what can create or end one (an
import, a merge, an undo, a contact added or edited) a scan is requested; the task
runs it in the background and an hourly beat entry runs every request still pending
(a broker that was away when it was asked for)."""

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import DuplicateScan


def request_scan(owner) -> None:
    """Mark the member's duplicates stale and queue a scan once this transaction commits;
    a broker that cannot be reached leaves the request for the hourly run."""
    DuplicateScan.objects.update_or_create(owner=owner, defaults={"requested_at": timezone.now()})

    def queue() -> None:
        from .tasks import find_duplicates

        try:
            find_duplicates.apply_async((owner.pk,), retry_policy={"max_retries": 0})
        except BrokerError:
            pass

    transaction.on_commit(queue)


def pending_owner_ids() -> list[int]:
    return list(DuplicateScan.objects.filter(requested_at__isnull=False).values_list("owner_id", flat=True))
