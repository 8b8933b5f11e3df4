"""One lock per member for work that must not interleave with itself: two imports, an
import and a merge, two merges of one contact."""

from django.contrib.auth import get_user_model


def lock_member(owner) -> None:
    """Lock the member's row until the transaction ends: a second writer (a double-clicked
    upload, a merge in another tab) waits, then sees what the first one did."""
    get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True).first()
