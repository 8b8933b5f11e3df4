"""A Keep / Remove link from the digest acts once: used, it says so and changes nothing,
even after the contact came back under review; a link from an earlier review of the
contact does not act in the next one. Two POSTs of one link at once decide once."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactLabel, ContactStatus
from netwerk.accounts.models import Profile
from reviews.links import action_token
from reviews.models import Action, ReviewDecision, UsedActionLink
from tests.parallel import parallel, post_at_once
from tests.reviews.helpers import put_under_review, review_contact


def link(owner, contact, action):
    return reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, contact.pk, action)})


@pytest.fixture
def english(owner):
    Profile.objects.filter(user=owner).update(language="en")


@pytest.mark.django_db
def test_a_used_keep_link_does_nothing_after_the_contact_came_back_under_review(client, owner, english):
    contact = review_contact(owner, days_ago=3)
    keep = link(owner, contact, "keep")
    assert client.post(keep, {"note": ""}).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        put_under_review(contact)
        for method in (client.get, client.post):
            response = method(keep, {"note": "again"})
            assert response.status_code == 409
            assert "This link was used already" in response.content.decode()
    assert ReviewDecision.objects.filter(contact=contact).count() == 1
    assert ContactLabel.objects.filter(contact=contact).exists()  # still under review
    assert UsedActionLink.objects.get().decision.action == Action.KEEP


@pytest.mark.django_db
def test_the_other_link_of_an_old_digest_does_not_act_in_the_next_review(client, owner, english):
    contact = review_contact(owner, days_ago=3)
    keep, remove = link(owner, contact, "keep"), link(owner, contact, "remove")
    client.post(keep, {"note": ""})
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        put_under_review(contact)
        response = client.post(remove, {"reason": "one_sided"})
        assert response.status_code == 409
        assert "earlier review" in response.content.decode()
        contact.refresh_from_db()
        assert contact.status == ContactStatus.ACTIVE
        # The next digest's link works.
        assert client.post(link(owner, contact, "remove"), {"reason": "one_sided"}).status_code == 200
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ARCHIVED


@pytest.mark.django_db
def test_a_link_that_did_not_act_can_still_act(client, owner):
    """An invalid form (no reason) uses nothing: the member can try again."""
    contact = review_contact(owner)
    remove = link(owner, contact, "remove")
    assert client.post(remove, {"reason": ""}).status_code == 400
    assert not UsedActionLink.objects.exists()
    assert client.post(remove, {"reason": "other"}).status_code == 200


@parallel
def test_one_link_posted_six_times_at_once_decides_once(owner):
    contact = review_contact(owner)
    statuses = post_at_once(None, link(owner, contact, "keep"), {"note": "from the mail"})
    assert statuses == [200] + [409] * 5
    assert ReviewDecision.objects.filter(contact=contact).count() == 1
    assert UsedActionLink.objects.count() == 1
