"""Keep in touch in chromium: the member gives the clients' label a rhythm, finds the
overdue clients in "Get in touch", logs one by keyboard (in place, htmx), snoozes one,
skips one, sees the list empty, and makes a calendar address that serves the feed. Each
step is screenshotted at 1280 and 375 px; no console error and no CSP violation on the
way; axe on every new page."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts import services as label_services
from contacts.models import Contact, Interaction
from tests.e2e.journeys import assert_same_page, go_to, log_in, mark_page
from tests.factories import ContactFactory, LabelFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rhythm_list_log_snooze_skip_and_calendar(journey):
    member = UserFactory(username="noor")
    clients = LabelFactory(owner=member, name="Opdrachtgevers")
    people = [
        ContactFactory(owner=member, first_name=name, last_name="Klant", connected_on=date(2024, 1, 10 + index))
        for index, name in enumerate(("Anne", "Bram", "Cleo"))
    ]
    label_services.add_label(owner=member, label=clients, contacts=Contact.objects.filter(owner=member))
    log_in(journey, "noor")
    page = journey.page

    # The label gets a rhythm on its own page.
    journey.page.goto(journey.url(reverse("contacts:label_edit", args=[clients.pk])))
    page.locator("[name=keep_in_touch_days]").fill("90")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert Contact.objects.filter(owner=member, touch_due_on__isnull=False).count() == 3

    go_to(journey, "reviews:keep_in_touch")
    expect(page.locator(".review-card")).to_have_count(3)
    journey.shot("three clients due")
    journey.axe()

    # l on the first card logs it, in place.
    mark_page(journey)
    page.locator(f"#touch-{people[0].pk}").focus()
    page.keyboard.press("l")
    expect(page.locator(f"#touch-{people[0].pk}.alert-success")).to_be_visible()
    assert_same_page(journey)
    assert Interaction.objects.filter(contact=people[0]).count() == 1
    journey.shot("first one logged")

    # Snooze the second with the button (next week), skip the third by keyboard.
    page.locator(f"#touch-{people[1].pk} button[value=snooze]").click()
    expect(page.locator(f"#touch-{people[1].pk}.alert-success")).to_be_visible()
    page.locator(f"#touch-{people[2].pk}").focus()
    page.keyboard.press("x")
    expect(page.locator(f"#touch-{people[2].pk}.alert-success")).to_be_visible()
    assert not Interaction.objects.filter(contact__in=people[1:]).exists()
    today = date.today()
    people[1].refresh_from_db()
    assert today < people[1].touch_due_on <= today + timedelta(days=7)

    go_to(journey, "reviews:keep_in_touch")
    expect(page.locator("#touch-empty")).to_be_visible()
    journey.shot("nobody due any more")

    # A calendar address, and its feed.
    page.locator(f"a[href='{reverse('reviews:calendar')}']").click()
    expect(page).to_have_url(journey.url(reverse("reviews:calendar")))
    journey.axe()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    address = page.locator("[data-calendar-url]").input_value()
    journey.shot("calendar address")
    feed = page.request.get(journey.url(urlsplit(address).path))  # SITE_URL names the real host
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text()
