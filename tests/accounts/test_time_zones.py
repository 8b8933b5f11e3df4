"""The time-zone field: grouped by region, Dutch names, searchable, Amsterdam first."""

import pytest
from django.urls import reverse

from netwerk.accounts.forms import ProfileForm
from netwerk.accounts.models import Profile
from netwerk.accounts.time_zones import selectable_zones, time_zone_choices

SETTINGS = {
    "account-email": "owner@example.nl",
    "profile-language": "nl",
    "profile-digest_cadence": "weekly",
    "profile-digest_weekday": "0",
    "profile-digest_hour": "8",
    "profile-daily_invitation_cap": "5",
    "profile-weekly_invitation_cap": "20",
    "profile-inactive_months": "12",
    "profile-weekly_suggestions": "10",
}


def test_amsterdam_comes_first_then_groups_per_region_in_dutch():
    choices = time_zone_choices("nl")
    assert choices[0] == ("Europe/Amsterdam", "Amsterdam (Nederland)")
    groups = dict((label, entries) for label, entries in choices if isinstance(entries, list))
    assert {"Europa", "Amerika", "Azië", "Afrika"} <= set(groups)
    assert ("America/Argentina/Buenos_Aires", "Buenos Aires (Argentinië)") in groups["Amerika"]
    assert ("Europe/Brussels", "Brussel (België)") in groups["Europa"]
    labels = [label for _value, label in groups["Europa"]]
    assert labels == sorted(labels, key=str.casefold)


def test_english_names_for_english_members():
    groups = dict((label, entries) for label, entries in time_zone_choices("en") if isinstance(entries, list))
    assert ("Europe/Brussels", "Brussels (Belgium)") in groups["Europe"]


def test_every_zone_once_and_no_aliases():
    values = [value for value, label in time_zone_choices("nl") if not isinstance(label, list)]
    for _group, entries in (c for c in time_zone_choices("nl") if isinstance(c[1], list)):
        values += [value for value, _label in entries]
    assert len(values) == len(set(values)) == len(selectable_zones())
    assert "US/Eastern" not in values and "CET" not in values and "America/Atka" not in values


@pytest.mark.django_db
def test_settings_page_has_the_grouped_searchable_field(owner_client, owner):
    Profile.objects.filter(user=owner).update(language="nl")
    html = owner_client.get(reverse("accounts:settings")).content.decode()
    assert '<optgroup label="Europa">' in html
    assert "data-searchable-select-input" in html
    assert "js/searchable_select.js" in html
    assert html.index('value="Europe/Amsterdam"') < html.index('<optgroup label="Europa">')


@pytest.mark.django_db
def test_saving_a_zone_from_a_group(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"), {**SETTINGS, "profile-time_zone": "America/Argentina/Buenos_Aires"}
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).time_zone == "America/Argentina/Buenos_Aires"


@pytest.mark.django_db
def test_an_unknown_zone_is_refused_and_nothing_changes(owner_client, owner):
    response = owner_client.post(reverse("accounts:settings"), {**SETTINGS, "profile-time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert Profile.objects.get(user=owner).time_zone == "Europe/Amsterdam"


@pytest.mark.django_db
def test_a_zone_from_the_older_list_stays_valid(owner):
    Profile.objects.filter(user=owner).update(time_zone="US/Eastern")
    form = ProfileForm(instance=Profile.objects.get(user=owner))
    assert ("US/Eastern", "US/Eastern") in form.fields["time_zone"].choices
