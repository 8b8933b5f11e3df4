"""Keyboard hints on the review and triage pages show where there is a keyboard and hide
on a touch screen (a phone), where they would only be noise."""

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import IncomingInvitationFactory, UserFactory
from tests.reviews.helpers import review_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, member, *, touch: bool):
    client = Client()
    client.force_login(member)
    context = browser.new_context(
        viewport={"width": 375, "height": 740} if touch else {"width": 1280, "height": 800},
        has_touch=touch,
        is_mobile=touch,
    )
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )
    return context, context.new_page()


@pytest.mark.parametrize("touch", [False, True])
def test_key_hints_only_where_there_is_a_keyboard(browser, live_server, touch):
    member = UserFactory(username=f"hints{int(touch)}")
    review_contact(member)
    IncomingInvitationFactory(owner=member, company="", message="")
    context, page = _page(browser, live_server, member, touch=touch)
    try:
        page.goto(live_server.url + reverse("reviews:queue"))
        assert page.evaluate("matchMedia('(pointer: coarse)').matches") is touch
        hints = [page.locator("#review-keys"), page.locator(".review-card .review-key-hint").first]
        page2 = context.new_page()
        page2.goto(live_server.url + reverse("invitations:triage"))
        hints += [page2.locator("#triage-card kbd").first, page2.locator(".triage-shortcuts")]
        for hint in hints:
            if touch:
                expect(hint).to_be_hidden()
            else:
                expect(hint).to_be_visible()
        # The reason buttons themselves stay, with their words.
        expect(page.locator(".review-card button[data-reason-digit]")).to_have_count(4)
    finally:
        context.close()
        connections.close_all()
