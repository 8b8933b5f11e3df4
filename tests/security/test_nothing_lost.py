"""Nothing lost: removing (archiving) a contact and restoring it, deleting or
merging a label, and an account export re-imported into a fresh account leave the
member's data whole. Each test compares the member's data before and after."""

import io

import pytest
from django.urls import reverse

from netwerk.export import write_account_export
from contacts.importing import import_linkedin_export
from contacts.models import Contact, ContactLabel, Interaction, Note
from contacts.services import delete_label, merge_labels
from reviews.models import RemovalReason
from reviews.services import remove_contact, restore_contact
from tests.factories import ContactFactory, InteractionFactory, LabelFactory, NoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_data(member, *, interactions: bool = True) -> list:
    """Everything a member keeps about their contacts: the contact and its private
    details, its labels, its notes and (unless asked not to) its interactions."""
    rows = []
    for c in Contact.objects.owned_by(member).order_by("first_name", "last_name"):
        row = [
            c.first_name, c.last_name, c.company, c.position, c.profile_url, c.email, c.connected_on,
            c.how_we_met, c.website, c.private_email, str(c.phone or ""), c.status,
            sorted(c.labels.values_list("name", flat=True)),
            sorted(Note.objects.filter(contact=c).values_list("body", flat=True)),
        ]
        if interactions:
            row.append(sorted(Interaction.objects.filter(contact=c).values_list("date", "kind", "direction", "note")))
        rows.append(row)
    return rows


@pytest.fixture
def rich(owner):
    """Three contacts with labels, notes, interactions and private details."""
    clients = LabelFactory(owner=owner, name="Klanten")
    meetup = LabelFactory(owner=owner, name="Borrel Utrecht")
    people = []
    for n, labels in enumerate([(clients, meetup), (clients,), (meetup,)]):
        contact = ContactFactory(
            owner=owner, first_name=f"Persoon{n}", last_name=f"de Vries {n}", company=f"Bedrijf {n}",
            profile_url=f"https://www.linkedin.com/in/persoon-{n}", how_we_met=f"Koffie {n}",
            website=f"https://persoon{n}.example.nl", private_email=f"prive{n}@example.nl", phone=f"+3161234567{n}",
        )
        for label in labels:
            ContactLabel.objects.create(contact=contact, label=label)
        NoteFactory(owner=owner, contact=contact, body=f"Notitie {n}: kinderen heten Sam en Lot")
        NoteFactory(owner=owner, contact=contact, body=f"Tweede notitie {n}")
        InteractionFactory(owner=owner, contact=contact, note=f"Lunch {n}")
        people.append(contact)
    return people, clients, meetup


def test_a_removed_contact_restored_has_all_its_data_back(owner, owner_client, rich):
    people, _clients, _meetup = rich
    before = member_data(owner)

    remove_contact(user=owner, contact=people[0], reason=RemovalReason.values[0])
    archived = member_data(owner)
    assert archived != before  # it really left: archived
    assert people[0].first_name not in owner_client.get(reverse("contacts:list")).content.decode()
    restore_contact(user=owner, contact=Contact.objects.get(pk=people[0].pk))

    assert member_data(owner) == before


def test_deleting_a_label_loses_only_that_label(owner, rich):
    _people, clients, _meetup = rich
    before = member_data(owner)

    delete_label(owner=owner, label=clients)

    after = member_data(owner)
    expected = [[*row[:12], [name for name in row[12] if name != "Klanten"], *row[13:]] for row in before]
    assert after == expected
    assert Contact.objects.owned_by(owner).count() == 3


def test_merging_a_label_moves_its_contacts_and_loses_nothing(owner, rich):
    _people, clients, meetup = rich
    before = member_data(owner)

    merge_labels(owner=owner, source=clients, target=meetup)

    after = member_data(owner)
    expected = [
        [*row[:12], sorted({"Borrel Utrecht" if name == "Klanten" else name for name in row[12]}), *row[13:]]
        for row in before
    ]
    assert after == expected


def test_the_account_export_reimported_into_a_fresh_account_restores_contacts_labels_notes_and_details(owner, rich):
    """What the account zip restores: every active contact with its private details, its
    labels and its notes (from the zip's contacts.csv). What it does not restore (kept in
    the zip's JSON files, for the member to keep or read): interactions, invitations,
    review decisions, archived contacts and the profile's settings."""
    before = member_data(owner, interactions=False)
    archive = io.BytesIO()
    write_account_export(owner, archive)
    newcomer = UserFactory(username="newcomer")

    report = import_linkedin_export(owner=newcomer, stream=io.BytesIO(archive.getvalue()), filename="netwerk-owner.zip")

    assert report.files == ["contacts.csv"]
    assert report.contacts.created == 3 and report.skipped == []
    assert member_data(newcomer, interactions=False) == before
    assert Interaction.objects.filter(owner=newcomer).count() == 0  # not restored (see the docstring)


def test_reimporting_the_account_export_into_the_same_account_changes_nothing(owner, rich):
    before = member_data(owner)
    archive = io.BytesIO()
    write_account_export(owner, archive)

    report = import_linkedin_export(owner=owner, stream=io.BytesIO(archive.getvalue()), filename="netwerk-owner.zip")

    assert report.contacts.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "skipped": 0}
    assert member_data(owner) == before
