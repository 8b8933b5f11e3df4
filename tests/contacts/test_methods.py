"""Several e-mail addresses, phone numbers and profiles per contact."""

import pytest
from django.urls import reverse

from contacts.models import ContactMethod
from contacts.search import search_contacts
from contacts.models import Contact
from tests.factories import ContactFactory


@pytest.fixture
def jan(owner):
    return ContactFactory(owner=owner, first_name="Jan", last_name="de Vries", email="jan@acme.nl", phone="",
                          profile_url="https://www.linkedin.com/in/jdv", website="", private_email="")


def add(client, contact, **data):
    return client.post(reverse("contacts:method_create", args=[contact.pk]), data)


def test_add_an_address_a_number_and_a_profile_and_see_them_on_the_page(owner_client, owner, jan):
    assert add(owner_client, jan, kind="email", type="home", value=" Jan@Thuis.NL ", label="").status_code == 302
    assert add(owner_client, jan, kind="phone", type="mobile", value="06-12345678", label="privé").status_code == 302
    assert add(owner_client, jan, kind="profile", value="https://mastodon.social/@jan").status_code == 302
    rows = {m.kind: m for m in ContactMethod.objects.filter(contact=jan)}
    assert rows["email"].key == "jan@thuis.nl"
    assert rows["phone"].value == "+31612345678" and rows["phone"].label == "privé"
    assert rows["profile"].type == "mastodon"
    html = owner_client.get(reverse("contacts:detail", args=[jan.pk])).content.decode()
    assert 'href="tel:+31612345678"' in html and "Mastodon" in html
    assert 'href="https://mastodon.social/@jan" rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "email", "value": "niet-een-adres"}, "value"),
        ({"kind": "phone", "value": "12"}, "value"),
        ({"kind": "profile", "value": "javascript:alert(1)"}, "value"),
        ({"kind": "email", "type": "mastodon", "value": "a@b.nl"}, "type"),
        ({"kind": "fax", "value": "a@b.nl"}, "kind"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_changes_nothing(owner_client, jan, data, field):
    response = add(owner_client, jan, **data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not ContactMethod.objects.exists()


def test_the_same_value_twice_or_one_the_contact_has_is_refused(owner_client, jan):
    assert add(owner_client, jan, kind="email", value="jan@thuis.nl").status_code == 302
    again = add(owner_client, jan, kind="email", value="JAN@thuis.nl")
    assert again.status_code == 422 and "has this one already" in again.content.decode()
    own = add(owner_client, jan, kind="email", value="Jan@Acme.nl")
    assert own.status_code == 422
    assert ContactMethod.objects.count() == 1


def test_delete(owner_client, jan, owner):
    add(owner_client, jan, kind="email", value="jan@thuis.nl")
    method = ContactMethod.objects.get()
    assert owner_client.post(reverse("contacts:method_delete", args=[method.pk])).status_code == 302
    assert not ContactMethod.objects.exists()


def test_search_finds_every_address_number_and_profile(owner_client, owner, jan):
    other = ContactFactory(owner=owner, first_name="Piet", last_name="Bakker", email="", phone="")
    add(owner_client, jan, kind="email", value="jan@thuis.nl")
    add(owner_client, jan, kind="phone", value="+31 20 123 4567")
    add(owner_client, jan, kind="profile", value="https://mastodon.social/@jan")
    contacts = Contact.objects.owned_by(owner)
    for term in ("jan@thuis", "JAN@ACME.NL", "020-1234567", "mastodon.social/@jan", "linkedin.com/in/jdv"):
        assert list(search_contacts(contacts, term)) == [jan], term
    assert other not in search_contacts(contacts, "@thuis.nl")


def test_the_contact_page_asks_for_methods_only_when_there_are_some(owner_client, jan, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        owner_client.get(reverse("contacts:detail", args=[jan.pk]))
    add(owner_client, jan, kind="email", value="jan@thuis.nl")
    with CaptureQueriesContext(connection) as with_one:
        owner_client.get(reverse("contacts:detail", args=[jan.pk]))
    assert len(with_one) == len(without) + 1


def test_edit_type_and_label_not_the_value(owner_client, jan):
    add(owner_client, jan, kind="phone", value="06-12345678")
    method = ContactMethod.objects.get()
    url = reverse("contacts:method_edit", args=[method.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["type"].choices] == ["mobile", "work", "home", "other"]
    assert owner_client.post(url, {"type": "mastodon", "label": "x"}).status_code == 422
    response = owner_client.post(url, {"type": "mobile", "label": "zakelijk", "value": "+31201234567"})
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.type, method.label, method.value) == ("mobile", "zakelijk", "+31612345678")
