"""Another member's data never reaches a member through any channel: pages, htmx fragments,
the admin, error pages, and every channel the apps register (tests/security/channels.py)."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.security.channels import discovered

pytestmark = pytest.mark.django_db
MINE, THEIRS = "Qzxalpha", "Qzxbravo"
SEEDERS, CHANNELS = discovered()


@pytest.fixture
def two_members():
    mine = UserFactory(username="alpha", email="alpha@example.nl")
    theirs = UserFactory(username=f"{THEIRS.lower()}member", email=f"{THEIRS.lower()}@example.nl")
    for seed in SEEDERS.values():
        seed(mine, MINE)
        seed(theirs, THEIRS)
    return mine, theirs


def text_of(content: str | bytes) -> str:
    return (content.decode("utf-8", "replace") if isinstance(content, bytes) else content).lower()


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_nothing_of_another_member_reaches_a_member(two_members, channel):
    mine, _ = two_members
    client = Client()
    client.force_login(mine)
    seen, leaks, own = 0, [], 0
    for where, content in CHANNELS[channel](client, mine):
        text = text_of(content)
        seen += 1
        own += MINE.lower() in text
        if THEIRS.lower() in text:
            start = text.index(THEIRS.lower())
            leaks.append(f"{where}: …{text[max(0, start - 80) : start + 80]}…")
    assert seen, f"channel {channel!r} yielded nothing to search"
    assert leaks == [], f"{len(leaks)} leak(s) through {channel}:\n" + "\n".join(leaks[:20])
    if channel == "pages and htmx fragments":
        assert own, "no page showed the member's own data: the search above would prove nothing"


def test_the_leak_search_finds_a_leak_when_there_is_one(two_members):
    """The detector itself: the other member's own pages do contain their tag."""
    _, theirs = two_members
    client = Client()
    client.force_login(theirs)
    found = any(THEIRS.lower() in text_of(content) for _, content in CHANNELS["pages and htmx fragments"](client, theirs))
    assert found
