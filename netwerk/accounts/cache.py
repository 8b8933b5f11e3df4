"""The member's cached figures, and forgetting them when their data changes.

The dashboard (the top package) caches its counts per member under a version key; any
app that changes a member's data in bulk (an import, a label on 30,000 contacts, an
archive) calls `forget_member_figures(user)`. It lives here, at the bottom every app may
import, so no app has to import the dashboard to say "my data changed"."""

from django.core.cache import cache
from django.db import transaction


def figures_version_key(user_id: int) -> str:
    return f"netwerk:dashboard:version:{user_id}"


def forget_member_figures(user_or_id) -> None:
    """The member's data changed: the next dashboard counts afresh. Forgets now and again
    after the surrounding transaction commits, since a dashboard counted between the
    write and its commit would still see, and store, the old data."""
    user_id = getattr(user_or_id, "pk", user_or_id)
    if user_id is None:
        return
    cache.delete(figures_version_key(user_id))
    transaction.on_commit(lambda: cache.delete(figures_version_key(user_id)))
