"""Phone numbers are found in any common notation."""

import pytest
from django.urls import reverse

from contacts.search import phone_search_digits
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "06-12345678",
        "+31 6 1234 5678",
        "0612345678",
        "06 12 34 56 78",
        "0031 6 12345678",
        "(06) 1234-5678",
        "12345678",
        "1234 5678",
    ],
)
def test_search_finds_a_phone_number_in_any_notation(owner_client, owner, outsider, typed):
    wanted = ContactFactory(owner=owner, first_name="Bel", last_name="Mij", phone="+31612345678")
    ContactFactory(owner=owner, first_name="Ander", phone="+31687654321")
    ContactFactory(owner=outsider, first_name="Vreemd", phone="+31612345678")
    response = owner_client.get(reverse("contacts:list"), {"q": typed})
    assert [contact.pk for contact in response.context["contacts"]] == [wanted.pk]


def test_words_still_search_names(owner_client, owner):
    ContactFactory(owner=owner, first_name="Anne", last_name="Smit", phone="+31612345678")
    response = owner_client.get(reverse("contacts:list"), {"q": "anne smit"})
    assert len(response.context["contacts"]) == 1


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("06-12345678", "+31612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0032 470 123456", "+32470123456"),
        ("123", ""),
        ("Anne 06", ""),
        ("٠٦١٢٣٤٥٦٧٨", ""),  # Arabic-Indic digits are not a stored phone number
        ("06\u200b12345678", ""),  # invisible characters make it text, not a number
    ],
)
def test_phone_search_digits(typed, digits):
    assert phone_search_digits(typed) == digits


def test_a_huge_digit_string_is_handled_in_linear_time(owner_client):
    response = owner_client.get(reverse("contacts:list"), {"q": "0" * 200})
    assert response.status_code == 200
