"""Tip 3 in chromium at 1280 and 375 px: for someone the member does not know, "Reply
first" has the focus, the reply opens with its placeholder selected and Ctrl+Enter saves
it; accepting such a person takes a confirmation that says why (answered by keyboard);
after a decision the address follows the card, so back and reload show the right one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from invitations.models import IncomingInvitation, IncomingState
from tests.e2e.journeys import assert_same_page, go_to, log_in, mark_page
from tests.factories import IncomingInvitationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OWN_WORDS = "Ik zag je talk over energiedata in Utrecht en ben benieuwd naar je project met warmtenetten."


def _state(name):
    return IncomingInvitation.objects.get(name=name).state


def _detail(name):
    return reverse("invitations:incoming_detail", kwargs={"pk": IncomingInvitation.objects.get(name=name).pk})


@pytest.mark.parametrize("journey", ["desktop", "phone"], indirect=True)
def test_a_stranger_gets_a_reply_first_and_accepting_needs_a_confirmation(journey):
    member = UserFactory(username="drie")
    now = timezone.now()
    for days, name in ((5, "Onbekende Ober"), (4, "Tweede Vreemde"), (3, "Derde Vreemde")):
        IncomingInvitationFactory(owner=member, name=name, company="", message="", received_at=now - timedelta(days=days))
    log_in(journey, "drie")
    go_to(journey, "invitations:triage")
    page = journey.page
    heading = page.locator("#triage-name")
    expect(heading).to_have_text("Onbekende Ober")
    mark_page(journey)

    # Reply first has the focus; the accept is a quiet, second button.
    expect(page.locator("[data-shortcut='reply-open']")).to_be_focused()
    expect(page.locator("#triage-card .btn-success")).to_have_count(0)
    journey.shot("a stranger: reply first")
    journey.axe()

    # r opens the reply with the placeholder selected: typing replaces it; Ctrl+Enter saves.
    page.keyboard.press("r")
    reply = page.locator("[data-shortcut='reply']")
    expect(reply).to_be_focused()
    selected = reply.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected.startswith("[") and selected.endswith("]"), selected
    page.keyboard.type(OWN_WORDS)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#triage-card .triage-reply pre")).to_contain_text(OWN_WORDS)
    assert _state("Onbekende Ober") == IncomingState.AWAITING_ANSWER
    assert "[" not in IncomingInvitation.objects.get(name="Onbekende Ober").reply_text
    expect(page).to_have_url(journey.url(_detail("Onbekende Ober")))
    journey.shot("the reply is saved")

    # On to the next stranger; a asks first and says why; Escape or r keeps the rule.
    page.keyboard.press("Escape")
    page.locator("body").press("j")
    expect(heading).to_have_text("Tweede Vreemde")
    expect(page).to_have_url(journey.url(_detail("Tweede Vreemde")))
    page.keyboard.press("a")
    dialog = page.locator("#triage-card dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-dialog-reply]")).to_be_focused()
    assert dialog.evaluate("el => el.matches(':modal')")
    assert _state("Tweede Vreemde") == IncomingState.PENDING
    journey.shot("accepting a stranger asks first")
    journey.axe()
    page.keyboard.press("r")  # reply first after all
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-shortcut='reply']")).to_be_focused()
    page.keyboard.press("Escape")

    # Declining moves on, and the address follows the card.
    page.locator("body").press("d")
    page.keyboard.type("Ken ik niet")
    page.keyboard.press("Enter")
    expect(heading).to_have_text("Derde Vreemde")
    expect(page).to_have_url(journey.url(_detail("Derde Vreemde")))
    assert _state("Tweede Vreemde") == IncomingState.DECLINED

    # Accepting a stranger after all: two keys, a then y.
    page.keyboard.press("a")
    expect(dialog).to_be_visible()
    page.keyboard.press("y")
    expect(page.locator("#follow-up form")).to_be_visible()
    assert _state("Derde Vreemde") == IncomingState.ACCEPTED
    assert_same_page(journey)
    journey.shot("accepted after confirming")

    # Back shows the card decided before, as it is now; reload keeps it.
    page.go_back()
    expect(page).to_have_url(journey.url(_detail("Tweede Vreemde")))
    expect(heading).to_have_text("Tweede Vreemde")
    expect(page.locator("#triage-card .triage-state")).to_contain_text("Afgewezen")
    page.reload()
    expect(heading).to_have_text("Tweede Vreemde")
    journey.shot("back and reload")
