"""The compose page, the live check, the list and the detail page, over HTTP."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactLabel, ContactSource
from invitations.models import Invitation, InvitationState
from tests.factories import ContactFactory, InteractionFactory, InvitationFactory, LabelFactory, NoteFactory

pytestmark = pytest.mark.django_db

COMPOSE = reverse("invitations:compose")
TEXT = "We met at the Utrecht borrel and talked about your move to a new CRM; happy to share our migration notes."


@pytest.fixture
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()
    return owner


def new_person(**extra):
    return {"name": "Anne de Vries", "profile_url": "linkedin.com/in/anne-de-vries", "channel": "linkedin",
            "text": TEXT, **extra}


def test_compose_page_for_a_new_person(owner_client, english):
    response = owner_client.get(COMPOSE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-trigger="input changed delay:400ms"' in html
    assert f'hx-post="{reverse("invitations:compose_check")}"' in html
    assert 'id="char-count" data-limit="300"' in html
    assert "What makes an invitation personal" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\son\w+=|\sstyle=", html)


def test_compose_shows_what_the_member_knows_of_the_contact(owner_client, owner, english):
    contact = ContactFactory(owner=owner, how_we_met="Netwerkborrel Utrecht 2024")
    label = LabelFactory(owner=owner, name="Tech Meetup", color="teal")
    ContactLabel.objects.create(contact=contact, label=label)
    NoteFactory(contact=contact, body="Looking for an interim lead")
    InteractionFactory(contact=contact, note="Coffee at the station")
    response = owner_client.get(COMPOSE, {"contact": contact.pk})
    html = response.content.decode()
    assert response.status_code == 200
    for known in ("Netwerkborrel Utrecht 2024", "Tech Meetup", "label-teal", "Looking for an interim lead",
                  "Coffee at the station", f'name="contact" value="{contact.pk}"'):
        assert known in html


def test_free_account_limit_is_shown(owner_client, owner):
    owner.profile.linkedin_free_account = True
    owner.profile.save()
    assert 'data-limit="200"' in owner_client.get(COMPOSE).content.decode()


def test_another_members_contact_is_a_404(owner_client, outsider):
    contact = ContactFactory(owner=outsider)
    assert owner_client.get(COMPOSE, {"contact": contact.pk}).status_code == 404
    response = owner_client.post(COMPOSE, {"contact": contact.pk, "channel": "linkedin", "text": TEXT})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_contact_search_is_scoped_to_the_member(owner_client, owner, outsider):
    ContactFactory(owner=owner, first_name="Roos", last_name="Dekker")
    ContactFactory(owner=outsider, first_name="Roos", last_name="Geheim")
    response = owner_client.get(reverse("invitations:compose_contacts"), {"q": "roos"})
    html = response.content.decode()
    assert "Dekker" in html and "Geheim" not in html
    assert "?contact=" in html


def test_saving_a_personal_invitation_to_a_new_person(owner_client, owner):
    response = owner_client.post(COMPOSE, new_person())
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("invitations:detail", args=[invitation.pk])
    assert invitation.owner == owner
    assert invitation.recipient_profile_url == "https://www.linkedin.com/in/anne-de-vries"
    assert invitation.state == InvitationState.DRAFT


def test_saving_for_a_contact(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(COMPOSE, {"contact": contact.pk, "channel": "linkedin", "text": TEXT})
    assert response.status_code == 302
    assert Invitation.objects.get().contact == contact


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("I'd like to add you to my professional network on LinkedIn.", "This is a standard invitation text."),
        ("Hi Anne, I'd like to add you to my LinkedIn network!", "This is a standard text with a greeting"),
        ("", "Write a message"),
        (TEXT * 3, "the limit is 300"),
    ],
)
def test_a_problem_is_a_400_with_its_message_and_nothing_saved(owner_client, english, text, message):
    response = owner_client.post(COMPOSE, new_person(text=text))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_problems_are_explained_in_dutch(owner_client, owner):
    response = owner_client.post(COMPOSE, new_person(text="Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn."))
    assert response.status_code == 400
    assert "standaard" in response.content.decode().lower()


@pytest.mark.parametrize(
    "data",
    [
        {"name": ["Anne de Vries", "Bram Bakker"]},
        {"email": "anne@example.nl, bram@example.nl", "channel": "email"},
        {"email": "anne@example.nl bram@example.nl", "channel": "email"},
        {"name": "Anne de Vries, Bram Bakker"},
        {"name": "Anne de Vries\nBram Bakker"},
        {"profile_url": "linkedin.com/in/anne linkedin.com/in/bram"},
        {"profile_url": "https://linkedin.com/in/anne,https://linkedin.com/in/bram"},
        {"text": [TEXT, TEXT + " Also"]},
    ],
)
def test_several_recipients_are_a_400_and_nothing_is_saved(owner_client, english, data):
    response = owner_client.post(COMPOSE, new_person(**data))
    assert response.status_code == 400
    assert "exactly one person" in response.content.decode()
    assert not Invitation.objects.exists()


def test_several_contacts_are_a_400(owner_client, owner, english):
    first, second = ContactFactory(owner=owner), ContactFactory(owner=owner)
    response = owner_client.post(COMPOSE, {"contact": [first.pk, second.pk], "channel": "linkedin", "text": TEXT})
    assert response.status_code == 400
    assert owner_client.get(f"{COMPOSE}?contact={first.pk}&contact={second.pk}").status_code == 400
    assert owner_client.post(COMPOSE, {"contact": first.pk, **new_person()}).status_code == 400
    assert not Invitation.objects.exists()


def test_second_open_invitation_to_the_same_person_is_a_400(owner_client, english):
    assert owner_client.post(COMPOSE, new_person()).status_code == 302
    response = owner_client.post(
        COMPOSE, new_person(profile_url="https://nl.linkedin.com/in/Anne-de-Vries/", text=TEXT.replace("CRM", "ERP"))
    )
    assert response.status_code == 400
    assert "already have an open invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_live_check_returns_the_problems_as_a_fragment(owner_client, english):
    url = reverse("invitations:compose_check")
    response = owner_client.post(url, {"text": "I'd like to join your LinkedIn network.", "name": "Anne"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="default_text"' in html and "<html" not in html
    response = owner_client.post(url, {"text": TEXT, "name": "Anne"}, HTTP_HX_REQUEST="true")
    assert "personal invitation" in response.content.decode()


def test_live_check_uses_the_contacts_name_for_masking(owner_client, owner, english):
    contact = ContactFactory(owner=owner, first_name="Femke", last_name="Bos")
    response = owner_client.post(
        reverse("invitations:compose_check"),
        {"text": "Femke Bos: I'd like to add you to my LinkedIn network.", "contact": contact.pk},
    )
    assert 'data-code="near_default"' in response.content.decode()


def test_compose_queries_do_not_grow_with_the_network(owner_client, owner, django_assert_max_num_queries):
    def build(n):
        contact = ContactFactory(owner=owner)
        for _ in range(n):
            label = LabelFactory(owner=owner)
            ContactLabel.objects.create(contact=contact, label=label)
            NoteFactory(contact=contact)
            InteractionFactory(contact=contact)
            InvitationFactory(owner=owner, contact=contact, state="declined", sent_at=timezone.now(),
                              text=f"Old text number {_} about a completely different topic {_ * 31}")
        return contact

    small, large = build(1), build(8)
    for contact in (small, large):
        with django_assert_max_num_queries(14):
            assert owner_client.get(COMPOSE, {"contact": contact.pk}).status_code == 200


def test_cap_reached_is_explained(owner_client, owner, english):
    owner.profile.daily_invitation_cap = 1
    owner.profile.save()
    InvitationFactory(owner=owner, state="sent", sent_at=timezone.now(), text="Something else entirely, sent before.")
    assert "your daily maximum" in owner_client.get(COMPOSE).content.decode()
    owner_client.post(COMPOSE, new_person())
    invitation = Invitation.objects.get(state="draft")
    response = owner_client.post(reverse("invitations:send", args=[invitation.pk]))
    assert response.status_code == 400
    assert "your daily maximum" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DRAFT


def test_linkedin_draft_shows_copy_button_and_profile_and_marks_sent(owner_client, owner, english):
    owner_client.post(COMPOSE, new_person())
    invitation = Invitation.objects.get()
    detail = reverse("invitations:detail", args=[invitation.pk])
    html = owner_client.get(detail).content.decode()
    assert 'data-copy-target="#invitation-text"' in html
    assert 'href="https://www.linkedin.com/in/anne-de-vries"' in html
    assert TEXT in html
    response = owner_client.post(reverse("invitations:send", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SENT and invitation.sent_at is not None


def test_accepting_creates_the_contact(owner_client, owner):
    invitation = InvitationFactory(owner=owner, state="sent", sent_at=timezone.now(), recipient_name="Sem Kok",
                                   recipient_profile_url="https://www.linkedin.com/in/sem")
    response = owner_client.post(reverse("invitations:state", args=[invitation.pk]), {"state": "accepted"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.contact.source == ContactSource.SENT_INVITATION
    assert invitation.contact.notes.get().body == invitation.text


def test_withdrawing_warns_about_linkedins_three_weeks(owner_client, owner, english):
    invitation = InvitationFactory(owner=owner, state="sent", sent_at=timezone.now())
    html = owner_client.get(reverse("invitations:detail", args=[invitation.pk])).content.decode()
    assert "up to three weeks" in html
    response = owner_client.post(reverse("invitations:state", args=[invitation.pk]), {"state": "withdrawn"}, follow=True)
    assert "up to three weeks" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.WITHDRAWN


@pytest.mark.parametrize(("start", "target"), [("accepted", "withdrawn"), ("draft", "accepted"), ("sent", "nonsense")])
def test_invalid_transition_is_a_400_with_a_message(owner_client, owner, english, start, target):
    invitation = InvitationFactory(owner=owner, state=start)
    response = owner_client.post(reverse("invitations:state", args=[invitation.pk]), {"state": target})
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == start


def test_sending_twice_is_refused(owner_client, owner):
    invitation = InvitationFactory(owner=owner, state="sent", sent_at=timezone.now())
    assert owner_client.post(reverse("invitations:send", args=[invitation.pk])).status_code == 400


def test_list_filters_by_state_and_age(owner_client, owner, outsider, english):
    now = timezone.now()
    InvitationFactory(owner=owner, recipient_name="Fresh Draft", state="draft")
    InvitationFactory(owner=owner, recipient_name="Waiting Long", state="sent", sent_at=now - timedelta(days=20),
                      created_at=now - timedelta(days=20))
    InvitationFactory(owner=owner, recipient_name="Old Accepted", state="accepted", sent_at=now - timedelta(days=40),
                      created_at=now - timedelta(days=40))
    InvitationFactory(owner=outsider, recipient_name="Not Mine", state="sent", sent_at=now)
    url = reverse("invitations:list")

    def names(**query):
        html = owner_client.get(url, query).content.decode()
        return {n for n in ("Fresh Draft", "Waiting Long", "Old Accepted", "Not Mine") if n in html}

    assert names() == {"Fresh Draft", "Waiting Long", "Old Accepted"}
    assert names(state="sent") == {"Waiting Long"}
    assert names(age="week") == {"Fresh Draft"}
    assert names(age="older") == {"Old Accepted"}
    assert names(age="follow_up") == {"Waiting Long"}
    assert "Follow up or withdraw" in owner_client.get(url).content.decode()
    assert owner_client.get(url, {"state": "bogus"}).status_code == 200


def test_list_queries_do_not_grow_with_invitations(owner_client, owner, django_assert_num_queries):
    def count_queries(n):
        for i in range(n):
            InvitationFactory(owner=owner, contact=ContactFactory(owner=owner), state="sent", sent_at=timezone.now())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(reverse("invitations:list")).status_code == 200
        return len(captured)

    few = count_queries(2)
    many = count_queries(20)
    assert few == many
    with django_assert_num_queries(few):
        owner_client.get(reverse("invitations:list"))


def test_detail_queries_are_locked(owner_client, owner, django_assert_num_queries):
    invitation = InvitationFactory(owner=owner, contact=ContactFactory(owner=owner), state="sent", sent_at=timezone.now())
    with django_assert_num_queries(4):
        assert owner_client.get(reverse("invitations:detail", args=[invitation.pk])).status_code == 200


def test_detail_renders_at_phone_width_without_inline_styles(owner_client, owner):
    invitation = InvitationFactory(owner=owner)
    html = owner_client.get(reverse("invitations:detail", args=[invitation.pk])).content.decode()
    assert 'name="viewport"' in html
    assert not re.search(r"\son\w+=|\sstyle=", html)


def test_compose_for_a_contact_with_an_open_invitation_says_so(owner_client, owner, english):
    contact = ContactFactory(owner=owner)
    invitation = InvitationFactory(owner=owner, contact=contact, state="sent", sent_at=timezone.now())
    html = owner_client.get(COMPOSE, {"contact": contact.pk}).content.decode()
    assert "You already have an open invitation" in html
    assert reverse("invitations:detail", args=[invitation.pk]) in html


def test_discarding_a_draft_does_not_warn_about_linkedin(owner_client, owner, english):
    invitation = InvitationFactory(owner=owner, state="draft")
    response = owner_client.post(reverse("invitations:state", args=[invitation.pk]), {"state": "withdrawn"}, follow=True)
    html = response.content.decode()
    assert "Draft discarded." in html and "three weeks" not in html


def test_live_check_queries_do_not_grow_with_history(owner_client, owner, django_assert_num_queries):
    url = reverse("invitations:compose_check")
    for n in range(3):
        InvitationFactory(owner=owner, state="sent", sent_at=timezone.now(), text=f"History {n} about topic {n * 97}")
    with django_assert_num_queries(5):  # session, member, language & zone, profile, history
        owner_client.post(url, {"text": TEXT, "name": "Anne"})
    for n in range(3, 40):
        InvitationFactory(owner=owner, state="sent", sent_at=timezone.now(), text=f"History {n} about topic {n * 97}")
    with django_assert_num_queries(5):
        owner_client.post(url, {"text": TEXT, "name": "Anne"})


# --- the check's input is capped; generic texts show their stock parts ---------------------------

CHECK = reverse("invitations:compose_check")


def test_live_check_refuses_a_text_longer_than_any_check_accepts(owner_client, english):
    from invitations.personalization import MAX_TEXT_LENGTH

    response = owner_client.post(CHECK, {"text": ".best" * 2000 + "#", "name": "Anne"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-code="too_long_to_check"' in html
    assert f"at most {MAX_TEXT_LENGTH} are accepted" in html and "10001 characters" in html
    at_the_cap = owner_client.post(CHECK, {"text": "x" * MAX_TEXT_LENGTH, "name": "Anne"}, HTTP_HX_REQUEST="true")
    assert at_the_cap.status_code == 200
    assert 'data-code="too_long"' in at_the_cap.content.decode()


def test_live_check_refusal_is_in_dutch_for_a_dutch_member(owner_client, owner):
    owner.profile.language = "nl"
    owner.profile.save()
    response = owner_client.post(CHECK, {"text": "x" * 6000, "name": "Anne"})
    assert response.status_code == 400
    assert "6000 tekens" in response.content.decode()


def test_composing_a_text_longer_than_any_check_accepts_is_a_400_and_saves_nothing(owner_client, english):
    response = owner_client.post(COMPOSE, new_person(text=".best" * 1200 + "#"))
    assert response.status_code == 400
    assert "are accepted here" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_generic_text_is_refused_with_its_stock_parts_marked(owner_client, english):
    text = "Hoi Marieke, leuk om te connecten! Groet, Guido"
    response = owner_client.post(CHECK, {"text": text, "name": "Marieke Jansen"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-code="generic"' in html
    assert re.findall(r'<mark class="stock-part"[^>]*>([^<]*)</mark>', html) == [
        "Hoi Marieke", "leuk om te connecten", "Groet, Guido"
    ]
    assert not re.search(r"<script(?![^>]*\bsrc=)|\son\w+=|\sstyle=", html)
    response = owner_client.post(COMPOSE, new_person(name="Marieke Jansen", text=text))
    assert response.status_code == 400
    assert 'data-code="generic"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_short_but_specific_note_passes_the_live_check(owner_client, english):
    text = "Hoi Marieke, dank voor je talk over warmtepompen bij Eneco gisteren!"
    response = owner_client.post(CHECK, {"text": text, "name": "Marieke Jansen"}, HTTP_HX_REQUEST="true")
    assert "personal invitation" in response.content.decode()


def test_stock_parts_are_escaped(owner_client, english):
    text = "Hi <b>Anne</b>, let's connect!"
    html = owner_client.post(CHECK, {"text": text, "name": "Anne"}).content.decode()
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_the_composer_says_how_many_personal_notes_are_left_this_month(owner, owner_client, settings):
    settings.NETWERK_FREE_NOTES_PER_MONTH = 5
    owner.profile.linkedin_free_account = True
    owner.profile.language = "en"
    owner.profile.save()
    html = owner_client.get(reverse("invitations:compose")).content.decode()
    assert 'data-notes-left="5"' in html and "5 personal notes of 5 left this month" in html
    owner.profile.linkedin_free_account = False
    owner.profile.save()
    assert "data-notes-left" not in owner_client.get(reverse("invitations:compose")).content.decode()
