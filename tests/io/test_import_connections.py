"""Connections.csv in every form LinkedIn (or a spreadsheet) has written it."""

from datetime import date

import pytest

from contacts.cells import parse_date
from contacts.models import Contact
from tests.io import files

PEOPLE = [files.person(n) for n in range(1, 13)]


def stored(owner) -> dict:
    return {
        (c.first_name, c.last_name): (c.company, c.position, c.email, c.connected_on, c.profile_url)
        for c in Contact.objects.filter(owner=owner)
    }


def expected(people, *, with_url: bool) -> dict:
    return {
        (p["first"], p["last"]): (p["company"], p["position"], p["email"], p["connected"], p["url"] if with_url else "")
        for p in people
    }


@pytest.mark.parametrize(
    ("maker", "with_url"),
    [
        (files.connections_2023, True),
        (files.connections_2021, False),
        (files.connections_2018, False),
        (files.connections_spreadsheet, True),
    ],
    ids=["2023-preamble-url", "2021-preamble-no-url", "2018-no-preamble-us-dates", "spreadsheet-bom-crlf-semicolon"],
)
def test_every_connections_form_imports_the_same_people(owner, import_bytes, maker, with_url):
    report = import_bytes(maker(PEOPLE))

    assert report.contacts.created == len(PEOPLE)
    assert report.skipped == []
    assert stored(owner) == expected(PEOPLE, with_url=with_url)
    assert set(Contact.objects.filter(owner=owner).values_list("source", flat=True)) == {"imported"}


def test_hidden_profiles_are_skipped_counted_and_reported_with_their_lines(owner, import_bytes):
    report = import_bytes(files.connections_2023(PEOPLE[:2], hidden=3))

    assert report.contacts.created == 2
    assert report.contacts.skipped == 3
    # preamble (3 lines) + header + 2 people: the hidden rows are lines 7, 8 and 9
    assert [(s.line, s.reason) for s in report.skipped] == [(7, "hidden_profile"), (8, "hidden_profile"), (9, "hidden_profile")]


def test_columns_are_read_by_name_not_by_position(owner, import_bytes):
    data = (
        "Connected On,Position,Company,Email Address,URL,Last Name,First Name\n"
        "09 Sep 2022,Recruiter,Computaal,,https://nl.linkedin.com/in/Anne-Smit/,Smit,Anne\n"
    ).encode()

    import_bytes(data)

    contact = Contact.objects.get(owner=owner)
    assert (contact.first_name, contact.last_name, contact.company, contact.position) == ("Anne", "Smit", "Computaal", "Recruiter")
    assert contact.profile_url == "https://www.linkedin.com/in/anne-smit"
    assert contact.connected_on == date(2022, 9, 9)


def test_quoted_commas_quotes_and_newlines_in_cells_survive(owner, import_bytes):
    data = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        '"Jan","de Vries, Jr.",https://www.linkedin.com/in/jdv,,"Bakker ""&"" Zonen","Head of\nSales",01 Feb 2020\r\n'
    ).encode()

    import_bytes(data)

    contact = Contact.objects.get(owner=owner)
    assert contact.last_name == "de Vries, Jr."
    assert contact.company == 'Bakker "&" Zonen'
    assert contact.position == "Head of\nSales"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Sep 2022", date(2022, 9, 9)),
        ("9 Sep 2022", date(2022, 9, 9)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("12/31/17, 11:59 AM", date(2017, 12, 31)),
        ("9-Sep-22", date(2022, 9, 9)),
        ("09-sep-2022", date(2022, 9, 9)),
        ("2022-09-09", date(2022, 9, 9)),
        ("31 Feb 2022", None),
        ("Sep 2022", None),
        ("13/45/22, 1:00 PM", None),
        ("", None),
    ],
)
def test_dates_in_every_style_linkedin_and_spreadsheets_write(text, expected):
    assert parse_date(text) == expected


def test_unreadable_date_skips_the_row_and_names_it(owner, import_bytes):
    data = (files.HEADER_2023 + "\nAnne,Smit,,,ACME,CEO,someday\nBram,Bos,,,ACME,CTO,01 Jan 2021\n").encode()

    report = import_bytes(data)

    assert report.contacts.created == 1
    assert [(s.line, s.reason, s.detail) for s in report.skipped] == [(2, "bad_date", "someday")]


def test_the_same_person_twice_in_a_file_is_imported_once(owner, import_bytes):
    people = [PEOPLE[0], PEOPLE[1], PEOPLE[0]]

    report = import_bytes(files.connections_2023(people))

    assert report.contacts.created == 2
    assert [(s.line, s.reason, s.detail) for s in report.skipped] == [(7, "duplicate", "5")]


def test_connected_on_may_be_empty(owner, import_bytes):
    import_bytes((files.HEADER_2023 + "\nAnne,Smit,https://www.linkedin.com/in/a,,,,\n").encode())

    assert Contact.objects.get(owner=owner).connected_on is None


def test_a_profile_url_that_is_not_a_url_skips_the_row(owner, import_bytes):
    data = (files.HEADER_2023 + "\nAnne,Smit,https:e/www.linkedin.com/in/x,,ACME,CEO,01 Jan 2021\n").encode()

    report = import_bytes(data)

    assert [(s.line, s.reason) for s in report.skipped] == [(2, "bad_url")]
    assert Contact.objects.count() == 0
