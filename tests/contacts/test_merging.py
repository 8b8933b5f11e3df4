"""Merging two contacts and undoing it: nothing lost, everything back."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from asks.models import Ask, AskedPerson, Favour
from contacts import merging
from contacts.models import (
    Contact,
    ContactLabel,
    ContactMethod,
    DuplicatePair,
    Interaction,
    KeyDate,
    Merge,
    Note,
    NotSamePerson,
)
from invitations.models import Invitation
from reviews.models import ReviewDecision
from tests.factories import ContactFactory, LabelFactory


def contact(owner, **fields):
    defaults = {"first_name": "Jan", "last_name": "de Vries", "company": "Acme", "position": "", "profile_url": "",
                "email": "", "private_email": "", "phone": "", "website": "", "how_we_met": ""}
    return ContactFactory(owner=owner, **{**defaults, **fields})


@pytest.fixture
def pair(owner):
    kept = contact(
        owner, profile_url="https://www.linkedin.com/in/jandevries", email="jan@acme.nl", phone="+31612345678",
        how_we_met="Borrel bij Acme",
    )
    other = contact(
        owner, first_name="J.", last_name="de vries", profile_url="https://www.linkedin.com/in/jdv-2",
        email="jan.devries@gmail.com", private_email="jan@thuis.nl", position="CTO", how_we_met="Via Piet",
        connected_on=date(2020, 5, 1),
    )
    return kept, other


def test_merge_moves_everything_and_keeps_losing_values(owner, pair):
    kept, other = pair
    shared, only_other = LabelFactory(owner=owner), LabelFactory(owner=owner)
    ContactLabel.objects.create(contact=kept, label=shared)
    ContactLabel.objects.create(contact=other, label=shared)
    ContactLabel.objects.create(contact=other, label=only_other)
    note = Note.objects.create(owner=owner, contact=other, body="Houdt van fietsen")
    interaction = Interaction.objects.create(owner=owner, contact=other, date=date(2026, 1, 5), kind="call")
    key_date = KeyDate.objects.create(owner=owner, contact=other, name="Verjaardag", date=date(1980, 2, 29))
    invitation = Invitation.objects.create(owner=owner, contact=other, recipient_name="J. de vries")
    decision = ReviewDecision.objects.create(owner=owner, contact=other, contact_name="J. de vries", action="keep")
    ask = Ask.objects.create(owner=owner, text="Wie kent iemand bij ASML?")
    asked = AskedPerson.objects.create(ask=ask, owner=owner, contact=other, contact_name="J. de vries")
    favour = Favour.objects.create(owner=owner, contact=other, text="CV gelezen")
    introduced = contact(owner, first_name="Piet", last_name="Bakker", introduced_by=other)

    choices = merging.default_choices(kept, other)
    choices["email"] = "other"
    record = merging.merge(owner=owner, kept=kept, other=other, choices=choices)

    assert not Contact.objects.filter(pk=other.pk).exists()
    kept.refresh_from_db()
    assert kept.email == "jan.devries@gmail.com"  # chosen
    assert kept.position == "CTO" and kept.private_email == "jan@thuis.nl"  # empty on kept: filled
    assert kept.connected_on == date(2020, 5, 1)
    assert kept.profile_url == "https://www.linkedin.com/in/jandevries"
    methods = set(ContactMethod.objects.filter(contact=kept).values_list("kind", "key"))
    assert ("email", "jan@acme.nl") in methods  # the losing address is kept
    assert ("profile", "https://www.linkedin.com/in/jdv-2") in methods  # an alias for later imports
    assert set(kept.labels.values_list("pk", flat=True)) == {shared.pk, only_other.pk}
    for row in (note, interaction, key_date, invitation, decision, asked, favour):
        row.refresh_from_db()
        assert row.contact_id == kept.pk
    introduced.refresh_from_db()
    assert introduced.introduced_by_id == kept.pk
    assert Note.objects.filter(contact=kept, body__contains="Via Piet").exists()
    assert record.merged_name == "J. de vries" and record.kept_id == kept.pk


def test_undo_puts_everything_back(owner, pair):
    kept, other = pair
    other_id = other.pk
    shared = LabelFactory(owner=owner)
    ContactLabel.objects.create(contact=kept, label=shared)
    ContactLabel.objects.create(contact=other, label=shared)
    note = Note.objects.create(owner=owner, contact=other, body="Houdt van fietsen")
    ask = Ask.objects.create(owner=owner, text="Wie kent iemand bij ASML?")
    AskedPerson.objects.create(ask=ask, owner=owner, contact=kept, contact_name="Jan de Vries")
    AskedPerson.objects.create(ask=ask, owner=owner, contact=other, contact_name="J. de vries", outcome="helped")
    before = {c.pk: (c.first_name, c.email, c.position, c.how_we_met) for c in (kept, other)}

    record = merging.merge(owner=owner, kept=kept, other=other, choices={"first_name": "other", "email": "other"})
    restored = merging.undo(owner=owner, record=record)

    assert restored.pk == other_id
    kept.refresh_from_db()
    restored.refresh_from_db()
    assert {c.pk: (c.first_name, c.email, c.position, c.how_we_met) for c in (kept, restored)} == before
    assert restored.profile_url == "https://www.linkedin.com/in/jdv-2" and restored.connected_on == date(2020, 5, 1)
    assert not ContactMethod.objects.filter(contact=kept).exists()
    assert Note.objects.get(pk=note.pk).contact_id == other_id
    assert not Note.objects.filter(contact=kept).exists()
    assert ContactLabel.objects.filter(contact_id=other_id, label=shared).exists()
    assert AskedPerson.objects.get(contact_id=other_id).outcome == "helped"
    record.refresh_from_db()
    assert record.undone_at is not None
    with pytest.raises(merging.MergeRefused):
        merging.undo(owner=owner, record=record)


def test_undo_only_within_ninety_days(owner, pair):
    kept, other = pair
    record = merging.merge(owner=owner, kept=kept, other=other, choices={})
    late = record.merged_at + timedelta(days=merging.MERGE_UNDO_DAYS, seconds=1)
    with translation.override("en"), pytest.raises(merging.MergeRefused, match="90 days"):
        merging.undo(owner=owner, record=record, now=late)
    assert not Contact.objects.filter(pk=other.pk).exists()
    assert merging.undo(owner=owner, record=record, now=late - timedelta(seconds=2)).pk == other.pk


def test_merge_with_itself_or_someone_elses_contact_changes_nothing(owner, outsider, pair):
    kept, _other = pair
    theirs = contact(outsider)
    with pytest.raises(merging.MergeRefused):
        merging.merge(owner=owner, kept=kept, other=kept, choices={})
    with pytest.raises(merging.MergeRefused):
        merging.merge(owner=owner, kept=kept, other=theirs, choices={})
    assert Contact.objects.filter(pk=theirs.pk, owner=outsider).exists()
    assert not Merge.objects.exists()


def test_a_pair_said_to_be_different_comes_back_after_undo(owner, pair):
    kept, other = pair
    third = contact(owner, first_name="Jan", last_name="de Vries", company="Acme")
    NotSamePerson.objects.create(owner=owner, first=other, second=third)
    DuplicatePair.objects.create(owner=owner, first=kept, second=other, score=75, reason="initial_company")
    record = merging.merge(owner=owner, kept=kept, other=other, choices={})
    assert not DuplicatePair.objects.filter(second=other.pk).exists()
    merging.undo(owner=owner, record=record)
    assert NotSamePerson.objects.filter(first_id=other.pk, second=third).exists()


def test_undo_refused_when_the_profile_url_was_taken_since(owner, pair):
    kept, other = pair
    record = merging.merge(owner=owner, kept=kept, other=other, choices={})
    ContactMethod.objects.filter(contact=kept).delete()
    contact(owner, first_name="Nieuw", profile_url="https://www.linkedin.com/in/jdv-2")
    with translation.override("en"), pytest.raises(merging.MergeRefused, match="profile URL"):
        merging.undo(owner=owner, record=record, now=timezone.now())
    record.refresh_from_db()
    assert record.undone_at is None


def test_a_later_import_matches_the_merged_away_profile_and_address(owner, pair, tmp_path):
    from contacts.importing import import_linkedin_export

    kept, other = pair
    merging.merge(owner=owner, kept=kept, other=other, choices={})
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "J.,de vries,https://www.linkedin.com/in/jdv-2,,Acme,CTO,01 May 2020\n"
        "Jan,de Vries,,JAN.DEVRIES@gmail.com,Acme,CTO,02 May 2020\n",
        encoding="utf-8",
    )
    with csv.open("rb") as stream:
        report = import_linkedin_export(owner=owner, stream=stream, filename="Connections.csv")
    assert report.contacts.created == 0
    assert Contact.objects.filter(owner=owner).count() == 1


def test_an_old_link_to_the_merged_away_contact_leads_to_the_kept_one(owner_client, owner, pair):
    from django.urls import reverse

    kept, other = pair
    record = merging.merge(owner=owner, kept=kept, other=other, choices={})
    response = owner_client.get(reverse("contacts:detail", args=[other.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[kept.pk])
    merging.undo(owner=owner, record=record)
    assert owner_client.get(reverse("contacts:detail", args=[other.pk])).status_code == 200


@pytest.mark.parametrize("direction", ["kept_by_other", "other_by_kept"])
def test_two_who_introduced_each_other_become_one_introduced_by_nobody(owner, pair, direction):
    kept, other = pair
    introduced, introducer = (kept, other) if direction == "kept_by_other" else (other, kept)
    introduced.introduced_by = introducer
    introduced.save()
    record = merging.merge(owner=owner, kept=kept, other=other, choices={"introduced_by": "other"})
    kept.refresh_from_db()
    assert kept.introduced_by_id is None
    merging.undo(owner=owner, record=record)
    introduced.refresh_from_db()
    assert introduced.introduced_by_id == introducer.pk


def test_the_same_birthday_and_note_twice_become_one_and_come_back_on_undo(owner, pair):
    kept, other = pair
    for person in (kept, other):
        KeyDate.objects.create(owner=owner, contact=person, name="Verjaardag", date=date(KeyDate.NO_YEAR, 5, 17))
        Note.objects.create(owner=owner, contact=person, body="Van de borrel")
    other_date = KeyDate.objects.create(owner=owner, contact=other, name="Begonnen bij Acme", date=date(2019, 9, 2))

    record = merging.merge(owner=owner, kept=kept, other=other, choices={})

    assert sorted(KeyDate.objects.filter(contact=kept).values_list("name", flat=True)) == ["Begonnen bij Acme",
                                                                                           "Verjaardag"]
    assert Note.objects.filter(contact=kept, body="Van de borrel").count() == 1
    restored = merging.undo(owner=owner, record=record)
    assert sorted(KeyDate.objects.filter(contact=restored).values_list("name", flat=True)) == ["Begonnen bij Acme",
                                                                                               "Verjaardag"]
    assert KeyDate.objects.filter(contact=kept).count() == 1 and KeyDate.objects.get(pk=other_date.pk)
    assert Note.objects.filter(contact=restored, body="Van de borrel").count() == 1
