from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from contacts.models import Contact, ContactLabel, ContactStatus, Direction, LabelKind, Note
from reviews import services
from reviews.models import Action, RemovalReason, ReviewDecision
from reviews.rules import Rule, is_one_sided, reciprocity, review_queue, suggestions_for
from tests.factories import ContactFactory, InteractionFactory, LabelFactory, NoteFactory
from tests.reviews.helpers import review_contact

NOW = timezone.make_aware(timezone.datetime(2026, 6, 10, 9, 0))


def test_reciprocity_counts_what_i_gave_against_what_i_received(owner):
    contact = ContactFactory(owner=owner)
    for direction in [Direction.GAVE, Direction.GAVE, Direction.RECEIVED, Direction.MUTUAL]:
        InteractionFactory(contact=contact, direction=direction)
    result = reciprocity(contact)
    assert (result.gave, result.received, result.mutual, result.balance) == (2, 1, 1, 1)


def test_one_sided_means_only_i_gave_in_the_last_five():
    assert is_one_sided([Direction.GAVE] * 5 + [Direction.RECEIVED])
    assert not is_one_sided([Direction.GAVE] * 4 + [Direction.RECEIVED])
    assert not is_one_sided([Direction.GAVE] * 2)


def test_queue_shows_longest_in_label_first_with_evidence(owner):
    recent = review_contact(owner, days_ago=1)
    oldest = review_contact(owner, days_ago=30)
    introduced = ContactFactory(owner=owner, introduced_by=oldest, first_name="Ineke", last_name="Intro")
    NoteFactory(contact=oldest, body="Only ever asks for favours")
    InteractionFactory(contact=oldest, direction=Direction.GAVE, date=date(2026, 1, 5))
    ContactFactory(owner=owner)  # not under review
    review_contact(owner, status=ContactStatus.ARCHIVED)  # archived: leaves every list
    entries = review_queue(owner, timezone.now())
    assert [entry.contact for entry in entries] == [oldest, recent]
    first = entries[0]
    assert first.introduced == [introduced]
    assert first.last_interaction.date == date(2026, 1, 5)
    assert first.reciprocity.gave == 1
    assert [note.body for note in first.contact.notes.all()] == ["Only ever asks for favours"]


def test_keep_leaves_the_label_and_records_the_note(owner):
    contact = review_contact(owner)
    decision = services.keep_contact(user=owner, contact=contact, note="Good client")
    assert not ContactLabel.objects.filter(contact=contact, label__kind=LabelKind.REVIEW).exists()
    assert (decision.action, decision.note) == (Action.KEEP, "Good client")
    assert Note.objects.get(contact=contact).body == "Good client"


def test_remove_archives_and_keeps_notes_and_history(owner):
    contact = review_contact(owner)
    NoteFactory(contact=contact)
    InteractionFactory(contact=contact)
    decision = services.remove_contact(user=owner, contact=contact, reason=RemovalReason.ONE_SIDED, note="only asks")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ARCHIVED and contact.archived_at is not None
    assert contact.notes.count() == 1 and contact.interactions.count() == 1
    assert decision.reason == RemovalReason.ONE_SIDED
    assert not Contact.objects.owned_by(owner).active().filter(pk=contact.pk).exists()


def test_remove_without_a_valid_reason_changes_nothing(owner):
    contact = review_contact(owner)
    with pytest.raises(services.ReviewError):
        services.remove_contact(user=owner, contact=contact, reason="because")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE
    assert not ReviewDecision.objects.exists()


def test_restore_brings_an_archived_contact_back(owner):
    contact = review_contact(owner)
    services.remove_contact(user=owner, contact=contact, reason=RemovalReason.OTHER)
    services.restore_contact(user=owner, contact=contact)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE and contact.archived_at is None
    assert list(ReviewDecision.objects.values_list("action", flat=True)) == [Action.RESTORE, Action.REMOVE]


def test_snooze_hides_until_the_next_review(owner):
    contact = review_contact(owner)
    profile = owner.profile
    with time_machine.travel(NOW, tick=False):
        profile.next_digest_at = NOW + timedelta(days=3)
        profile.save()
        owner.refresh_from_db()
        decision = services.snooze_contact(user=owner, contact=contact)
        assert decision.snoozed_until == NOW + timedelta(days=3)
        assert review_queue(owner, NOW) == []
    assert [e.contact for e in review_queue(owner, NOW + timedelta(days=3, minutes=1))] == [contact]


