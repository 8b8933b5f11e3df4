from datetime import date

import pytest

from asks import services
from asks.models import Ask, AskedPerson, Favour, Outcome
from contacts.models import Contact, ContactStatus, Direction, Interaction
from contacts.reciprocity import reciprocity
from tests.factories import ContactFactory


def test_a_private_ask_goes_to_the_person_chosen(owner, anna):
    ask = services.create_ask(owner=owner, text="  Could you introduce me to Jan?\u200b ", kind="introduction", contacts=[anna])
    person = ask.people.get()
    assert ask.text == "Could you introduce me to Jan?"
    assert (person.contact, person.contact_name, person.outcome) == (anna, "Anna de Vries", Outcome.NO_ANSWER)


def test_an_ask_with_no_recipient_is_refused_and_nothing_saved(owner):
    with pytest.raises(services.AskRuleError, match="Choose the person you ask") as refused:
        services.create_ask(owner=owner, text="Anyone?", contacts=[])
    assert refused.value.field == "contact"
    assert not Ask.objects.exists()


def test_a_public_ask_needs_nobody_yet(owner):
    ask = services.create_ask(owner=owner, text="Read my e-book and comment", kind="read_or_share", public=True)
    assert ask.public and not ask.people.exists()


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200d\ufeff"])
def test_an_ask_without_words_is_refused(owner, anna, text):
    with pytest.raises(services.AskRuleError, match="Write what you asked for"):
        services.create_ask(owner=owner, text=text, contacts=[anna])
    assert not Ask.objects.exists()


def test_a_huge_ask_is_refused(owner, anna):
    with pytest.raises(services.AskRuleError, match="under 2000 characters"):
        services.create_ask(owner=owner, text="x" * 2001, contacts=[anna])
    assert not Ask.objects.exists()


def test_an_archived_recipient_is_refused(owner, anna):
    Contact.objects.filter(pk=anna.pk).update(status=ContactStatus.ARCHIVED)
    with pytest.raises(services.AskRuleError, match="Anna de Vries is archived"):
        services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    assert not Ask.objects.exists()


def test_another_members_contact_is_refused(owner, outsider):
    theirs = ContactFactory(owner=outsider)
    with pytest.raises(services.AskRuleError, match="not in your network"):
        services.create_ask(owner=owner, text="Advice?", contacts=[theirs])
    ask = services.create_ask(owner=owner, text="Advice?", public=True)
    with pytest.raises(services.AskRuleError, match="not in your network"):
        services.add_person(owner=owner, ask=ask, contact=theirs)
    assert not AskedPerson.objects.exists()


