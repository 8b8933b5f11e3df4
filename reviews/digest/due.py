"""Who is due for a digest, and the claim that lets exactly one sender send it."""

from datetime import datetime

from netwerk.accounts.models import DigestCadence, Profile

BATCH_SIZE = 100


def due_profile_ids(now: datetime) -> list[int]:
    return list(
        Profile.objects.filter(next_digest_at__lte=now)
        .exclude(digest_cadence=DigestCadence.OFF)
        .order_by("next_digest_at", "pk")
        .values_list("pk", flat=True)
    )


def batches(ids: list[int], size: int = BATCH_SIZE):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def following_slot(profile: Profile, slot: datetime, now: datetime) -> datetime | None:
    """The slot after `slot`; never in the past, so a long outage sends one digest, not a backlog."""
    upcoming = profile.digest_after_sending(slot)
    if upcoming is not None and upcoming <= now:
        upcoming = profile.next_digest_after(now)
    return upcoming


def looks_due(profile: Profile, now: datetime) -> bool:
    """Due as far as this copy of the profile knows; only the claim decides."""
    slot = profile.next_digest_at
    return slot is not None and slot <= now and profile.digest_cadence != DigestCadence.OFF


def claim(profile: Profile, now: datetime) -> datetime | None:
    """Claim this member's due digest: returns the claimed slot, or None when it is not
    due or another sender claimed it first. One compare-and-swap UPDATE decides."""
    slot = profile.next_digest_at
    if not looks_due(profile, now):
        return None
    upcoming = following_slot(profile, slot, now)
    won = Profile.objects.filter(pk=profile.pk, next_digest_at=slot).update(next_digest_at=upcoming)
    if not won:
        return None
    profile.next_digest_at = upcoming
    return slot
