"""Guessing the old password on the password change form is throttled like log-in:
the same lock-out per member and address, the same cool-off, the same answer."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
NEW = "a-new-Passphrase-2026!"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def change(client, old, new=NEW, **extra):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}, **extra
    )


def test_twelve_wrong_old_passwords_then_the_right_one_is_refused(owner_client, owner):
    for n in range(12):
        response = change(owner_client, f"guess {n}")
        assert response.status_code == 200
    response = change(owner_client, RIGHT)
    owner.refresh_from_db()
    assert not owner.check_password(NEW), "the right old password was accepted after 12 wrong guesses"
    assert owner.check_password(RIGHT)
    assert response.status_code == 200


def test_the_locked_answer_is_the_wrong_password_answer(owner_client, owner, settings):
    wrong = change(owner_client, "guess", HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = change(owner_client, RIGHT, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == locked.status_code == 200
    for page in (wrong, locked):
        assert page.context["form"].errors["old_password"] == [page.context["form"].error_messages["password_incorrect"]]


def test_the_right_old_password_works_after_the_cool_off(owner, settings):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(owner)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            change(client, "guess")
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        response = change(client, RIGHT)
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW)


def test_a_few_wrong_guesses_then_the_right_one_is_accepted(owner_client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change(owner_client, "guess")
    assert change(owner_client, RIGHT).status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW)
