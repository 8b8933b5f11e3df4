"""The time-zone field in a browser: typing filters the grouped Dutch list and picks the
first match; Amsterdam comes first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from netwerk.accounts.models import Profile
from tests.e2e.journeys import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_the_time_zone_in_dutch(journey):
    member = UserFactory(username="reiziger")
    Profile.objects.filter(user=member).update(language="nl")
    log_in(journey, "reiziger")
    journey.goto(reverse("accounts:settings"))
    page = journey.page
    select = page.locator("select[name='profile-time_zone']")
    assert select.locator("option").first.get_attribute("value") == "Europe/Amsterdam"
    search = page.locator("[data-searchable-select-input]")
    expect(search).to_be_visible()
    search.fill("buenos")
    assert select.input_value() == "America/Argentina/Buenos_Aires"
    visible = page.evaluate(
        """() => [...document.querySelectorAll("select[name='profile-time_zone'] option")]
            .filter((option) => !option.hidden).map((option) => option.textContent)"""
    )
    assert visible == ["Buenos Aires (Argentinië)"]
    journey.shot("time zone searched")
    journey.axe()
    search.press("Enter")  # Enter in the search box does not submit the settings
    assert page.url.endswith(reverse("accounts:settings"))
    with page.expect_navigation():
        page.locator("form:has(select[name='profile-time_zone']) button[type=submit]").first.click()
    assert Profile.objects.get(user=member).time_zone == "America/Argentina/Buenos_Aires"
