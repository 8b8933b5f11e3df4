"""seed_demo's incoming invitations: every state, default and personal messages, one duplicate."""

import random

import pytest
from django.core.management import call_command

from invitations.triage import rules as triage
from invitations.triage.demo import seed_incoming_invitations
from invitations.models import IncomingInvitation, IncomingState
from netwerk.accounts.models import User
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_demo_incoming_invitations_cover_every_state_and_signal(owner):
    contact = ContactFactory(owner=owner)
    created = seed_incoming_invitations(owner, random.Random(1))
    states = set(IncomingInvitation.objects.owned_by(owner).values_list("state", flat=True))
    assert states == set(IncomingState.values)
    signals = {triage.message_signal(invitation) for invitation in created}
    assert {"default", "personal"} <= signals
    duplicates = [i for i in created if contact in triage.possible_duplicates(i)]
    assert len(duplicates) == 1 and duplicates[0].state == IncomingState.PENDING
    assert IncomingInvitation.objects.awaiting_too_long(owner, duplicates[0].received_at).exists()
    # Every state but pending was reached through the rules, so it has a history.
    for invitation in IncomingInvitation.objects.owned_by(owner).exclude(state=IncomingState.PENDING):
        assert invitation.transitions.exists()


def test_demo_incoming_invitations_are_added_once(owner):
    assert seed_incoming_invitations(owner, random.Random(1))
    count = IncomingInvitation.objects.count()
    assert seed_incoming_invitations(owner, random.Random(2)) == []
    assert IncomingInvitation.objects.count() == count


def test_seed_demo_adds_incoming_invitations():
    call_command("seed_demo", "--contacts", "5", "--username", "demo-triage")
    user = User.objects.get(username="demo-triage")
    counts = triage.triage_counts(user)
    assert counts["to_triage"] >= 3
    assert counts["awaiting_too_long"] == 1
    assert counts["accepted"] == 1 and counts["declined"] == 1 and counts["snoozed"] == 1
