"""A member's digest on request: the preview page and "send me one now". Neither claims
a slot nor changes when the next scheduled digest is due, nor what it counts as new."""

from datetime import datetime, timedelta

from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone

from netwerk.accounts.models import Profile

from ..models import DigestOnDemand
from .contents import DigestContent, bulk_digest_content, digest_profiles
from .sending import build_digest

# A second request within this time is taken for a double click and sends nothing.
SEND_NOW_INTERVAL = timedelta(minutes=1)


class NoAddress(Exception):
    """The member has no e-mail address to send the digest to."""


def digest_now(user, now: datetime) -> tuple[Profile, DigestContent]:
    """This member's digest as it would read now (queries as for a batch of one)."""
    profile = digest_profiles(Profile.objects.filter(user=user)).get()
    return profile, bulk_digest_content([profile], now)[user.pk]


def send_now(*, user, now: datetime | None = None, throttle: bool = True) -> bool:
    """Send this member their digest now, even when it has nothing to say. Returns False,
    sending nothing, when one went out less than SEND_NOW_INTERVAL ago (`throttle`).
    The member's row stays locked until the mail server took the message, so of two
    requests at once the second waits and then finds the first one's time; an SMTP error
    is raised and leaves no record."""
    now = now or timezone.now()
    if not user.email:
        raise NoAddress
    with transaction.atomic():
        record, created = DigestOnDemand.objects.select_for_update().get_or_create(owner=user, defaults={"sent_at": now})
        if not created:
            if throttle and record.sent_at > now - SEND_NOW_INTERVAL:
                return False
            record.sent_at = now
            record.save(update_fields=["sent_at"])
        profile, content = digest_now(user, now)
        mailers.default.send_messages([build_digest(profile, content)])
    return True
