"""The triage pages: the queue, htmx fragments, the no-JS path, refusals as 400s, query counts."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Contact, ContactSource
from invitations.models import IncomingInvitation, IncomingState, IncomingTransition
from tests.factories import ContactFactory, IncomingInvitationFactory, LabelFactory

State = IncomingState
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
HTMX = {"HTTP_HX_REQUEST": "true"}
PERSONAL_REPLY = (
    "Hi Sanne, thanks for the invitation! I saw your talk on energy data at the Utrecht meetup. "
    "What made you want to connect? Shall we have a video call on Thursday, or a coffee in Amersfoort?"
)
DEFAULT_TEXT = "I'd like to add you to my professional network on LinkedIn."

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen")]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _invitation(owner, **fields):
    defaults = {
        "name": "Sanne de Vries",
        "company": "Eneco",
        "profile_url": "https://www.linkedin.com/in/sanne-dv",
        "received_at": NOW - timedelta(days=3),
    }
    return IncomingInvitationFactory(owner=owner, **{**defaults, **fields})


def _url(name, invitation):
    return reverse(f"invitations:{name}", kwargs={"pk": invitation.pk})


def _state(invitation):
    return IncomingInvitation.objects.get(pk=invitation.pk).state


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_shows_the_oldest_invitation_first(owner_client, owner):
    _invitation(owner, name="Newer Person", received_at=NOW - timedelta(days=1))
    _invitation(owner, name="Oldest Person", received_at=NOW - timedelta(days=8))
    response = owner_client.get(reverse("invitations:triage"))
    assert response.status_code == 200
    card = response.context["invitation"]
    assert card.name == "Oldest Person"
    assert response.context["following"].name == "Newer Person"
    assert b'data-shortcut="next"' in response.content
    assert b"js/triage.js" in response.content


def test_snoozed_invitations_stay_out_of_the_queue_until_their_date(owner_client, owner):
    _invitation(owner, name="Snoozed Person", state=State.SNOOZED, snoozed_until=date(2026, 3, 11))
    response = owner_client.get(reverse("invitations:triage"))
    assert "invitation" not in response.context
    assert "Snoozed Person" not in response.content.decode()
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        response = owner_client.get(reverse("invitations:triage"))
    assert response.context["invitation"].name == "Snoozed Person"


def test_htmx_gets_only_the_card(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.get(_url("incoming_detail", invitation), **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="triage-card"')
    assert "<html" not in body


def test_the_card_shows_what_the_member_already_knows(owner_client, owner):
    duplicate = ContactFactory(owner=owner, first_name="Sanne", last_name="de Vries", company="Eneco")
    colleague = ContactFactory(owner=owner, first_name="Kees", last_name="Bos", company="Eneco")
    invitation = _invitation(owner, message=DEFAULT_TEXT)
    body = owner_client.get(_url("incoming_detail", invitation)).content.decode()
    assert reverse("contacts:detail", kwargs={"pk": duplicate.pk}) in body
    assert reverse("contacts:detail", kwargs={"pk": colleague.pk}) in body
    assert 'data-signal="default"' in body


def test_a_personal_message_is_marked_personal(owner_client, owner):
    message = "We spraken op de borrel in Utrecht over slimme meters, leuk om te blijven praten!"
    invitation = _invitation(owner, message=message)
    assert 'data-signal="personal"' in owner_client.get(_url("incoming_detail", invitation)).content.decode()


# --- adding by hand ----------------------------------------------------------------------------


def test_adding_an_invitation_by_hand(owner_client, owner):
    response = owner_client.post(
        reverse("invitations:incoming_add"),
        {
            "name": "Bram Bakker",
            "profile_url": "linkedin.com/in/bram-b/",
            "company": "ING",
            "position": "Recruiter",
            "message": DEFAULT_TEXT,
            "received_on": "2026-03-09",
        },
    )
    invitation = IncomingInvitation.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == _url("incoming_detail", invitation)
    assert (invitation.name, invitation.profile_url, invitation.state) == (
        "Bram Bakker",
        "https://www.linkedin.com/in/bram-b",
        State.PENDING,
    )
    assert invitation.received_at.date() == date(2026, 3, 9)


@pytest.mark.parametrize("field,value", [("name", "   "), ("received_on", "2026-03-11"), ("received_on", "gisteren")])
def test_adding_with_bad_input_is_a_400_that_names_the_field(owner_client, field, value):
    data = {"name": "Bram Bakker", "received_on": "2026-03-09", field: value}
    response = owner_client.post(reverse("invitations:incoming_add"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not IncomingInvitation.objects.exists()


# --- accept ------------------------------------------------------------------------------------


def test_accepting_with_htmx_creates_the_contact_and_asks_for_labels_and_a_note(owner_client, owner):
    invitation = _invitation(owner, position="Data analist")
    response = owner_client.post(_url("incoming_accept", invitation), {"contact": "new", "accept_unknown": "1"}, **HTMX)
    assert response.status_code == 200
    contact = Contact.objects.get(owner=owner)
    assert (contact.company, contact.position) == ("Eneco", "Data analist")
    assert contact.source == ContactSource.ACCEPTED_INVITATION
    body = response.content.decode()
    assert _url("incoming_follow_up", invitation) in body
    assert "How do you know each other?" in body or "Hoe kennen jullie elkaar?" in body


def test_accepting_without_js_redirects_to_the_follow_up(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_accept", invitation), {"accept_unknown": "1"})
    assert response.status_code == 302
    assert response["Location"] == _url("incoming_detail", invitation) + "#follow-up"
    assert _state(invitation) == State.ACCEPTED


def test_accepting_can_link_the_duplicate_the_member_chooses(owner_client, owner):
    existing = ContactFactory(owner=owner, first_name="Sanne", last_name="de Vries", profile_url="")
    invitation = _invitation(owner)
    owner_client.post(_url("incoming_accept", invitation), {"contact": str(existing.pk)})
    assert IncomingInvitation.objects.get(pk=invitation.pk).contact == existing
    assert Contact.objects.filter(owner=owner).count() == 1


def test_the_profile_url_duplicate_is_chosen_by_default(owner_client, owner):
    existing = ContactFactory(owner=owner, profile_url="https://www.linkedin.com/in/sanne-dv")
    invitation = _invitation(owner)
    owner_client.post(_url("incoming_accept", invitation))
    assert IncomingInvitation.objects.get(pk=invitation.pk).contact == existing


def test_linking_a_contact_that_is_not_a_possible_duplicate_is_a_400(owner_client, owner):
    unrelated = ContactFactory(owner=owner, first_name="Kees", last_name="Bos")
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_accept", invitation), {"contact": str(unrelated.pk)})
    assert response.status_code == 400
    assert _state(invitation) == State.PENDING


def test_the_follow_up_saves_labels_and_how_you_know_each_other(owner_client, owner):
    label = LabelFactory(owner=owner, name="Netwerkborrel Utrecht")
    invitation = _invitation(owner)
    owner_client.post(_url("incoming_accept", invitation), {"accept_unknown": "1"})
    response = owner_client.post(
        _url("incoming_follow_up", invitation),
        {"labels": [label.pk], "new_label": "Energie", "how_we_know": "Borrel in maart."},
        **HTMX,
    )
    assert response.status_code == 200
    contact = Contact.objects.get(owner=owner)
    assert sorted(contact.labels.values_list("name", flat=True)) == ["Energie", "Netwerkborrel Utrecht"]
    assert contact.how_we_met == "Borrel in maart."


def test_the_follow_up_before_accepting_is_a_400(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_follow_up", invitation), {"how_we_know": "x"})
    assert response.status_code == 400
    assert not Contact.objects.exists()


# --- reply first -------------------------------------------------------------------------------


def test_a_personal_reply_waits_for_their_answer_with_a_copy_button_and_their_profile(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_reply", invitation), {"text": PERSONAL_REPLY}, **HTMX)
    assert response.status_code == 200
    fresh = IncomingInvitation.objects.get(pk=invitation.pk)
    assert (fresh.state, fresh.replied_at, fresh.reply_text) == (State.AWAITING_ANSWER, NOW, PERSONAL_REPLY)
    body = response.content.decode()
    assert f'data-copy-target="#reply-text-{invitation.pk}"' in body
    assert f'id="reply-text-{invitation.pk}"' in body
    assert 'href="https://www.linkedin.com/in/sanne-dv"' in body


def test_a_decision_in_place_brings_the_counts_up_to_date(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_reply", invitation), {"text": PERSONAL_REPLY}, **HTMX)
    body = response.content.decode()
    counts = body[body.index('<ul id="triage-counts"') :]
    assert 'hx-swap-oob="true"' in counts[: counts.index(">")]
    assert re.search(r'\?state=awaiting_answer">[^<]*: 1</a>', counts)
    assert re.search(r'\?state=pending">[^<]*: 0</a>', counts)


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_a_canned_reply_is_a_400_with_the_reasons_and_changes_nothing(owner_client, owner, headers):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_reply", invitation), {"text": DEFAULT_TEXT}, **headers)
    assert response.status_code == 400
    assert response.context["reply_form"].errors["text"]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _state(invitation) == State.PENDING
    assert not IncomingTransition.objects.exists()


def test_the_untouched_suggestion_is_refused(owner_client, owner):
    invitation = _invitation(owner)
    suggestion = owner_client.get(_url("incoming_detail", invitation)).context["reply_form"].initial["text"]
    response = owner_client.post(_url("incoming_reply", invitation), {"text": suggestion})
    assert response.status_code == 400
    assert _state(invitation) == State.PENDING


def test_the_live_check_lists_the_problems_and_changes_nothing(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_reply_check", invitation), {"text": DEFAULT_TEXT}, **HTMX)
    assert response.status_code == 200
    assert 'data-code="default_text"' in response.content.decode()
    response = owner_client.post(_url("incoming_reply_check", invitation), {"text": PERSONAL_REPLY}, **HTMX)
    assert "data-code" not in response.content.decode()
    assert _state(invitation) == State.PENDING


# --- their answer, decline, snooze -------------------------------------------------------------------


def test_recording_their_answer_then_accepting(owner_client, owner):
    invitation = _invitation(owner)
    owner_client.post(_url("incoming_reply", invitation), {"text": PERSONAL_REPLY})
    response = owner_client.post(
        _url("incoming_answer", invitation),
        {"their_answer": "Ik zoek een sparringpartner.", "spoke_or_met": "on"},
        **HTMX,
    )
    assert response.status_code == 200
    fresh = IncomingInvitation.objects.get(pk=invitation.pk)
    assert fresh.state == State.ANSWERED
    assert (fresh.their_answer, fresh.spoke_or_met) == ("Ik zoek een sparringpartner.", True)
    owner_client.post(_url("incoming_accept", invitation))
    assert _state(invitation) == State.ACCEPTED


def test_recording_an_answer_for_a_pending_invitation_is_a_400_with_a_translated_message(owner_client, owner):
    owner.profile.language = "nl"
    owner.profile.save()
    invitation = _invitation(owner)
    response = owner_client.post(
        _url("incoming_answer", invitation), {"their_answer": "Hallo"}, HTTP_ACCEPT_LANGUAGE="nl", **HTMX
    )
    assert response.status_code == 400
    assert "Beantwoord" in response.content.decode()
    assert _state(invitation) == State.PENDING
    assert not IncomingTransition.objects.exists()


def test_declining_moves_on_to_the_next_invitation(owner_client, owner):
    first = _invitation(owner, received_at=NOW - timedelta(days=5))
    second = _invitation(owner, name="Kees Bos", received_at=NOW - timedelta(days=2))
    response = owner_client.post(_url("incoming_decline", first), {"reason": "Ken ik niet."}, **HTMX)
    assert response.status_code == 200
    assert response.context["invitation"] == second
    fresh = IncomingInvitation.objects.get(pk=first.pk)
    assert (fresh.state, fresh.decline_reason) == (State.DECLINED, "Ken ik niet.")


def test_declining_the_last_one_without_js_goes_back_to_the_queue(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_decline", invitation))
    assert response.status_code == 302 and response["Location"] == reverse("invitations:triage")
    assert owner_client.get(response["Location"]).context.get("invitation") is None


def test_declining_twice_is_a_400(owner_client, owner):
    invitation = _invitation(owner, state=State.DECLINED)
    response = owner_client.post(_url("incoming_decline", invitation), {"reason": "again"})
    assert response.status_code == 400
    assert IncomingInvitation.objects.get(pk=invitation.pk).decline_reason == ""


@pytest.mark.parametrize("until", ["2026-03-10", "2026-03-01", "", "soon"])
def test_snoozing_needs_a_date_in_the_future(owner_client, owner, until):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_snooze", invitation), {"until": until}, **HTMX)
    assert response.status_code == 400
    assert response.context["snooze_form"].errors["until"]
    assert _state(invitation) == State.PENDING


def test_snoozing_hides_it_and_records_the_step(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.post(_url("incoming_snooze", invitation), {"until": "2026-03-20"})
    assert response.status_code == 302
    fresh = IncomingInvitation.objects.get(pk=invitation.pk)
    assert (fresh.state, fresh.snoozed_until) == (State.SNOOZED, date(2026, 3, 20))
    step = fresh.transitions.get()
    assert (step.from_state, step.to_state, step.at) == (State.PENDING, State.SNOOZED, NOW)


def test_the_history_is_shown_on_the_invitations_page(owner_client, owner):
    invitation = _invitation(owner)
    owner_client.post(_url("incoming_reply", invitation), {"text": PERSONAL_REPLY})
    owner_client.post(_url("incoming_decline", invitation))
    response = owner_client.get(_url("incoming_detail", invitation))
    assert [(t.from_state, t.to_state) for t in response.context["transitions"]] == [
        (State.PENDING, State.AWAITING_ANSWER),
        (State.AWAITING_ANSWER, State.DECLINED),
    ]
    assert response.content.decode().count("<time") == 3  # received + two steps


def test_awaiting_for_two_weeks_is_flagged_on_the_queue_and_the_invitation(owner_client, owner):
    invitation = _invitation(owner, state=State.AWAITING_ANSWER, replied_at=NOW - timedelta(days=14))
    _invitation(owner, name="Recent", state=State.AWAITING_ANSWER, replied_at=NOW - timedelta(days=3))
    queue = owner_client.get(reverse("invitations:triage")).content.decode()
    assert queue.count("triage-aged") == 1
    assert "triage-aged" in owner_client.get(_url("incoming_detail", invitation)).content.decode()


def test_a_get_on_an_action_url_goes_to_the_invitation(owner_client, owner):
    invitation = _invitation(owner)
    response = owner_client.get(_url("incoming_decline", invitation))
    assert response.status_code == 302 and response["Location"] == _url("incoming_detail", invitation)
    assert _state(invitation) == State.PENDING


def test_the_list_filters_by_state(owner_client, owner):
    _invitation(owner, name="Pending Person")
    _invitation(owner, name="Declined Person", state=State.DECLINED)
    response = owner_client.get(reverse("invitations:incoming_list"), {"state": "declined"})
    assert [i.name for i in response.context["page"]] == ["Declined Person"]


# --- query counts ------------------------------------------------------------------------------------


def _populate(owner, n):
    for i in range(n):
        ContactFactory(owner=owner, company="Eneco", first_name=f"Colleague{i}")
        _invitation(owner, name=f"Person {i}", received_at=NOW - timedelta(days=30 + i))
        _invitation(owner, name=f"Waiting {i}", state=State.AWAITING_ANSWER, replied_at=NOW - timedelta(days=20))


@pytest.mark.parametrize("size", [1, 15])
def test_the_queue_page_query_count_does_not_grow_with_data(owner_client, owner, size, django_assert_num_queries):
    _populate(owner, size)
    with django_assert_num_queries(11):
        response = owner_client.get(reverse("invitations:triage"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_the_card_query_count_does_not_grow_with_data(owner_client, owner, size, django_assert_num_queries):
    _populate(owner, size)
    invitation = _invitation(owner, received_at=NOW - timedelta(days=40))
    with django_assert_num_queries(10):  # the counts, swapped out of band
        response = owner_client.get(_url("incoming_detail", invitation), **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_the_list_query_count_does_not_grow_with_data(owner_client, owner, size, django_assert_num_queries):
    _populate(owner, size)
    with django_assert_num_queries(6):
        response = owner_client.get(reverse("invitations:incoming_list"))
    assert response.status_code == 200


# --- ownership ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["incoming_detail", "incoming_accept", "incoming_reply", "incoming_answer", "incoming_decline", "incoming_snooze"],
)
def test_outsider_gets_404_and_the_invitation_is_untouched(client, owner, outsider, name):
    invitation = _invitation(owner)
    client.force_login(outsider)
    response = client.post(_url(name, invitation), {"text": PERSONAL_REPLY, "until": "2026-04-01"}, **HTMX)
    assert response.status_code == 404
    assert _state(invitation) == State.PENDING
    assert not IncomingTransition.objects.exists()


def test_the_queue_never_shows_another_members_invitations(client, owner, outsider):
    _invitation(owner, name="Owner's Invitation")
    client.force_login(outsider)
    response = client.get(reverse("invitations:triage"))
    assert "Owner's Invitation" not in response.content.decode()
    assert response.context.get("invitation") is None


def test_an_empty_queue_says_so_and_offers_to_add_one(owner_client, owner):
    _invitation(owner, state=State.ACCEPTED)
    response = owner_client.get(reverse("invitations:triage"))
    assert response.status_code == 200
    assert response.context.get("invitation") is None
    assert reverse("invitations:incoming_add") in response.content.decode()
    assert response.context["counts"]["accepted"] == 1


def test_the_add_page_labels_every_field(owner_client):
    response = owner_client.get(reverse("invitations:incoming_add"))
    body = response.content.decode()
    for field in ("name", "profile_url", "company", "position", "message", "received_on"):
        assert f'for="id_{field}"' in body
