from datetime import date

import pytest
from django.urls import reverse

from contacts.models import ContactLabel, ContactStatus, Label, LabelKind
from contacts.services import LabelRuleError, add_label, delete_label, merge_labels, remove_label
from tests.factories import ContactFactory, LabelFactory

pytestmark = pytest.mark.django_db


def label_data(**overrides):
    data = {"name": "Netwerkborrel Utrecht", "color": "green", "kind": "event", "description": ""}
    data.update(overrides)
    return data


def test_member_creates_a_label_with_kind_colour_and_contract_restriction(owner_client, owner):
    response = owner_client.post(
        reverse("contacts:labels"),
        label_data(name="Klanten vorige werkgever", kind="clients", restricts_contact="on", restricts_contact_until="2026-12-31"),
    )
    assert response.status_code == 302
    label = Label.objects.get(owner=owner, name="Klanten vorige werkgever")
    assert (label.kind, label.color, label.restricts_contact) == ("clients", "green", True)
    assert label.restricts_contact_until == date(2026, 12, 31)


def test_duplicate_label_name_ignoring_case_is_a_form_error_not_a_crash(owner_client, owner):
    LabelFactory(owner=owner, name="ICT")
    response = owner_client.post(reverse("contacts:labels"), label_data(name="  ict "))
    assert response.status_code == 422
    assert "You already have a label called “ict”" in response.content.decode()
    assert Label.objects.filter(owner=owner, name__iexact="ict").count() == 1


def test_another_member_may_use_the_same_label_name(owner_client, owner, outsider):
    LabelFactory(owner=outsider, name="ICT")
    assert owner_client.post(reverse("contacts:labels"), label_data(name="ICT")).status_code == 302


def test_end_date_without_restriction_is_explained(owner_client):
    response = owner_client.post(reverse("contacts:labels"), label_data(restricts_contact_until="2026-12-31"))
    assert response.status_code == 422
    assert "tick that box too" in response.content.decode()


def test_nobody_creates_a_second_review_label(owner_client, owner):
    response = owner_client.post(reverse("contacts:labels"), label_data(kind="review"))
    assert response.status_code == 422
    assert Label.objects.filter(owner=owner, kind=LabelKind.REVIEW).count() == 1


def test_review_label_can_be_renamed_but_keeps_its_kind(owner_client, owner):
    review = Label.objects.get(owner=owner, kind=LabelKind.REVIEW)
    response = owner_client.post(
        reverse("contacts:label_edit", kwargs={"pk": review.pk}), label_data(name="Opruimen?", kind="general")
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.name, review.kind) == ("Opruimen?", LabelKind.REVIEW)


def test_review_label_is_never_deleted_or_merged_away(owner_client, owner):
    review = Label.objects.get(owner=owner, kind=LabelKind.REVIEW)
    other = LabelFactory(owner=owner)
    delete = owner_client.post(reverse("contacts:label_delete", kwargs={"pk": review.pk}))
    merge = owner_client.post(reverse("contacts:label_merge", kwargs={"pk": review.pk}), {"target": other.pk})
    assert delete.status_code == 409 and merge.status_code == 409
    assert "cannot be deleted; you can rename it" in delete.content.decode()
    assert Label.objects.filter(pk=review.pk).exists()
    with pytest.raises(LabelRuleError):
        delete_label(owner=owner, label=review)
    with pytest.raises(LabelRuleError):
        merge_labels(owner=owner, source=review, target=other)


def test_delete_confirmation_says_how_many_contacts_carry_the_label(owner_client, owner):
    label = LabelFactory(owner=owner, name="Borrel")
    for contact in ContactFactory.create_batch(3, owner=owner):
        contact.labels.add(label)
    ContactFactory(owner=owner, status=ContactStatus.ARCHIVED).labels.add(label)
    page = owner_client.get(reverse("contacts:label_delete", kwargs={"pk": label.pk}))
    assert "3 contacts carry “Borrel”" in page.content.decode()
    response = owner_client.post(reverse("contacts:label_delete", kwargs={"pk": label.pk}))
    assert response.status_code == 302
    assert not Label.objects.filter(pk=label.pk).exists()
    assert owner.contacts.count() == 4


def test_merge_moves_contacts_and_removes_the_source(owner_client, owner):
    source, target = LabelFactory(owner=owner, name="ICT"), LabelFactory(owner=owner, name="IT")
    both, only_source = ContactFactory.create_batch(2, owner=owner)
    both.labels.add(source, target)
    only_source.labels.add(source)
    page = owner_client.get(reverse("contacts:label_merge", kwargs={"pk": source.pk}))
    assert source.pk not in [label.pk for label in page.context["form"].fields["target"].queryset]
    response = owner_client.post(reverse("contacts:label_merge", kwargs={"pk": source.pk}), {"target": target.pk})
    assert response.status_code == 302
    assert not Label.objects.filter(pk=source.pk).exists()
    assert set(target.contacts.all()) == {both, only_source}


def test_merge_into_another_members_label_is_refused(owner_client, owner, outsider):
    source = LabelFactory(owner=owner)
    theirs = LabelFactory(owner=outsider)
    response = owner_client.post(reverse("contacts:label_merge", kwargs={"pk": source.pk}), {"target": theirs.pk})
    assert response.status_code == 422
    assert Label.objects.filter(pk=source.pk).exists()


def test_labels_page_shows_counts(owner_client, owner):
    label = LabelFactory(owner=owner, name="ICT")
    for contact in ContactFactory.create_batch(2, owner=owner):
        contact.labels.add(label)
    response = owner_client.get(reverse("contacts:labels"))
    assert {lab.name: lab.contact_count for lab in response.context["labels"]}["ICT"] == 2


def test_add_label_keeps_the_original_added_at_and_counts_only_new(owner):
    label = LabelFactory(owner=owner)
    first, second = ContactFactory.create_batch(2, owner=owner)
    add_label(owner=owner, label=label, contacts=owner.contacts.filter(pk=first.pk))
    original = ContactLabel.objects.get(contact=first).added_at
    assert add_label(owner=owner, label=label, contacts=owner.contacts.all()) == 1
    assert ContactLabel.objects.get(contact=first).added_at == original
    assert remove_label(owner=owner, label=label, contacts=owner.contacts.all()) == 2


def test_add_label_never_touches_another_members_contacts(owner, outsider):
    label = LabelFactory(owner=owner)
    theirs = ContactFactory(owner=outsider)
    from contacts.models import Contact

    assert add_label(owner=owner, label=label, contacts=Contact.objects.all()) == 0
    assert not ContactLabel.objects.filter(contact=theirs).exists()
    with pytest.raises(LabelRuleError):
        add_label(owner=outsider, label=label, contacts=Contact.objects.all())


@pytest.mark.parametrize("count", [10, 400])
def test_add_label_takes_constant_queries(owner, count, django_assert_max_num_queries):
    label = LabelFactory(owner=owner)
    ContactFactory.create_batch(count, owner=owner)
    with django_assert_max_num_queries(3):
        assert add_label(owner=owner, label=label, contacts=owner.contacts.all()) == count
    with django_assert_max_num_queries(3):
        assert remove_label(owner=owner, label=label, contacts=owner.contacts.all()) == count
