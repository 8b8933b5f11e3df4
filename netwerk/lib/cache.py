"""The member's cached figures, and forgetting them when their data changes.

The dashboard (the top package) caches its counts per member under a version key; any
app that changes a member's data in bulk (an import, a label on 30,000 contacts, an
archive) calls `forget_member_figures(user)`. It lives here, at the bottom every app may
import, so no app has to import the dashboard to say "my data changed"."""

import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# The cache is Redis in production. When Redis is down, pages and writes must keep
# working: a figure that cannot be forgotten expires within the dashboard's
# cache time anyway, so a cache error is logged, never raised.
CACHE_ERRORS = (Exception,)


def forget_key(key: str) -> None:
    try:
        cache.delete(key)
    except CACHE_ERRORS:
        logger.warning("cache unavailable: could not forget %s", key, exc_info=True)


# Every cache key of the project, in one place, so no two features share one by accident.


def figures_version_key(user_id: int) -> str:
    return f"netwerk:dashboard:version:{user_id}"


def figures_key(user_id: int, version: str, time_zone: str) -> str:
    return f"netwerk:dashboard:figures:{user_id}:{version}:{time_zone}"


def forget_member_figures(user_or_id) -> None:
    """The member's data changed: the next dashboard counts afresh. Forgets now and again
    after the surrounding transaction commits, since a dashboard counted between the
    write and its commit would still see, and store, the old data."""
    user_id = getattr(user_or_id, "pk", user_or_id)
    if user_id is None:
        return
    forget_key(figures_version_key(user_id))
    transaction.on_commit(lambda: forget_key(figures_version_key(user_id)))
