import random

from contacts.demo import seed_contacts
from contacts.models import Contact, ContactStatus
from reviews.demo import seed_reviews
from reviews.models import Action, ReviewDecision


def test_demo_has_decisions_in_past_weeks_and_an_archive(owner):
    seed_contacts(owner, 60, rng=random.Random(1))
    assert seed_reviews(owner, rng=random.Random(1)) == 18
    removed = ReviewDecision.objects.filter(owner=owner, action=Action.REMOVE)
    assert removed.count() == Contact.objects.filter(owner=owner, status=ContactStatus.ARCHIVED).count() == 12
    weeks = {decision.decided_at.isocalendar()[:2] for decision in ReviewDecision.objects.filter(owner=owner)}
    assert len(weeks) > 2
