"""Counting attempts per client address or per e-mail address in the cache, for the
forms that are no log-in (django-axes throttles those): sign-up and address links.
A counter starts with the first attempt and is forgotten `window` seconds later."""

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    return "throttle:" + scope + ":" + hashlib.sha256((value or "").lower().encode()).hexdigest()


def over_limit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True when this one is past `limit` within the window."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
