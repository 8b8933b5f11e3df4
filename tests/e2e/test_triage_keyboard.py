"""The triage queue in a real browser (Debian's chromium) at 375 px: keyboard shortcuts,
htmx swaps without a page load, a refused reply shown in place, and a clean CSP."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from invitations.models import IncomingInvitation, IncomingState
from tests.factories import IncomingInvitationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(browser, live_server, owner):
    client = Client()
    client.force_login(owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # One chromium for the package: tests/e2e/conftest.py's `browser`.
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    # A refused request is a 400 on purpose; the browser logs every 4xx as an error.
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, problems
    context.close()
    # With Playwright's loop running, the ORM keeps its connections in a context of their
    # own; close them here, or PostgreSQL cannot drop the test database afterwards.
    connections.close_all()


def _state(name):
    return IncomingInvitation.objects.get(name=name).state


def test_keyboard_triage_at_375px_without_a_page_load(browser_page, live_server, owner):
    page, problems = browser_page
    owner.profile.language = "en"
    owner.profile.save()
    now = timezone.now()
    IncomingInvitationFactory(owner=owner, name="Anne Oldest", company="Eneco", received_at=now - timedelta(days=5))
    IncomingInvitationFactory(owner=owner, name="Bram Middle", received_at=now - timedelta(days=3))
    IncomingInvitationFactory(owner=owner, name="Cleo Newest", received_at=now - timedelta(days=1))

    page.goto(live_server.url + "/invitations/triage/")
    heading = page.locator("#triage-name")
    expect(heading).to_have_text("Anne Oldest")
    page.evaluate("window.noReload = true")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.keyboard.press("j")
    expect(heading).to_have_text("Bram Middle")
    page.keyboard.press("k")
    expect(heading).to_have_text("Anne Oldest")

    # r goes to the reply; a canned reply is refused in place (400 swapped in), nothing changes.
    page.keyboard.press("r")
    reply = page.locator('[data-shortcut="reply"]')
    expect(reply).to_be_focused()
    reply.fill("I'd like to add you to my professional network on LinkedIn.")
    page.get_by_role("button", name="Save reply and wait for their answer").click()
    expect(page.locator("#triage-card .alert-danger")).to_be_visible()
    assert _state("Anne Oldest") == IncomingState.PENDING
    page.keyboard.press("Escape")

    # d: type a reason, Enter: declined, and the next invitation arrives.
    page.locator("body").press("d")
    expect(page.locator('[data-shortcut="decline"]')).to_be_focused()
    page.keyboard.type("Ken ik niet")
    page.keyboard.press("Enter")
    expect(heading).to_have_text("Bram Middle")
    assert _state("Anne Oldest") == IncomingState.DECLINED

    # Bram is someone new: a asks for a confirmation first, y gives it; then labels and a note.
    page.keyboard.press("a")
    expect(page.locator("#triage-card dialog")).to_be_visible()
    assert _state("Bram Middle") == IncomingState.PENDING
    page.keyboard.press("y")
    expect(page.locator("#follow-up form")).to_be_visible()
    assert _state("Bram Middle") == IncomingState.ACCEPTED
    page.locator("#id_how_we_know").fill("Borrel in Utrecht.")
    page.locator("#follow-up").get_by_role("button", name="Save").click()
    expect(page.locator("#follow-up .text-success")).to_be_visible()
    assert IncomingInvitation.objects.get(name="Bram Middle").contact.how_we_met == "Borrel in Utrecht."

    assert page.evaluate("window.noReload") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert [p for p in problems if "status of 400" not in p] == []
