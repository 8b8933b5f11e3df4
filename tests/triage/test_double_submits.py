"""Every decision on an invitation is made once: six parallel POSTs (a double click,
two tabs) record one transition, and the others are refused with a message (4xx),
nothing changed. Covers the incoming side (accept, decline, snooze, reply, answer)
and the sent side (send, withdraw / record the answer)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from invitations.models import (
    IncomingInvitation,
    IncomingState,
    IncomingTransition,
    Invitation,
    InvitationState,
)
from tests.factories import IncomingInvitationFactory, InvitationFactory
from tests.parallel import ON_POSTGRESQL, post_at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="parallel writers need PostgreSQL (CI's second run)"),
    pytest.mark.django_db(transaction=True),
]

REPLY = (
    "Thanks for reaching out, Noor! Before I accept: what made you think of me, and would you like a short call "
    "next week about your work on energy contracts for small firms in Utrecht?"
)


def assert_one_succeeded(statuses: list) -> None:
    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert sum(1 for status in statuses if status in (200, 302)) == 1, statuses


@pytest.mark.parametrize(
    ("url_name", "data", "start", "target"),
    [
        ("invitations:incoming_accept", {"contact": "", "accept_unknown": "1"}, IncomingState.PENDING, IncomingState.ACCEPTED),
        ("invitations:incoming_decline", {"reason": "stranger"}, IncomingState.PENDING, IncomingState.DECLINED),
        ("invitations:incoming_snooze", {}, IncomingState.PENDING, IncomingState.SNOOZED),
        ("invitations:incoming_reply", {"text": REPLY}, IncomingState.PENDING, IncomingState.AWAITING_ANSWER),
        (
            "invitations:incoming_answer",
            {"their_answer": "Happy to talk on Tuesday", "spoke_or_met": "on"},
            IncomingState.AWAITING_ANSWER,
            IncomingState.ANSWERED,
        ),
    ],
)
def test_six_parallel_triage_decisions_record_one(owner, url_name, data, start, target):
    invitation = IncomingInvitationFactory(
        owner=owner, name="Noor Visser", profile_url="https://www.linkedin.com/in/noor-visser", state=start
    )
    if url_name.endswith("snooze"):
        data = {"until": (timezone.localdate() + timedelta(days=3)).isoformat()}
    statuses = post_at_once(owner, reverse(url_name, args=[invitation.pk]), data)
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == target, statuses
    assert IncomingTransition.objects.filter(invitation=invitation, to_state=target).count() == 1
    assert_one_succeeded(statuses)
    if target == IncomingState.ACCEPTED:
        assert Contact.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize("target", [InvitationState.WITHDRAWN, InvitationState.ACCEPTED, InvitationState.DECLINED])
def test_six_parallel_answers_to_a_sent_invitation_record_one(owner, target):
    invitation = InvitationFactory(
        owner=owner,
        state=InvitationState.SENT,
        sent_at=timezone.now() - timedelta(days=2),
        recipient_profile_url="https://www.linkedin.com/in/sem",
    )
    statuses = post_at_once(owner, reverse("invitations:state", args=[invitation.pk]), {"state": target})
    assert Invitation.objects.get(pk=invitation.pk).state == target
    assert_one_succeeded(statuses)
    if target == InvitationState.ACCEPTED:
        assert Contact.objects.filter(owner=owner).count() == 1


def test_six_parallel_sends_send_once(owner):
    invitation = InvitationFactory(owner=owner, recipient_profile_url="https://www.linkedin.com/in/sem")
    statuses = post_at_once(owner, reverse("invitations:send", args=[invitation.pk]), {})
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.SENT
    assert_one_succeeded(statuses)


def test_six_parallel_follow_ups_add_the_note_and_label_once(owner):
    contact = Contact.objects.create(owner=owner, first_name="Noor", last_name="Visser")
    invitation = IncomingInvitationFactory(
        owner=owner, name="Noor Visser", state=IncomingState.ACCEPTED, contact=contact
    )
    data = {"new_label": "Energie", "how_we_know": "Met at the Utrecht energy borrel in October."}
    statuses = post_at_once(owner, reverse("invitations:incoming_follow_up", args=[invitation.pk]), data)
    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert contact.notes.filter(body=data["how_we_know"]).count() == 1
    assert list(contact.labels.values_list("name", flat=True)) == ["Energie"]
