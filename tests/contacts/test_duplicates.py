"""Which contacts are proposed as one person, and which are not."""

import pytest

from contacts import duplicates
from contacts.duplicates import company_key, person, surname_key
from contacts.models import ContactMethod, DuplicatePair, NotSamePerson
from tests.factories import ContactFactory


def make(owner, first, last, company="Acme", **fields):
    fields = {"position": "", "profile_url": "", "email": "", "private_email": "", "phone": "", **fields}
    return ContactFactory(owner=owner, first_name=first, last_name=last, company=company, **fields)


def pairs(owner) -> dict[tuple[int, int], str]:
    duplicates.refresh(owner)
    return {(p.first_id, p.second_id): p.reason for p in DuplicatePair.objects.filter(owner=owner)}


def key(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


@pytest.mark.parametrize(
    ("first", "last"),
    [("Jan", "de vries"), ("J.", "de Vries"), ("jan", "De Vries "), ("JAN", "Vries, de"[:0] + "de VRIES"),
     ("Jan\u200b", "de Vries"), ("Јаn", "de Vries")],  # invisible space; Cyrillic Ј and а
)
def test_jan_de_vries_written_otherwise_at_the_same_company(owner, first, last):
    jan = make(owner, "Jan", "de Vries", "Acme B.V.")
    other = make(owner, first, last, "ACME")
    assert key(jan, other) in pairs(owner)


def test_typo_in_the_surname_at_the_same_company(owner):
    a, b = make(owner, "Sanne", "Janssen"), make(owner, "Sanne", "Jansen")
    c, d = make(owner, "Pieter", "van der Heijden"), make(owner, "Pieter", "van der Hiejden")
    found = pairs(owner)
    assert found[key(a, b)] == "similar_name" and found[key(c, d)] == "similar_name"


def test_colleagues_with_different_first_names_or_surnames_are_not_proposed(owner):
    make(owner, "Jan", "de Vries"), make(owner, "Joost", "de Vries"), make(owner, "Jan", "Bakker")
    make(owner, "Jan", "Bos"), make(owner, "Jan", "Vos")  # one letter apart, but short: two names
    assert pairs(owner) == {}


def test_same_name_at_different_companies_is_not_proposed_but_without_any_company_it_is(owner):
    make(owner, "Jan", "de Vries", "Acme"), make(owner, "Jan", "de Vries", "Globex")
    assert pairs(owner) == {}
    a, b = make(owner, "Emma", "Bakker", ""), make(owner, "emma", "bakker", "")
    assert pairs(owner) == {key(a, b): "same_name"}


def test_same_profile_email_or_phone_whatever_the_name(owner):
    a = make(owner, "Jan", "de Vries", profile_url="https://www.linkedin.com/in/jdv")
    b = make(owner, "Johannes", "Vries", "Globex")
    ContactMethod.objects.create(owner=owner, contact=b, kind="profile", type="linkedin",
                                 value="https://www.linkedin.com/in/jdv", key="https://www.linkedin.com/in/jdv")
    c = make(owner, "Eva", "Smit", email="Eva@Smit.nl")
    d = make(owner, "E.", "Smit-Jansen", "Elders", private_email="eva@smit.nl")
    e = make(owner, "Tom", "Kok", phone="+31612345678")
    f = make(owner, "Thomas", "Kok", "Elders", phone="+31612345678")
    found = pairs(owner)
    assert found[key(a, b)] == "profile" and found[key(c, d)] == "email" and found[key(e, f)] == "phone"


def test_an_address_shared_by_a_whole_office_proposes_nobody(owner):
    for index in range(duplicates.SHARED_KEY_LIMIT + 1):
        make(owner, f"Persoon{index}", f"Achternaam{index}", f"Bedrijf{index}", email="info@kantoor.nl")
    assert pairs(owner) == {}


def test_a_pair_said_to_be_different_is_not_proposed_again(owner):
    a, b = make(owner, "Jan", "de Vries"), make(owner, "J.", "de Vries")
    NotSamePerson.objects.create(owner=owner, first_id=min(a.pk, b.pk), second_id=max(a.pk, b.pk))
    assert pairs(owner) == {}


def test_archived_contacts_and_other_members_contacts_are_left_out(owner, outsider):
    make(owner, "Jan", "de Vries")
    make(outsider, "Jan", "de Vries")
    make(owner, "Jan", "de Vries", status="archived")
    assert pairs(owner) == {}


def test_a_rescan_replaces_the_pairs(owner):
    a, b = make(owner, "Jan", "de Vries"), make(owner, "J.", "de Vries")
    assert key(a, b) in pairs(owner)
    b.company = "Elders"
    b.save()
    assert pairs(owner) == {}


def test_names_are_folded_as_a_reader_reads_them():
    assert surname_key("van der Meer") == surname_key("Van Der MEER") == "meer"
    assert surname_key("in 't Veld") == "veld"
    assert company_key("Acme B.V.") == company_key("ACME") == "acme"
    whole = person(1, "Jan de Vries", "", "Acme")
    assert (whole.first, whole.surname) == ("jan", "vries")


def test_the_work_is_linear_in_a_huge_group_of_one_company(owner):
    """Thousands of people at one company with one surname: past FUZZY_GROUP_LIMIT only
    the same first name is compared (by hashing), so the work stays linear."""
    people = [person(i, f"Jan{i}", "de Vries", "Acme") for i in range(duplicates.FUZZY_GROUP_LIMIT + 1)]
    people.append(person(10**6, "Jan1", "de Vries", "Acme"))
    found = duplicates.find_pairs(people, {}, set())
    assert found == [(85, 1, 10**6, "name_company")]
    small = [person(1, "Jan", "de Vries", "Acme"), person(2, "jan", "De Vries", "ACME")]
    assert duplicates.find_pairs(small, {}, set()) == [(85, 1, 2, "name_company")]
