"""The decisions tile: the review app's recorded decisions of the last 12 weeks, per week
and reason, counted in one query and in the member's time zone."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from netwerk.dashboard import dashboard_context, recent_decisions
from reviews.models import Action, RemovalReason, ReviewDecision
from reviews.services import keep_contact, put_under_review, remove_contact, restore_contact, snooze_contact
from tests.factories import ContactFactory

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday; its week starts on Monday 23 November


def under_review(owner, *, now):
    contact = ContactFactory(owner=owner)
    put_under_review(user=owner, contact=contact, now=now)
    return contact


@pytest.mark.django_db
def test_decisions_are_counted_per_week_and_reason(owner, outsider, django_assert_num_queries):
    this_week, three_weeks_ago = NOW - timedelta(days=1), NOW - timedelta(weeks=3)
    for _ in range(2):
        remove_contact(user=owner, contact=under_review(owner, now=this_week), reason=RemovalReason.ONE_SIDED, now=this_week)
    remove_contact(
        user=owner, contact=under_review(owner, now=this_week), reason=RemovalReason.MET_ONCE_NO_BUSINESS, now=this_week
    )
    keep_contact(user=owner, contact=under_review(owner, now=three_weeks_ago), now=three_weeks_ago)
    snooze_contact(user=owner, contact=under_review(owner, now=this_week), now=this_week)  # not a verdict
    remove_contact(
        user=outsider, contact=under_review(outsider, now=this_week), reason=RemovalReason.ONE_SIDED, now=this_week
    )

    with django_assert_num_queries(1):
        decisions = recent_decisions(owner, since=NOW - timedelta(weeks=12))

    found = {(d.week, d.reason, d.reason_label, d.count) for d in decisions}
    assert found == {
        (date(2026, 11, 23), RemovalReason.ONE_SIDED, str(RemovalReason.ONE_SIDED.label), 2),
        (date(2026, 11, 23), RemovalReason.MET_ONCE_NO_BUSINESS, str(RemovalReason.MET_ONCE_NO_BUSINESS.label), 1),
        (date(2026, 11, 2), "kept", str(Action.KEEP.label), 1),
    }


@pytest.mark.django_db
def test_restore_and_older_decisions_stay_out(owner):
    long_ago = NOW - timedelta(weeks=13)
    contact = under_review(owner, now=long_ago)
    remove_contact(user=owner, contact=contact, reason=RemovalReason.OTHER, now=long_ago)
    restore_contact(user=owner, contact=contact, now=NOW)
    assert recent_decisions(owner, since=NOW - timedelta(weeks=12)) == []


@pytest.mark.django_db
def test_the_week_is_the_members_week(owner):
    owner.profile.time_zone = "Europe/Amsterdam"
    owner.profile.save()
    # Sunday 23:30 UTC is Monday 00:30 in Amsterdam: the new week there.
    sunday_night = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    remove_contact(
        user=owner, contact=under_review(owner, now=sunday_night), reason=RemovalReason.OTHER, now=sunday_night
    )
    from django.utils import timezone

    with timezone.override("Europe/Amsterdam"):
        assert [d.week for d in recent_decisions(owner, since=NOW - timedelta(weeks=12))] == [date(2026, 11, 23)]
    with timezone.override("UTC"):
        assert [d.week for d in recent_decisions(owner, since=NOW - timedelta(weeks=12))] == [date(2026, 11, 16)]


@pytest.mark.django_db
def test_dashboard_charts_the_last_twelve_weeks_of_decisions(owner):
    in_chart = NOW - timedelta(weeks=11, days=2)  # Monday 7 September: the oldest column
    before_chart = NOW - timedelta(weeks=11, days=3)
    remove_contact(user=owner, contact=under_review(owner, now=in_chart), reason=RemovalReason.ONE_SIDED, now=in_chart)
    remove_contact(
        user=owner, contact=under_review(owner, now=before_chart), reason=RemovalReason.ONE_SIDED, now=before_chart
    )
    context = dashboard_context(owner, now=NOW, use_cache=False)
    columns = context["decision_chart"].columns
    assert columns[0].label == date(2026, 9, 7)
    assert [column.value for column in columns] == [1] + [0] * 11
    assert [(part.label, part.count) for part in context["decision_legend"]] == [
        (str(RemovalReason.ONE_SIDED.label), 1)
    ]


@pytest.mark.django_db
def test_a_decision_shows_on_the_dashboard_at_once_and_links_to_the_history(owner, owner_client):
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert 'data-empty="decisions"' in html
    contact = under_review(owner, now=None)
    remove_contact(user=owner, contact=contact, reason=RemovalReason.CONTRACT_FORBIDS)
    assert ReviewDecision.objects.filter(owner=owner, action=Action.REMOVE).count() == 1
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert 'data-empty="decisions"' not in html
    assert str(RemovalReason.CONTRACT_FORBIDS.label) in html
    assert f'href="{reverse("reviews:history")}"' in html
    assert owner_client.get(reverse("reviews:history")).status_code == 200
