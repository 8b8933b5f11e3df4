"""Security headers on every HTML route, enumerated from the URL configuration."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.routes import ROUTE_NAMES, address

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 3600


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def nonce_of(policy: str) -> str | None:
    match = re.search(r"'nonce-([^']+)'", " ".join(directives(policy).get("script-src", [])))
    return match.group(1) if match else None


def assert_strict_csp(response, url):
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"{url}: no Content-Security-Policy"
    parsed = directives(policy)
    assert parsed.get("object-src") == ["'none'"], f"{url}: {policy}"
    assert parsed.get("base-uri") == ["'none'"], f"{url}: {policy}"
    assert parsed.get("frame-ancestors") == ["'none'"], f"{url}: {policy}"
    script_src = parsed.get("script-src", parsed.get("default-src"))
    assert script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, policy
    return nonce_of(policy)


def assert_production_headers(response, url):
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age and int(max_age.group(1)) >= ONE_YEAR, f"{url}: HSTS {hsts!r}"
    assert "includesubdomains" in hsts.lower(), f"{url}: HSTS {hsts!r}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy"), url
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert response.headers.get("X-Frame-Options") == "DENY", url


def fetch_twice(client, url):
    return [client.get(url, secure=True) for _ in range(2)]


def check_route(client, name, url):
    first, second = fetch_twice(client, url)
    content_type = first.headers.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        # JSON, CSV, vCard...: no page to protect with a CSP, but HSTS and nosniff all the same.
        for response in (first, second):
            assert_production_headers(response, url)
        return
    nonces = []
    for response in (first, second):
        nonces.append(assert_strict_csp(response, url))
        assert_production_headers(response, url)
    if first.status_code == 200 and b"<html" in first.content:
        # Django puts the nonce in the header only when the page used it: every page
        # that renders loads its scripts with it; a bodiless redirect or an htmx
        # fragment (no <html>, no scripts of its own) needs none.
        assert nonces[0] and nonces[1], f"{url}: a rendered page without a script nonce"
        assert b"nonce=" in first.content, f"{url}: a rendered page whose scripts carry no nonce"
    if nonces[0] or nonces[1]:
        assert nonces[0] != nonces[1], f"{url}: the same CSP nonce twice"


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_every_page_has_strict_csp_and_production_headers_for_a_member(production, owner, name):
    client = Client()
    client.force_login(owner)
    check_route(client, name, address(name, owner).url)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_public_pages_have_strict_csp_and_production_headers_for_anonymous(production, owner, name):
    target = address(name, owner)
    if not target.public:
        # A members-only page sends anonymous visitors away: that redirect gets the headers too.
        response = Client().get(target.url, secure=True)
        assert response.status_code == 302
        assert_production_headers(response, target.url)
        return
    check_route(Client(), name, target.url)


def test_the_default_development_mode_also_sends_a_fresh_nonce_per_response(owner_client):
    url = reverse("contacts:list")
    nonces = {assert_strict_csp(owner_client.get(url), url) for _ in range(3)}
    assert None not in nonces and len(nonces) == 3


def test_the_nonce_in_the_header_is_the_one_on_the_page_scripts(owner_client):
    response = owner_client.get(reverse("dashboard"))
    nonce = assert_strict_csp(response, "/")
    assert nonce
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads no script at all"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


def test_plain_http_is_sent_to_https_in_production(production, owner_client):
    response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_health_answers_plain_http_for_load_balancers_in_production(production, client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_samesite_and_the_session_cookie_httponly(production, client, owner):
    client.get(reverse("login"), secure=True)
    csrf = client.cookies["csrftoken"]
    response = client.post(
        reverse("login"),
        {"username": "owner", "password": "correct horse battery staple", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"].lower() in ("lax", "strict")
    csrf = response.cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"].lower() in ("lax", "strict")


def test_the_language_cookie_is_secure_in_production(production, owner_client):
    response = owner_client.post(reverse("switch_language"), {"language": "en", "next": "/"}, secure=True)
    cookie = response.cookies["django_language"]
    assert cookie["secure"] and cookie["samesite"].lower() == "lax"
