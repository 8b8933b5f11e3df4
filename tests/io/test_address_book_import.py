"""Importing from a phone, Google Contacts or Outlook: vCard files and any CSV."""

import pytest

from contacts.generic_import import CSV, VCARD, import_address_book
from contacts.linkedin import ImportFileError
from contacts.models import Contact, ContactMethod, Label, Merge, Note
from tests.factories import ContactFactory

IPHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nN:de Vries;Jan;;;\r\n"
    "FN:Jan de Vries\r\nORG:Acme B.V.;\r\nTITLE:Directeur\r\n"
    "EMAIL;type=INTERNET;type=WORK;type=pref:jan@acme.nl\r\nEMAIL;type=INTERNET;type=HOME:jan@thuis.nl\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:06 12 34 56 78\r\nitem1.URL;type=pref:https://mastodon.social/@jan\r\n"
    "item1.X-ABLabel:Mastodon\r\nX-SOCIALPROFILE;type=linkedin:http://www.linkedin.com/in/JanDeVries\r\n"
    "NOTE:Ontmoet op de borrel\\, daarna koffie\r\nCATEGORIES:Klanten,Borrel Utrecht\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR\r\n"
    " oOTFSUT0DEzRDZWRlRHQ7VFJkZGR\r\nEND:VCARD\r\n"
)
GOOGLE_V4 = (
    "BEGIN:VCARD\nVERSION:4.0\nFN:Anna Bakker\nN:Bakker;Anna;;;\nEMAIL;TYPE=work;PREF=1:anna@bakker.nl\n"
    "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+31-6-1111-2222\nEND:VCARD\n"
)
OUTLOOK_21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=nl;CHARSET=Windows-1252:M\xfcller;J\xf6rg\r\n"
    "FN:J\xf6rg M\xfcller\r\nORG:Caf\xe9 de Zwaan\r\nTEL;WORK;VOICE:020 123 4567\r\n"
    "EMAIL;PREF;INTERNET:jorg@zwaan.nl\r\nEND:VCARD\r\n"
)


def run(owner, text: str | bytes, *, kind=VCARD, filename="contacts.vcf", mapping=None):
    data = text.encode() if isinstance(text, str) else text
    return import_address_book(owner=owner, kind=kind, data=data, filename=filename, mapping=mapping)


def test_an_iphone_card_with_everything(owner):
    report = run(owner, IPHONE)
    assert report.contacts.created == 1 and report.skipped == [] and report.left_out == []
    jan = Contact.objects.get(owner=owner)
    assert (jan.first_name, jan.last_name, jan.company, jan.position) == ("Jan", "de Vries", "Acme B.V.", "Directeur")
    assert jan.email == "jan@acme.nl" and jan.private_email == "jan@thuis.nl" and str(jan.phone) == "+31612345678"
    assert jan.profile_url == "https://www.linkedin.com/in/jandevries"
    assert list(ContactMethod.objects.filter(contact=jan).values_list("type", "label", "value")) == [
        ("mastodon", "Mastodon", "https://mastodon.social/@jan")
    ]
    assert sorted(jan.labels.values_list("name", flat=True)) == ["Borrel Utrecht", "Klanten"]
    assert Note.objects.get(contact=jan).body == "Ontmoet op de borrel, daarna koffie"


def test_vcard_4_and_2_1_in_windows_1252(owner):
    run(owner, GOOGLE_V4)
    run(owner, OUTLOOK_21.encode("cp1252"))
    anna = Contact.objects.get(owner=owner, last_name="Bakker")
    assert str(anna.phone) == "+31611112222" and anna.email == "anna@bakker.nl"
    jorg = Contact.objects.get(owner=owner, last_name="Müller")
    assert (jorg.first_name, jorg.company, str(jorg.phone)) == ("Jörg", "Café de Zwaan", "+31201234567")


def test_utf16_with_its_byte_order_mark(owner):
    run(owner, GOOGLE_V4.encode("utf-16"))
    assert Contact.objects.filter(owner=owner, first_name="Anna").exists()


def test_importing_twice_changes_nothing_and_existing_people_are_matched(owner):
    existing = ContactFactory(owner=owner, first_name="Johannes", last_name="Vries", company="Elders",
                              email="JAN@acme.nl", profile_url="", phone="")
    first = run(owner, IPHONE + GOOGLE_V4)
    assert first.contacts.created == 1 and first.contacts.updated == 1
    existing.refresh_from_db()
    assert existing.first_name == "Johannes" and existing.company == "Elders"  # kept, not overwritten
    assert existing.private_email == "jan@thuis.nl"  # an empty one filled
    from tests.test_url_access import snapshot

    before = snapshot()
    second = run(owner, IPHONE + GOOGLE_V4)
    assert second.contacts.as_dict() == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}
    assert snapshot() == before


def test_an_address_kept_from_a_merge_matches(owner):
    from contacts import merging

    kept = ContactFactory(owner=owner, first_name="Anna", last_name="Bakker", email="", profile_url="")
    other = ContactFactory(owner=owner, first_name="A.", last_name="Bakker", email="anna@bakker.nl", profile_url="")
    merging.merge(owner=owner, kept=kept, other=other, choices={})
    assert run(owner, GOOGLE_V4.replace("Anna Bakker", "Anna B.").replace("Bakker;Anna", "B.;Anna")).contacts.created == 0


