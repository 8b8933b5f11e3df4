"""Two sends at the same moment still respect the cap and the one-open-invitation rule:
the member's profile row is locked for the duration of each write."""

import threading

import pytest
from django.db import connection

from invitations.models import Invitation, InvitationState
from invitations.compose.services import InvitationRefused, Recipient, create_draft, send_invitation
from tests.factories import InvitationFactory

TEXTS = [
    "We met at the Utrecht borrel and talked about your move to a new CRM; happy to share our migration notes.",
    "Your talk on event sourcing at the Rotterdam meetup changed how I think about audits. Coffee in December?",
]


def run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def worker(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except InvitationRefused:
            outcomes.append("refused")
        except Exception as error:  # reported in the assertion, never swallowed
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("ok") == 1, outcomes
    if connection.vendor == "postgresql":
        # The second writer waits for the first's lock, then sees its row and is refused.
        # (SQLite's in-memory test database answers "table is locked" instead of waiting;
        # a file database in IMMEDIATE mode waits like PostgreSQL.)
        assert sorted(outcomes) == ["ok", "refused"]
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_never_pass_the_daily_cap(owner):
    owner.profile.daily_invitation_cap = 1
    owner.profile.save()
    drafts = [
        InvitationFactory(owner=owner, text=text, recipient_profile_url=f"https://www.linkedin.com/in/p{n}")
        for n, text in enumerate(TEXTS)
    ]
    run_at_once(*(lambda d=draft: send_invitation(invitation=d) for draft in drafts))
    assert Invitation.objects.filter(state=InvitationState.SENT).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_drafts_to_the_same_person_at_once_make_one(owner):
    recipient = Recipient.new_person(name="Noor", profile_url="linkedin.com/in/noor")
    run_at_once(
        *(lambda t=text: create_draft(owner=owner, recipient=recipient, text=t, channel="linkedin") for text in TEXTS)
    )
    assert Invitation.objects.count() == 1
