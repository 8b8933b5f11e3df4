"""The weekly review stays a short list: inactivity is judged only from what Netwerk has
seen, and the page shows the member's weekly number of suggestions, most telling first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactLabel, Direction
from reviews.rules import Rule, first_suggestions, suggestions_for
from tests.factories import ContactFactory, InteractionFactory, LabelFactory

LONG_AGO = timezone.now() - timedelta(days=3 * 365)


def test_a_fresh_import_makes_nobody_inactive(owner):
    """Connected in 2015, never an interaction logged, imported today: not inactive."""
    imported = [ContactFactory(owner=owner, connected_on=date(2015, 3, 1)) for _ in range(5)]
    InteractionFactory(contact=imported[0], date=date(2019, 1, 1), direction=Direction.MUTUAL)
    assert suggestions_for(owner, owner.profile, timezone.now()) == []


def test_inactivity_counts_from_the_later_of_the_last_interaction_and_the_tracking_start(owner):
    now = timezone.now()
    tracked_long = ContactFactory(owner=owner, connected_on=date(2015, 3, 1), created_at=LONG_AGO)
    recently_tracked = ContactFactory(owner=owner, connected_on=date(2015, 3, 1), created_at=now - timedelta(days=200))
    spoke_lately = ContactFactory(owner=owner, created_at=LONG_AGO)
    InteractionFactory(contact=spoke_lately, date=timezone.localdate() - timedelta(days=30))
    found = {s.contact for s in suggestions_for(owner, owner.profile, now)}
    assert found == {tracked_long}
    assert recently_tracked not in found
    # A year after it started tracking, the quiet contact is inactive after all.
    later = now + timedelta(days=200)
    assert recently_tracked in {s.contact for s in suggestions_for(owner, owner.profile, later)}


def test_most_telling_first(owner):
    now = timezone.now()
    quiet = ContactFactory(owner=owner, created_at=LONG_AGO, last_name="Stil")
    restricted_label = LabelFactory(owner=owner, restricts_contact=True)
    restricted = ContactFactory(owner=owner, created_at=now, last_name="Beperkt")
    ContactLabel.objects.create(contact=restricted, label=restricted_label)
    both = ContactFactory(owner=owner, created_at=LONG_AGO, last_name="Beide")
    ContactLabel.objects.create(contact=both, label=restricted_label)
    order = [(s.contact, s.rules) for s in suggestions_for(owner, owner.profile, now)]
    assert order == [(both, [Rule.INACTIVE, Rule.CONTRACT]), (restricted, [Rule.CONTRACT]), (quiet, [Rule.INACTIVE])]


def test_the_weekly_number_is_a_preference_and_the_rest_waits(owner):
    owner.profile.weekly_suggestions = 3
    suggestions = list(range(8))
    assert first_suggestions(suggestions, owner.profile) == ([0, 1, 2], 5)
    assert first_suggestions(suggestions, owner.profile, page=3) == ([6, 7], 0)
    assert first_suggestions(suggestions, owner.profile, page=99) == ([], 0)


def _many_quiet_contacts(owner, count):
    Contact.objects.bulk_create(
        [
            Contact(owner=owner, first_name=f"Stil{index:03d}", last_name="Contact", created_at=LONG_AGO)
            for index in range(count)
        ]
    )


@pytest.mark.django_db
def test_the_review_page_never_lists_hundreds(owner_client, owner, django_assert_max_num_queries):
    _many_quiet_contacts(owner, 300)
    with django_assert_max_num_queries(20):
        response = owner_client.get(reverse("reviews:queue"))
    page = response.content.decode()
    assert page.count('id="suggestion-') == 10  # the default weekly number
    assert "Meer suggesties (nog 290)" in page
    assert 'hx-get="/review/suggestions/?page=2"' in page


def test_more_suggestions_come_a_page_at_a_time(owner_client, owner):
    _many_quiet_contacts(owner, 25)
    owner.profile.weekly_suggestions = 10
    owner.profile.save()
    response = owner_client.get(reverse("reviews:suggestions") + "?page=3", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.count('id="suggestion-') == 5 and "suggestions-more" not in page
    second = owner_client.get(reverse("reviews:suggestions") + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert second.count('id="suggestion-') == 10 and "?page=3" in second


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e9", "٣", "99999999999999999999"])
def test_a_bad_page_number_is_the_first_page(owner_client, owner, value):
    _many_quiet_contacts(owner, 12)
    response = owner_client.get(reverse("reviews:suggestions"), {"page": value}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().count('id="suggestion-') == 10
    assert owner_client.get(reverse("reviews:queue"), {"suggestions": value}).status_code == 200


def test_the_weekly_number_is_set_in_the_settings(owner_client, owner):
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert 'name="profile-weekly_suggestions"' in page and 'value="10"' in page
