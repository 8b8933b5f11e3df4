"""Someone already connected is not invited again (said so, never counted as a new
invitation); a discarded draft is gone, not shown or counted as withdrawn."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from invitations.models import Invitation, InvitationState
from tests.factories import ContactFactory, InvitationFactory

pytestmark = pytest.mark.django_db

COMPOSE = reverse("invitations:compose")
TEXT = "Hoi Anne, je verhaal over datamigraties bij de borrel in Utrecht bleef hangen; zullen we verbinden?"


@pytest.fixture
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()
    return owner


@pytest.fixture
def connected(owner):
    return ContactFactory(
        owner=owner,
        first_name="Anne",
        last_name="Smit",
        profile_url="https://www.linkedin.com/in/anne-smit",
        connected_on=date(2010, 5, 4),
    )


def test_contact_page_says_connected_instead_of_invite(owner_client, connected):
    html = owner_client.get(reverse("contacts:detail", kwargs={"pk": connected.pk})).content.decode()
    assert 'data-link="invite"' not in html
    assert 'data-link="connected"' in html and "2010" in html


def test_compose_for_a_connected_contact_says_so(owner_client, connected, english):
    html = owner_client.get(COMPOSE, {"contact": connected.pk}).content.decode()
    assert 'id="already-connected"' in html
    assert "already connected with Anne Smit" in html and "2010" in html


def test_inviting_a_connected_contact_is_refused_and_not_counted(owner_client, owner, connected, english):
    response = owner_client.post(COMPOSE, {"contact": connected.pk, "text": TEXT, "channel": "linkedin"})
    assert response.status_code == 400
    assert "already connected" in response.content.decode()
    assert not Invitation.objects.filter(owner=owner).exists()


def test_a_new_person_with_a_connected_profile_url_is_refused(owner_client, owner, connected, english):
    response = owner_client.post(
        COMPOSE,
        {"name": "Anne Smit", "profile_url": "linkedin.com/in/Anne-Smit/", "text": TEXT, "channel": "linkedin"},
    )
    assert response.status_code == 400
    assert not Invitation.objects.filter(owner=owner).exists()


def test_a_contact_never_connected_can_be_invited(owner_client, owner, english):
    contact = ContactFactory(
        owner=owner,
        first_name="Anne",
        last_name="Smit",
        profile_url="https://www.linkedin.com/in/a-s",
        connected_on=None,
    )
    html = owner_client.get(reverse("contacts:detail", kwargs={"pk": contact.pk})).content.decode()
    assert 'data-link="invite"' in html


def test_a_discarded_draft_is_gone(owner_client, owner, english):
    draft = InvitationFactory(owner=owner, state="draft")
    response = owner_client.post(reverse("invitations:state", args=[draft.pk]), {"state": "withdrawn"})
    assert response.status_code == 302 and response["Location"] == reverse("invitations:list")
    assert not Invitation.objects.filter(pk=draft.pk).exists()
    listing = owner_client.get(reverse("invitations:list"), {"state": "withdrawn"})
    assert draft.recipient_name not in listing.content.decode()


def test_withdrawing_a_sent_invitation_still_counts_as_withdrawn(owner_client, owner):
    sent = InvitationFactory(owner=owner, state="sent", sent_at=timezone.now())
    owner_client.post(reverse("invitations:state", args=[sent.pk]), {"state": "withdrawn"})
    assert Invitation.objects.get(pk=sent.pk).state == InvitationState.WITHDRAWN


def test_the_data_migration_deletes_discarded_drafts_only(owner):
    import importlib

    from django.apps import apps

    discarded = InvitationFactory(owner=owner, state="withdrawn", sent_at=None)
    withdrawn = InvitationFactory(owner=owner, state="withdrawn", sent_at=timezone.now())
    migration = importlib.import_module("invitations.migrations.0003_discarded_drafts_are_deleted")
    migration.delete_discarded_drafts(apps, None)
    assert not Invitation.objects.filter(pk=discarded.pk).exists()
    assert Invitation.objects.filter(pk=withdrawn.pk).exists()
