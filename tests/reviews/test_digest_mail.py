"""The digest e-mail as it arrives: the unsubscribe headers as bytes on the wire, the
unsubscribe link that never expires, counts that agree with the lists, and the link to
the invitations waiting for a follow-up."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.urls import reverse
from django.utils import timezone

from invitations.models import InvitationState
from netwerk.accounts.models import DigestCadence, Profile
from reviews.digest import sending
from reviews.links import unsubscribe_url
from tests.factories import IncomingInvitationFactory, InvitationFactory
from tests.reviews.helpers import review_contact

LONG_SITE = "https://netwerk.example.org/a/rather/long/prefix/that/pushes/the/header/past/78"


def make_due(user, **fields):
    Profile.objects.filter(user=user).update(next_digest_at=timezone.now() - timedelta(minutes=5), **fields)
    user.refresh_from_db()
    return user.profile


def header_lines(raw: bytes) -> list[bytes]:
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    return re.split(rb"\r?\n", head)


def parts(received) -> tuple[str, str]:
    message = received["message"]
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content().replace("&amp;", "&"),
    )


def test_list_unsubscribe_is_a_plain_url_in_the_bytes_on_the_wire(smtp_server, owner, settings):
    settings.SITE_URL = LONG_SITE
    review_contact(owner)
    make_due(owner)
    assert sending.send_digest_batch([owner.profile.pk]).sent == 1

    lines = header_lines(smtp_server.messages[0]["raw"])
    expected = f"List-Unsubscribe: <{unsubscribe_url(owner.pk)}>".encode()
    assert len(expected) > 100  # long enough that the e-mail library would fold and encode it
    assert expected in lines  # one line, exactly the URL in angle brackets
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    assert not any(line.startswith((b"List-Unsubscribe", b" ", b"\t")) and b"=?" in line for line in lines)


def test_the_unsubscribe_link_of_a_year_old_digest_still_stops_the_digest(smtp_server, owner, client, settings):
    review_contact(owner)
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        make_due(owner)
        sending.send_digest_batch([owner.profile.pk])
    old_link = smtp_server.messages[0]["message"]["List-Unsubscribe"].strip("<>")

    one_click = client.__class__(enforce_csrf_checks=True)  # a mail client: no cookie, no CSRF token
    response = one_click.post(urlsplit(old_link).path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    owner.profile.refresh_from_db()
    assert owner.profile.digest_cadence == DigestCadence.OFF and owner.profile.next_digest_at is None


def test_a_tampered_unsubscribe_link_changes_nothing(client, owner):
    token = urlsplit(unsubscribe_url(owner.pk)).path.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("reviews:unsubscribe", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    owner.profile.refresh_from_db()
    assert owner.profile.digest_cadence != DigestCadence.OFF


def test_eight_under_review_with_five_listed_says_and_three_more_linking_to_the_queue(smtp_server, owner, settings):
    settings.SITE_URL = "https://netwerk.example"
    for index in range(8):
        review_contact(owner, first_name=f"Person{index}", last_name="Review", days_ago=20 - index)
    make_due(owner, language="en")
    sending.send_digest_batch([owner.profile.pk])

    text, html = parts(smtp_server.messages[0])
    queue = "https://netwerk.example" + reverse("reviews:queue")
    for part in (text, html):
        assert "8 contacts are under" in part
        assert [f"Person{index}" for index in range(8) if f"Person{index} " in part] == [f"Person{i}" for i in range(5)]
    assert f"- and 3 more: {queue}" in text
    assert f'<a href="{queue}">and 3 more</a>' in html


def test_in_dutch_the_rest_is_named_too(smtp_server, owner):
    for index in range(7):
        review_contact(owner, days_ago=index)
    make_due(owner, language="nl")
    sending.send_digest_batch([owner.profile.pk])
    text, html = parts(smtp_server.messages[0])
    assert "7 contacten staan onder" in text
    assert "en nog 2" in text and "en nog 2" in html


def test_every_list_that_is_cut_says_how_many_more(smtp_server, owner):
    old = timezone.now() - timedelta(days=30)
    for index in range(7):
        IncomingInvitationFactory(owner=owner, name=f"Incoming{index}")
        InvitationFactory(owner=owner, recipient_name=f"Sent{index}", state=InvitationState.SENT, sent_at=old)
    make_due(owner, language="en")
    sending.send_digest_batch([owner.profile.pk])
    text, html = parts(smtp_server.messages[0])
    for part in (text, html):
        assert "7 incoming invitations wait for triage" in part
        assert "7 invitations you sent are older than 14 days" in part
        assert part.count("and 2 more") == 2


def test_invitations_older_than_14_days_link_to_the_sent_list_filtered_to_them(smtp_server, owner, client):
    old, recent = timezone.now() - timedelta(days=20), timezone.now() - timedelta(days=3)
    for index in range(7):
        InvitationFactory(owner=owner, recipient_name=f"Waiting{index} Long", state=InvitationState.SENT, sent_at=old)
    InvitationFactory(owner=owner, recipient_name="Fresh Recent", state=InvitationState.SENT, sent_at=recent)
    InvitationFactory(owner=owner, recipient_name="Said Yes", state=InvitationState.ACCEPTED, sent_at=old)
    make_due(owner, language="en")
    sending.send_digest_batch([owner.profile.pk])

    text, html = parts(smtp_server.messages[0])
    assert "7 invitations you sent are older than 14 days" in text
    link = re.search(r"Follow up or withdraw them: (\S+)", text).group(1)
    assert f'href="{link}"' in html
    split = urlsplit(link)
    assert split.path == reverse("invitations:list") and split.query == "age=follow_up"

    client.force_login(owner)
    page = client.get(f"{split.path}?{split.query}").content.decode()
    assert [name for name in (f"Waiting{index} Long" for index in range(7)) if name in page] == [
        f"Waiting{index} Long" for index in range(7)
    ]
    assert "Fresh Recent" not in page and "Said Yes" not in page
