"""Behind a reverse proxy and in production: whose address a lock-out counts, when
X-Forwarded-Proto is believed, the language cookie's flags, and download names."""

import os
import secrets
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.conftest import ROOT

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
PROXY = "10.0.0.2"


def login_from(client, username, password, *, forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.NETWERK_BEHIND_PROXY = True
    settings.NETWERK_PROXY_COUNT = 1
    return settings


def test_behind_a_proxy_a_stranger_cannot_lock_a_member_out(behind_proxy, owner):
    stranger = Client()
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT + 3):
        login_from(stranger, "owner", "guess", forwarded="203.0.113.9")
    member = Client()
    response = login_from(member, "owner", RIGHT, forwarded="198.51.100.7")
    assert response.status_code == 302 and "_auth_user_id" in member.session


def test_behind_a_proxy_the_stranger_is_locked_out_whatever_they_write_in_the_header(behind_proxy, owner):
    """The proxy appends the address it saw; anything left of it was written by the client."""
    stranger = Client()
    for n in range(behind_proxy.AXES_FAILURE_LIMIT):
        login_from(stranger, "owner", "guess", forwarded=f"198.51.100.{n}, 203.0.113.9")
    response = login_from(stranger, "owner", RIGHT, forwarded="198.51.100.7, 203.0.113.9")
    assert "_auth_user_id" not in stranger.session
    member = Client()
    assert login_from(member, "owner", RIGHT, forwarded="198.51.100.7").status_code == 302
    assert response.status_code == 200


def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(settings, owner):
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        login_from(attacker, "owner", "guess", forwarded=f"198.51.100.{n}", remote="203.0.113.9")
    login_from(attacker, "owner", RIGHT, forwarded="198.51.100.77", remote="203.0.113.9")
    assert "_auth_user_id" not in attacker.session, "a forged X-Forwarded-For escaped the lock-out"


@pytest.mark.parametrize("header", ["not-an-address", "", " , ,", "1.2.3.4.5", "x" * 10_000])
def test_a_garbled_forwarded_header_falls_back_to_the_proxy_address(behind_proxy, owner, header):
    client = Client()
    for _ in range(behind_proxy.AXES_FAILURE_LIMIT):
        login_from(client, "owner", "guess", forwarded=header)
    login_from(client, "owner", RIGHT, forwarded=header)
    assert "_auth_user_id" not in client.session


def dump_setting(name: str, **environment) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(NETWERK_PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(64), DEBUG="0", **environment)
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_forwarded_proto_is_believed_only_when_a_proxy_is_declared():
    assert dump_setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert dump_setting("SECURE_PROXY_SSL_HEADER", NETWERK_BEHIND_PROXY="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_production_reached_directly_redirects_a_forged_https_claim(production, client):
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def settings_form(language="en") -> dict:
    return {
        "account-email": "owner@example.nl",
        "profile-language": language,
        "profile-time_zone": "Europe/Amsterdam",
        "profile-digest_cadence": "weekly",
        "profile-digest_weekday": "0",
        "profile-digest_hour": "8",
        "profile-daily_invitation_cap": "10",
        "profile-weekly_invitation_cap": "50",
        "profile-inactive_months": "12",
    }


def test_the_settings_page_sets_a_secure_httponly_language_cookie_in_production(production, owner_client):
    response = owner_client.post(reverse("accounts:settings"), settings_form(), secure=True)
    assert response.status_code == 302
    cookie = response.cookies[production.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"].lower() == "lax"


def test_the_language_switch_sets_a_secure_httponly_cookie_in_production(production, owner_client):
    response = owner_client.post(reverse("switch_language"), {"language": "en", "next": "/"}, secure=True)
    cookie = response.cookies[production.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]


@pytest.mark.parametrize("url_name", ["contacts:export_csv", "contacts:export_vcard", "contacts:export_account"])
@pytest.mark.parametrize("username", ["李雷", "Ωmega", "žofia"])
def test_download_names_outside_latin_1_use_rfc_6266_filename_star(client, url_name, username):
    member = UserFactory(username=username)
    client.force_login(member)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''netwerk-{quote(username)}-" in disposition
    disposition.encode("latin-1")  # a header a browser can read as it is
