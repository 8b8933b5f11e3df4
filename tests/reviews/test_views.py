from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactLabel, ContactStatus, Direction, LabelKind
from reviews.models import Action, RemovalReason, ReviewDecision
from tests.factories import ContactFactory, InteractionFactory, LabelFactory, NoteFactory
from tests.reviews.helpers import review_contact


def _fill_queue(owner, count):
    label = LabelFactory(owner=owner, name=f"Klanten {count}")
    for index in range(count):
        contact = review_contact(owner, days_ago=index)
        ContactLabel.objects.create(contact=contact, label=label)
        NoteFactory(contact=contact)
        InteractionFactory(contact=contact, direction=Direction.GAVE)
        ContactFactory(owner=owner, introduced_by=contact)


def _queue_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(reverse("reviews:queue"))
    assert response.status_code == 200
    return len(captured)


def test_queue_query_count_does_not_grow_with_the_queue(owner_client, owner, django_assert_max_num_queries):
    _fill_queue(owner, 1)
    few = _queue_queries(owner_client, django_assert_max_num_queries, 20)
    _fill_queue(owner, 15)
    many = _queue_queries(owner_client, django_assert_max_num_queries, 20)
    assert few == many


def test_queue_shows_evidence_and_what_removing_loses(owner_client, owner):
    contact = review_contact(owner, first_name="Jan", last_name="Janssen", days_ago=10)
    ContactFactory(owner=owner, introduced_by=contact, first_name="Ineke", last_name="Intro")
    NoteFactory(contact=contact, body="Vraagt alleen om gunsten")
    response = owner_client.get(reverse("reviews:queue"))
    page = response.content.decode()
    assert "Jan Janssen" in page and "Ineke Intro" in page and "Vraagt alleen om gunsten" in page
    assert 'static/js/review.js' in page and "<script>" not in page


def test_keep_with_htmx_updates_the_one_status_line_and_the_count(owner_client, owner):
    contact = review_contact(owner, first_name="Karel")
    review_contact(owner)
    response = owner_client.post(reverse("reviews:keep", args=[contact.pk]), {"note": "klant"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    # The card leaves (nothing takes its id); the status line is filled in place, not stacked.
    assert f'id="review-{contact.pk}"' not in page and "<html" not in page
    assert '<div id="review-status" hx-swap-oob="innerHTML">' in page and "Karel" in page
    assert '<span id="review-count" hx-swap-oob="innerHTML">1</span>' in page
    assert ReviewDecision.objects.get().note == "klant"


def test_remove_needs_a_reason_and_changes_nothing_without(owner_client, owner):
    contact = review_contact(owner)
    response = owner_client.post(reverse("reviews:remove", args=[contact.pk]), {"reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "reason" in response.content.decode().lower() or "reden" in response.content.decode().lower()
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE and not ReviewDecision.objects.exists()


def test_remove_archives_and_links_to_the_linkedin_profile(owner_client, owner):
    contact = review_contact(owner, profile_url="https://www.linkedin.com/in/jan-janssen")
    response = owner_client.post(
        reverse("reviews:remove", args=[contact.pk]),
        {"reason": RemovalReason.MET_ONCE_NO_BUSINESS, "note": "borrel"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "https://www.linkedin.com/in/jan-janssen" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ARCHIVED
    archive = owner_client.get(reverse("reviews:archive")).content.decode()
    assert str(contact) in archive and "borrel" in archive


def test_restore_from_the_archive_in_one_click(owner_client, owner):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())
    response = owner_client.post(reverse("reviews:restore", args=[contact.pk]))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE


def test_pin_keeps_an_archived_contact_from_the_purge(owner_client, owner):
    contact = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now())
    owner_client.post(reverse("reviews:pin", args=[contact.pk]), {"pinned": "1"})
    contact.refresh_from_db()
    assert contact.pinned


def test_the_queue_page_has_one_polite_status_line(owner_client, owner):
    review_contact(owner)
    page = owner_client.get(reverse("reviews:queue")).content.decode()
    assert page.count('id="review-status"') == 1
    assert 'role="status" aria-live="polite"' in page


def test_remove_offers_each_reason_as_a_button_with_its_digit(owner_client, owner):
    contact = review_contact(owner)
    page = owner_client.get(reverse("reviews:queue")).content.decode()
    for digit, reason in enumerate(RemovalReason.values, start=1):
        assert f'name="reason" value="{reason}" data-reason-digit="{digit}"><kbd class="review-key-hint">{digit}</kbd>' in page
    response = owner_client.post(
        reverse("reviews:remove", args=[contact.pk]), {"reason": RemovalReason.OTHER}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert ReviewDecision.objects.get(action=Action.REMOVE).reason == RemovalReason.OTHER


def test_putting_a_suggestion_under_review_adds_its_card_and_count_without_a_reload(owner_client, owner):
    other = ContactFactory(owner=owner, first_name="Sanne", last_name="Suggestie")
    response = owner_client.post(reverse("reviews:suggest", args=[other.pk]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div hx-swap-oob="beforeend:#review-queue">' in page
    assert f'<article class="card mb-3 review-card" id="review-{other.pk}"' in page
    assert '<span id="review-count" hx-swap-oob="innerHTML">1</span>' in page
    assert '<p id="review-empty" hx-swap-oob="delete">' in page  # the queue was empty: its message goes
    second = ContactFactory(owner=owner)
    page = owner_client.post(reverse("reviews:suggest", args=[second.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert '<span id="review-count" hx-swap-oob="innerHTML">2</span>' in page and "review-empty" not in page


def test_snooze_and_suggest_from_the_queue(owner_client, owner):
    contact = review_contact(owner)
    assert owner_client.post(reverse("reviews:snooze", args=[contact.pk]), HTTP_HX_REQUEST="true").status_code == 200
    other = ContactFactory(owner=owner)
    assert owner_client.post(reverse("reviews:suggest", args=[other.pk]), HTTP_HX_REQUEST="true").status_code == 200
    assert ContactLabel.objects.filter(contact=other, label__kind=LabelKind.REVIEW).exists()


def test_keep_on_a_contact_not_under_review_is_refused(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(reverse("reviews:keep", args=[contact.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert not ReviewDecision.objects.exists()


def test_history_per_week_and_per_contact(owner_client, owner):
    contact = review_contact(owner, first_name="Piet", last_name="Post")
    ReviewDecision.objects.create(
        owner=owner, contact=contact, contact_name="Piet Post", action=Action.KEEP,
        decided_at=timezone.now() - timedelta(days=14),
    )
    ReviewDecision.objects.create(owner=owner, contact=contact, contact_name="Piet Post", action=Action.SNOOZE)
    page = owner_client.get(reverse("reviews:history")).content.decode()
    assert page.count("Piet Post") == 2
    assert page.count('<section class="mb-4"') == 2
    detail = owner_client.get(reverse("reviews:contact_history", args=[contact.pk]))
    assert detail.status_code == 200 and detail.content.decode().count('class="list-group-item"') == 2


def test_outsider_cannot_see_another_members_history(client, owner, outsider):
    contact = ContactFactory(owner=owner)
    client.force_login(outsider)
    assert client.get(reverse("reviews:contact_history", args=[contact.pk])).status_code == 404


@pytest.mark.parametrize("path", ["reviews:queue", "reviews:archive", "reviews:history"])
def test_pages_render_in_dutch(owner_client, owner, path):
    review_contact(owner)
    response = owner_client.get(reverse(path))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
