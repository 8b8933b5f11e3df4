"""Dutch surnames sort by their main part, as in a phone book: "Ahmed de Boer" between
Blom and Bos, in the list, the "Voorgesteld door" choices and the CSV export."""

import csv
import io

import pytest
from django.urls import reverse

from contacts.exporting import write_contacts_csv
from contacts.forms import ContactForm
from contacts.models import Contact
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Ahmed", "de Boer"),
    ("Jan", "Bos"),
    ("Kees", "Blom"),
    ("Anne", "van der Meer"),
    ("Piet", "Mulder"),
    ("Lotte", "van 't Hek"),
    ("Sara", "De Vries"),
    ("Tom", "Vos"),
    ("Mo", "El Amrani"),
    ("Eva", "Abbas"),
]
EXPECTED = [
    "Eva Abbas",
    "Mo El Amrani",
    "Kees Blom",
    "Ahmed de Boer",
    "Jan Bos",
    "Lotte van 't Hek",
    "Anne van der Meer",
    "Piet Mulder",
    "Tom Vos",
    "Sara De Vries",
]


@pytest.fixture
def contacts(owner):
    return [ContactFactory(owner=owner, first_name=first, last_name=last) for first, last in NAMES]


def test_the_sort_key_drops_the_prefixes(owner, contacts):
    keys = dict(Contact.objects.values_list("last_name", "surname_sort"))
    assert keys["de Boer"] == "boer"
    assert keys["van der Meer"] == "meer"
    assert keys["van 't Hek"] == "hek"
    assert keys["De Vries"] == "vries"
    assert keys["Bos"] == "bos"


def test_a_prefix_alone_is_the_name(owner):
    contact = ContactFactory(owner=owner, first_name="Ria", last_name="Van")
    assert Contact.objects.get(pk=contact.pk).surname_sort == "van"


def test_the_key_follows_a_renamed_contact(owner):
    contact = ContactFactory(owner=owner, last_name="Bakker")
    Contact.objects.filter(pk=contact.pk).update(last_name="van den Berg")
    assert Contact.objects.get(pk=contact.pk).surname_sort == "berg"


def test_contact_list_sorts_by_the_main_part(owner_client, contacts):
    response = owner_client.get(reverse("contacts:list"), {"sort": "name"})
    names = [str(contact) for contact in response.context["contacts"]]
    assert names == EXPECTED


def test_introducer_choices_sort_by_the_main_part(owner, contacts):
    form = ContactForm(owner=owner)
    assert [str(contact) for contact in form.fields["introduced_by"].queryset] == EXPECTED


def test_csv_export_sorts_by_the_main_part(owner, contacts):
    buffer = io.StringIO()
    write_contacts_csv(owner, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().lstrip("\ufeff"))))
    assert [f"{row['First Name']} {row['Last Name']}" for row in rows][: len(EXPECTED)] == EXPECTED