def test_name_and_company_match_without_any_address(owner):
    ContactFactory(owner=owner, first_name="Jörg", last_name="Müller", company="café de zwaan", email="", phone="",
                   profile_url="")
    report = run(owner, OUTLOOK_21.replace("EMAIL;PREF;INTERNET:jorg@zwaan.nl\r\n", "").replace(
        "TEL;WORK;VOICE:020 123 4567\r\n", "").encode("cp1252"))
    assert report.contacts.created == 0 and Contact.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Jan\nthis is no property\nEND:VCARD\n", 4, "cannot be read"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Jan\n", 1, "never ends"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Jan\nBEGIN:VCARD\nEND:VCARD\n", 4, "END:VCARD is missing"),
        ("Naam,E-mail\nJan,jan@x.nl\n", 1, "not part of a vCard"),
    ],
)
def test_a_broken_file_names_file_and_line_and_imports_nothing(owner, text, line, words):
    with pytest.raises(ImportFileError) as caught:
        run(owner, GOOGLE_V4 + text)
    assert caught.value.line == (line + GOOGLE_V4.count("\n") if line else None) or not line
    assert words in str(caught.value) and "contacts.vcf" in str(caught.value)
    assert not Contact.objects.filter(owner=owner).exists()


def test_a_file_without_cards(owner):
    with pytest.raises(ImportFileError, match="no card"):
        run(owner, "\r\n\r\n")


def test_thousands_of_cards_with_folded_lines(owner):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Achternaam{i};Voornaam;;;\r\nEMAIL:persoon{i}@voor\r\n beeld.nl\r\n"
        f"PHOTO;ENCODING=b:{'QUFB' * 50}\r\n {'QUFB' * 50}\r\nEND:VCARD\r\n"
        for i in range(3000)
    )
    report = run(owner, cards)
    assert report.contacts.created == 3000
    assert Contact.objects.filter(owner=owner, email="persoon2999@voorbeeld.nl").exists()


def test_a_bad_address_is_left_out_and_named_the_card_imported(owner):
    report = run(owner, GOOGLE_V4.replace("anna@bakker.nl", "anna-at-bakker"))
    assert report.contacts.created == 1
    assert [(item.line, item.reason) for item in report.left_out] == [(1, "email")]


GOOGLE_CSV = (
    "Name,Given Name,Family Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Group Membership,Notes\n"
    "Eva Smit,Eva,Smit,Globex,CTO,* Work,eva@globex.nl,Mobile,+31 6 2345 9876,Klanten ::: * myContacts,Sterk netwerk\n"
    "Piet Jansen,Piet,Jansen,,,,,,,,\n"
    '"de Wit, Joke",,,,,,,,,,\n'
)


def test_a_google_csv_guessed_and_imported(owner):
    from contacts.csv_mapping import guess, read_table

    table, _text = read_table(GOOGLE_CSV.encode(), "google.csv")
    mapping = guess(table.header)
    assert mapping == ["full_name", "first_name", "last_name", "company", "position", "", "email", "", "phone",
                       "labels", "note"]
    report = run(owner, GOOGLE_CSV, kind=CSV, filename="google.csv", mapping=mapping)
    assert report.contacts.created == 3
    assert Contact.objects.filter(owner=owner, first_name="Joke", last_name="de Wit").exists()
    eva = Contact.objects.get(owner=owner, first_name="Eva")
    assert (eva.company, eva.position, eva.email, str(eva.phone)) == ("Globex", "CTO", "eva@globex.nl", "+31623459876")
    assert sorted(eva.labels.values_list("name", flat=True)) == ["* myContacts", "Klanten"]


@pytest.mark.parametrize(
    ("text", "mapping", "words"),
    [
        ("jan@x.nl,Jan\npiet@x.nl,Piet\n", None, "looks like data"),
        ("Naam,Bedrijf\nJan,Acme\n", ["company", "company"], "more than one column"),
        ("Naam,Bedrijf\nJan,Acme\n", ["", "company"], "No column holds a name"),
        (",\nJan,Acme\n", None, "first line is empty"),
    ],
)
def test_a_csv_without_a_usable_header_or_mapping_imports_nothing(owner, text, mapping, words):
    with pytest.raises(ImportFileError) as caught:
        run(owner, text, kind=CSV, filename="lijst.csv", mapping=mapping or ["full_name", ""])
    assert words in str(caught.value) and "lijst.csv" in str(caught.value)
    assert not Contact.objects.exists() and not Label.objects.filter(owner=owner).exclude(kind="review").exists()
    assert not Merge.objects.exists()


def test_the_import_command_takes_a_vcard_file(owner, tmp_path):
    import io as text_io

    from django.core.management import call_command

    path = tmp_path / "Contacten.vcf"
    path.write_text(IPHONE + GOOGLE_V4, encoding="utf-8")
    out = text_io.StringIO()
    call_command("import_linkedin", "owner", str(path), stdout=out)
    assert Contact.objects.filter(owner=owner).count() == 2
    assert out.getvalue().splitlines()[0] == "Contacts: 2 created, 0 updated, 0 unchanged, 0 skipped"


def test_a_first_line_of_numbers_is_data():
    from contacts.csv_mapping import read_table

    with pytest.raises(ImportFileError, match="looks like data"):
        read_table(b"1,2.5\n3,4\n", "getallen.csv")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_the_columns_page_reads_only_the_head_of_a_large_file(encoding):
    from contacts.csv_mapping import HEAD_BYTES, head_of, read_table

    text = "Naam,Bedrijf\n" + "".join(f"Jörg Müller {i},Café {i}\n" for i in range(40_000))
    data = text.encode(encoding)
    head = head_of(data)
    assert len(head) <= HEAD_BYTES + 2 < len(data)
    table, _text = read_table(head, "groot.csv")
    assert table.header == ["Naam", "Bedrijf"] and table.preview[0] == ["Jörg Müller 0", "Café 0"]
