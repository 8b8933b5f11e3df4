"""Tip 3 in the triage pages: for someone the member does not know, replying comes first
and accepting needs a confirmation that the server checks too; the address follows the
card after a decision, so reload and back work."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Contact
from invitations.models import IncomingInvitation, IncomingState
from tests.factories import ContactFactory, IncomingInvitationFactory

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _stranger(owner, **fields):
    defaults = {"name": "Onbekende Ober", "company": "", "message": "", "received_at": NOW - timedelta(days=2)}
    return IncomingInvitationFactory(owner=owner, **{**defaults, **fields})


def _url(name, invitation):
    return reverse(f"invitations:{name}", kwargs={"pk": invitation.pk})


def test_for_a_stranger_reply_first_comes_first_and_has_the_focus(owner_client, owner):
    invitation = _stranger(owner)
    page = owner_client.get(_url("incoming_detail", invitation)).content.decode()
    reply, accept = page.index('data-shortcut="reply-open"'), page.index('data-shortcut="accept"')
    assert reply < accept
    assert 'data-shortcut="reply-open" data-initial-focus' in page
    assert 'class="btn btn-success" data-shortcut="accept"' not in page  # no green one-key accept
    assert f'<dialog id="accept-confirm-{invitation.pk}"' in page and 'name="accept_unknown" value="1"' in page


def test_someone_known_is_accepted_in_one_key_as_before(owner_client, owner):
    invitation = _stranger(owner, company="Eneco")
    ContactFactory(owner=owner, company="Eneco")
    page = owner_client.get(_url("incoming_detail", invitation)).content.decode()
    assert 'class="btn btn-success" data-shortcut="accept"' in page
    assert page.index('data-shortcut="accept"') < page.index('data-shortcut="reply-open"')
    assert "data-initial-focus" not in page and "accept-confirm" not in page
    response = owner_client.post(_url("incoming_accept", invitation), {"contact": "new"}, **HTMX)
    assert response.status_code == 200
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == IncomingState.ACCEPTED


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_accepting_a_stranger_without_the_confirmation_is_refused_on_the_server(owner_client, owner, headers):
    invitation = _stranger(owner)
    response = owner_client.post(_url("incoming_accept", invitation), {"contact": "new"}, **headers)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Onbekende Ober" in body and ("reply first" in body or "eerst" in body)
    # The confirmation is shown at once (no JS needed) and nothing changed.
    assert f'<dialog id="accept-confirm-{invitation.pk}"' in body and " open>" in body
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == IncomingState.PENDING
    assert not Contact.objects.filter(owner=owner).exists()
    confirmed = owner_client.post(_url("incoming_accept", invitation), {"contact": "new", "accept_unknown": "1"}, **headers)
    assert confirmed.status_code in (200, 302)
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == IncomingState.ACCEPTED


def test_the_reply_submits_with_ctrl_enter_and_says_so(owner_client, owner):
    page = owner_client.get(_url("incoming_detail", _stranger(owner))).content.decode()
    assert "triage-submit-hint" in page and "<kbd>Enter</kbd>" in page


def test_after_a_decision_the_address_follows_the_next_card(owner_client, owner):
    first = _stranger(owner, name="Eerste", received_at=NOW - timedelta(days=3))
    second = _stranger(owner, name="Tweede", received_at=NOW - timedelta(days=2))
    response = owner_client.post(_url("incoming_decline", first), {"reason": ""}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == _url("incoming_detail", second)
    response = owner_client.post(_url("incoming_snooze", second), {"until": "2026-03-20"}, **HTMX)
    assert response["HX-Push-Url"] == reverse("invitations:triage")  # the queue is empty now


def test_a_step_that_keeps_the_card_gives_it_its_own_address(owner_client, owner):
    invitation = _stranger(owner)
    response = owner_client.post(_url("incoming_accept", invitation), {"accept_unknown": "1"}, **HTMX)
    assert response["HX-Replace-Url"] == _url("incoming_detail", invitation)


def test_back_after_a_push_gets_the_whole_page(owner_client, owner):
    """htmx restores history with a request of its own: that one needs the page, not a card."""
    invitation = _stranger(owner)
    response = owner_client.get(
        _url("incoming_detail", invitation), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" in body and 'hx-swap-oob="true"' not in body
