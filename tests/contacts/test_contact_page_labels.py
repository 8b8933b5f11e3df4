"""Labels are added to and removed from a contact on the contact page itself (htmx)."""

import pytest
from django.urls import reverse

from contacts.models import ContactLabel
from tests.factories import ContactFactory, LabelFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(contact):
    return reverse("contacts:contact_labels", kwargs={"pk": contact.pk})


def test_contact_page_offers_the_members_other_labels(owner_client, owner, outsider):
    contact = ContactFactory(owner=owner)
    on, off = LabelFactory(owner=owner, name="Borrel"), LabelFactory(owner=owner, name="Klanten")
    LabelFactory(owner=outsider, name="Geheim")
    contact.labels.add(on)
    html = owner_client.get(reverse("contacts:detail", kwargs={"pk": contact.pk})).content.decode()
    assert 'id="contact-labels"' in html
    assert f'<option value="{off.pk}">Klanten</option>' in html
    assert f'<option value="{on.pk}">' not in html
    assert "Geheim" not in html
    assert f'name="label" value="{on.pk}"' in html  # its remove button


def test_add_then_remove_a_label_in_place(owner_client, owner):
    contact = ContactFactory(owner=owner)
    label = LabelFactory(owner=owner, name="Borrel")
    added = owner_client.post(url(contact), {"action": "add", "label": label.pk}, **HTMX)
    assert added.status_code == 200
    assert ContactLabel.objects.filter(contact=contact, label=label).exists()
    html = added.content.decode()
    assert html.lstrip().startswith("<div id=\"contact-labels\"") or 'id="contact-labels"' in html
    assert "<html" not in html and "Borrel" in html
    removed = owner_client.post(url(contact), {"action": "remove", "label": label.pk}, **HTMX)
    assert removed.status_code == 200
    assert not ContactLabel.objects.filter(contact=contact).exists()


def test_adding_twice_keeps_one_label(owner_client, owner):
    contact = ContactFactory(owner=owner)
    label = LabelFactory(owner=owner)
    for _ in range(2):
        owner_client.post(url(contact), {"action": "add", "label": label.pk}, **HTMX)
    assert ContactLabel.objects.filter(contact=contact, label=label).count() == 1


def test_another_members_label_is_refused_and_nothing_changes(owner_client, owner, outsider):
    contact = ContactFactory(owner=owner)
    theirs = LabelFactory(owner=outsider)
    response = owner_client.post(url(contact), {"action": "add", "label": theirs.pk}, **HTMX)
    assert response.status_code == 422
    assert "Choose one of your labels." in response.content.decode()
    assert not ContactLabel.objects.exists()


@pytest.mark.parametrize(
    "data", [{"action": "add", "label": "abc"}, {"action": "zap", "label": "1"}, {}, {"action": "add", "label": "9" * 30}]
)
def test_bad_input_is_a_clear_422(owner_client, owner, data):
    contact = ContactFactory(owner=owner)
    LabelFactory(owner=owner)
    response = owner_client.post(url(contact), data, **HTMX)
    assert response.status_code == 422
    assert not ContactLabel.objects.exists()


def test_another_members_contact_is_404(owner_client, owner, outsider):
    theirs = ContactFactory(owner=outsider)
    label = LabelFactory(owner=owner)
    assert owner_client.post(url(theirs), {"action": "add", "label": label.pk}, **HTMX).status_code == 404
    assert not ContactLabel.objects.exists()


def test_archived_contact_labels_are_not_changed(owner_client, owner):
    contact = ContactFactory(owner=owner, status="archived")
    label = LabelFactory(owner=owner)
    response = owner_client.post(url(contact), {"action": "add", "label": label.pk}, **HTMX)
    assert response.status_code == 422
    assert not ContactLabel.objects.exists()


def test_without_htmx_the_page_reloads(owner_client, owner):
    contact = ContactFactory(owner=owner)
    label = LabelFactory(owner=owner)
    response = owner_client.post(url(contact), {"action": "add", "label": label.pk})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", kwargs={"pk": contact.pk})
    assert ContactLabel.objects.filter(contact=contact, label=label).exists()


def test_get_is_not_allowed(owner_client, owner):
    contact = ContactFactory(owner=owner)
    assert owner_client.get(url(contact)).status_code == 405


def test_label_change_takes_constant_queries(owner_client, owner, django_assert_max_num_queries):
    contact = ContactFactory(owner=owner)
    labels = LabelFactory.create_batch(20, owner=owner)
    with django_assert_max_num_queries(12):
        owner_client.post(url(contact), {"action": "add", "label": labels[0].pk}, **HTMX)
