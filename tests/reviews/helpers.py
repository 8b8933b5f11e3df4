from datetime import timedelta

from django.utils import timezone

from contacts.models import ContactLabel, ensure_review_label
from tests.factories import ContactFactory


def put_under_review(contact, *, days_ago: int = 0):
    label = ensure_review_label(contact.owner)
    return ContactLabel.objects.create(contact=contact, label=label, added_at=timezone.now() - timedelta(days=days_ago))


def review_contact(owner, *, days_ago: int = 0, **fields):
    contact = ContactFactory(owner=owner, **fields)
    put_under_review(contact, days_ago=days_ago)
    return contact
