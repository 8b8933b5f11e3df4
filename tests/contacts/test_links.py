"""Links between the apps' pages: from a contact to inviting them and to their review
history, and from the contact list to import, export and labels."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactStatus
from invitations.models import InvitationState
from tests.factories import ContactFactory, InvitationFactory


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_a_contact_without_open_invitation_has_an_invite_link_that_preselects_them(owner, owner_client):
    contact = ContactFactory(owner=owner, first_name="Sanne", last_name="Visser")
    html = page(owner_client, reverse("contacts:detail", args=[contact.pk]))
    invite = f'{reverse("invitations:compose")}?contact={contact.pk}'
    assert f'href="{invite}"' in html
    compose = owner_client.get(invite)
    assert compose.status_code == 200
    assert "Sanne Visser" in compose.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [InvitationState.DRAFT, InvitationState.SENT])
def test_a_contact_with_an_open_invitation_links_to_it_instead(owner, owner_client, state):
    contact = ContactFactory(owner=owner)
    invitation = InvitationFactory(owner=owner, contact=contact, state=state, sent_at=timezone.now() - timedelta(days=2))
    html = page(owner_client, reverse("contacts:detail", args=[contact.pk]))
    assert 'data-link="invite"' not in html
    assert f'href="{reverse("invitations:detail", args=[invitation.pk])}"' in html


@pytest.mark.django_db
def test_an_answered_invitation_leaves_the_invite_link(owner, owner_client):
    contact = ContactFactory(owner=owner)
    InvitationFactory(owner=owner, contact=contact, state=InvitationState.DECLINED, sent_at=timezone.now())
    assert 'data-link="invite"' in page(owner_client, reverse("contacts:detail", args=[contact.pk]))


@pytest.mark.django_db
def test_an_archived_contact_is_not_offered_an_invitation(owner, owner_client):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())
    assert 'data-link="invite"' not in page(owner_client, reverse("contacts:detail", args=[contact.pk]))


@pytest.mark.django_db
def test_the_detail_page_links_to_the_contacts_review_history(owner, owner_client):
    contact = ContactFactory(owner=owner)
    history = reverse("reviews:contact_history", args=[contact.pk])
    assert f'href="{history}"' in page(owner_client, reverse("contacts:detail", args=[contact.pk]))
    page(owner_client, history)


@pytest.mark.django_db
def test_the_contact_list_links_to_import_export_and_labels(owner_client):
    html = page(owner_client, reverse("contacts:list"))
    for name in ("contacts:import", "contacts:export", "contacts:labels"):
        url = reverse(name)
        assert f'href="{url}"' in html
        page(owner_client, url)
