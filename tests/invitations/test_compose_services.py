"""The rules of outgoing invitations, without HTTP."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from contacts.models import Contact, ContactSource
from invitations.models import Invitation, InvitationState
from invitations.compose.services import (
    InvitationRefused,
    Recipient,
    change_state,
    create_draft,
    open_invitation_to,
    send_invitation,
)
from tests.factories import ContactFactory, InvitationFactory, NoteFactory

pytestmark = pytest.mark.django_db



@pytest.fixture(autouse=True)
def _english():
    """Refusal messages are matched in English here; test_compose_views checks Dutch."""
    with translation.override("en"):
        yield


NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


PERSONAL_TEXTS = [
    "We met at the Utrecht borrel and talked about your move to a new CRM; happy to share our migration notes.",
    "Your talk on event sourcing at the Rotterdam meetup changed how I think about audits. Coffee in December?",
    "Sanne told me you are looking for an interim project lead for Q2. I did exactly that at Stedin last year.",
    "Thanks for the long reply to my e-book! Would you read the next chapter on reciprocity before I publish it?",
    "We sat next to each other at Marketing Live and discussed B2B podcasts. Here is the episode I mentioned.",
    "Your article on energy contracts for small firms answers what our clients keep asking. May I call you?",
    "Great to meet you at BNI Amersfoort. As promised, I will introduce you to my former colleague at the city.",
    "We both worked on the Picnic project but never spoke. I am curious how your team solved the planning.",
    "Your question in the HR group about remote onboarding sounded familiar; I can share what worked for us.",
    "Nice to see you again at the study association reunion! Let's keep in touch about your new company.",
    "Loved your photos of the Delft hackathon. Our students could use a mentor like you next spring.",
    "Bram suggested I contact you about accessible forms; I maintain a small library you might find useful.",
]


def personal(n: int) -> str:
    return PERSONAL_TEXTS[n % len(PERSONAL_TEXTS)]


def new_person(n: int, **kwargs) -> Recipient:
    return Recipient.new_person(
        name=kwargs.get("name", f"Person {n}"), profile_url=kwargs.get("url", f"linkedin.com/in/person-{n}")
    )


def sent(owner, n: int, at: datetime) -> Invitation:
    return InvitationFactory(
        owner=owner, recipient_name=f"Earlier {n}", text=personal(n + 6),
        state=InvitationState.SENT, sent_at=at, recipient_profile_url=f"https://www.linkedin.com/in/earlier-{n}",
    )


def test_create_draft_keeps_one_invitation_for_one_person(owner):
    invitation = create_draft(owner=owner, recipient=new_person(1), text=personal(1), channel="linkedin", now=NOW)
    assert invitation.state == InvitationState.DRAFT
    assert invitation.recipient_profile_url == "https://www.linkedin.com/in/person-1"
    assert invitation.sent_at is None


def test_default_text_is_refused_with_its_problems(owner):
    with pytest.raises(InvitationRefused) as refused:
        create_draft(
            owner=owner, recipient=new_person(1), text="I'd like to add you to my LinkedIn network.", channel="linkedin"
        )
    assert [p.code for p in refused.value.problems] == ["default_text"]
    assert not Invitation.objects.exists()


def test_members_own_standard_text_is_refused(owner):
    owner.profile.standard_texts = "Hoi! Leuk om te connecten, groet uit Utrecht.\n\nAnother old one"
    owner.profile.save()
    with pytest.raises(InvitationRefused) as refused:
        create_draft(owner=owner, recipient=new_person(1), text="hoi leuk om te connecten groet uit utrecht", channel="linkedin")
    assert [p.code for p in refused.value.problems] == ["default_text"]


def test_free_linkedin_account_limits_to_200_characters(owner):
    text = personal(1) + " " + "a" * 150
    assert 200 < len(text) <= 300
    create_draft(owner=owner, recipient=new_person(1), text=text, channel="linkedin")
    owner.profile.linkedin_free_account = True
    owner.profile.save()
    with pytest.raises(InvitationRefused) as refused:
        create_draft(owner=owner, recipient=new_person(2), text=text.replace("number", "nummer"), channel="linkedin")
    assert [p.code for p in refused.value.problems] == ["too_long"]


def test_reusing_a_sent_text_for_someone_else_is_refused(owner):
    InvitationFactory(owner=owner, recipient_name="Bram Bakker", text="Bram, " + personal(5), state="sent", sent_at=NOW)
    with pytest.raises(InvitationRefused) as refused:
        create_draft(owner=owner, recipient=new_person(1, name="Cleo Smit"), text="Cleo, " + personal(5), channel="linkedin")
    assert [p.code for p in refused.value.problems] == ["reused"]


def test_another_members_texts_do_not_count_as_reused(owner, outsider):
    InvitationFactory(owner=outsider, recipient_name="Bram", text="Bram, " + personal(5), state="sent", sent_at=NOW)
    create_draft(owner=owner, recipient=new_person(1, name="Cleo Smit"), text="Cleo, " + personal(5), channel="linkedin")


@pytest.mark.parametrize(
    "second",
    [
        {"url": "http://nl.linkedin.com/in/Person-1/?trk=x"},
        {"url": "https://www.linkedin.com/in/person-1"},
    ],
)
def test_no_second_open_invitation_to_the_same_profile(owner, second):
    create_draft(owner=owner, recipient=new_person(1), text=personal(1), channel="linkedin")
    with pytest.raises(InvitationRefused, match="already have an open invitation"):
        create_draft(owner=owner, recipient=new_person(2, **second), text=personal(2), channel="linkedin")
    assert Invitation.objects.count() == 1


def test_no_second_open_invitation_to_the_same_email_or_contact(owner):
    owner.email = "me@example.nl"
    owner.save()
    first = Recipient.new_person(name="Eva Bos", email="Eva@Example.nl")
    create_draft(owner=owner, recipient=first, text=personal(1), channel="email")
    with pytest.raises(InvitationRefused):
        create_draft(owner=owner, recipient=Recipient.new_person(name="E. Bos", email="eva@example.NL"), text=personal(2), channel="email")
    contact = ContactFactory(owner=owner)
    create_draft(owner=owner, recipient=Recipient.from_contact(contact), text=personal(3), channel="linkedin")
    with pytest.raises(InvitationRefused):
        create_draft(owner=owner, recipient=Recipient.from_contact(contact), text=personal(4), channel="linkedin")


def test_a_withdrawn_or_answered_invitation_does_not_block_a_new_one(owner):
    invitation = create_draft(owner=owner, recipient=new_person(1), text=personal(1), channel="linkedin")
    change_state(invitation=invitation, to_state="withdrawn")
    assert open_invitation_to(owner, new_person(1)) is None
    create_draft(owner=owner, recipient=new_person(1), text=personal(2), channel="linkedin")


def test_email_channel_needs_an_address(owner):
    with pytest.raises(InvitationRefused, match="no e-mail address"):
        create_draft(owner=owner, recipient=new_person(1), text=personal(1), channel="email")


def test_another_members_contact_is_refused(owner, outsider):
    contact = ContactFactory(owner=outsider)
    with pytest.raises(InvitationRefused):
        create_draft(owner=owner, recipient=Recipient.from_contact(contact), text=personal(1), channel="linkedin")


def test_daily_cap_refuses_the_next_send_and_changes_nothing(owner):
    owner.profile.daily_invitation_cap = 2
    owner.profile.save()
    sent(owner, 1, NOW - timedelta(hours=2))
    sent(owner, 2, NOW - timedelta(hours=1))
    draft = create_draft(owner=owner, recipient=new_person(3), text=personal(3), channel="linkedin", now=NOW)
    with pytest.raises(InvitationRefused, match="2 invitations in the last 24 hours"):
        send_invitation(invitation=draft, now=NOW)
    draft.refresh_from_db()
    assert draft.state == InvitationState.DRAFT and draft.sent_at is None


def test_switching_to_a_zone_where_it_is_tomorrow_gives_no_extra_sends(owner):
    """Five sent at 23:00 in Amsterdam; in Kiritimati (UTC+14) it is already the next
    day. The cap counts the last 24 hours, so the sixth waits for the first to age out."""
    owner.profile.daily_invitation_cap = 5
    owner.profile.save()
    evening = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # 23:00 in Amsterdam
    for n in range(5):
        with time_machine.travel(evening + timedelta(minutes=n), tick=False):
            draft = create_draft(owner=owner, recipient=new_person(n), text=personal(n), channel="linkedin")
            send_invitation(invitation=draft)
    owner.profile.time_zone = "Pacific/Kiritimati"
    owner.profile.save()
    with time_machine.travel(evening + timedelta(minutes=30), tick=False):
        draft = create_draft(owner=owner, recipient=new_person(9), text=personal(9), channel="linkedin")
        with pytest.raises(InvitationRefused) as refusal:
            send_invitation(invitation=draft)
    # The first send ages out at 22:00 UTC the next day: 12:00 the day after in Kiritimati.
    assert "5 invitations in the last 24 hours" in refusal.value.message
    assert "12:00" in refusal.value.message or "12 p.m." in refusal.value.message or "noon" in refusal.value.message
    with time_machine.travel(evening + timedelta(hours=23, minutes=59), tick=False):
        with pytest.raises(InvitationRefused):
            send_invitation(invitation=draft)
    with time_machine.travel(evening + timedelta(hours=24), tick=False):
        send_invitation(invitation=draft)
    assert Invitation.objects.filter(owner=owner, state=InvitationState.SENT).count() == 6


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Amsterdam", "UTC"])
def test_no_24_hours_ever_hold_more_sends_than_the_cap_whatever_the_zones(owner, zone):
    """A member who switches zone between every send, trying for an hour: at most the cap."""
    owner.profile.daily_invitation_cap = 5
    owner.profile.save()
    zones = [zone, "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata"]
    for n in range(10):
        owner.profile.time_zone = zones[n % len(zones)]
        owner.profile.save()
        with time_machine.travel(NOW + timedelta(minutes=6 * n), tick=False):
            draft = create_draft(owner=owner, recipient=new_person(n), text=personal(n), channel="linkedin")
            try:
                send_invitation(invitation=draft)
            except InvitationRefused:
                pass
    assert Invitation.objects.filter(owner=owner, state=InvitationState.SENT).count() == 5


def test_weekly_cap_counts_the_last_7_days(owner):
    owner.profile.weekly_invitation_cap = 3
    owner.profile.save()
    for n in range(3):
        sent(owner, n, NOW - timedelta(days=6, hours=n))
    sent(owner, 9, NOW - timedelta(days=7, minutes=1))  # aged out of the window
    draft = create_draft(owner=owner, recipient=new_person(5), text=personal(5), channel="linkedin", now=NOW)
    with pytest.raises(InvitationRefused, match="3 invitations in the last 7 days"):
        send_invitation(invitation=draft, now=NOW)
    # The oldest of the three (6 days 2 hours ago) ages out 22 hours from now.
    with pytest.raises(InvitationRefused):
        send_invitation(invitation=draft, now=NOW + timedelta(hours=21, minutes=59))
    send_invitation(invitation=draft, now=NOW + timedelta(hours=22))


def test_sending_marks_linkedin_invitation_sent(owner):
    draft = create_draft(owner=owner, recipient=new_person(1), text=personal(1), channel="linkedin", now=NOW)
    send_invitation(invitation=draft, now=NOW)
    draft.refresh_from_db()
    assert (draft.state, draft.sent_at) == (InvitationState.SENT, NOW)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "accepted"),
        ("draft", "declined"),
        ("sent", "draft"),
        ("sent", "sent"),
        ("accepted", "withdrawn"),
        ("accepted", "declined"),
        ("declined", "accepted"),
        ("withdrawn", "sent"),
        ("sent", "bogus"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(owner, start, target):
    invitation = InvitationFactory(owner=owner, state=start, sent_at=None if start == "draft" else NOW)
    with pytest.raises(InvitationRefused):
        if target == "sent":
            send_invitation(invitation=invitation)
        else:
            change_state(invitation=invitation, to_state=target)
    invitation.refresh_from_db()
    assert invitation.state == start
    assert invitation.answered_at is None and invitation.withdrawn_at is None


def test_accepted_creates_a_contact_with_the_text_as_first_note(owner):
    invitation = InvitationFactory(
        owner=owner, recipient_name="Noor van Leeuwen", recipient_profile_url="https://www.linkedin.com/in/noor",
        state="sent", sent_at=NOW - timedelta(days=3),
    )
    change_state(invitation=invitation, to_state="accepted", now=NOW)
    invitation.refresh_from_db()
    contact = invitation.contact
    assert (contact.first_name, contact.last_name) == ("Noor", "van Leeuwen")
    assert contact.source == ContactSource.SENT_INVITATION
    assert contact.profile_url == "https://www.linkedin.com/in/noor"
    assert [n.body for n in contact.notes.order_by("created_at")] == [invitation.text]
    assert invitation.answered_at == NOW


def test_accepted_updates_the_existing_contact(owner):
    contact = ContactFactory(owner=owner, profile_url="https://www.linkedin.com/in/noor", source="manual", connected_on=None)
    NoteFactory(contact=contact, body="Met at the borrel")
    invitation = InvitationFactory(
        owner=owner, recipient_name="Noor", recipient_profile_url="https://www.linkedin.com/in/noor",
        state="sent", sent_at=NOW - timedelta(days=3), recipient_email="noor@example.nl",
    )
    change_state(invitation=invitation, to_state="accepted", now=NOW)
    assert Contact.objects.filter(owner=owner).count() == 1
    contact.refresh_from_db()
    assert contact.source == ContactSource.SENT_INVITATION
    assert contact.email == "noor@example.nl"
    assert contact.connected_on is not None
    assert invitation.text in contact.notes.values_list("body", flat=True)


def test_withdrawing_records_when(owner):
    invitation = InvitationFactory(owner=owner, state="sent", sent_at=NOW)
    change_state(invitation=invitation, to_state="withdrawn", now=NOW + timedelta(days=1))
    invitation.refresh_from_db()
    assert invitation.withdrawn_at == NOW + timedelta(days=1)


def test_follow_up_due_after_14_days_without_answer(owner, outsider):
    due = InvitationFactory(owner=owner, state="sent", sent_at=NOW - timedelta(days=14))
    InvitationFactory(owner=owner, state="sent", sent_at=NOW - timedelta(days=13, hours=23))
    InvitationFactory(owner=owner, state="accepted", sent_at=NOW - timedelta(days=30))
    InvitationFactory(owner=owner, state="draft", created_at=NOW - timedelta(days=30))
    InvitationFactory(owner=outsider, state="sent", sent_at=NOW - timedelta(days=30))
    assert list(Invitation.objects.owned_by(owner).follow_up_due(NOW)) == [due]
    assert due.follow_up_due(NOW)
    with time_machine.travel(NOW, tick=False):
        assert list(Invitation.objects.owned_by(owner).follow_up_due()) == [due]


def test_a_free_account_sends_its_monthly_notes_and_is_told_when_the_next_month_starts(owner, settings):
    """LinkedIn lets a free account send a few personal notes a month: the sixth is
    refused, nothing changes, and e-mail invitations or a Premium account are not held."""
    from invitations.compose.services import monthly_notes

    settings.NETWERK_FREE_NOTES_PER_MONTH = 2
    owner.profile.linkedin_free_account = True
    owner.profile.daily_invitation_cap = owner.profile.weekly_invitation_cap = 50
    owner.profile.save()
    sent(owner, 1, datetime(2026, 10, 31, 12, 0, tzinfo=UTC))  # last month: does not count
    sent(owner, 2, NOW - timedelta(days=3))
    assert (monthly_notes(owner.profile, NOW).used, monthly_notes(owner.profile, NOW).left) == (1, 1)
    draft = create_draft(owner=owner, recipient=new_person(3), text=personal(3), channel="linkedin", now=NOW)
    send_invitation(invitation=draft, now=NOW)
    assert monthly_notes(owner.profile, NOW).left == 0
    draft = create_draft(owner=owner, recipient=new_person(4), text=personal(4), channel="linkedin", now=NOW)
    with pytest.raises(InvitationRefused, match=r"2 personal notes a month .* Dec\. 1, 2026"):
        send_invitation(invitation=draft, now=NOW)
    draft.refresh_from_db()
    assert draft.state == InvitationState.DRAFT and draft.sent_at is None
    # Premium: no monthly cap.
    owner.profile.linkedin_free_account = False
    owner.profile.save()
    assert monthly_notes(owner.profile, NOW) is None
    send_invitation(invitation=draft, now=NOW)


def test_the_month_is_the_members_own(owner, settings):
    """At 23:30 UTC on 30 November it is already December in Amsterdam: November's notes
    no longer count there."""
    from invitations.compose.services import monthly_notes

    settings.NETWERK_FREE_NOTES_PER_MONTH = 5
    owner.profile.linkedin_free_account = True
    owner.profile.save()
    sent(owner, 1, datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert monthly_notes(owner.profile, late).used == 0
    owner.profile.time_zone = "America/New_York"
    owner.profile.save()
    assert monthly_notes(owner.profile, late).used == 1