def test_purge_deletes_only_unpinned_archived_contacts_past_retention(owner, settings):
    settings.NETWERK_ARCHIVE_RETENTION_DAYS = 90
    old = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=NOW - timedelta(days=91))
    pinned = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=NOW - timedelta(days=200), pinned=True)
    recent = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=NOW - timedelta(days=89))
    active = ContactFactory(owner=owner)
    ReviewDecision.objects.create(owner=owner, contact=old, contact_name=str(old), action=Action.REMOVE, reason="other")
    assert services.purge_archived_contacts(now=NOW) == 1
    assert set(Contact.objects.values_list("pk", flat=True)) == {pinned.pk, recent.pk, active.pk}
    decision = ReviewDecision.objects.get()
    assert decision.contact is None and decision.contact_name == str(old)


def test_purge_task_runs_the_service(owner):
    from reviews.tasks import purge_archived

    ContactFactory(owner=owner, status=ContactStatus.ARCHIVED, archived_at=timezone.now() - timedelta(days=400))
    assert purge_archived.delay() is not None
    assert not Contact.objects.exists()


def test_suggestions_follow_the_rules_switched_on(owner):
    profile = owner.profile
    inactive = ContactFactory(owner=owner, connected_on=date(2024, 1, 1), created_at=NOW - timedelta(days=700))
    InteractionFactory(contact=inactive, date=date(2025, 1, 1), direction=Direction.MUTUAL)
    one_sided = ContactFactory(owner=owner, connected_on=date(2026, 5, 1))
    for day in range(1, 6):
        InteractionFactory(contact=one_sided, date=date(2026, 5, day), direction=Direction.GAVE)
    event = LabelFactory(owner=owner, kind=LabelKind.EVENT, name="Borrel")
    met_once = ContactFactory(owner=owner, connected_on=date(2026, 3, 1))
    ContactLabel.objects.create(contact=met_once, label=event, added_at=NOW - timedelta(days=60))
    restricted_label = LabelFactory(owner=owner, name="Concurrent", restricts_contact=True, restricts_contact_until=date(2026, 12, 31))
    restricted = ContactFactory(owner=owner, connected_on=date(2026, 5, 1))
    InteractionFactory(contact=restricted, date=date(2026, 6, 1), direction=Direction.MUTUAL)
    ContactLabel.objects.create(contact=restricted, label=restricted_label)
    lively = ContactFactory(owner=owner, connected_on=date(2026, 5, 1))
    InteractionFactory(contact=lively, date=date(2026, 6, 1), direction=Direction.MUTUAL)
    already = review_contact(owner, connected_on=date(2020, 1, 1))

    found = {s.contact: s.rules for s in suggestions_for(owner, profile, NOW)}
    assert found[inactive] == [Rule.INACTIVE]
    assert found[one_sided] == [Rule.ONE_SIDED]
    assert Rule.MET_ONCE in found[met_once]
    assert found[restricted] == [Rule.CONTRACT]
    assert lively not in found and already not in found

    profile.suggest_inactive = profile.suggest_one_sided = profile.suggest_met_once = False
    assert [s.contact for s in suggestions_for(owner, profile, NOW)] == [restricted]
    profile.suggest_contract_restricted = False
    assert suggestions_for(owner, profile, NOW) == []


def test_an_expired_contract_restriction_suggests_nothing(owner):
    label = LabelFactory(owner=owner, restricts_contact=True, restricts_contact_until=date(2026, 1, 1))
    contact = ContactFactory(owner=owner, connected_on=date(2026, 5, 1))
    InteractionFactory(contact=contact, date=date(2026, 6, 1))
    ContactLabel.objects.create(contact=contact, label=label)
    assert suggestions_for(owner, owner.profile, NOW) == []


def test_putting_a_suggestion_under_review_is_one_call(owner):
    contact = ContactFactory(owner=owner, connected_on=date(2020, 1, 1))
    services.put_under_review(user=owner, contact=contact)
    assert [e.contact for e in review_queue(owner, timezone.now())] == [contact]
    assert ReviewDecision.objects.get().action == Action.SUGGEST
    with pytest.raises(services.ReviewError):
        services.put_under_review(user=owner, contact=contact)
