"""Every route of the URL configuration, addressed for one member: the shared ground of
the security tests. Builds on tests/urlmap.py and the apps' url_objects registries, so a
URL another helper adds is covered here the moment it is merged."""

from dataclasses import dataclass

from django.urls import reverse

from tests.urlmap import iter_routes, registries

OBJECT_URLS, PUBLIC_URLS, KWARG_URLS = registries()
ROUTES = list(iter_routes())
ROUTE_NAMES = sorted(route.name for route in ROUTES)

# URLs that must accept a POST without a CSRF token, each with the reason. Nothing else
# may be exempt: tests/security/test_csrf.py fails for any other csrf_exempt view.
CSRF_EXEMPT_URLS: dict[str, str] = {
    "reviews:unsubscribe": (
        "RFC 8058 one-click unsubscribe: the mail client POSTs List-Unsubscribe=One-Click without a "
        "session or token; the signed, member-bound link is the credential and it can only turn the "
        "digest off."
    ),
    "contacts:import": (
        "The upload-size handler must be installed before anything reads the body, CSRF's check "
        "included; the view then checks CSRF itself (csrf_protect inside). Only a refusal for size "
        "is answered without the token, and it changes nothing."
    ),
    "restore_account": (
        "Same upload guard as contacts:import: the size handler goes in before CSRF reads the "
        "body; the view checks CSRF itself (csrf_protect inside) and only a refusal for size is "
        "answered without the token."
    ),
}


@dataclass(frozen=True)
class Address:
    name: str
    url: str
    public: bool


def address(name: str, member) -> Address:
    """The URL of route `name` for `member`, building the member's own object if the
    route has a key."""
    if name in OBJECT_URLS:
        kwargs = OBJECT_URLS[name](member)
    elif name in KWARG_URLS:
        kwargs = KWARG_URLS[name](member)
    else:
        kwargs = None
    return Address(name=name, url=reverse(name, kwargs=kwargs), public=name in PUBLIC_URLS)
