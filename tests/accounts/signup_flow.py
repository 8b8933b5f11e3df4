"""Signing up as a visitor does it: the address, the link from the mail, the account."""

import re

from django.urls import reverse

PASSWORD = "pw-Sign-up-2026!x"
LINK = re.compile(r"https?://\S+?/account/(?:signup/finish|address/confirm)/[^/\s]+/")


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, f"no link in {message.subject!r}: {message.body}"
    return found.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def sign_up(client, email, username, mailoutbox, *, password=PASSWORD, **extra):
    """Sign up through both steps; the response of the last POST."""
    client.post(reverse("accounts:signup"), {"email": email}, **extra)
    finish = path_of(link_in(mailoutbox[-1]))
    return client.post(finish, {"username": username, "password1": password, "password2": password}, **extra)
