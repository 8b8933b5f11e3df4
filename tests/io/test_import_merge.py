"""Importing again: idempotent, newer exports update what LinkedIn knows, never what the member wrote."""

from datetime import date

from contacts.models import Contact, ContactLabel, Note
from tests.factories import ContactFactory, LabelFactory, NoteFactory
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 21)]


def test_importing_the_same_export_twice_changes_nothing(owner, import_bytes):
    data = files.export_zip({"Connections.csv": files.connections_2023(PEOPLE), "Invitations.csv": files.invitations(files.INVITATION_ROWS)})
    import_bytes(data, "Basic_LinkedInDataExport_11-20-2026.zip")
    before = snapshot()

    report = import_bytes(data, "Basic_LinkedInDataExport_11-20-2026.zip")

    assert snapshot() == before
    assert report.contacts.as_dict() == {"created": 0, "updated": 0, "unchanged": 20, "skipped": 0}
    assert report.invitations.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "skipped": 0}


def test_a_newer_export_updates_company_and_position_and_keeps_what_the_member_wrote(owner, import_bytes):
    import_bytes(files.connections_2023(PEOPLE))
    contact = Contact.objects.get(owner=owner, profile_url=PEOPLE[0]["url"])
    contact.how_we_met = "Netwerkborrel Utrecht"
    contact.private_email = "prive@example.nl"
    contact.phone = "+31612345678"
    contact.first_name = "Vooraam-door-mij"
    contact.save()
    label = LabelFactory(owner=owner, name="Opdrachtgevers")
    ContactLabel.objects.create(contact=contact, label=label)
    NoteFactory(owner=owner, contact=contact, body="Wil koffie in januari")
    newer = [dict(p) for p in PEOPLE]
    newer[0].update(company="Nieuwe Werkgever BV", position="Directeur")

    report = import_bytes(files.connections_2023(newer))

    assert report.contacts.as_dict() == {"created": 0, "updated": 1, "unchanged": 19, "skipped": 0}
    contact.refresh_from_db()
    assert (contact.company, contact.position) == ("Nieuwe Werkgever BV", "Directeur")
    assert contact.how_we_met == "Netwerkborrel Utrecht"
    assert contact.private_email == "prive@example.nl"
    assert str(contact.phone) == "+31612345678"
    assert contact.first_name == "Vooraam-door-mij"
    assert list(contact.labels.values_list("name", flat=True)) == ["Opdrachtgevers"]
    assert list(contact.notes.values_list("body", flat=True)) == ["Wil koffie in januari"]


def test_without_url_contacts_are_matched_by_name_and_connected_on(owner, import_bytes):
    import_bytes(files.connections_2021(PEOPLE))
    newer = [dict(p) for p in PEOPLE]
    newer[3]["position"] = "Partner"

    report = import_bytes(files.connections_2023(newer))

    assert report.contacts.created == 0
    # every contact gains its profile URL; one also a new position
    assert report.contacts.updated == 20
    assert Contact.objects.get(owner=owner, profile_url=newer[3]["url"]).position == "Partner"
    assert Contact.objects.filter(owner=owner).count() == 20


def test_matching_uses_the_normalised_profile_url(owner, import_bytes):
    ContactFactory(owner=owner, first_name="Anne", last_name="Smit", company="Oud", profile_url="https://www.linkedin.com/in/anne-smit")
    data = (files.HEADER_2023 + "\nAnne,Smit,http://nl.linkedin.com/in/Anne-Smit/?trk=x,,Nieuw,CEO,09 Sep 2022\n").encode()

    report = import_bytes(data)

    assert (report.contacts.created, report.contacts.updated) == (0, 1)
    assert Contact.objects.get(owner=owner).company == "Nieuw"


