from django.utils import timezone

from contacts.models import ContactLabel, ContactStatus, ensure_review_label
from reviews.calendar_feed import new_token
from reviews.links import action_token, unsubscribe_token
from tests.factories import ContactFactory


def _under_review(owner):
    contact = ContactFactory(owner=owner)
    ContactLabel.objects.create(contact=contact, label=ensure_review_label(owner))
    return contact


def _archived(owner):
    return ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())


OBJECT_URLS = {
    "reviews:keep": lambda owner: {"pk": _under_review(owner).pk},
    "reviews:remove": lambda owner: {"pk": _under_review(owner).pk},
    "reviews:snooze": lambda owner: {"pk": _under_review(owner).pk},
    "reviews:suggest": lambda owner: {"pk": ContactFactory(owner=owner).pk},
    "reviews:restore": lambda owner: {"pk": _archived(owner).pk},
    "reviews:pin": lambda owner: {"pk": _archived(owner).pk},
    "reviews:contact_history": lambda owner: {"pk": _archived(owner).pk},
}

def _calendar_token(owner):
    return new_token(owner).token


KWARG_URLS = {
    "reviews:calendar_feed": lambda owner: {"token": _calendar_token(owner)},
    "reviews:email_action": lambda owner: {"token": action_token(owner.pk, _under_review(owner).pk, "keep")},
    "reviews:unsubscribe": lambda owner: {"token": unsubscribe_token(owner.pk)},
}

PUBLIC_URLS = set(KWARG_URLS)
