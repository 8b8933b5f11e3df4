"""The dashboard: every figure right, archived contacts never counted, another member's
data never counted, a constant number of queries, and every tile linked to its list."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.demo import seed_contacts
from contacts.models import Contact, ContactLabel, ContactStatus, Direction, ensure_review_label
from invitations.models import IncomingState, InvitationState
from contacts.reciprocity import ReciprocityKind, reciprocity_kind
from netwerk.accounts.models import Profile
from netwerk.dashboard import (
    DASHBOARD_CACHE_SECONDS,
    contact_counts,
    contacts_by_month,
    contacts_per_label,
    dashboard_context,
    forget_dashboard,
    invitations_by_state,
    reciprocity_counts,
    review_summary,
    triage_by_state,
)
from netwerk.dashboard_decisions import DecisionCount, decisions_by_week
from reviews.models import RemovalReason
from reviews.services import remove_contact
from tests.factories import (
    ContactFactory,
    IncomingInvitationFactory,
    InteractionFactory,
    InvitationFactory,
    LabelFactory,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

# Session and user (auth), profile preferences (middleware), and the dashboard's own:
# profile, contacts per month (size, unlabelled, trend), labels, review label,
# reciprocity, triage, invitations, review decisions; asks (asked privately, public asks,
# helpers, answers per label, open asks without answer, you owe); keep in touch (due, with
# a rhythm, kept up with: one).
DASHBOARD_QUERIES = 18
# Once counted, the figures come from the cache: session, user, preferences, profile.
CACHED_DASHBOARD_QUERIES = 4


def archive(contact):
    contact.status = ContactStatus.ARCHIVED
    contact.archived_at = timezone.now()
    contact.save()


def label(contact, label, *, added_at=None):
    return ContactLabel.objects.create(contact=contact, label=label, added_at=added_at or timezone.now())


@pytest.mark.parametrize(
    ("gave", "received", "mutual", "bucket"),
    [
        (0, 0, 0, ReciprocityKind.NONE),
        (3, 0, 0, ReciprocityKind.ONE_SIDED),
        (1, 1, 0, ReciprocityKind.BALANCED),
        (2, 1, 0, ReciprocityKind.BALANCED),
        (0, 0, 2, ReciprocityKind.BALANCED),
        (3, 0, 1, ReciprocityKind.BALANCED),
        (1, 2, 0, ReciprocityKind.RECEIVE_MORE),
        (0, 1, 0, ReciprocityKind.RECEIVE_MORE),
    ],
)
def test_reciprocity_of_a_contact_follows_who_gave(gave, received, mutual, bucket):
    assert reciprocity_kind(gave=gave, received=received, mutual=mutual) == bucket


@pytest.mark.django_db
def test_reciprocity_counts_agree_with_the_rule_for_every_contact(owner, outsider):
    patterns = {
        "one_sided": [Direction.GAVE, Direction.GAVE],
        "balanced": [Direction.GAVE, Direction.RECEIVED],
        "mutual": [Direction.MUTUAL],
        "receive_more": [Direction.RECEIVED, Direction.RECEIVED, Direction.GAVE],
        "nothing": [],
    }
    for directions in patterns.values():
        contact = ContactFactory(owner=owner)
        for direction in directions:
            InteractionFactory(contact=contact, direction=direction)
    archived = ContactFactory(owner=owner)
    InteractionFactory(contact=archived, direction=Direction.GAVE)
    archive(archived)
    InteractionFactory(contact=ContactFactory(owner=outsider), direction=Direction.GAVE)

    counts = reciprocity_counts(owner, total_contacts=contact_counts(owner).total)

    assert counts == {
        ReciprocityKind.ONE_SIDED: 1,
        ReciprocityKind.BALANCED: 2,
        ReciprocityKind.RECEIVE_MORE: 1,
        ReciprocityKind.NONE: 1,
    }


@pytest.mark.django_db
def test_labelled_and_unlabelled_count_active_contacts_only(owner, outsider):
    tag = LabelFactory(owner=owner, name="Netwerkborrel Utrecht")
    labelled = ContactFactory.create_batch(3, owner=owner)
    for contact in labelled:
        label(contact, tag)
    ContactFactory.create_batch(2, owner=owner)
    archived_unlabelled = ContactFactory(owner=owner)
    archive(archived_unlabelled)
    archive(labelled[0])
    ContactFactory.create_batch(4, owner=outsider)

    counts = contact_counts(owner)

    assert (counts.total, counts.labelled, counts.unlabelled) == (4, 2, 2)


@pytest.mark.django_db
def test_contacts_per_label_leave_archived_contacts_out_and_sort_largest_first(owner, outsider):
    small, large, empty = (LabelFactory(owner=owner, name=n) for n in ("Zorg", "ICT", "Leeg"))
    for contact in ContactFactory.create_batch(3, owner=owner):
        label(contact, large)
    gone = ContactFactory(owner=owner)
    label(gone, small)
    label(gone, large)
    archive(gone)
    label(ContactFactory(owner=owner), small)
    LabelFactory(owner=outsider, name="Not mine")

    result = [(item.label.name, item.count) for item in contacts_per_label(owner)]

    # Every member has a review label from sign-up on; empty labels come last, by name.
    assert result == [("ICT", 3), ("Zorg", 1), ("Leeg", 0), ("Verwijderen?", 0)]
    assert empty.pk in {item.label.pk for item in contacts_per_label(owner)}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_trend_counts_new_connections_per_month_with_a_running_total(owner):
    ContactFactory(owner=owner, connected_on=date(2020, 5, 1))
    ContactFactory(owner=owner, connected_on=date(2026, 3, 10))
    ContactFactory(owner=owner, connected_on=date(2026, 3, 31))
    ContactFactory(owner=owner, connected_on=None)  # added today, no LinkedIn date
    archive(ContactFactory(owner=owner, connected_on=date(2026, 3, 15)))

    months = contacts_by_month(owner, today=date(2026, 11, 25))

    assert [m.month for m in months][:2] == [date(2025, 12, 1), date(2026, 1, 1)]
    assert months[-1].month == date(2026, 11, 1)
    by_month = {m.month: (m.added, m.total) for m in months}
    assert by_month[date(2025, 12, 1)] == (0, 1)
    assert by_month[date(2026, 3, 1)] == (2, 3)
    assert by_month[date(2026, 11, 1)] == (1, 4)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_review_label_size_and_age(owner):
    review = ensure_review_label(owner, "nl")
    for days in (2, 10, 20, 40, 90):
        label(ContactFactory(owner=owner), review, added_at=NOW - timedelta(days=days))
    label(archived := ContactFactory(owner=owner), review, added_at=NOW - timedelta(days=300))
    archive(archived)

    summary = review_summary(owner, labels=contacts_per_label(owner), now=NOW)

    assert summary.label == review
    assert summary.total == 5
    assert summary.by_age == {"week": 1, "fortnight": 1, "month": 1, "older": 2}
    assert summary.oldest_added_at == NOW - timedelta(days=90)


@pytest.mark.django_db
def test_review_summary_without_a_review_label_is_empty(owner):
    ensure_review_label(owner).delete()
    summary = review_summary(owner, labels=contacts_per_label(owner), now=NOW)
    assert (summary.label, summary.total, summary.oldest_added_at) == (None, 0, None)


@pytest.mark.django_db
def test_triage_counts_states_and_the_age_of_open_invitations(owner, outsider):
    for days in (1, 3, 40):
        IncomingInvitationFactory(owner=owner, received_at=NOW - timedelta(days=days))
    IncomingInvitationFactory(owner=owner, state=IncomingState.AWAITING_ANSWER, received_at=NOW - timedelta(days=9))
    IncomingInvitationFactory(owner=owner, state=IncomingState.ACCEPTED, received_at=NOW - timedelta(days=100))
    IncomingInvitationFactory(owner=outsider, received_at=NOW)

    rows = {row.state: row for row in triage_by_state(owner, now=NOW)}

    assert rows["pending"].count == 3
    assert rows["pending"].by_age == {"week": 2, "fortnight": 0, "month": 0, "older": 1}
    assert rows["pending"].oldest == NOW - timedelta(days=40)
    assert rows["pending"].url == "/invitations/triage/all/?state=pending"
    assert rows["awaiting_answer"].by_age["fortnight"] == 1
    assert rows["accepted"].count == 1 and not rows["accepted"].is_open
    assert rows["declined"].count == 0


@pytest.mark.django_db
def test_invitations_count_states_and_age_since_sending(owner, outsider):
    InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=NOW - timedelta(days=20))
    InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=NOW - timedelta(days=2))
    InvitationFactory(owner=owner, state=InvitationState.DRAFT, created_at=NOW - timedelta(days=1))
    InvitationFactory(owner=owner, state=InvitationState.ACCEPTED, sent_at=NOW - timedelta(days=50))
    InvitationFactory(owner=outsider, state=InvitationState.SENT, sent_at=NOW)

    rows = {row.state: row for row in invitations_by_state(owner, now=NOW)}

    assert rows["sent"].count == 2
    assert rows["sent"].by_age == {"week": 1, "fortnight": 0, "month": 1, "older": 0}
    assert rows["sent"].url == "/invitations/sent/?state=sent"
    assert rows["draft"].count == 1
    assert rows["accepted"].count == 1


def test_decisions_chart_stacks_reasons_per_week_over_twelve_weeks():
    today = date(2026, 11, 25)  # a Wednesday; its week starts on Monday 23 November
    decisions = [
        DecisionCount(week=date(2026, 11, 23), reason="one_sided", reason_label="One-sided", count=3),
        DecisionCount(week=date(2026, 11, 23), reason="met_once", reason_label="Met once", count=1),
        DecisionCount(week=date(2026, 9, 7), reason="one_sided", reason_label="One-sided", count=2),
    ]

    chart, legend = decisions_by_week(decisions, today=today)

    assert len(chart.columns) == 12
    assert chart.columns[0].label == date(2026, 9, 7)
    assert chart.columns[-1].label == date(2026, 11, 23)
    assert [c.value for c in chart.columns] == [2] + [0] * 10 + [4]
    assert {(p.label, p.count) for p in legend} == {("One-sided", 5), ("Met once", 1)}
    last = chart.columns[-1]
    assert [s.part.count for s in last.segments] == [1, 3]
    assert float(last.y) == 16.0  # the tallest week fills the plot


@pytest.mark.django_db
def test_dashboard_says_honestly_that_no_decisions_are_recorded(owner_client):
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert 'data-empty="decisions"' in html


@pytest.mark.django_db
def test_dashboard_of_a_new_member_renders_every_tile_empty(owner_client):
    response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="contacts">0<' in html
    assert html.count("<svg") >= 3


def seed_everything(owner, size: int):
    seed_contacts(owner, size)
    for index in range(size // 20 + 1):
        IncomingInvitationFactory(owner=owner, received_at=NOW - timedelta(days=index))
        InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=NOW - timedelta(days=index))
    for contact in Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE)[: size // 10]:
        remove_contact(user=owner, contact=contact, reason=RemovalReason.ONE_SIDED, now=NOW - timedelta(days=size % 50))


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_the_network(owner, client, django_assert_num_queries):
    client.force_login(owner)
    for size in (20, 400):
        seed_everything(owner, size)  # bulk_create: no signals, so forget by hand
        forget_dashboard(owner)
        with django_assert_num_queries(DASHBOARD_QUERIES):
            client.get(reverse("dashboard"))
        with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
            client.get(reverse("dashboard"))


@pytest.mark.django_db
def test_dashboard_shows_a_change_at_once_despite_the_cache(owner, owner_client):
    tag = LabelFactory(owner=owner, name="Opdrachtgevers")
    contact = ContactFactory(owner=owner)
    figure = lambda: owner_client.get(reverse("dashboard")).context["counts"]  # noqa: E731
    assert (figure().total, figure().unlabelled) == (1, 1)
    contact.labels.add(tag)
    assert figure().unlabelled == 0
    ContactLabel.objects.filter(contact=contact).delete()
    assert figure().unlabelled == 1
    label(contact, tag)
    assert figure().unlabelled == 0
    archive(contact)
    assert figure().total == 0
    IncomingInvitationFactory(owner=owner)
    assert owner_client.get(reverse("dashboard")).context["triage_open"] == 1


@pytest.mark.django_db
def test_one_members_change_leaves_anothers_cached_figures_alone(owner, outsider, client):
    ContactFactory(owner=outsider)
    client.force_login(outsider)
    client.get(reverse("dashboard"))
    ContactFactory(owner=owner)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    assert len(queries) == CACHED_DASHBOARD_QUERIES


@pytest.mark.django_db
def test_bulk_writes_show_after_forget_dashboard(owner, owner_client):
    owner_client.get(reverse("dashboard"))
    Contact.objects.bulk_create(Contact(owner=owner, last_name=f"Bulk {i}") for i in range(30))
    assert owner_client.get(reverse("dashboard")).context["counts"].total == 0  # still cached
    forget_dashboard(owner)
    assert owner_client.get(reverse("dashboard")).context["counts"].total == 30


@pytest.mark.django_db
def test_cached_figures_expire_on_their_own(owner, owner_client, settings):
    # A cache whose clock time-machine moves (Redis keeps its own clock).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    owner_client.get(reverse("dashboard"))
    Contact.objects.bulk_create(Contact(owner=owner, last_name=f"Bulk {i}") for i in range(5))
    with time_machine.travel(timezone.now() + timedelta(seconds=DASHBOARD_CACHE_SECONDS + 1)):
        assert owner_client.get(reverse("dashboard")).context["counts"].total == 5


@pytest.mark.django_db
def test_dashboard_counts_only_the_members_own_data(owner, outsider, client):
    seed_contacts(outsider, 50)
    IncomingInvitationFactory(owner=outsider)
    ContactFactory(owner=owner)
    client.force_login(owner)
    context = client.get(reverse("dashboard")).context
    assert context["counts"].total == 1
    assert context["triage_open"] == 0
    assert context["labels_total"] == 1  # the review label every member gets
    assert context["label_rows"] == []


@pytest.mark.django_db
def test_every_tile_links_to_the_list_behind_it(owner_client, owner):
    seed_contacts(owner, 60)
    IncomingInvitationFactory(owner=owner)
    InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=timezone.now())
    html = owner_client.get(reverse("dashboard")).content.decode()
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    some_label = contacts_per_label(owner)[0].label
    expected = {
        "/contacts/",
        "/contacts/?unlabelled=1",
        "/contacts/?labelled=1",
        f"/contacts/?label={some_label.pk}",
        "/contacts/?reciprocity=one_sided",
        "/contacts/?reciprocity=balanced",
        "/contacts/?reciprocity=receive_more",
        "/contacts/?reciprocity=none",
        "/review/",
        "/invitations/triage/",
        "/invitations/triage/all/?state=pending",
        "/invitations/sent/",
        "/invitations/sent/?state=sent",
        "/account/settings/",
    }
    assert expected <= hrefs, expected - hrefs
    assert any(href.startswith("/contacts/?connected=") for href in hrefs)
    for href in hrefs:
        if href.startswith("/") and not href.startswith("/static/"):
            assert owner_client.get(href).status_code == 200, href


@pytest.mark.django_db
def test_charts_are_accessible_and_csp_safe(owner_client, owner):
    seed_contacts(owner, 80)
    html = owner_client.get(reverse("dashboard")).content.decode()
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.S)
    assert svgs
    for svg in svgs:
        opening = svg[: svg.index(">")]
        if 'aria-hidden="true"' in opening:
            continue
        assert 'role="img"' in opening
        ids = re.search(r'aria-labelledby="([^"]+)"', opening).group(1).split()
        for element_id in ids:
            assert f'id="{element_id}"' in svg
        assert re.search(r"<title [^>]*>[^<]+</title>", svg)
        assert re.search(r"<desc [^>]*>[^<]+</desc>", svg)
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    # Numbers in SVG attributes never carry a localised decimal comma.
    assert not re.search(r'(?:x|y|width|height)="\d+,\d', html)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_next_digest_and_numbers_in_dutch_in_the_members_zone(owner_client, owner):
    Profile.objects.filter(user=owner).update(
        language="nl", time_zone="Europe/Amsterdam", next_digest_at=datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    )
    seed_contacts(owner, 1200)
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "maandag 30 november 2026 08:00" in html
    assert 'data-figure="contacts">1.200<' in html
    assert "Europe/Amsterdam" in html


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_next_digest_and_numbers_in_english_in_the_members_zone(owner_client, owner):
    Profile.objects.filter(user=owner).update(
        language="en", time_zone="America/New_York", next_digest_at=datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    )
    seed_contacts(owner, 1200)
    html = owner_client.get(reverse("dashboard")).content.decode()
    assert "Monday Nov. 30, 2026, 8 a.m." in html
    assert 'data-figure="contacts">1,200<' in html


@pytest.mark.django_db
def test_dashboard_context_is_computed_for_any_moment(owner):
    ContactFactory(owner=owner, connected_on=date(2026, 1, 5))
    context = dashboard_context(owner, now=NOW)
    assert context["added_in_window"] == 1
    assert context["trend_chart"].maximum == 1


@pytest.mark.django_db
def test_dashboard_counts_who_is_due_and_who_was_kept_up_with(owner, owner_client):
    from contacts import touch

    today = timezone.localdate()
    ContactFactory(owner=owner, connected_on=today - timedelta(days=400), keep_in_touch_days=30)
    kept = ContactFactory(owner=owner, connected_on=today - timedelta(days=400), keep_in_touch_days=30)
    ContactFactory(owner=owner, connected_on=today - timedelta(days=400))  # no rhythm: never counted
    touch.refresh(owner_id=owner.pk)
    kept.interactions.create(owner=owner, date=today - timedelta(days=3), kind="call")
    forget_dashboard(owner)

    response = owner_client.get(reverse("dashboard"))

    figures = response.context["touch"]
    assert (figures.due, figures.with_rhythm, figures.kept_up) == (1, 2, 1)
    html = response.content.decode()
    assert 'data-figure="touch-due">1<' in html and reverse("reviews:keep_in_touch") in html
