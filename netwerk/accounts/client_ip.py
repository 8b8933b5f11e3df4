"""The client's address, for lock-outs and throttles.

Without a reverse proxy it is REMOTE_ADDR and any X-Forwarded-For is ignored (a client
could write anything there). With `NETWERK_BEHIND_PROXY`, each of the
`NETWERK_PROXY_COUNT` trusted proxies appended the address it saw to X-Forwarded-For,
so the client is the entry that many places from the right; entries further left were
written by the client and are never trusted."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# A proxy chain longer than this is not a chain we set up; the header is not parsed past it.
MAX_FORWARDED_LENGTH = 4096


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.NETWERK_PROXY_COUNT if settings.NETWERK_BEHIND_PROXY else 0
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[-MAX_FORWARDED_LENGTH:]
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    return _valid(hops[-count]) or remote
