"""Dates that matter: added on the contact page, refused when impossible, shown in the
week they fall in (the list, the digest, the calendar), 29 February on the 28th in other
years, and another member's never."""

from datetime import date

import pytest
from django.urls import reverse

from contacts.key_dates import falling_between, week_of
from contacts.models import ContactStatus, KeyDate
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()


def add(client, contact, **fields):
    return client.post(reverse("contacts:key_date_create", args=[contact.pk]), fields)


def test_a_date_is_added_and_shown_on_the_contact_page_and_deleted(owner, owner_client):
    contact = ContactFactory(owner=owner)
    response = add(owner_client, contact, name="  Verjaardag ", date="1985-03-31", yearly="on")
    assert response.status_code == 302
    item = KeyDate.objects.get()
    assert (item.owner, item.contact, item.name, item.yearly) == (owner, contact, "Verjaardag", True)
    html = owner_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert f'data-key-date="{item.pk}"' in html and "Verjaardag" in html
    assert owner_client.post(reverse("contacts:key_date_delete", args=[item.pk])).status_code == 302
    assert not KeyDate.objects.exists()


def test_a_birthday_without_a_year_is_yearly_and_shown_without_one(owner, owner_client):
    contact = ContactFactory(owner=owner)
    # Not ticked "every year": a day without a year can only come back every year.
    response = add(owner_client, contact, name="Verjaardag", date="2024-02-29", no_year="on")
    assert response.status_code == 302
    item = KeyDate.objects.get()
    assert (item.date, item.yearly, item.has_year) == (date(KeyDate.NO_YEAR, 2, 29), True, False)
    html = owner_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert "Verjaardag: 29 February (every year)" in html and "since" not in html
    assert [row.falls_on for row in falling_between([owner.pk], week_of(date(2027, 2, 28)))] == [date(2027, 2, 28)]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "Verjaardag", "date": "1985-02-30"}, "real date"),
        ({"name": "Verjaardag", "date": "31-31-1985"}, "real date"),
        ({"name": "   ", "date": "1985-03-01"}, "Say what the date is"),
        ({"name": "x" * 101, "date": "1985-03-01"}, "at most 100"),
    ],
)
def test_an_impossible_date_or_no_name_is_refused_and_nothing_saved(owner, owner_client, fields, message):
    contact = ContactFactory(owner=owner)
    response = add(owner_client, contact, **fields)
    assert response.status_code == 422 and message in response.content.decode()
    assert not KeyDate.objects.exists()


def test_another_members_contact_or_date_is_a_404(owner, outsider, owner_client):
    theirs = ContactFactory(owner=outsider)
    assert add(owner_client, theirs, name="x", date="1985-03-01").status_code == 404
    item = KeyDate.objects.create(owner=outsider, contact=theirs, name="x", date=date(1985, 3, 1))
    assert owner_client.post(reverse("contacts:key_date_delete", args=[item.pk])).status_code == 404
    assert KeyDate.objects.filter(pk=item.pk).exists()


def test_an_archived_contact_takes_no_new_date(owner, owner_client):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED)
    assert add(owner_client, contact, name="x", date="1985-03-01").status_code == 422
    assert not KeyDate.objects.exists()


def test_the_week_holds_yearly_dates_on_their_day_and_one_off_dates_in_it(owner, outsider):
    contact = ContactFactory(owner=owner)
    birthday = KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=date(1985, 12, 30))
    once = KeyDate.objects.create(owner=owner, contact=contact, name="Start ASML", date=date(2027, 1, 2), yearly=False)
    KeyDate.objects.create(owner=owner, contact=contact, name="Vorig jaar", date=date(2026, 1, 2), yearly=False)
    KeyDate.objects.create(owner=outsider, contact=ContactFactory(owner=outsider), name="Theirs", date=date(1990, 12, 31))
    week = week_of(date(2026, 12, 31))  # Monday 28 December 2026 to Sunday 3 January 2027
    found = falling_between([owner.pk], week)
    assert [(item.name, item.falls_on) for item in found] == [
        ("Verjaardag", date(2026, 12, 30)), ("Start ASML", date(2027, 1, 2)),
    ]
    assert {birthday.pk, once.pk} == {item.pk for item in found}


def test_29_february_falls_on_the_28th_in_other_years(owner):
    contact = ContactFactory(owner=owner)
    KeyDate.objects.create(owner=owner, contact=contact, name="Schrikkeljarig", date=date(1988, 2, 29))
    assert [item.falls_on for item in falling_between([owner.pk], week_of(date(2027, 2, 28)))] == [date(2027, 2, 28)]
    assert [item.falls_on for item in falling_between([owner.pk], week_of(date(2028, 2, 29)))] == [date(2028, 2, 29)]


def test_the_get_in_touch_list_shows_this_weeks_dates(owner, client):
    import time_machine

    contact = ContactFactory(owner=owner, first_name="Anne")
    KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=date(1985, 3, 4))
    with time_machine.travel(date(2027, 3, 2), tick=False):
        client.force_login(owner)  # a session made before the trip would have expired
        html = client.get(reverse("reviews:keep_in_touch")).content.decode()
    assert 'id="week-dates"' in html and "Verjaardag (42 years)" in html and "Thursday 4 March" in html


def test_the_digest_names_this_weeks_dates(owner, client):
    import time_machine

    contact = ContactFactory(owner=owner, first_name="Anne")
    KeyDate.objects.create(owner=owner, contact=contact, name="Jubileum", date=date(2017, 3, 5))
    with time_machine.travel(date(2027, 3, 2), tick=False):
        client.force_login(owner)
        page = client.get(reverse("reviews:digest_preview")).content.decode()
    assert "Dates that matter this week" in page and "Jubileum (10 years)" in page


def test_the_years_a_date_marks_that_day_but_none_without_a_year_or_in_its_first_year(owner):
    contact = ContactFactory(owner=owner)
    KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=date(1985, 3, 4))
    KeyDate.objects.create(owner=owner, contact=contact, name="Jarig", date=date(KeyDate.NO_YEAR, 3, 5))
    KeyDate.objects.create(owner=owner, contact=contact, name="Begonnen", date=date(2027, 3, 6))
    KeyDate.objects.create(owner=owner, contact=contact, name="Eenmalig", date=date(2027, 3, 7), yearly=False)
    found = falling_between([owner.pk], week_of(date(2027, 3, 2)))
    assert [(item.name, item.years) for item in found] == [("Verjaardag", 42), ("Jarig", None), ("Begonnen", None),
                                                          ("Eenmalig", None)]


def test_the_calendar_says_the_years_in_the_members_language(owner):
    import time_machine

    from reviews import calendar_feed

    owner.profile.language = "nl"
    owner.profile.save()
    contact = ContactFactory(owner=owner, first_name="Anne", last_name="Bos")
    KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=date(2026, 3, 4))
    with time_machine.travel(date(2027, 3, 2), tick=False):
        feed = calendar_feed.build(owner).decode()
    assert "Anne Bos: Verjaardag (1 jaar)" in feed.replace("\r\n ", "")
