import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from contacts.models import ContactLabel, Label, LabelKind
from netwerk.accounts.models import Profile
from tests.factories import ContactFactory, LabelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    user = UserFactory(username="staff", is_staff=True)
    Profile.objects.filter(user=user).update(language="en")
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    Profile.objects.filter(user=user).update(language="en")
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


CHANGELIST = "admin:contacts_contact_changelist"


@pytest.mark.parametrize("persona", ["staff", "superuser"])
def test_changelist_shows_only_own_contacts_even_for_superusers(client, persona, request, outsider):
    member = request.getfixturevalue(persona)
    mine = ContactFactory(owner=member, first_name="Mijn")
    ContactFactory(owner=outsider, first_name="Andermans")
    client.force_login(member)
    response = client.get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [mine]
    labels = client.get(reverse("admin:contacts_label_changelist")).context["cl"].result_list
    assert all(label.owner_id == member.pk for label in labels)


@pytest.mark.parametrize("persona", ["staff", "superuser"])
def test_another_members_contact_and_label_are_404_in_admin(client, persona, request, outsider):
    member = request.getfixturevalue(persona)
    theirs = ContactFactory(owner=outsider, first_name="Geheimzinnig")
    their_label = LabelFactory(owner=outsider, name="Andermans label")
    client.force_login(member)
    for url in (
        reverse("admin:contacts_contact_change", args=[theirs.pk]),
        reverse("admin:contacts_contact_delete", args=[theirs.pk]),
        reverse("admin:contacts_label_change", args=[their_label.pk]),
    ):
        # The admin redirects a missing object to its index with a message; never shows it.
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert "Geheimzinnig" not in html and "Andermans label" not in html
        assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")
    client.post(reverse("admin:contacts_contact_delete", args=[theirs.pk]), {"post": "yes"})
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_contact_added_in_admin_belongs_to_the_signed_in_member(staff_client, staff):
    response = staff_client.post(
        reverse("admin:contacts_contact_add"),
        {
            "first_name": "Anne",
            "last_name": "Smit",
            "source": "manual",
            "status": "active",
            "contact_labels-TOTAL_FORMS": "0",
            "contact_labels-INITIAL_FORMS": "0",
            "methods-TOTAL_FORMS": "1",
            "methods-INITIAL_FORMS": "0",
            "methods-0-kind": "phone",
            "methods-0-type": "mobile",
            "methods-0-value": "06-12345678",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    anne = staff.contacts.get()
    assert anne.first_name == "Anne"
    method = anne.methods.get()  # a further way to reach, the member's, keyed as on the contact page
    assert (method.owner_id, method.value, method.key) == (staff.pk, "+31612345678", "+31612345678")


def test_a_bad_way_to_reach_in_admin_names_the_field(staff_client, staff):
    response = staff_client.post(
        reverse("admin:contacts_contact_add"),
        {
            "first_name": "Anne", "source": "manual", "status": "active",
            "contact_labels-TOTAL_FORMS": "0", "contact_labels-INITIAL_FORMS": "0",
            "methods-TOTAL_FORMS": "1", "methods-INITIAL_FORMS": "0",
            "methods-0-kind": "email", "methods-0-type": "work", "methods-0-value": "geen adres",
        },
    )
    assert response.status_code == 200 and "Enter a valid email address." in response.content.decode()
    assert not staff.contacts.exists()


def test_label_and_introducer_choices_are_own_rows_only(staff_client, staff, outsider):
    contact = ContactFactory(owner=staff)
    their_label = LabelFactory(owner=outsider)
    their_contact = ContactFactory(owner=outsider)
    response = staff_client.post(
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        {
            "first_name": "Anne",
            "source": "manual",
            "status": "active",
            "introduced_by": their_contact.pk,
            "contact_labels-TOTAL_FORMS": "1",
            "contact_labels-INITIAL_FORMS": "0",
            "contact_labels-0-label": their_label.pk,
            "contact_labels-0-contact": contact.pk,
            "methods-TOTAL_FORMS": "0",
            "methods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not ContactLabel.objects.exists()
    contact.refresh_from_db()
    assert contact.introduced_by is None


def test_label_autocomplete_is_scoped_to_the_member(staff_client, staff, outsider):
    LabelFactory(owner=staff, name="Eigen label")
    LabelFactory(owner=outsider, name="Eigen geheim")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "eigen", "app_label": "contacts", "model_name": "contactlabel", "field_name": "label"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Eigen label"]


def test_label_filter_lists_own_labels_and_filters(staff_client, staff, outsider):
    label = LabelFactory(owner=staff, name="ICT")
    LabelFactory(owner=outsider, name="Geheim")
    tagged, untagged = ContactFactory.create_batch(2, owner=staff)
    tagged.labels.add(label)
    response = staff_client.get(reverse(CHANGELIST), {"label": label.pk})
    assert list(response.context["cl"].result_list) == [tagged]
    html = response.content.decode()
    assert "ICT" in html and "Geheim" not in html


def test_admin_action_names_are_translated(staff_client, staff):
    Profile.objects.filter(user=staff).update(language="nl")
    ContactFactory(owner=staff)  # the admin shows its actions only above a non-empty list
    html = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert "Label toevoegen…" in html
    assert "Label verwijderen…" in html
    assert "Ter beoordeling zetten" in html


def test_add_label_action_asks_for_the_label_then_applies_it(staff_client, staff):
    label = LabelFactory(owner=staff, name="Opdrachtgevers")
    contacts = ContactFactory.create_batch(3, owner=staff)
    selected = [str(c.pk) for c in contacts[:2]]
    form_page = staff_client.post(reverse(CHANGELIST), {"action": "add_label_action", ACTION_CHECKBOX_NAME: selected})
    assert form_page.status_code == 200
    assert "2 contacts selected." in form_page.content.decode()
    assert not ContactLabel.objects.exists()
    done = staff_client.post(
        reverse(CHANGELIST),
        {"action": "add_label_action", ACTION_CHECKBOX_NAME: selected, "label": label.pk, "apply": "1"},
        follow=True,
    )
    assert "Added “Opdrachtgevers” to 2 contacts." in done.content.decode()
    assert set(label.contacts.all()) == set(contacts[:2])


def test_remove_label_action(staff_client, staff):
    label = LabelFactory(owner=staff, name="Borrel")
    contacts = ContactFactory.create_batch(3, owner=staff)
    for contact in contacts:
        contact.labels.add(label)
    staff_client.post(
        reverse(CHANGELIST),
        {"action": "remove_label_action", ACTION_CHECKBOX_NAME: [contacts[0].pk], "label": label.pk, "apply": "1"},
    )
    assert set(label.contacts.all()) == set(contacts[1:])


def test_add_label_action_refuses_another_members_label(staff_client, staff, outsider):
    their_label = LabelFactory(owner=outsider)
    contact = ContactFactory(owner=staff)
    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "add_label_action", ACTION_CHECKBOX_NAME: [contact.pk], "label": their_label.pk, "apply": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["label"]
    assert not ContactLabel.objects.exists()


def test_put_under_review_action_adds_the_review_label(staff_client, staff):
    contacts = ContactFactory.create_batch(2, owner=staff)
    staff_client.post(
        reverse(CHANGELIST), {"action": "put_under_review_action", ACTION_CHECKBOX_NAME: [c.pk for c in contacts]}
    )
    review = Label.objects.get(owner=staff, kind=LabelKind.REVIEW)
    assert set(review.contacts.all()) == set(contacts)


@pytest.mark.parametrize("count", [5, 150])
def test_add_label_to_all_selected_contacts_takes_constant_queries(
    staff_client, staff, outsider, count, django_assert_max_num_queries
):
    label = LabelFactory(owner=staff)
    ContactFactory.create_batch(count, owner=staff)
    ContactFactory.create_batch(3, owner=outsider)
    first_page = [str(pk) for pk in staff.contacts.values_list("pk", flat=True)[:100]]
    with django_assert_max_num_queries(12):
        staff_client.post(
            reverse(CHANGELIST),
            {
                "action": "add_label_action",
                "select_across": "1",
                ACTION_CHECKBOX_NAME: first_page,
                "label": label.pk,
                "apply": "1",
            },
        )
    assert label.contacts.count() == count
    assert ContactLabel.objects.filter(label=label, contact__owner=outsider).count() == 0


def test_review_label_cannot_be_deleted_in_admin(staff_client, staff):
    review = Label.objects.get(owner=staff, kind=LabelKind.REVIEW)
    staff_client.post(reverse("admin:contacts_label_delete", args=[review.pk]), {"post": "yes"})
    assert Label.objects.filter(pk=review.pk).exists()


def test_admin_label_names_are_unique_ignoring_case(staff_client, staff):
    LabelFactory(owner=staff, name="ICT")
    response = staff_client.post(
        reverse("admin:contacts_label_add"), {"name": "ict", "color": "blue", "kind": "general"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Label.objects.filter(owner=staff, name__iexact="ict").count() == 1
