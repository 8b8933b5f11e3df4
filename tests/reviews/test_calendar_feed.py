"""The calendar feed: a secret, revocable iCalendar address with the member's own dates
and nobody else's, at a constant number of queries."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from contacts import touch
from invitations.models import IncomingState, InvitationState
from reviews.models import CalendarFeed
from tests.factories import ContactFactory, IncomingInvitationFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db
CONNECTED = date(2024, 1, 10)


@pytest.fixture(autouse=True)
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()


def make_feed(client) -> str:
    response = client.post(reverse("reviews:calendar"), {"action": "create"})
    assert response.status_code == 302
    page = client.get(reverse("reviews:calendar"))
    return page.context["url"]


def read(url: str, status: int = 200):
    response = Client().get(urlsplit(url).path)
    assert response.status_code == status
    return Calendar.from_ical(response.content) if status == 200 else response


def summaries(calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_the_feed_holds_due_contacts_follow_ups_and_awaited_answers(owner, owner_client):
    ContactFactory(owner=owner, first_name="Anne", last_name="Smit", connected_on=CONNECTED, keep_in_touch_days=30)
    soon = ContactFactory(owner=owner, first_name="Bram", last_name="Bos", connected_on=date.today(), keep_in_touch_days=10)
    ContactFactory(owner=owner, first_name="Cleo", connected_on=CONNECTED)  # no rhythm
    touch.refresh(owner_id=owner.pk)
    InvitationFactory(owner=owner, recipient_name="Daan Kok", state=InvitationState.SENT,
                      sent_at=timezone.now() - timedelta(days=3))
    IncomingInvitationFactory(owner=owner, name="Eva Vos", state=IncomingState.AWAITING_ANSWER,
                              replied_at=timezone.now() - timedelta(days=20))

    calendar = read(make_feed(owner_client))

    assert str(calendar["X-WR-CALNAME"]) == "Netwerk"
    titles = summaries(calendar)
    assert "Get in touch: 1 person" in titles and "Get in touch with Bram Bos" in titles
    assert not any("Cleo" in title for title in titles)
    today_event = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Get in touch: 1 person")
    assert str(today_event["DESCRIPTION"]) == "Anne Smit"
    assert "Follow up the invitation to Daan Kok" in titles
    assert "Eva Vos has not answered your reply" in titles
    days = {str(event["SUMMARY"]): event.decoded("DTSTART") for event in calendar.walk("VEVENT")}
    today = timezone.localdate()
    assert days["Get in touch: 1 person"] == today  # overdue: one event on today
    assert days["Get in touch with Bram Bos"] == soon.connected_on + timedelta(days=10)
    assert days["Follow up the invitation to Daan Kok"] == today + timedelta(days=11)


def test_another_members_data_never_appears(owner, owner_client):
    other = UserFactory()
    ContactFactory(owner=other, first_name="Vreemde", connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=other.pk)
    InvitationFactory(owner=other, recipient_name="Vreemde Uitnodiging", state=InvitationState.SENT,
                      sent_at=timezone.now())
    calendar = read(make_feed(owner_client))
    assert not any("Vreemde" in title for title in summaries(calendar))


def test_a_new_address_makes_the_old_one_a_404_and_stopping_it_too(owner, owner_client):
    first = make_feed(owner_client)
    owner_client.post(reverse("reviews:calendar"), {"action": "renew"})
    second = owner_client.get(reverse("reviews:calendar")).context["url"]
    assert first != second
    read(first, status=404)
    read(second)
    owner_client.post(reverse("reviews:calendar"), {"action": "revoke"})
    read(second, status=404)
    assert not CalendarFeed.objects.filter(owner=owner).exists()


@pytest.mark.parametrize("token", ["guessed-token-that-is-long-enough", "x" * 64, "short", "a" * 65, "%00" * 10])
def test_a_guessed_or_malformed_token_is_a_404(owner, owner_client, token):
    make_feed(owner_client)
    assert Client().get(f"/review/calendar/{token}.ics").status_code == 404


def test_an_inactive_member_has_no_feed(owner, owner_client):
    url = make_feed(owner_client)
    owner.is_active = False
    owner.save()
    read(url, status=404)


def test_an_unknown_action_changes_nothing(owner, owner_client):
    url = make_feed(owner_client)
    owner_client.post(reverse("reviews:calendar"), {"action": "explode"})
    read(url)


@pytest.mark.parametrize("size", [1, 15])
def test_the_feed_takes_the_same_queries_whatever_its_size(owner, owner_client, size, django_assert_max_num_queries):
    url = make_feed(owner_client)
    for index in range(size):
        ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30 + index)
        InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=timezone.now())
        IncomingInvitationFactory(owner=owner, state=IncomingState.AWAITING_ANSWER, replied_at=timezone.now())
    touch.refresh(owner_id=owner.pk)
    # the feed with its member and profile; due now and how many; due soon; dates that
    # matter; follow-ups; awaited answers
    with django_assert_max_num_queries(7):
        titles = summaries(read(url))
    assert len(titles) == 1 + 2 * size
    assert f"Get in touch: {size} {'person' if size == 1 else 'people'}" in titles


def test_a_backlog_is_one_event_and_the_coming_weeks_are_capped(owner, owner_client, settings):
    from reviews import calendar_feed

    url = make_feed(owner_client)
    for index in range(calendar_feed.UPCOMING_LIMIT + 5):
        ContactFactory(owner=owner, connected_on=date.today(), keep_in_touch_days=1 + index % 50)
    for _ in range(12):
        ContactFactory(owner=owner, first_name="Achter", connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk)
    calendar = read(url)
    titles = summaries(calendar)
    assert "Get in touch: 12 people" in titles
    assert len([t for t in titles if t.startswith("Get in touch with")]) == calendar_feed.UPCOMING_LIMIT
    backlog = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Get in touch: 12 people")
    assert str(backlog["DESCRIPTION"]).endswith("and more")


def test_a_backlog_past_the_cap_says_so(owner, owner_client, monkeypatch):
    from reviews import keep_in_touch

    monkeypatch.setattr(keep_in_touch, "COUNT_CAP", 3)
    from reviews import calendar_feed

    monkeypatch.setattr(calendar_feed, "COUNT_CAP", 3)
    url = make_feed(owner_client)
    for _ in range(5):
        ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk)
    assert "Get in touch: 3+ people" in summaries(read(url))
    page = owner_client.get(reverse("reviews:keep_in_touch"))
    assert page.context["more_than_cap"] and "3+ due" in page.content.decode()
