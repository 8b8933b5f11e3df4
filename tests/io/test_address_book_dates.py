"""Birthdays and other dates in an address book become dates that matter: in every way
phones, Google and Outlook write them, without a year when the file has none, never twice,
and never over a date the member keeps themselves."""

from datetime import date

import pytest
import vobject
from django.urls import reverse
from django.utils import translation

from contacts.address_book import read_date
from contacts.csv_mapping import guess, read_table
from contacts.generic_import import CSV, VCARD, import_address_book
from contacts.importing import describe_left_out
from contacts.key_dates import falling_between
from contacts.models import Contact, KeyDate
from tests.factories import ContactFactory

NO_YEAR = KeyDate.NO_YEAR


def card(*lines: str, name: str = "Jan de Vries", version: str = "3.0") -> str:
    given, family = name.split(" ", 1)
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\nN:{family};{given};;;\r\nFN:{name}\r\n{body}END:VCARD\r\n"


def run(owner, text: str, *, kind=VCARD, filename="contacts.vcf", mapping=None):
    with translation.override("en"):
        return import_address_book(owner=owner, kind=kind, data=text.encode(), filename=filename, mapping=mapping)


def dates_of(owner) -> list[tuple[str, str, date]]:
    return sorted(
        (f"{row.contact.first_name} {row.contact.last_name}", row.name, row.date)
        for row in KeyDate.objects.filter(owner=owner).select_related("contact")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-31", date(1985, 3, 31)),
        ("19850331", date(1985, 3, 31)),
        ("1985-03-31T00:00:00Z", date(1985, 3, 31)),
        ("--03-31", date(NO_YEAR, 3, 31)),
        ("--0331", date(NO_YEAR, 3, 31)),
        ("--02-29", date(NO_YEAR, 2, 29)),
        ("1604-05-17", date(NO_YEAR, 5, 17)),  # Apple's year for "no year"
        ("31-3-1985", date(1985, 3, 31)),  # Dutch Outlook: day first
        ("31.3.1985", date(1985, 3, 31)),
        ("3/31/1985", date(1985, 3, 31)),  # American Outlook: month first
        ("5/6/1985", date(1985, 5, 6)),
        ("31/3/1985", date(1985, 3, 31)),  # no month 31: day first after all
        ("0/0/00", None),  # Outlook's empty date
        ("0000-00-00", None),
        ("", None),
    ],
)
def test_dates_as_address_books_write_them(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["circa 1800", "1985-02-30", "17-5-80", "---31", "1985-13-01", "9" * 41,
                                  "1985-03-31" + "T" + "0" * 30 + "x"])
def test_what_is_no_date_is_refused(text):
    with pytest.raises(ValueError):
        read_date(text)


def test_an_iphone_birthday_without_a_year_and_an_anniversary(owner):
    run(owner, card("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17", "item1.X-ABDATE:2010-06-01",
                    "item1.X-ABLabel:_$!<Anniversary>!$_", "item2.X-ABDATE:2019-09-02", "item2.X-ABLabel:Started at ASML"))
    assert dates_of(owner) == [
        ("Jan de Vries", "Anniversary", date(2010, 6, 1)),
        ("Jan de Vries", "Birthday", date(NO_YEAR, 5, 17)),
        ("Jan de Vries", "Started at ASML", date(2019, 9, 2)),
    ]
    assert all(row.yearly for row in KeyDate.objects.filter(owner=owner))


def test_vcard_4_dates_and_the_names_in_the_members_language(owner):
    text = card("BDAY:--0229", "ANNIVERSARY:20100601", version="4.0")
    with translation.override("nl"):
        import_address_book(owner=owner, kind=VCARD, data=text.encode(), filename="c.vcf")
    assert dates_of(owner) == [("Jan de Vries", "Jubileum", date(2010, 6, 1)),
                               ("Jan de Vries", "Verjaardag", date(NO_YEAR, 2, 29))]


def test_a_date_nobody_can_read_is_left_out_and_named_the_card_imported(owner):
    report = run(owner, card("BDAY;VALUE=text:circa 1800", "ANNIVERSARY:2010-06-01", version="4.0"))
    assert report.contacts.created == 1
    assert [(item.line, item.reason, item.detail) for item in report.left_out] == [(1, "key_date", "Birthday: circa 1800")]
    with translation.override("en"):
        assert "circa 1800" in describe_left_out(report.left_out[0])
        assert "1985-03-31" in describe_left_out(report.left_out[0])
    assert [name for _who, name, _when in dates_of(owner)] == ["Anniversary"]


