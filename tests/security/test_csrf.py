"""CSRF on every URL, enumerated from the URL configuration: a POST without a token is
refused with a 403 and changes nothing; a GET changes nothing either. Only the URLs in
routes.CSRF_EXEMPT_URLS may do otherwise, each with its reason."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.routes import CSRF_EXEMPT_URLS, ROUTE_NAMES, address
from tests.security.snapshot import snapshot

pytestmark = pytest.mark.django_db
FORM = {"name": "x", "text": "x", "body": "x", "label": "1", "language": "en", "next": "/", "email": "a@b.nl"}
GUARDED = [name for name in ROUTE_NAMES if name not in CSRF_EXEMPT_URLS]


def signed_in_client(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_exempt_urls_exist_and_say_why():
    for name, reason in CSRF_EXEMPT_URLS.items():
        assert name in ROUTE_NAMES, f"{name} is exempt from CSRF but is no URL"
        assert len(reason) > 20, f"{name}: say why it must accept a POST without a token"


def all_patterns(patterns=None, namespace=None):
    """Every URL pattern, the admin's included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry.url_patterns, ":".join(filter(None, [namespace, entry.namespace])) or None)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def test_no_view_is_csrf_exempt_unless_listed():
    """A view marked @csrf_exempt that nobody listed fails here, before anyone relies on it."""
    patterns = list(all_patterns())
    assert len(patterns) > len(ROUTE_NAMES), "the walk missed the admin"
    for name, view in patterns:
        if getattr(view, "csrf_exempt", False):
            assert name in CSRF_EXEMPT_URLS, f"{name} is csrf_exempt; list it in CSRF_EXEMPT_URLS with the reason"


@pytest.mark.parametrize("name", GUARDED)
def test_post_without_token_from_a_signed_in_member_is_refused_and_changes_nothing(owner, name):
    url = address(name, owner).url
    client = signed_in_client(owner)
    before = snapshot()
    response = client.post(url, FORM)
    assert response.status_code == 403, f"POST {url} without a CSRF token answered {response.status_code}"
    assert snapshot() == before, f"POST {url} without a CSRF token changed data"
    assert client.session.get("_auth_user_id") == str(owner.pk), f"POST {url} signed the member out"


@pytest.mark.parametrize("name", GUARDED)
def test_post_with_a_forged_token_is_refused(owner, name):
    url = address(name, owner).url
    client = signed_in_client(owner)
    client.cookies["csrftoken"] = "a" * 32
    before = snapshot()
    response = client.post(url, {**FORM, "csrfmiddlewaretoken": "b" * 32}, HTTP_X_CSRFTOKEN="b" * 32)
    assert response.status_code == 403, f"POST {url} with a forged token answered {response.status_code}"
    assert snapshot() == before


@pytest.mark.parametrize("name", GUARDED)
def test_anonymous_post_without_token_is_refused(owner, name):
    target = address(name, owner)
    before = snapshot()
    response = Client(enforce_csrf_checks=True).post(target.url, FORM)
    if target.public:
        assert response.status_code == 403, f"anonymous POST {target.url} answered {response.status_code}"
    else:
        # login_required is the outermost decorator, CSRF middleware runs before the view:
        # either way nothing happens.
        assert response.status_code in (302, 403)
    assert snapshot() == before


@pytest.mark.parametrize("name", ROUTE_NAMES)
@pytest.mark.parametrize("htmx", [False, True])
def test_get_changes_nothing(owner, name, htmx):
    url = address(name, owner).url
    client = signed_in_client(owner)
    client.get("/")  # the session and its CSRF cookie exist before the snapshot
    before = snapshot()
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, {"q": "x", "page": "2", "language": "en"}, headers=headers)
    assert response.status_code < 500
    assert snapshot() == before, f"GET {url} changed data"
    assert client.session.get("_auth_user_id") == str(owner.pk), f"GET {url} signed the member out"


def test_the_form_token_on_a_page_is_accepted(owner):
    """The other half: the token the pages carry works, so the 403s above are about the token."""
    client = signed_in_client(owner)
    page = client.get("/")
    token = page.context["csrf_token"]
    response = client.post(address("switch_language", owner).url, {"language": "en", "next": "/", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
