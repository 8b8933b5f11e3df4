"""The triage rules, without HTTP: states and moves, accepting, replying, ageing, counts."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from contacts.models import Contact, ContactSource, Note
from invitations.triage import rules as triage
from invitations.models import IncomingInvitation, IncomingState, IncomingTransition
from tests.factories import ContactFactory, IncomingInvitationFactory, LabelFactory, UserFactory

State = IncomingState
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=AMSTERDAM)
PERSONAL_REPLY = (
    "Hi Sanne, thanks for the invitation! I saw your talk on energy data at the Utrecht meetup last week. "
    "What made you want to connect? Shall we have a video call on Thursday, or a coffee in Amersfoort?"
)
DEFAULT_TEXT = "I'd like to add you to my professional network on LinkedIn."

pytestmark = pytest.mark.django_db


def _invitation(owner, **fields):
    defaults = {"name": "Sanne de Vries", "company": "Eneco", "position": "Data analist"}
    return IncomingInvitationFactory(owner=owner, **{**defaults, **fields})


def _snapshot(invitation):
    fresh = IncomingInvitation.objects.get(pk=invitation.pk)
    return (
        fresh.state,
        fresh.reply_text,
        fresh.their_answer,
        fresh.contact_id,
        fresh.snoozed_until,
        fresh.decline_reason,
        IncomingTransition.objects.count(),
        Contact.objects.count(),
    )


# --- the table of moves ------------------------------------------------------------------


def test_every_state_has_an_entry_in_the_table_of_moves():
    assert set(triage.ALLOWED_MOVES) == set(State.values)
    assert triage.ALLOWED_MOVES[State.ACCEPTED] == frozenset()
    assert triage.ALLOWED_MOVES[State.DECLINED] == frozenset()


@pytest.mark.parametrize(
    "current,target,allowed",
    [
        (State.PENDING, State.AWAITING_ANSWER, True),
        (State.PENDING, State.ANSWERED, False),
        (State.AWAITING_ANSWER, State.ACCEPTED, False),
        (State.AWAITING_ANSWER, State.ANSWERED, True),
        (State.ANSWERED, State.ACCEPTED, True),
        (State.ANSWERED, State.SNOOZED, False),
        (State.SNOOZED, State.ACCEPTED, True),
        (State.DECLINED, State.ACCEPTED, False),
        (State.ACCEPTED, State.DECLINED, False),
    ],
)
def test_can_move_follows_the_table(current, target, allowed):
    assert triage.can_move(current, target) is allowed


def test_a_refused_move_changes_nothing_and_says_why_in_the_members_language(owner):
    invitation = _invitation(owner, state=State.DECLINED)
    before = _snapshot(invitation)
    with translation.override("nl"), pytest.raises(triage.TriageRefused) as refused:
        triage.accept_invitation(invitation=invitation, now=NOW)
    assert "Afgewezen" in refused.value.message
    assert _snapshot(invitation) == before


def test_answering_before_replying_is_refused(owner):
    invitation = _invitation(owner)
    before = _snapshot(invitation)
    with pytest.raises(triage.TriageRefused):
        triage.record_their_answer(invitation=invitation, answer="Hello", spoke_or_met=True, now=NOW)
    assert _snapshot(invitation) == before


def test_a_stale_copy_cannot_sneak_past_the_table(owner):
    """The row is locked and re-read: an in-memory copy still saying pending does not help."""
    invitation = _invitation(owner)
    stale = IncomingInvitation.objects.get(pk=invitation.pk)
    triage.decline_invitation(invitation=invitation, reason="", now=NOW)
    with pytest.raises(triage.TriageRefused):
        triage.snooze_invitation(invitation=stale, until=date(2026, 4, 1), now=NOW)
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == State.DECLINED


def test_every_move_is_recorded_with_its_time(owner):
    invitation = _invitation(owner)
    invitation = triage.reply_first(invitation=invitation, text=PERSONAL_REPLY, now=NOW)
    invitation = triage.record_their_answer(
        invitation=invitation, answer="Ik zoek iemand voor een project.", spoke_or_met=True, now=NOW + timedelta(days=2)
    )
    invitation = triage.accept_invitation(invitation=invitation, now=NOW + timedelta(days=3))
    steps = list(invitation.transitions.values_list("from_state", "to_state", "at"))
    assert steps == [
        (State.PENDING, State.AWAITING_ANSWER, NOW),
        (State.AWAITING_ANSWER, State.ANSWERED, NOW + timedelta(days=2)),
        (State.ANSWERED, State.ACCEPTED, NOW + timedelta(days=3)),
    ]


# --- accepting -----------------------------------------------------------------------------


def test_accepting_creates_a_contact_from_the_invitation(owner):
    invitation = _invitation(owner, profile_url="http://nl.linkedin.com/in/Sanne-dv/?trk=x")
    invitation = triage.accept_invitation(invitation=invitation, now=NOW, unknown_confirmed=True)
    contact = invitation.contact
    assert (contact.first_name, contact.last_name) == ("Sanne", "de Vries")
    assert (contact.company, contact.position) == ("Eneco", "Data analist")
    assert contact.profile_url == "https://www.linkedin.com/in/sanne-dv"
    assert contact.source == ContactSource.ACCEPTED_INVITATION
    assert contact.connected_on == date(2026, 3, 10)
    assert invitation.state == State.ACCEPTED and invitation.decided_at == NOW


def test_accepting_can_link_the_existing_duplicate_instead(owner):
    existing = ContactFactory(owner=owner, first_name="Sanne", last_name="de Vries", company="", position="")
    invitation = triage.accept_invitation(invitation=_invitation(owner), link_to=existing, now=NOW)
    existing.refresh_from_db()
    assert invitation.contact == existing
    assert existing.company == "Eneco"  # blanks filled in, nothing overwritten
    assert Contact.objects.count() == 1


def test_accepting_as_new_when_the_profile_url_is_already_a_contact_is_refused(owner):
    ContactFactory(owner=owner, profile_url="https://www.linkedin.com/in/sanne-dv")
    invitation = _invitation(owner, profile_url="linkedin.com/in/SANNE-DV/")
    before = _snapshot(invitation)
    with pytest.raises(triage.TriageRefused):
        triage.accept_invitation(invitation=invitation, now=NOW)
    assert _snapshot(invitation) == before


def test_linking_another_members_contact_is_refused(owner):
    foreign = ContactFactory(owner=UserFactory(username="someone-else"))
    invitation = _invitation(owner)
    with pytest.raises(triage.TriageRefused):
        triage.accept_invitation(invitation=invitation, link_to=foreign, now=NOW)
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == State.PENDING


def test_their_answer_becomes_the_first_note_of_the_accepted_contact(owner):
    invitation = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    invitation = triage.record_their_answer(
        invitation=invitation, answer="We kennen elkaar van de borrel.", spoke_or_met=True, now=NOW
    )
    invitation = triage.accept_invitation(invitation=invitation, now=NOW)
    note = Note.objects.get(contact=invitation.contact)
    assert "We kennen elkaar van de borrel." in note.body


def test_completing_an_acceptance_adds_labels_and_a_note_on_how_you_know_each_other(owner):
    event = LabelFactory(owner=owner, name="Netwerkborrel Utrecht")
    invitation = triage.accept_invitation(invitation=_invitation(owner), now=NOW, unknown_confirmed=True)
    contact = triage.complete_acceptance(
        invitation=invitation, labels=[event], new_label="energie", how_we_know="Borrel in Utrecht, maart.", now=NOW
    )
    assert sorted(contact.labels.values_list("name", flat=True)) == ["Netwerkborrel Utrecht", "energie"]
    assert contact.how_we_met == "Borrel in Utrecht, maart."
    assert list(contact.notes.values_list("body", flat=True)) == ["Borrel in Utrecht, maart."]


def test_completing_before_accepting_is_refused(owner):
    with pytest.raises(triage.TriageRefused):
        triage.complete_acceptance(invitation=_invitation(owner), labels=[], how_we_know="x", now=NOW)


# --- replying first ---------------------------------------------------------------------------


def test_a_personal_reply_moves_to_awaiting_their_answer_with_the_date(owner):
    invitation = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    assert invitation.state == State.AWAITING_ANSWER
    assert invitation.replied_at == NOW
    assert invitation.reply_text == PERSONAL_REPLY


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "empty"),
        ("   ", "empty"),
        (DEFAULT_TEXT, "default_text"),
        ("i'd like to add you to my professional network on linkedin", "default_text"),
        (PERSONAL_REPLY + " " + "x" * 1000, "too_long"),
    ],
)
def test_a_canned_reply_is_refused_by_the_personalization_rules(owner, text, code):
    invitation = _invitation(owner)
    before = _snapshot(invitation)
    with pytest.raises(triage.TriageRefused) as refused:
        triage.reply_first(invitation=invitation, text=text, now=NOW)
    assert code in {problem.code for problem in refused.value.problems}
    assert _snapshot(invitation) == before


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_unchanged_starting_suggestion_is_refused(owner, language):
    invitation = _invitation(owner)
    with translation.override(language):
        suggestion = triage.suggested_reply(invitation)
        found = {p.code for p in triage.reply_problems(invitation, suggestion)}
        assert found == {"placeholder"}
        without_brackets = suggestion[: suggestion.index("[")]
        assert {p.code for p in triage.reply_problems(invitation, without_brackets)} == {"unchanged_suggestion"}


def test_the_suggestion_with_a_sentence_of_ones_own_is_accepted(owner):
    invitation = _invitation(owner)
    suggestion = triage.suggested_reply(invitation)
    own_sentence = "I read your post about smart meters and wondered how you use the data."
    mine = suggestion[: suggestion.index("[")] + own_sentence
    assert triage.reply_problems(invitation, mine) == []


def test_the_suggestion_asks_why_and_proposes_a_call_a_video_call_or_a_coffee(owner):
    with translation.override("en"):
        suggestion = triage.suggested_reply(_invitation(owner))
    assert suggestion.startswith("Hi Sanne,")
    for words in ("what made you want to connect", "call", "video call", "coffee"):
        assert words in suggestion


# --- answer, decline, snooze ------------------------------------------------------------------


def test_recording_their_answer_keeps_what_they_said_and_whether_you_spoke(owner):
    invitation = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    invitation = triage.record_their_answer(
        invitation=invitation, answer="Ik zoek een mentor.", spoke_or_met=True, now=NOW + timedelta(days=1)
    )
    assert (invitation.state, invitation.their_answer, invitation.spoke_or_met) == (
        State.ANSWERED,
        "Ik zoek een mentor.",
        True,
    )
    assert invitation.answered_at == NOW + timedelta(days=1)


def test_an_empty_answer_is_refused(owner):
    invitation = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    with pytest.raises(triage.TriageRefused):
        triage.record_their_answer(invitation=invitation, answer="  ", spoke_or_met=False, now=NOW)
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == State.AWAITING_ANSWER


def test_declining_keeps_the_private_reason(owner):
    invitation = triage.decline_invitation(invitation=_invitation(owner), reason="Recruiter, bulk.", now=NOW)
    assert (invitation.state, invitation.decline_reason, invitation.decided_at) == (
        State.DECLINED,
        "Recruiter, bulk.",
        NOW,
    )


def test_an_unanswered_invitation_can_be_declined(owner):
    invitation = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    assert triage.decline_invitation(invitation=invitation, now=NOW).state == State.DECLINED


@pytest.mark.parametrize("until", [date(2026, 3, 10), date(2026, 3, 1)])
def test_snoozing_until_today_or_earlier_is_refused(owner, until):
    invitation = _invitation(owner)
    before = _snapshot(invitation)
    with pytest.raises(triage.TriageRefused):
        triage.snooze_invitation(invitation=invitation, until=until, now=NOW)
    assert _snapshot(invitation) == before


def test_a_snoozed_invitation_is_hidden_from_the_queue_until_its_date(owner):
    invitation = _invitation(owner)
    triage.snooze_invitation(invitation=invitation, until=date(2026, 3, 12), now=NOW)
    assert list(triage.triage_queue(owner, today=date(2026, 3, 11))) == []
    assert list(triage.triage_queue(owner, today=date(2026, 3, 12))) == [invitation]


# --- the queue, ageing and counts ----------------------------------------------------------------


def test_the_queue_is_oldest_first_and_holds_only_what_needs_a_decision(owner, outsider):
    old = _invitation(owner, received_at=NOW - timedelta(days=9))
    new = _invitation(owner, received_at=NOW - timedelta(days=1))
    answered = _invitation(owner, received_at=NOW - timedelta(days=5), state=State.ANSWERED)
    _invitation(owner, received_at=NOW - timedelta(days=20), state=State.AWAITING_ANSWER)
    _invitation(owner, received_at=NOW - timedelta(days=20), state=State.DECLINED)
    _invitation(outsider, received_at=NOW - timedelta(days=30))
    assert list(triage.triage_queue(owner, today=NOW.date())) == [old, answered, new]
    assert triage.queue_neighbours(answered, today=NOW.date()) == (old, new)
    assert triage.queue_neighbours(old, today=NOW.date()) == (None, answered)


def test_awaiting_an_answer_for_fourteen_days_is_flagged(owner, outsider):
    waiting = triage.reply_first(invitation=_invitation(owner), text=PERSONAL_REPLY, now=NOW)
    triage.reply_first(invitation=_invitation(outsider), text=PERSONAL_REPLY, now=NOW)
    almost = NOW + timedelta(days=14) - timedelta(minutes=1)
    assert list(IncomingInvitation.objects.awaiting_too_long(owner, almost)) == []
    assert not waiting.awaiting_too_long(almost)
    later = NOW + timedelta(days=14)
    assert list(IncomingInvitation.objects.awaiting_too_long(owner, later)) == [waiting]
    assert waiting.awaiting_too_long(later)


def test_triage_counts_by_state_in_one_query(owner, outsider, django_assert_num_queries):
    _invitation(owner)
    _invitation(owner, state=State.SNOOZED, snoozed_until=date(2026, 3, 9))
    _invitation(owner, state=State.SNOOZED, snoozed_until=date(2026, 4, 1))
    _invitation(owner, state=State.AWAITING_ANSWER, replied_at=NOW - timedelta(days=15))
    _invitation(owner, state=State.AWAITING_ANSWER, replied_at=NOW - timedelta(days=2))
    _invitation(owner, state=State.DECLINED)
    _invitation(outsider)
    with django_assert_num_queries(1):
        counts = triage.triage_counts(owner, now=NOW)
    assert counts == {
        "pending": 1,
        "awaiting_answer": 2,
        "answered": 0,
        "accepted": 0,
        "declined": 1,
        "snoozed": 2,
        "to_triage": 2,
        "awaiting_too_long": 1,
    }


# --- what the member already knows ---------------------------------------------------------------


def test_a_contact_with_the_same_normalised_profile_url_is_a_possible_duplicate(owner):
    same_url = ContactFactory(
        owner=owner, first_name="S.", last_name="Vries", profile_url="https://www.linkedin.com/in/sanne-dv"
    )
    ContactFactory(owner=UserFactory(username="other"), profile_url="https://www.linkedin.com/in/sanne-dv")
    invitation = _invitation(owner, profile_url="HTTP://linkedin.com/in/Sanne-DV/")
    knows = triage.what_you_know(invitation)
    assert knows.duplicates == [same_url]
    assert knows.duplicate_by_url == same_url


def test_a_contact_with_the_same_name_is_a_possible_duplicate_whatever_the_case_and_spaces(owner):
    same_name = ContactFactory(owner=owner, first_name="sanne", last_name="De Vries")
    ContactFactory(owner=owner, first_name="Sanne", last_name="Jansen")
    knows = triage.what_you_know(_invitation(owner, name="  Sanne   de Vries "))
    assert knows.duplicates == [same_name]
    assert knows.duplicate_by_url is None


def test_contacts_at_the_same_company_are_shown(owner):
    colleague = ContactFactory(owner=owner, company="eneco")
    ContactFactory(owner=owner, company="Stedin")
    ContactFactory(owner=UserFactory(username="other"), company="Eneco")
    assert triage.what_you_know(_invitation(owner)).colleagues == [colleague]


@pytest.mark.parametrize(
    "message,signal",
    [
        (DEFAULT_TEXT, "default"),
        ("Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.", "default"),
        ("", "none"),
        (
            "We spraken elkaar op de Tech Meetup in Rotterdam over datamigraties; ik wil graag in contact blijven.",
            "personal",
        ),
    ],
)
def test_their_message_is_marked_personal_or_default(owner, message, signal):
    assert triage.what_you_know(_invitation(owner, message=message)).message_signal == signal


def test_adding_by_hand_normalises_and_starts_pending(owner):
    invitation = triage.add_incoming_invitation(
        owner=owner, name="  Bram   Bakker ", profile_url="linkedin.com/in/Bram/", company=" ING ", received_at=NOW
    )
    assert (invitation.name, invitation.profile_url, invitation.company, invitation.state) == (
        "Bram Bakker",
        "https://www.linkedin.com/in/bram",
        "ING",
        State.PENDING,
    )


@time_machine.travel(NOW, tick=False)
def test_now_defaults_come_from_the_clock(owner):
    invitation = triage.add_incoming_invitation(owner=owner, name="Bram")
    assert invitation.received_at == timezone.now() == NOW


# --- tip 3: someone the member does not know ----------------------------------------------


def test_someone_unknown_is_accepted_only_when_the_member_confirms(owner):
    invitation = _invitation(owner)
    assert triage.is_unknown(invitation)
    with pytest.raises(triage.UnknownNotConfirmed) as refused:
        triage.accept_invitation(invitation=invitation, now=NOW)
    assert "Sanne de Vries" in refused.value.message and "reply first" in refused.value.message
    assert IncomingInvitation.objects.get(pk=invitation.pk).state == State.PENDING
    assert not Contact.objects.filter(owner=owner).exists()
    accepted = triage.accept_invitation(invitation=invitation, now=NOW, unknown_confirmed=True)
    assert accepted.state == State.ACCEPTED


def test_a_colleague_a_possible_duplicate_or_their_answer_makes_them_known(owner):
    colleague_case = _invitation(owner)
    assert triage.is_unknown(colleague_case)
    ContactFactory(owner=owner, company="eneco", first_name="Piet")
    assert not triage.is_unknown(colleague_case)
    assert triage.accept_invitation(invitation=colleague_case, now=NOW).state == State.ACCEPTED

    duplicate_case = _invitation(owner, name="Joost Jansen", company="", profile_url="")
    ContactFactory(owner=owner, first_name="joost", last_name="JANSEN", company="Elders")
    assert not triage.is_unknown(duplicate_case)

    answered = _invitation(owner, name="Anouk Antwoord", company="", profile_url="")
    assert triage.is_unknown(answered)
    answered = triage.reply_first(invitation=answered, text=PERSONAL_REPLY.replace("Sanne", "Anouk"), now=NOW)
    answered = triage.record_their_answer(invitation=answered, answer="Via Piet.", spoke_or_met=False, now=NOW)
    assert not triage.is_unknown(answered)
    assert triage.accept_invitation(invitation=answered, now=NOW).state == State.ACCEPTED
