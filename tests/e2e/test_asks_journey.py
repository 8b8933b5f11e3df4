"""A member writes down an ask, asks two people one at a time with the searchable
picker (htmx), records that one of them helped, and sees it on that contact's page as
help received, with the balance. Each step is screenshotted at 1280 and 375 px; no
console error and no CSP violation on the way; axe on every new page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from asks.models import Ask, AskedPerson
from contacts.models import Direction, Interaction
from tests.e2e.journeys import assert_same_page, go_to, log_in, mark_page, submit
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ask_two_people_record_help_and_see_the_balance(journey):
    member = UserFactory(username="ilse")
    karin = ContactFactory(owner=member, first_name="Karin", last_name="Mulder", company="Adyen")
    joost = ContactFactory(owner=member, first_name="Joost", last_name="Kramer", company="Picnic")
    ContactFactory(owner=member, first_name="Kees", last_name="Visser", company="ING")
    log_in(journey, "ilse")
    go_to(journey, "asks:list")
    page = journey.page
    journey.shot("no asks yet")
    journey.axe()

    page.locator("[data-link=new-ask]").click()
    expect(page).to_have_url(journey.url(reverse("asks:create")))
    page.locator("[name=text]").fill("Wie kent een goede data-engineer voor onze vacature?")
    page.locator("[name=kind]").select_option("candidates")
    # Saving without choosing anyone is refused, with the reason, and nothing is saved.
    with journey.refused(422):
        page.locator("#ask-form button[type=submit]:not([name=find])").click()
        expect(page.locator("[data-error=contact]")).to_be_visible()
    assert not Ask.objects.exists()
    journey.shot("no one chosen: refused")

    page.locator("[name=q]").fill("mulder")
    expect(page.locator(f"#pick-{karin.pk}")).to_be_visible()
    page.locator(f"#pick-{karin.pk}").check()
    journey.shot("first person picked")
    journey.axe()
    with page.expect_navigation():
        page.locator("#ask-form button[type=submit]:not([name=find])").click()
    ask = Ask.objects.get()
    expect(page).to_have_url(journey.url(reverse("asks:detail", args=[ask.pk])))
    expect(page.locator(f"#people-list [data-person]")).to_have_count(1)
    journey.shot("ask saved with one person")
    journey.axe()

    mark_page(journey)
    page.locator("input[type=search][name=q]").fill("picnic")
    page.locator(f"[data-add='{joost.pk}']").click()
    expect(page.locator("#people-list [data-person]")).to_have_count(2)
    expect(page.locator(f"[data-add='{joost.pk}']")).to_have_count(0)
    assert_same_page(journey)
    journey.shot("second person added in place")

    karin_row = page.locator(f"[data-person='{AskedPerson.objects.get(contact=karin).pk}']")
    karin_row.locator("summary").click()
    karin_row.locator("[name=outcome]").select_option("helped")
    karin_row.locator("[name=helped_with]").fill("Stelde twee kandidaten voor")
    karin_row.locator("button[type=submit]").first.click()
    expect(page.locator(f"[data-person][data-outcome=helped]")).to_have_count(1)
    assert_same_page(journey)
    assert Interaction.objects.get(contact=karin).direction == Direction.RECEIVED
    journey.shot("Karin helped")
    journey.axe()

    with page.expect_navigation():
        page.locator(f"#people-list a[href='{reverse('contacts:detail', args=[karin.pk])}']").click()
    panel = page.locator("#help-panel")
    expect(panel.locator("[data-balance='-1']")).to_be_visible()
    expect(panel.locator("#help-received li")).to_have_count(1)
    expect(panel.locator("#help-received")).to_contain_text("Stelde twee kandidaten voor")
    journey.shot("help on the contact page")
    journey.axe()

    # A favour given back evens the balance, in place.
    mark_page(journey)
    panel.locator("[data-link=record-favour]").click()
    panel.locator("[name=text]").fill("Haar voorgesteld aan onze CTO")
    panel.locator("#favour-form button[type=submit]").click()
    expect(page.locator("#help-panel [data-balance='0']")).to_be_visible()
    # The favour is an interaction too: the page's interactions list shows it without a reload.
    expect(page.locator("#interaction-list")).to_contain_text("Haar voorgesteld aan onze CTO")
    assert_same_page(journey)
    journey.shot("favour given back: even")

    # Deleting it from the panel takes it out of the interactions list as well.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#help-given button[name=favour]").first.click()
    expect(page.locator("#help-panel [data-balance='-1']")).to_be_visible()
    expect(page.locator("#interaction-list")).not_to_contain_text("Haar voorgesteld aan onze CTO")
    assert_same_page(journey)
