"""Demo data for `seed_demo`: review decisions in past weeks and a few archived contacts."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import Contact, ContactLabel, ContactStatus, LabelKind

from .models import Action, RemovalReason, ReviewDecision

NOTES = ["", "", "Alleen maar verzoeken, nooit iets terug", "Concurrentiebeding", "Eén borrel, verder niets", "Toch een goede klant"]


@transaction.atomic
def seed_reviews(owner, *, rng: random.Random) -> int:
    """Decisions spread over the last eight weeks; removed contacts go to the archive."""
    now = timezone.now()
    under_review = set(
        ContactLabel.objects.filter(label__owner=owner, label__kind=LabelKind.REVIEW).values_list("contact_id", flat=True)
    )
    candidates = list(Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE).exclude(pk__in=under_review))
    picked = rng.sample(candidates, k=min(len(candidates), 18))
    decisions, archived = [], []
    for index, contact in enumerate(picked):
        decided_at = now - timedelta(days=rng.randint(3, 56), hours=rng.randint(0, 10))
        if index % 3 == 0:
            decisions.append(
                ReviewDecision(owner=owner, contact=contact, contact_name=str(contact), action=Action.KEEP,
                               note=rng.choice(NOTES), decided_at=decided_at)
            )
            continue
        reason = rng.choice(RemovalReason.values)
        decisions.append(
            ReviewDecision(owner=owner, contact=contact, contact_name=str(contact), action=Action.REMOVE,
                           reason=reason, note=rng.choice(NOTES), decided_at=decided_at)
        )
        contact.status, contact.archived_at, contact.pinned = ContactStatus.ARCHIVED, decided_at, index % 7 == 0
        archived.append(contact)
    ReviewDecision.objects.bulk_create(decisions)
    Contact.objects.bulk_update(archived, ["status", "archived_at", "pinned"])
    return len(decisions)