def test_someone_else_cannot_touch_the_ask(owner, outsider, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    for call in (
        lambda: services.add_person(owner=outsider, ask=ask, contact=ContactFactory(owner=outsider)),
        lambda: services.record_outcome(owner=outsider, ask=ask, contact=anna, outcome="helped"),
        lambda: services.close_ask(owner=outsider, ask=ask),
        lambda: services.delete_ask(owner=outsider, ask=ask),
    ):
        with pytest.raises(services.AskRuleError):
            call()
    assert Ask.objects.get().is_open and AskedPerson.objects.get().outcome == Outcome.NO_ANSWER


def test_asking_the_same_person_twice_is_refused(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    with pytest.raises(services.AskRuleError, match="already on this ask"):
        services.add_person(owner=owner, ask=ask, contact=anna)
    with pytest.raises(services.AskRuleError, match="already asked"):
        services.create_ask(owner=owner, text="Advice?", contacts=[anna, anna])
    assert AskedPerson.objects.count() == 1


def test_help_is_a_received_interaction_and_counts_for_reciprocity(owner, anna):
    ask = services.create_ask(
        owner=owner, text="Candidates for our data vacancy?", kind="candidates", contacts=[anna], asked_on=date(2026, 10, 1)
    )
    person = services.record_outcome(
        owner=owner, ask=ask, contact=anna, outcome="helped", helped_with="Proposed two people", on=date(2026, 11, 2)
    )
    interaction = Interaction.objects.get()
    assert person.interaction == interaction
    assert (interaction.contact, interaction.direction, interaction.kind, interaction.date) == (
        anna, Direction.RECEIVED, "referral", date(2026, 11, 2)
    )
    assert "Proposed two people" in interaction.note
    assert reciprocity(anna).received == 1


def test_changing_the_answer_takes_the_interaction_back(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped")
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped", helped_with="Twice as useful")
    assert Interaction.objects.count() == 1
    person = services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="declined", helped_with="ignored")
    assert not Interaction.objects.exists()
    assert (person.outcome, person.helped_with, person.answered_on is not None) == ("declined", "", True)
    person = services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="no_answer")
    assert person.answered_on is None


def test_an_outcome_for_someone_not_asked_is_refused(owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    with pytest.raises(services.AskRuleError, match="Bram Bakker was not asked"):
        services.record_outcome(owner=owner, ask=ask, contact=bram, outcome="helped")
    assert not Interaction.objects.exists()


def test_an_unknown_outcome_is_refused(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    with pytest.raises(services.AskRuleError, match="helped, declined or no answer"):
        services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="liked")
    assert AskedPerson.objects.get().outcome == Outcome.NO_ANSWER


def test_on_a_public_ask_the_people_added_are_those_who_acted(owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Share our vacancy", kind="read_or_share", public=True)
    services.add_person(owner=owner, ask=ask, contact=anna)
    services.add_person(owner=owner, ask=ask, contact=bram, helped_with="Proposed a candidate")
    assert list(ask.people.values_list("outcome", flat=True)) == ["helped", "helped"]
    assert Interaction.objects.filter(direction=Direction.RECEIVED).count() == 2


def test_removing_a_person_removes_their_help(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    person = services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped")
    services.remove_person(owner=owner, person=person)
    assert not AskedPerson.objects.exists() and not Interaction.objects.exists()


def test_deleting_a_contact_keeps_the_ask(owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    services.add_person(owner=owner, ask=ask, contact=bram)
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="declined")
    anna.delete()
    names = sorted(person.name for person in Ask.objects.get().people.all())
    assert names == ["Bram Bakker", "removed contact"]
    removed = AskedPerson.objects.get(contact__isnull=True)
    assert removed.outcome == "declined"
    with pytest.raises(services.AskRuleError, match="removed"):
        services.record_outcome_of(owner=owner, person=removed, outcome="helped")


def test_closing_and_reopening(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna], asked_on=date(2026, 10, 1))
    ask = services.close_ask(owner=owner, ask=ask, on=date(2026, 10, 5))
    assert ask.closed_on == date(2026, 10, 5)
    assert services.close_ask(owner=owner, ask=ask, on=date(2026, 10, 9)).closed_on == date(2026, 10, 5)
    assert services.reopen_ask(owner=owner, ask=ask).closed_on is None


def test_a_due_date_before_the_ask_is_refused(owner, anna):
    with pytest.raises(services.AskRuleError, match="before the day you ask"):
        services.create_ask(owner=owner, text="Advice?", contacts=[anna], asked_on=date(2026, 10, 2), due_on=date(2026, 10, 1))


def test_deleting_an_ask_removes_the_help_it_recorded(owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped")
    other = Interaction.objects.create(owner=owner, contact=anna, direction=Direction.MUTUAL)
    services.delete_ask(owner=owner, ask=ask)
    assert list(Interaction.objects.all()) == [other]
    assert not AskedPerson.objects.exists()


def test_a_favour_is_a_gave_interaction(owner, anna):
    favour = services.give_favour(owner=owner, contact=anna, text="Introduced her to Karin", kind="introduction")
    assert (favour.interaction.direction, favour.interaction.kind) == (Direction.GAVE, "introduction")
    assert reciprocity(anna).gave == 1
    services.delete_favour(owner=owner, favour=favour)
    assert not Favour.objects.exists() and not Interaction.objects.exists()


def test_a_favour_needs_words_and_a_contact_of_ones_own(owner, outsider, anna):
    with pytest.raises(services.AskRuleError, match="Write what you did"):
        services.give_favour(owner=owner, contact=anna, text=" \u200b ")
    with pytest.raises(services.AskRuleError, match="not in your network"):
        services.give_favour(owner=owner, contact=ContactFactory(owner=outsider), text="A reference")
    assert not Favour.objects.exists() and not Interaction.objects.exists()
