"""The review's seams with the other apps: the member's own name for the review label in
the queue and the digest, and the invitation rules of the compose and triage apps used
as they are by the digest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ensure_review_label
from invitations.models import IncomingInvitation, IncomingState, Invitation, InvitationState
from netwerk.accounts.models import Profile
from reviews.digest import contents, sending
from tests.factories import IncomingInvitationFactory, InvitationFactory, UserFactory
from tests.reviews.helpers import review_contact


def make_due(user, **fields):
    Profile.objects.filter(user=user).update(next_digest_at=timezone.now() - timedelta(minutes=5), **fields)
    user.refresh_from_db()
    return user.profile


def rename_review_label(owner, name):
    label = ensure_review_label(owner)
    label.name = name
    label.save()
    return label


@pytest.mark.django_db
def test_the_queue_names_the_members_own_review_label(owner, owner_client):
    rename_review_label(owner, "Twijfelgevallen")
    html = owner_client.get(reverse("reviews:queue")).content.decode()
    assert "Twijfelgevallen" in html
    review_contact(owner)
    assert "Twijfelgevallen" in owner_client.get(reverse("reviews:queue")).content.decode()


@pytest.mark.django_db
def test_the_digest_names_the_members_own_review_label(smtp_server, owner):
    rename_review_label(owner, "Twijfelgevallen")
    review_contact(owner)
    make_due(owner, language="en")
    assert sending.send_digest_batch([owner.profile.pk]).sent == 1
    message = smtp_server.messages[0]["message"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "1 contact is under “Twijfelgevallen”" in text
    assert "Twijfelgevallen" in html
    assert "Verwijderen?" not in text and "Remove?" not in text


@pytest.mark.django_db
def test_each_member_in_a_batch_gets_their_own_label_name(owner, outsider):
    rename_review_label(owner, "Twijfelgevallen")
    Profile.objects.filter(user=outsider).update(language="nl")
    outsider.refresh_from_db()
    profiles = list(contents.with_review_label_name(Profile.objects.filter(user__in=[owner, outsider])))
    names = contents.review_label_names(profiles)
    assert names[owner.pk] == "Twijfelgevallen"
    assert names[outsider.pk] == "Verwijderen?"  # not created yet: the name it will get
    # Without the annotation (a retry builds one digest): the same answer from one query.
    plain = list(Profile.objects.filter(user__in=[owner, outsider]))
    assert contents.review_label_names(plain) == names


@pytest.mark.django_db
def test_the_digest_follows_up_exactly_what_the_compose_rule_says(owner, outsider):
    now = timezone.now()
    for days in (13, 14, 15, 40):
        InvitationFactory(owner=owner, state=InvitationState.SENT, sent_at=now - timedelta(days=days))
    InvitationFactory(owner=owner, state=InvitationState.ACCEPTED, sent_at=now - timedelta(days=40))
    InvitationFactory(owner=outsider, state=InvitationState.SENT, sent_at=now - timedelta(days=40))

    found = contents.outgoing_needing_follow_up([owner.pk, outsider.pk], now)

    assert [i.pk for i in found[owner.pk]] == [
        i.pk for i in Invitation.objects.owned_by(owner).follow_up_due(now).order_by("sent_at", "pk")
    ]
    assert len(found[owner.pk]) == 3  # 14 days to the second is due, as on the invitation list
    assert len(found[outsider.pk]) == 1


@pytest.mark.django_db
def test_the_digest_lists_exactly_the_answers_the_triage_rule_says_are_overdue(owner, outsider):
    now = timezone.now()
    for days in (13, 14, 20):
        IncomingInvitationFactory(
            owner=owner, state=IncomingState.AWAITING_ANSWER, replied_at=now - timedelta(days=days)
        )
    IncomingInvitationFactory(owner=owner, state=IncomingState.PENDING)
    IncomingInvitationFactory(owner=outsider, state=IncomingState.AWAITING_ANSWER, replied_at=now - timedelta(days=30))

    pending, awaiting = contents.incoming_waiting_for([owner.pk, outsider.pk], now)[owner.pk]

    assert {i.pk for i in awaiting} == set(
        IncomingInvitation.objects.owned_by(owner).answer_overdue(now).values_list("pk", flat=True)
    )
    assert len(awaiting) == 2
    assert len(pending) == 1


@pytest.mark.django_db
def test_a_renamed_label_costs_the_digest_no_extra_query(smtp_server, django_assert_max_num_queries):
    user = UserFactory()
    rename_review_label(user, "Twijfelgevallen")
    review_contact(user)
    profile = make_due(user)
    with django_assert_max_num_queries(10 + 1):  # + 1: the asks part (overdue asks, whom you owe)
        assert sending.send_digest_batch([profile.pk]).sent == 1
