"""A decision is made once: a double click, two tabs or six parallel POSTs write one
decision, and every other request is told it was decided already (409 and the reason
for htmx, a message on the page otherwise), with nothing changed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactStatus
from netwerk.accounts.models import Profile
from reviews.models import Action, ReviewDecision
from tests.factories import ContactFactory
from tests.parallel import parallel, post_at_once
from tests.reviews.helpers import review_contact

HTMX = {"HTTP_HX_REQUEST": "true"}


@parallel
@pytest.mark.parametrize(
    ("url_name", "data", "action"),
    [
        ("reviews:remove", {"reason": "one_sided"}, Action.REMOVE),
        ("reviews:keep", {}, Action.KEEP),
        ("reviews:snooze", {}, Action.SNOOZE),
        ("reviews:suggest", {}, Action.SUGGEST),
    ],
)
def test_six_parallel_decisions_write_one(owner, url_name, data, action):
    contact = ContactFactory(owner=owner) if action == Action.SUGGEST else review_contact(owner)
    statuses = post_at_once(owner, reverse(url_name, args=[contact.pk]), data, **HTMX)
    assert statuses == [200] + [409] * 5
    assert ReviewDecision.objects.filter(contact=contact, action=action).count() == 1


@parallel
def test_six_parallel_restores_write_one(owner):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())
    statuses = post_at_once(owner, reverse("reviews:restore", args=[contact.pk]), {})
    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert ReviewDecision.objects.filter(contact=contact, action=Action.RESTORE).count() == 1
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.ACTIVE


# --- one after the other (a double click): the same on SQLite and PostgreSQL ------------------


@pytest.fixture
def owner_client(client, owner):
    Profile.objects.filter(user=owner).update(language="en")
    client.force_login(owner)
    return client


@pytest.mark.django_db
def test_snoozing_twice_writes_one_decision_and_says_so(owner_client, owner):
    contact = review_contact(owner)
    url = reverse("reviews:snooze", args=[contact.pk])
    assert owner_client.post(url, **HTMX).status_code == 200
    second = owner_client.post(url, **HTMX)
    assert second.status_code == 409
    assert "snoozed already" in second.content.decode()
    assert ReviewDecision.objects.filter(contact=contact, action=Action.SNOOZE).count() == 1


@pytest.mark.django_db
def test_removing_twice_says_it_was_decided_already(owner_client, owner):
    contact = review_contact(owner)
    url = reverse("reviews:remove", args=[contact.pk])
    assert owner_client.post(url, {"reason": "one_sided"}, **HTMX).status_code == 200
    second = owner_client.post(url, {"reason": "one_sided"}, **HTMX)
    assert second.status_code == 409
    assert "archived already" in second.content.decode()
    assert ReviewDecision.objects.filter(contact=contact).count() == 1


@pytest.mark.django_db
def test_restoring_twice_writes_one_decision(owner_client, owner):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())
    url = reverse("reviews:restore", args=[contact.pk])
    owner_client.post(url)
    response = owner_client.post(url, follow=True)
    assert "is not archived" in response.content.decode()
    assert ReviewDecision.objects.filter(contact=contact, action=Action.RESTORE).count() == 1


@pytest.mark.django_db
def test_a_stale_copy_of_the_contact_cannot_decide_twice(owner):
    """The service reads the state it decides on from the locked row, not from the
    caller's copy (which a parallel request may have made stale)."""
    from reviews import services

    contact = review_contact(owner)
    stale = Contact.objects.get(pk=contact.pk)
    services.remove_contact(user=owner, contact=contact, reason="one_sided")
    with pytest.raises(services.ReviewError):
        services.remove_contact(user=owner, contact=stale, reason="one_sided")
    restored_copy = Contact.objects.get(pk=contact.pk)
    services.restore_contact(user=owner, contact=restored_copy)
    with pytest.raises(services.ReviewError):
        services.restore_contact(user=owner, contact=stale)
    assert ReviewDecision.objects.filter(contact=contact).count() == 2


@parallel
def test_six_parallel_new_contacts_with_one_profile_url_make_one(owner):
    data = {"first_name": "Noor", "last_name": "Visser", "profile_url": "linkedin.com/in/noor", "source": "manual"}
    statuses = post_at_once(owner, reverse("contacts:create"), data)
    assert Contact.objects.filter(owner=owner).count() == 1
    assert statuses.count(302) == 1 and all(isinstance(status, int) and status < 500 for status in statuses), statuses