def test_an_import_never_touches_another_members_contacts(owner, outsider, import_bytes):
    theirs = ContactFactory(owner=outsider, first_name=PEOPLE[0]["first"], last_name=PEOPLE[0]["last"], profile_url=PEOPLE[0]["url"], company="Geheim BV")

    report = import_bytes(files.connections_2023(PEOPLE))

    assert report.contacts.created == 20
    theirs.refresh_from_db()
    assert theirs.company == "Geheim BV"
    assert Contact.objects.filter(owner=outsider).count() == 1


def test_archived_contacts_are_updated_but_stay_archived(owner, import_bytes):
    contact = ContactFactory(owner=owner, profile_url=PEOPLE[0]["url"], status="archived", company="Oud")

    import_bytes(files.connections_2023(PEOPLE[:1]))

    contact.refresh_from_db()
    assert (contact.status, contact.company) == ("archived", PEOPLE[0]["company"])


def test_an_empty_email_in_a_newer_export_keeps_the_known_one(owner, import_bytes):
    person = dict(PEOPLE[2], email="bekend@example.nl")
    import_bytes(files.connections_2023([person]))

    import_bytes(files.connections_2023([dict(person, email="")]))

    assert Contact.objects.get(owner=owner).email == "bekend@example.nl"


def test_connected_on_kept_and_names_compared_case_insensitively(owner, import_bytes):
    ContactFactory(owner=owner, first_name="anne", last_name="SMIT", profile_url="", connected_on=date(2022, 9, 9))

    report = import_bytes(b"First Name,Last Name,Email Address,Company,Position,Connected On\nAnne,Smit,,X,Y,09 Sep 2022\n")

    assert (report.contacts.created, report.contacts.updated) == (0, 1)
    assert Note.objects.count() == 0


def test_the_set_based_import_keeps_the_list_search_current(owner, owner_client, import_bytes):
    """The import writes contacts and notes with its own SQL (no save(), no signals): the
    search text the list reads follows it all the same."""
    import io

    from django.urls import reverse

    from contacts.exporting import write_contacts_csv
    from tests.contacts.test_list import assert_search_text_current
    from tests.factories import UserFactory

    def found(term: str) -> list[str]:
        response = owner_client.get(reverse("contacts:list"), {"q": term})
        return sorted(contact.profile_url for contact in response.context["contacts"])

    import_bytes(files.connections_2023(PEOPLE))
    first = PEOPLE[0]
    assert first["url"] in found(first["company"])
    newer = [dict(p) for p in PEOPLE]
    newer[0].update(company="Zeldzaamheid Holding BV", position="Kwartiermaker")
    report = import_bytes(files.connections_2023(newer))
    assert report.contacts.updated == 1
    assert found("zeldzaamheid kwartiermaker") == [first["url"]]
    assert_search_text_current(owner)

    # Notes arrive through the import too: a Netwerk CSV export brings them along.
    elsewhere = UserFactory(username="elsewhere")
    theirs = ContactFactory(owner=elsewhere, first_name="Cleo", last_name="Kok", profile_url="https://www.linkedin.com/in/cleo-kok")
    NoteFactory(owner=elsewhere, contact=theirs, body="Kent de inkoper van Picnic")
    NoteFactory(owner=elsewhere, contact=theirs, body="Wil over datamigraties praten")
    buffer = io.StringIO()
    write_contacts_csv(elsewhere, buffer)
    import_bytes(buffer.getvalue().encode(), "netwerk-elsewhere.csv")
    assert found("inkoper datamigraties") == ["https://www.linkedin.com/in/cleo-kok"]
    # ... and to a contact the member already has, once more.
    mine = Contact.objects.get(owner=owner, profile_url=first["url"])
    NoteFactory(owner=elsewhere, contact=ContactFactory(owner=elsewhere, profile_url=first["url"]), body="Zeilt elke zomer")
    buffer = io.StringIO()
    write_contacts_csv(elsewhere, buffer)
    import_bytes(buffer.getvalue().encode(), "netwerk-elsewhere.csv")
    assert mine.notes.filter(body="Zeilt elke zomer").exists()
    assert found("zeilt") == [first["url"]]
    assert_search_text_current(owner)
