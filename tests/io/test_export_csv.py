"""The contacts CSV: spreadsheet-safe, and Netwerk imports it back to the same data."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.exporting import csv_rows, neutralise, write_contacts_csv
from contacts.models import Contact, ContactLabel, ContactMethod
from tests.factories import ContactFactory, LabelFactory, NoteFactory, UserFactory


def rich_contacts(owner):
    klanten = LabelFactory(owner=owner, name="Klanten, oud")
    borrel = LabelFactory(owner=owner, name="=Borrel Utrecht")
    anne = ContactFactory(
        owner=owner,
        first_name="Anne",
        last_name='de "Vries", Jr.',
        company="=HYPERLINK(\"http://evil\")",
        position="+31 manager\nmet twee regels",
        profile_url="https://www.linkedin.com/in/anne",
        email="anne@example.nl",
        connected_on=date(2022, 9, 9),
        how_we_met="-Op de borrel; daarna koffie",
        website="https://anne.example.nl",
        private_email="prive@example.nl",
        phone="+31612345678",
    )
    ContactLabel.objects.create(contact=anne, label=klanten)
    ContactLabel.objects.create(contact=anne, label=borrel)
    NoteFactory(owner=owner, contact=anne, body="@team: eerste notitie,\nmet komma en \"quotes\"")
    NoteFactory(owner=owner, contact=anne, body="\tTweede notitie")
    for kind, type_, label, value in (
        ("email", "work", "", "anne@werk.nl"),
        ("email", "other", "oud: (2019)", "anne@oud.nl"),
        ("phone", "mobile", "zakelijk", "+31687654321"),
        ("profile", "mastodon", "", "https://mastodon.social/@anne"),
        ("profile", "website", "blog", "https://anne.blog"),
    ):
        ContactMethod.objects.create(owner=owner, contact=anne, kind=kind, type=type_, label=label, value=value,
                                     key=value.casefold() if kind == "email" else value)
    bram = ContactFactory(owner=owner, first_name="Bram", last_name="Bos", profile_url="", company="'Quote BV", connected_on=None)
    NoteFactory(owner=owner, contact=bram, body="'=1+1")
    ContactFactory(owner=owner, first_name="Gearchiveerd", status="archived")
    return anne, bram


def state(owner) -> list:
    return sorted(
        (
            c.first_name, c.last_name, c.company, c.position, c.profile_url, c.email, c.connected_on, c.how_we_met,
            c.website, c.private_email, str(c.phone or ""),
            sorted(c.labels.values_list("name", flat=True)), sorted(c.notes.values_list("body", flat=True)),
            sorted(c.methods.values_list("kind", "type", "label", "value", "key")),
        )
        for c in Contact.objects.filter(owner=owner).active()
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+31", "'+31"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("'x", "''x"), ("Gewoon", "Gewoon"), ("", "")],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value, expected):
    assert neutralise(value) == expected


def test_exported_cells_never_start_a_formula(owner):
    rich_contacts(owner)

    for row in list(csv_rows(owner))[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_the_export_reimports_to_the_same_data_in_a_fresh_account(owner, import_bytes):
    rich_contacts(owner)
    buffer = io.StringIO()
    write_contacts_csv(owner, buffer)
    newcomer = UserFactory(username="newcomer")

    report = import_bytes(buffer.getvalue().encode(), "netwerk-owner.csv", member=newcomer)

    assert report.contacts.created == 2 and report.skipped == [] and report.left_out == []
    assert state(newcomer) == state(owner)
    assert ContactMethod.objects.filter(owner=newcomer).count() == 5


def test_reimporting_my_own_export_changes_nothing(owner, import_bytes):
    rich_contacts(owner)
    buffer = io.StringIO()
    write_contacts_csv(owner, buffer)
    from tests.test_url_access import snapshot

    before = snapshot()
    report = import_bytes(buffer.getvalue().encode(), "netwerk-owner.csv")

    assert report.contacts.as_dict() == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}
    assert snapshot() == before


def test_only_active_contacts_and_only_mine(owner, outsider):
    rich_contacts(owner)
    ContactFactory(owner=outsider, first_name="Xylofoon-Geheim", company="Buitenstaander BV")
    NoteFactory(owner=outsider, body="Zeer geheime notitie van iemand anders")

    text = "".join(",".join(row) for row in csv_rows(owner))

    assert "Gearchiveerd" not in text
    assert "Xylofoon-Geheim" not in text and "Buitenstaander" not in text and "Zeer geheime" not in text


def test_the_download_is_a_csv_attachment_with_a_byte_order_mark(owner, owner_client):
    rich_contacts(owner)

    response = owner_client.get(reverse("contacts:export_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="netwerk-owner-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffFirst Name,Last Name,URL")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][-2:] == ["Note 1", "Note 2"]
    assert len(rows) == 3


def test_export_queries_do_not_grow_with_the_number_of_contacts(owner, django_assert_max_num_queries):
    for n in range(3):
        c = ContactFactory(owner=owner)
        NoteFactory(owner=owner, contact=c)
    # The most notes, the contacts, then their labels, notes and further ways to reach.
    with django_assert_max_num_queries(5):
        small = list(csv_rows(owner))
    for n in range(60):
        c = ContactFactory(owner=owner)
        NoteFactory(owner=owner, contact=c)
        ContactLabel.objects.create(contact=c, label=LabelFactory(owner=owner))
    with django_assert_max_num_queries(5):
        large = list(csv_rows(owner))
    assert len(small) == 4 and len(large) == 64


def test_the_command_writes_the_csv(owner, tmp_path):
    rich_contacts(owner)
    path = tmp_path / "out.csv"

    call_command("export_contacts", "owner", str(path))

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:7] == ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    assert {row[0] for row in rows[1:]} == {"Anne", "Bram"}


def test_the_other_columns_are_readable(owner):
    rich_contacts(owner)
    header, *rows = list(csv_rows(owner))
    anne = next(row for row in rows if row[0] == "Anne")
    cell = dict(zip(header, anne))
    assert cell["Other Emails"] == "work: anne@werk.nl\nother (oud: (2019)): anne@oud.nl"
    assert cell["Other Phones"] == "mobile (zakelijk): +31687654321"
    assert cell["Other Profiles"] == "mastodon: https://mastodon.social/@anne\nwebsite (blog): https://anne.blog"


def test_a_bad_value_in_the_other_columns_is_left_out_and_named(owner, import_bytes):
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On,Labels,How We Met,Website,"
        "Private Email,Phone,Other Emails,Other Phones,Other Profiles\n"
        'Anne,Bos,,,,,,,,,,,"work: geen-adres\nhome: anne@thuis.nl",mobile: 12,other: javascript:alert(1)\n'
    )
    report = import_bytes(text.encode(), "netwerk-owner.csv")
    assert report.contacts.created == 1
    assert sorted((item.line, item.reason) for item in report.left_out) == [(2, "email"), (2, "phone"), (2, "website")]
    assert list(ContactMethod.objects.values_list("key", flat=True)) == ["anne@thuis.nl"]