def test_importing_twice_adds_no_second_birthday_and_the_members_own_date_stays(owner):
    kept = ContactFactory(owner=owner, first_name="Anna", last_name="Bakker", email="anna@bakker.nl")
    KeyDate.objects.create(owner=owner, contact=kept, name="birthday", date=date(1990, 1, 2))
    text = card("BDAY:1985-03-31") + card("EMAIL:anna@bakker.nl", "BDAY:1991-01-02", name="Anna Bakker")
    run(owner, text)
    run(owner, text)
    with translation.override("nl"):  # the same day under its Dutch name is still the same date
        import_address_book(owner=owner, kind=VCARD, data=text.encode(), filename="c.vcf")
    assert dates_of(owner) == [("Anna Bakker", "birthday", date(1990, 1, 2)),
                               ("Jan de Vries", "Birthday", date(1985, 3, 31))]


def test_a_csv_birthday_column_is_guessed_and_read(owner):
    text = ("First Name,Last Name,Birthday,Anniversary\n"
            "Eva,Smit,17-5-1980,0/0/00\n"
            "Piet,Jansen,--12-24,\n"
            "Joke,de Wit,someday,\n")
    table, _text = read_table(text.encode(), "outlook.csv")
    mapping = guess(table.header)
    assert mapping == ["first_name", "last_name", "birthday", "anniversary"]
    report = run(owner, text, kind=CSV, filename="outlook.csv", mapping=mapping)
    assert report.contacts.created == 3
    assert [(item.line, item.detail) for item in report.left_out] == [(4, "Birthday: someday")]
    assert dates_of(owner) == [("Eva Smit", "Birthday", date(1980, 5, 17)),
                               ("Piet Jansen", "Birthday", date(NO_YEAR, 12, 24))]


def test_a_birthday_without_a_year_comes_round_every_year_and_shows_no_year(owner, client):
    run(owner, card("BDAY:--12-24", "ANNIVERSARY:2010-12-25", version="4.0"))
    found = falling_between([owner.pk], date(2030, 12, 23))
    assert [(row.name, row.falls_on) for row in found] == [("Birthday", date(2030, 12, 24)),
                                                          ("Anniversary", date(2030, 12, 25))]
    owner.profile.language = "en"
    owner.profile.save()
    client.force_login(owner)
    jan = Contact.objects.get(owner=owner)
    page = client.get(reverse("contacts:detail", args=[jan.pk])).content.decode()
    assert "Birthday: 24 December (every year)" in page
    assert "Anniversary: 25 December (every year, since 2010)" in page


def test_the_vcard_export_carries_yearly_dates_and_reads_back_the_same(owner, owner_client, outsider):
    from contacts.models import ContactMethod

    anne = ContactFactory(owner=owner, first_name="Anne", last_name="Bos", email="anne@werk.nl", profile_url="",
                          phone="+31201234567", connected_on=date(2022, 9, 9))
    KeyDate.objects.create(owner=owner, contact=anne, name="Verjaardag", date=date(NO_YEAR, 2, 29))
    KeyDate.objects.create(owner=owner, contact=anne, name="Started at ASML", date=date(2019, 9, 2))
    KeyDate.objects.create(owner=owner, contact=anne, name="Contract ends", date=date(2027, 3, 1), yearly=False)
    ContactMethod.objects.create(owner=owner, contact=anne, kind="phone", type="mobile", label="zakelijk",
                                 value="+31612345678", key="+31612345678")
    text = b"".join(owner_client.get(reverse("contacts:export_vcard")).streaming_content).decode()
    card = next(vobject.readComponents(text))
    assert card.bday.value == "--0229"
    dated = {line.group: line.value for line in card.contents["x-abdate"]}
    assert {dated[line.group]: line.value for line in card.contents["x-ablabel"]} == {"20190902": "Started at ASML"}
    # The day they connected on LinkedIn is no anniversary; a one-off date is no address book's.
    assert "anniversary" not in card.contents and card.x_netwerk_connected_on.value == "20220909"
    assert "Contract ends" not in text

    report = run(outsider, text)
    assert report.contacts.created == 1 and report.left_out == []
    assert dates_of(outsider) == [("Anne Bos", "Birthday", date(NO_YEAR, 2, 29)),
                                  ("Anne Bos", "Started at ASML", date(2019, 9, 2))]
    assert list(ContactMethod.objects.filter(owner=outsider).values_list("type", "label", "value")) == [
        ("mobile", "zakelijk", "+31612345678")
    ]
