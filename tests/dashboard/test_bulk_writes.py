"""Bulk writes send no model signals, so each bulk service forgets the member's cached
dashboard itself: after any of them the very next dashboard shows the change."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from contacts.importing import import_linkedin_export
from contacts.models import Contact, ContactStatus, ensure_review_label
from contacts.services import add_label, delete_label, merge_labels, put_under_review, remove_label
from reviews.models import RemovalReason
from reviews.services import purge_archived_contacts, remove_contact, restore_contact
from tests.factories import ContactFactory, LabelFactory
from tests.io.files import connections_2023, person


def figures(client):
    return client.get(reverse("dashboard")).context


def bulk_contacts(owner, count):
    """Contacts written the way an import writes them: without signals."""
    Contact.objects.bulk_create(Contact(owner=owner, last_name=f"Bulk {i}") for i in range(count))
    return Contact.objects.filter(owner=owner)


@pytest.mark.django_db
def test_linkedin_import_shows_on_the_dashboard_at_once(owner, owner_client):
    assert figures(owner_client)["counts"].total == 0
    data = connections_2023([person(n) for n in range(3)])
    import_linkedin_export(owner=owner, stream=io.BytesIO(data), filename="Connections.csv")
    assert figures(owner_client)["counts"].total == 3


@pytest.mark.django_db
def test_label_services_show_on_the_dashboard_at_once(owner, owner_client):
    contacts = bulk_contacts(owner, 4)
    tag, other = LabelFactory(owner=owner, name="Klanten"), LabelFactory(owner=owner, name="Oud-collega's")
    assert figures(owner_client)["counts"].unlabelled == 4

    add_label(owner=owner, label=tag, contacts=contacts)
    assert figures(owner_client)["counts"].unlabelled == 0

    remove_label(owner=owner, label=tag, contacts=contacts.filter(last_name="Bulk 0"))
    assert figures(owner_client)["counts"].unlabelled == 1

    add_label(owner=owner, label=other, contacts=contacts.filter(last_name="Bulk 0"))
    merge_labels(owner=owner, source=other, target=tag)
    assert figures(owner_client)["counts"].unlabelled == 0
    assert figures(owner_client)["labels_total"] == 2  # "Oud-collega's" merged away; the review label stays

    delete_label(owner=owner, label=tag)
    assert figures(owner_client)["counts"].unlabelled == 4

    put_under_review(owner=owner, contacts=contacts)
    assert figures(owner_client)["review"].total == 4


@pytest.mark.django_db
def test_admin_bulk_actions_show_on_the_dashboard_at_once(owner, owner_client):
    owner.is_staff = True
    owner.save()
    contacts = list(bulk_contacts(owner, 3))
    tag = LabelFactory(owner=owner, name="Klanten")
    assert figures(owner_client)["counts"].unlabelled == 3
    url = reverse("admin:contacts_contact_changelist")
    selected = [str(contact.pk) for contact in contacts]
    response = owner_client.post(
        url, {"action": "add_label_action", ACTION_CHECKBOX_NAME: selected, "apply": "1", "label": tag.pk}
    )
    assert response.status_code in (200, 302)
    assert figures(owner_client)["counts"].unlabelled == 0
    owner_client.post(url, {"action": "put_under_review_action", ACTION_CHECKBOX_NAME: selected})
    assert figures(owner_client)["review"].total == 3


@pytest.mark.django_db
def test_archive_restore_and_purge_show_on_the_dashboard_at_once(owner, owner_client, settings):
    contact = ContactFactory(owner=owner)
    ensure_review_label(owner)
    assert figures(owner_client)["counts"].total == 1

    long_ago = timezone.now() - timedelta(days=settings.NETWERK_ARCHIVE_RETENTION_DAYS + 1)
    remove_contact(user=owner, contact=contact, reason=RemovalReason.ONE_SIDED, now=long_ago)
    assert figures(owner_client)["counts"].total == 0
    assert figures(owner_client)["decisions"] == []  # long before the chart's weeks

    restore_contact(user=owner, contact=contact)
    assert figures(owner_client)["counts"].total == 1

    remove_contact(user=owner, contact=contact, reason=RemovalReason.ONE_SIDED)
    assert len(figures(owner_client)["decisions"]) == 1
    Contact.objects.filter(pk=contact.pk).update(archived_at=long_ago)
    purge_archived_contacts()
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert figures(owner_client)["counts"].total == 0
    assert Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE).count() == 0
