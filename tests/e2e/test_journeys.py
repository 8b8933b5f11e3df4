"""The main journeys a member takes, in chromium, each step screenshotted at 1280 and 375 px.

Every page on the way is checked for console errors, CSP violations and sideways
scrolling on a phone (journey.shot), and the main pages for accessibility (journey.axe)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contacts.demo import seed_contacts
from invitations.models import InvitationState
from netwerk.accounts.models import Profile, User
from tests.e2e.journeys import (
    PASSWORD,
    go_to,
    link_in,
    log_in,
    log_out,
    page_language,
    request_password_reset,
    save_settings,
    sign_up,
    submit,
    switch_language_in_footer,
)
from tests.factories import IncomingInvitationFactory, InvitationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("journey", ["desktop", "phone"], indirect=True)
def test_sign_up_log_out_and_log_in_again(journey):
    journey.goto(reverse("dashboard"))
    expect(journey.page).to_have_url(journey.url(reverse("login") + "?next=/"))
    assert page_language(journey) == "nl"
    journey.shot("anonymous visitor is asked to log in")
    journey.axe()

    sign_up(journey, username="martha", email="martha@example.nl")
    journey.shot("sign-up form filled in")
    journey.axe()
    submit(journey)

    expect(journey.page).to_have_url(journey.url(reverse("dashboard")))
    expect(journey.page.locator(".alert-success")).to_be_visible()
    assert User.objects.get(username="martha").email == "martha@example.nl"
    journey.shot("new member lands on the dashboard")
    journey.axe()

    log_out(journey)
    journey.shot("logged out")
    log_in(journey, "martha")
    expect(journey.page.locator("h1")).to_have_text("Je netwerk in één oogopslag")
    journey.shot("logged in again")


def test_sign_up_refuses_a_mismatched_password_and_says_which_field(journey):
    sign_up(journey, username="edwin", email="edwin@example.nl")
    journey.page.locator("[name=password2]").fill("something else entirely")
    with journey.refused(400):
        submit(journey)
    expect(journey.page.locator("[name=password2]")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(journey.page.locator(".invalid-feedback").first).to_be_visible()
    assert not User.objects.filter(username="edwin").exists()
    journey.shot("sign-up refused")
    journey.axe()


@pytest.mark.parametrize("journey", ["desktop", "phone"], indirect=True)
def test_settings_language_and_digest_preferences(journey):
    member = UserFactory(username="henriette")
    log_in(journey, "henriette")
    go_to(journey, "accounts:settings")
    journey.shot("settings in Dutch")
    journey.axe()

    save_settings(journey, language="en")
    assert page_language(journey) == "en"
    expect(journey.page.locator("h1")).to_have_text("Settings")
    journey.shot("settings in English")

    save_settings(journey, digest_cadence="biweekly", digest_weekday=4, digest_hour=17)
    profile = Profile.objects.get(user=member)
    assert (profile.digest_cadence, profile.digest_weekday, profile.digest_hour) == ("biweekly", 4, 17)
    local = timezone.localtime(profile.next_digest_at, profile.zone)
    assert (local.weekday(), local.hour) == (4, 17)
    journey.shot("digest every other Friday at 17:00")

    go_to(journey, "dashboard")
    expect(journey.page.locator("[data-figure=next-digest]")).to_contain_text("Friday")
    journey.shot("dashboard shows the next digest in English")

    switch_language_in_footer(journey, "nl")
    expect(journey.page.locator("[data-figure=next-digest]")).to_contain_text("vrijdag")
    assert Profile.objects.get(user=member).language == "nl"
    journey.shot("back to Dutch through the footer")

    go_to(journey, "accounts:settings")
    save_settings(journey, digest_cadence="off")
    assert Profile.objects.get(user=member).next_digest_at is None
    go_to(journey, "dashboard")
    expect(journey.page.locator("#tile-digest")).to_be_visible()
    expect(journey.page.locator("[data-figure=next-digest]")).to_have_count(0)
    journey.shot("digest switched off")


@pytest.mark.parametrize("journey", ["desktop", "phone"], indirect=True)
def test_dashboard_with_demo_data(journey):
    member = UserFactory(username="guido")
    seed_contacts(member, 300)
    now = timezone.now()
    for days in (1, 12, 45):
        IncomingInvitationFactory(owner=member, received_at=now - timedelta(days=days))
        InvitationFactory(owner=member, state=InvitationState.SENT, sent_at=now - timedelta(days=days))
    log_in(journey, "guido")

    expect(journey.page.locator("[data-figure=contacts]")).to_have_text("300")
    expect(journey.page.locator("[data-figure=triage-open]")).to_have_text("3")
    journey.shot("dashboard with demo data")
    journey.axe()

    journey.page.locator("details summary").first.click()
    expect(journey.page.locator("details table").first).to_be_visible()
    journey.shot("trend as a table")
    journey.axe()

    with journey.page.expect_navigation():
        journey.page.locator("a.tile-link[href='/contacts/?unlabelled=1']").click()
    assert journey.page.url.endswith("/contacts/?unlabelled=1")
    journey.shot("the list behind the unlabelled tile")


def test_password_reset_through_the_email_link(journey, smtp_server):
    UserFactory(username="paula", email="paula@example.nl")
    log_in_page = reverse("login")
    journey.goto(log_in_page)
    with journey.page.expect_navigation():
        journey.page.locator(f"a[href='{reverse('password_reset')}']").click()
    request_password_reset(journey, "paula@example.nl")
    journey.shot("asking for a reset link")
    journey.axe()
    submit(journey)
    expect(journey.page).to_have_url(journey.url(reverse("password_reset_done")))
    journey.shot("check your e-mail")
    journey.axe()

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]["message"]
    assert smtp_server.messages[0]["to"] == ["paula@example.nl"]
    assert message["Subject"] == "Stel je Netwerk-wachtwoord opnieuw in"
    link = link_in(message, "/password/reset/")
    assert link.startswith(journey.base_url)

    journey.page.goto(link)
    expect(journey.page.locator("[name=new_password1]")).to_be_visible()
    journey.shot("choose a new password")
    journey.axe()
    journey.page.locator("[name=new_password1]").fill("a brand new passphrase 2026")
    journey.page.locator("[name=new_password2]").fill("a brand new passphrase 2026")
    submit(journey)
    expect(journey.page).to_have_url(journey.url(reverse("password_reset_complete")))
    journey.shot("password set")
    journey.axe()

    log_in(journey, "paula", "a brand new passphrase 2026")
    journey.shot("logged in with the new password")
    journey.goto(link[len(journey.base_url) :])
    expect(journey.page.locator(".alert-warning")).to_be_visible()
    journey.shot("the link works only once")


def test_keyboard_skip_link_and_every_field_reachable(journey):
    UserFactory(username="sanne")
    journey.goto(reverse("login"))
    page = journey.page
    # The log-in form puts the cursor in the username field: type, Tab, type, Enter.
    expect(page.locator("[name=username]")).to_be_focused()
    page.keyboard.type("sanne")
    page.keyboard.press("Tab")
    expect(page.locator("[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(journey.url(reverse("dashboard")))

    page.keyboard.press("Tab")
    skip = page.locator("a[href='#main']")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    journey.shot("skip link shows on the first Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main a.tile-link").first).to_be_focused()

    journey.goto(reverse("accounts:settings"))
    fields = page.locator("main form :is(input, select, textarea):not([type=hidden])")
    # Every submitted field (a search box that only filters a list, such as the time
    # zone's, has no name and is not counted here; it still needs its label below).
    expected = {fields.nth(i).get_attribute("name") for i in range(fields.count())} - {None}
    reached = set()
    page.locator("#main").focus()
    for _ in range(len(expected) * 3 + 20):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.getAttribute('name')")
        if name:
            reached.add(name)
        if expected <= reached:
            break
    assert expected - reached == set()
    labelled = page.evaluate(
        """() => [...document.querySelectorAll('main :is(input, select, textarea):not([type=hidden])')]
            .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map((el) => el.name)"""
    )
    assert labelled == []
