"""Log-in throttling beyond tests/accounts/test_members.py: the cool-off ends by itself,
and neither the lock-out nor password reset tells whether an account exists."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def comparable(response) -> str:
    """The page without what differs per response anyway (CSP nonce, CSRF token)."""
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_the_cool_off_ends_by_itself(client, owner, settings):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "owner", "wrong")
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        response = login(client, "owner", RIGHT)
        assert response.status_code == 302 and signed_in(client), "still locked after the cool-off"


def test_the_right_password_during_the_cool_off_is_refused_and_restarts_it(client, owner, settings):
    """Every attempt while locked counts as one more failure (django-axes), so a guesser
    who keeps trying stays locked; the member gets in one full cool-off after the last try."""
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "owner", "wrong")
        traveller.shift(settings.AXES_COOLOFF_TIME - timedelta(seconds=30))
        login(client, "owner", RIGHT)
        assert not signed_in(client), "the right password worked during the cool-off"
        traveller.shift(timedelta(seconds=31))
        login(client, "owner", RIGHT)
        assert not signed_in(client), "trying during the cool-off did not restart it"
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert login(client, "owner", RIGHT).status_code == 302 and signed_in(client)


def test_a_success_after_the_cool_off_starts_the_count_afresh(client, owner, settings):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "owner", "wrong")
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert login(client, "owner", RIGHT).status_code == 302
        client.logout()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, "owner", "wrong")
        assert login(client, "owner", RIGHT).status_code == 302


def test_the_lock_out_page_is_the_wrong_password_page(client, owner, settings):
    wrong = login(client, "owner", "wrong")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "owner", "wrong")
    locked = login(client, "owner", RIGHT)
    assert not signed_in(client)
    assert locked.status_code == wrong.status_code == 200
    assert comparable(locked) == comparable(wrong)


def test_a_locked_unknown_username_answers_like_a_locked_member(client, owner, settings):
    pages = []
    for username in ("owner", "ghost"):
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            response = login(client, username, "wrong")
        pages.append(comparable(response).replace(username, "USERNAME"))
    assert pages[0] == pages[1]


def test_password_reset_pages_are_identical_for_known_and_unknown_addresses(client, owner, mailoutbox):
    known = client.post(reverse("password_reset"), {"email": owner.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.nl"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert comparable(known) == comparable(unknown)
    assert [m.to for m in mailoutbox] == [[owner.email]]


def test_password_reset_for_an_inactive_or_passwordless_member_sends_nothing_and_looks_the_same(
    client, owner, outsider, mailoutbox
):
    owner.is_active = False
    owner.save()
    outsider.set_unusable_password()
    outsider.save()
    pages = [comparable(client.post(reverse("password_reset"), {"email": u.email}, follow=True)) for u in (owner, outsider)]
    pages.append(comparable(client.post(reverse("password_reset"), {"email": "nobody@example.nl"}, follow=True)))
    assert pages[0] == pages[1] == pages[2]
    assert mailoutbox == []
