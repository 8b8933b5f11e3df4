"""Every dashboard link leads to a list that shows exactly what the tile counted: the test
follows each link and compares the list with the figure behind it."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactStatus, Direction
from contacts.reciprocity import ReciprocityKind, reciprocity, reciprocity_kind
from invitations.models import IncomingState, InvitationState
from netwerk.dashboard import dashboard_context
from tests.factories import (
    ContactFactory,
    IncomingInvitationFactory,
    InteractionFactory,
    InvitationFactory,
    LabelFactory,
)


def dashboard_links(client) -> set[str]:
    html = client.get(reverse("dashboard")).content.decode()
    return {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}


def listed_contacts(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["form"].errors, (url, response.context["form"].errors)
    return {contact.pk for contact in response.context["contacts"]}


@pytest.fixture
def network(owner, outsider):
    """A small network with one contact of every kind the tiles count, and look-alikes of
    another member and archived ones that no list may show."""
    tag = LabelFactory(owner=owner, name="Opdrachtgevers")
    other_tag = LabelFactory(owner=owner, name="Netwerkborrel")
    contacts = {
        "one_sided": ContactFactory(owner=owner, connected_on=date(2026, 10, 3)),
        "balanced": ContactFactory(owner=owner, connected_on=date(2026, 10, 28)),
        "mutual": ContactFactory(owner=owner, connected_on=date(2026, 9, 30)),
        "receive_more": ContactFactory(owner=owner, connected_on=date(2025, 10, 3)),
        "silent": ContactFactory(owner=owner, connected_on=None),
    }
    directions = {
        "one_sided": [Direction.GAVE, Direction.GAVE],
        "balanced": [Direction.GAVE, Direction.RECEIVED],
        "mutual": [Direction.MUTUAL],
        "receive_more": [Direction.RECEIVED, Direction.RECEIVED, Direction.GAVE],
        "silent": [],
    }
    for key, contact in contacts.items():
        for direction in directions[key]:
            InteractionFactory(contact=contact, owner=owner, direction=direction)
    contacts["one_sided"].labels.add(tag)
    contacts["balanced"].labels.add(tag, other_tag)
    archived = ContactFactory(owner=owner, connected_on=date(2026, 10, 5), status=ContactStatus.ARCHIVED)
    InteractionFactory(contact=archived, owner=owner, direction=Direction.GAVE)
    stranger = ContactFactory(owner=outsider, connected_on=date(2026, 10, 5))
    InteractionFactory(contact=stranger, owner=outsider, direction=Direction.GAVE)
    return {"tag": tag, "other_tag": other_tag, **contacts}


@pytest.mark.django_db
def test_labelled_and_unlabelled_links_list_what_the_tile_counts(owner, owner_client, network):
    links = dashboard_links(owner_client)
    counts = dashboard_context(owner, use_cache=False)["counts"]
    labelled = listed_contacts(owner_client, "/contacts/?labelled=1")
    unlabelled = listed_contacts(owner_client, "/contacts/?unlabelled=1")
    assert {"/contacts/?labelled=1", "/contacts/?unlabelled=1"} <= links
    assert labelled == {network["one_sided"].pk, network["balanced"].pk}
    assert unlabelled == {network["mutual"].pk, network["receive_more"].pk, network["silent"].pk}
    assert (len(labelled), len(unlabelled)) == (counts.labelled, counts.unlabelled)


@pytest.mark.django_db
def test_each_label_link_lists_the_contacts_carrying_that_label(owner, owner_client, network):
    links = dashboard_links(owner_client)
    for tag, expected in (
        (network["tag"], {network["one_sided"].pk, network["balanced"].pk}),
        (network["other_tag"], {network["balanced"].pk}),
    ):
        url = f"/contacts/?label={tag.pk}"
        assert url in links
        assert listed_contacts(owner_client, url) == expected
        response = owner_client.get(url)
        assert response.context["selected_labels"] == {tag.pk}  # shown as chosen in the filter


@pytest.mark.django_db
def test_another_members_label_in_the_link_is_a_filter_error_not_a_leak(owner_client, outsider, network):
    foreign = LabelFactory(owner=outsider, name="Geheim")
    response = owner_client.get(f"/contacts/?label={foreign.pk}")
    assert response.status_code == 200
    assert response.context["form"].errors["label"]
    assert list(response.context["contacts"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        (ReciprocityKind.ONE_SIDED, {"one_sided"}),
        (ReciprocityKind.BALANCED, {"balanced", "mutual"}),
        (ReciprocityKind.RECEIVE_MORE, {"receive_more"}),
        (ReciprocityKind.NONE, {"silent"}),
    ],
)
def test_reciprocity_links_list_what_the_tile_counts_by_the_same_rule(owner, owner_client, network, kind, keys):
    url = f"/contacts/?reciprocity={kind}"
    assert url in dashboard_links(owner_client)
    listed = listed_contacts(owner_client, url)
    assert listed == {network[key].pk for key in keys}
    assert len(listed) == dashboard_context(owner, use_cache=False)["reciprocity"].parts[
        [part.key for part in dashboard_context(owner, use_cache=False)["reciprocity"].parts].index(kind)
    ].count
    for key in keys:  # the review queue's evidence says the same of each contact
        assert reciprocity(network[key]).kind == kind


def test_the_rule_in_sql_and_in_python_agree_on_every_small_pattern():
    from contacts.reciprocity import KIND_CONDITIONS

    for gave in range(3):
        for received in range(3):
            for mutual in range(3):
                kind = reciprocity_kind(gave=gave, received=received, mutual=mutual)
                matching = [
                    k
                    for k, condition in KIND_CONDITIONS.items()
                    if _holds(condition, gave=gave, received=received, mutual=mutual)
                ]
                assert matching == ([] if kind == ReciprocityKind.NONE else [kind]), (gave, received, mutual)


def _holds(condition, **values) -> bool:
    """Evaluate a Q of the KIND_CONDITIONS shape (lookups exact, gt, lte against a number or F)."""
    from django.db.models import F, Q

    def lookup(key, expected):
        field, _, op = key.partition("__")
        left = values[field]
        right = values[expected.name] if isinstance(expected, F) else expected
        return {"": left == right, "gt": left > right, "lte": left <= right}[op]

    results = [
        _holds(child, **values) if isinstance(child, Q) else lookup(*child) for child in condition.children
    ]
    result = all(results) if condition.connector == Q.AND else any(results)
    return not result if condition.negated else result


@pytest.mark.django_db
def test_monthly_trend_links_list_the_contacts_who_joined_that_month(owner, owner_client, network):
    links = dashboard_links(owner_client)
    today = timezone.localdate()
    month = today.strftime("%Y-%m")
    assert f"/contacts/?connected={month}" in links
    # "silent" has no connection date: it joined the day it was added (today).
    assert network["silent"].pk in listed_contacts(owner_client, f"/contacts/?connected={month}")
    october = listed_contacts(owner_client, "/contacts/?connected=2026-10")
    assert october == {network["one_sided"].pk, network["balanced"].pk}
    assert listed_contacts(owner_client, "/contacts/?connected=2025-10") == {network["receive_more"].pk}


@pytest.mark.django_db
def test_a_malformed_month_is_a_clear_filter_error(owner_client, network):
    response = owner_client.get("/contacts/?connected=oktober")
    assert response.status_code == 200
    assert "connected" in response.context["form"].errors
    assert list(response.context["contacts"]) == []


@pytest.mark.django_db
def test_invitation_state_links_lead_to_the_invitation_list_filtered_by_state(owner, owner_client, outsider):
    now = timezone.now()
    sent = InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=now - timedelta(days=3))
    InvitationFactory(owner=owner, state=InvitationState.ACCEPTED, sent_at=now - timedelta(days=20))
    InvitationFactory(owner=outsider, state=InvitationState.SENT, sent_at=now)
    links = dashboard_links(owner_client)
    assert "/invitations/sent/?state=sent" in links
    assert not any(link.startswith(reverse("invitations:compose") + "?") for link in links)
    response = owner_client.get("/invitations/sent/?state=sent")
    assert [row[0].pk for row in response.context["rows"]] == [sent.pk]


@pytest.mark.django_db
def test_triage_state_links_lead_to_the_incoming_list_filtered_by_state(owner, owner_client, outsider):
    pending = IncomingInvitationFactory(owner=owner)
    IncomingInvitationFactory(owner=owner, state=IncomingState.DECLINED)
    IncomingInvitationFactory(owner=outsider)
    links = dashboard_links(owner_client)
    url = f"{reverse('invitations:incoming_list')}?state=pending"
    assert url in links
    response = owner_client.get(url)
    assert [item.pk for item in response.context["page"]] == [pending.pk]
