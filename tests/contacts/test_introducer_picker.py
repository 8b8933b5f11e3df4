"""'Introduced by' is a search among the member's own contacts that shows company and
position, not a list of every contact."""

import pytest
from django.urls import reverse

from contacts.models import Contact
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

OPTIONS = "contacts:introducer_options"


def options(client, term, **extra):
    return client.get(reverse(OPTIONS), {"introduced_by_search": term, "field": "introduced_by", **extra})


def test_the_edit_page_no_longer_lists_every_contact(owner_client, owner):
    contact = ContactFactory(owner=owner, first_name="Eva")
    introducer = ContactFactory(owner=owner, first_name="Ruben", last_name="Bakker", company="ING", position="CTO")
    ContactFactory.create_batch(30, owner=owner)
    Contact.objects.filter(pk=contact.pk).update(introduced_by=introducer)
    html = owner_client.get(reverse("contacts:edit", kwargs={"pk": contact.pk})).content.decode()
    assert '<select name="introduced_by"' not in html
    assert html.count('name="introduced_by"') == 2  # "(nobody)" and the current one
    assert f'value="{introducer.pk}" checked' in html
    assert "CTO, ING" in html
    assert reverse(OPTIONS) in html


def test_search_shows_namesakes_with_company_and_position(owner_client, owner, outsider):
    for company, position in (("ING", "CTO"), ("Rabobank", "Recruiter"), ("KLM", "Piloot"), ("Adyen", "")):
        ContactFactory(owner=owner, first_name="Ruben", last_name="Bakker", company=company, position=position)
    ContactFactory(owner=outsider, first_name="Ruben", last_name="Bakker", company="Geheim BV")
    ContactFactory(owner=owner, first_name="Anne", last_name="Smit")
    html = options(owner_client, "ruben bakker").content.decode()
    assert html.count('type="radio"') == 4
    assert "CTO, ING" in html and "Recruiter, Rabobank" in html and "Piloot, KLM" in html and "Adyen" in html
    assert "Geheim BV" not in html and "Smit" not in html


def test_search_finds_company_and_leaves_out_the_contact_being_edited(owner_client, owner):
    edited = ContactFactory(owner=owner, first_name="Zelf", company="Coolblue")
    other = ContactFactory(owner=owner, first_name="Collega", company="Coolblue")
    html = options(owner_client, "coolblue", exclude=str(edited.pk)).content.decode()
    assert f'value="{other.pk}"' in html and f'value="{edited.pk}"' not in html


def test_archived_contacts_are_not_offered(owner_client, owner):
    ContactFactory(owner=owner, first_name="Weg", status="archived")
    assert 'type="radio"' not in options(owner_client, "weg").content.decode()


def test_many_matches_are_capped_with_a_hint(owner_client, owner, django_assert_max_num_queries):
    ContactFactory.create_batch(40, owner=owner, company="Philips")
    with django_assert_max_num_queries(4):
        response = options(owner_client, "philips")
    html = response.content.decode()
    assert html.count('type="radio"') == 20
    assert "type more of the name" in html


@pytest.mark.parametrize("exclude", ["abc", "9" * 40, "-1", ""])
def test_odd_parameters_never_fail(owner_client, owner, exclude):
    ContactFactory(owner=owner, first_name="Anne")
    response = owner_client.get(
        reverse(OPTIONS), {"introduced_by_search": "anne" * 100, "exclude": exclude, "field": "x"}
    )
    assert response.status_code == 200


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse(OPTIONS), {"introduced_by_search": "a"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_choosing_another_members_contact_is_refused(owner_client, owner, outsider):
    contact = ContactFactory(owner=owner, first_name="Eva")
    theirs = ContactFactory(owner=outsider)
    response = owner_client.post(
        reverse("contacts:edit", kwargs={"pk": contact.pk}),
        {"first_name": "Eva", "source": "manual", "introduced_by": theirs.pk},
    )
    assert response.status_code in (400, 422)
    assert Contact.objects.get(pk=contact.pk).introduced_by_id is None


def test_choosing_an_introducer_from_the_search_saves_it(owner_client, owner):
    contact = ContactFactory(owner=owner, first_name="Eva")
    introducer = ContactFactory(owner=owner, first_name="Ruben")
    response = owner_client.post(
        reverse("contacts:edit", kwargs={"pk": contact.pk}),
        {"first_name": "Eva", "source": "manual", "introduced_by": introducer.pk, "introduced_by_search": "ruben"},
    )
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).introduced_by_id == introducer.pk
