"""Sign-up proves the address before anything is made, answers the same whether or not
the address has an account, is throttled, and can be invite-only or closed; an address
is unique whatever its case, and only a confirmed address sends e-mail invitations."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from invitations.compose.services import InvitationRefused, send_invitation
from invitations.models import InvitationState
from netwerk.accounts import confirm
from netwerk.accounts.addresses import normalize_address
from netwerk.accounts.models import SignupInvitation, User
from tests.accounts.signup_flow import PASSWORD, link_in, path_of, sign_up
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def comparable(response) -> str:
    html = response.content.decode()
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def start(client, email, **extra):
    return client.post(reverse("accounts:signup"), {"email": email}, **extra)


# --- the same answer whatever exists ---------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    ["owner@example.nl", "OWNER@Example.NL", "  owner@example.nl ", "ｏｗｎｅｒ@ｅｘａｍｐｌｅ.ｎｌ", "owner@EXAMPLE.nl"],
)
def test_an_address_with_an_account_gets_the_same_answer_and_a_note_to_the_member(client, owner, mailoutbox, variant):
    taken = start(client, variant)
    fresh = start(Client(), "new.person@example.nl")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("accounts:signup_sent")
    assert comparable(client.get(taken["Location"])) == comparable(Client().get(fresh["Location"]))
    note, link = mailoutbox
    assert note.to == [owner.email] and "/signup/finish/" not in note.body and "/password/reset/" in note.body
    assert link.to == ["new.person@example.nl"] and "/signup/finish/" in link.body
    assert User.objects.count() == 1


def test_a_plus_address_is_another_address(client, owner, mailoutbox):
    start(client, "owner+netwerk@example.nl")
    assert mailoutbox[0].to == ["owner+netwerk@example.nl"] and "/signup/finish/" in mailoutbox[0].body


@pytest.mark.parametrize("bad", ["owner@exa\u200bmple.nl", "own\u200ber@example.nl", "owner@example.nl\u202e", "a" * 300 + "@x.nl", "x"])
def test_an_address_with_invisible_characters_or_no_address_is_refused_by_name(client, owner, mailoutbox, bad):
    response = start(client, bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.content.decode()
    assert mailoutbox == []


def test_nothing_is_made_until_the_link_is_followed_and_then_the_address_is_confirmed(client, mailoutbox):
    start(client, "Nina@Example.NL")
    assert User.objects.count() == 0
    finish = path_of(link_in(mailoutbox[0]))
    page = client.get(finish)
    assert page.status_code == 200 and "Nina@example.nl" in page.content.decode()
    response = client.post(finish, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    nina = User.objects.get(username="nina")
    assert nina.email == "Nina@example.nl" and nina.email_verified
    assert "_auth_user_id" in client.session


def test_a_finish_link_works_once(client, mailoutbox):
    start(client, "nina@example.nl")
    finish = path_of(link_in(mailoutbox[0]))
    client.post(finish, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD})
    other = Client()
    response = other.post(finish, {"username": "nina2", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not User.objects.filter(username="nina2").exists()


def test_a_finish_link_expires(client, mailoutbox, settings):
    with time_machine.travel(START, tick=False) as traveller:
        start(client, "nina@example.nl")
        finish = path_of(link_in(mailoutbox[0]))
        traveller.shift(settings.NETWERK_CONFIRM_LINK_MAX_AGE + timedelta(seconds=1))
        response = client.post(finish, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400 and not User.objects.exists()


# Made when the test runs, not at collection: a signed token carries the time it was made,
# and every test process must collect the same parameters.
FOREIGN_TOKENS = {
    "forged": lambda: "forged",
    "other_purpose": lambda: signing.TimestampSigner(salt="another.purpose").sign_object({"e": "x@example.nl", "i": None}),
    "default_salt": lambda: signing.dumps({"e": "x@example.nl", "i": None}),
}


@pytest.mark.parametrize("kind", FOREIGN_TOKENS)
def test_a_forged_or_other_purpose_token_finishes_nothing(client, kind):
    token = FOREIGN_TOKENS[kind]()
    response = client.post(
        reverse("accounts:signup_finish", args=[token]), {"username": "x", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400 and not User.objects.exists()


def test_an_address_link_is_no_sign_up_link(client, owner):
    token = confirm.address_token(owner, "x@example.nl")
    response = client.get(reverse("accounts:signup_finish", args=[token]))
    assert response.status_code == 400


def test_two_tabs_finishing_one_link_make_one_account(client, mailoutbox):
    start(client, "nina@example.nl")
    finish = path_of(link_in(mailoutbox[0]))
    first, second = Client(), Client()
    first.get(finish)
    second.get(finish)
    first.post(finish, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD})
    response = second.post(finish, {"username": "nina-b", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert list(User.objects.values_list("username", flat=True)) == ["nina"]


# --- throttled -------------------------------------------------------------------------


def test_sign_up_is_throttled_per_client_address(client, settings, mailoutbox):
    for n in range(settings.NETWERK_SIGNUP_PER_CLIENT_HOURLY):
        assert start(client, f"person{n}@example.nl").status_code == 302
    response = start(client, "one.more@example.nl", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many sign-up attempts" in response.content.decode()
    assert len(mailoutbox) == settings.NETWERK_SIGNUP_PER_CLIENT_HOURLY
    assert start(Client(REMOTE_ADDR="192.0.2.8"), "one.more@example.nl").status_code == 302


def test_one_address_gets_a_few_mails_an_hour_and_then_the_same_answer_without_mail(owner, settings, mailoutbox):
    for n in range(settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY + 3):
        response = start(Client(REMOTE_ADDR=f"192.0.2.{n}"), "OWNER@example.nl")
        assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    assert len(mailoutbox) == settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY


# --- open, invite-only, closed ----------------------------------------------------------


def test_closed_sign_up_sends_nothing_and_makes_nothing(client, settings, mailoutbox):
    settings.NETWERK_SIGNUP = "closed"
    page = client.get(reverse("accounts:signup"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Sign-up is closed" in page.content.decode()
    assert start(client, "nina@example.nl").status_code == 403
    assert mailoutbox == []


def test_a_link_made_while_open_does_not_work_once_sign_up_is_closed(client, settings, mailoutbox):
    start(client, "nina@example.nl")
    settings.NETWERK_SIGNUP = "closed"
    finish = path_of(link_in(mailoutbox[0]))
    response = client.post(finish, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 403 and not User.objects.exists()


def test_invite_only_needs_a_valid_code(client, settings, mailoutbox):
    settings.NETWERK_SIGNUP = "invite"
    response = start(client, "nina@example.nl", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and mailoutbox == []
    response = client.post(reverse("accounts:signup"), {"email": "nina@example.nl", "code": "made-up"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "invitation code is not valid" in response.content.decode()
    assert mailoutbox == []


def test_invite_only_with_a_command_made_invitation_signs_up_once(client, settings, mailoutbox):
    settings.NETWERK_SIGNUP = "invite"
    out = io.StringIO()
    call_command("create_signup_invitation", "--note", "Nina", stdout=out)
    link = out.getvalue().strip()
    code = link.split("code=")[1]
    assert SignupInvitation.objects.get().code == code
    page = client.get(path_of(link))
    assert f'value="{code}"' in page.content.decode()
    client.post(reverse("accounts:signup"), {"email": "nina@example.nl", "code": code})
    client.post(reverse("accounts:signup"), {"email": "nina2@example.nl", "code": code})
    first, second = (path_of(link_in(m)) for m in mailoutbox)
    assert client.post(first, {"username": "nina", "password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    response = Client().post(second, {"username": "nina2", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    invitation = SignupInvitation.objects.get()
    assert invitation.user.username == "nina" and invitation.used_at is not None
    assert client.post(reverse("accounts:signup"), {"email": "x@example.nl", "code": code}).status_code in (302, 400)
    assert User.objects.count() == 1


def test_an_expired_invitation_is_refused(client, settings):
    settings.NETWERK_SIGNUP = "invite"
    invitation = SignupInvitation.objects.create(expires_at=datetime(2020, 1, 1, tzinfo=UTC))
    response = client.post(reverse("accounts:signup"), {"email": "nina@example.nl", "code": invitation.code})
    assert response.status_code == 400


# --- unique whatever the case, everywhere -----------------------------------------------


def test_the_database_refuses_a_second_member_with_the_address_in_another_case(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="copy", email=owner.email.upper())


def settings_form(email: str) -> dict:
    return {
        "account-email": email,
        "profile-language": "en",
        "profile-time_zone": "Europe/Amsterdam",
        "profile-digest_cadence": "weekly",
        "profile-digest_weekday": "0",
        "profile-digest_hour": "8",
        "profile-daily_invitation_cap": "10",
        "profile-weekly_invitation_cap": "50",
        "profile-inactive_months": "12",
        "profile-weekly_suggestions": "10",
    }


@pytest.mark.parametrize("variant", ["outsider@example.nl", "OUTSIDER@example.nl", " Outsider@EXAMPLE.NL "])
def test_settings_cannot_take_another_members_address_and_answer_as_for_a_free_one(
    owner_client, owner, outsider, mailoutbox, variant
):
    taken = owner_client.post(reverse("accounts:settings"), settings_form(variant), follow=True)
    free = owner_client.post(reverse("accounts:settings"), settings_form("free@example.nl"), follow=True)
    owner.refresh_from_db()
    assert owner.email == "owner@example.nl" and owner.email_verified
    assert taken.status_code == free.status_code == 200
    said = [str(m) for m in taken.context["messages"]]
    assert said == [str(m).replace("free@example.nl", normalize_address(variant)) for m in free.context["messages"]]
    note, link = mailoutbox
    assert note.to == ["outsider@example.nl"] and "/address/confirm/" not in note.body
    assert link.to == ["free@example.nl"] and "/address/confirm/" in link.body


def test_a_new_address_counts_once_its_link_is_followed(owner_client, owner, mailoutbox):
    owner_client.post(reverse("accounts:settings"), settings_form("New@Example.NL"))
    owner.refresh_from_db()
    assert owner.email == "owner@example.nl"
    confirm_path = path_of(link_in(mailoutbox[0]))
    anonymous = Client()
    assert anonymous.get(confirm_path).status_code == 200  # a page with a button: a link scanner changes nothing
    owner.refresh_from_db()
    assert owner.email == "owner@example.nl"
    assert anonymous.post(confirm_path).status_code == 302
    owner.refresh_from_db()
    assert owner.email == "New@example.nl" and owner.email_verified


def test_an_address_link_stops_working_once_the_address_changed(owner_client, owner, mailoutbox):
    owner_client.post(reverse("accounts:settings"), settings_form("first@example.nl"))
    owner_client.post(reverse("accounts:settings"), settings_form("second@example.nl"))
    first, second = (path_of(link_in(m)) for m in mailoutbox)
    assert owner_client.post(second).status_code == 302
    assert owner_client.post(first).status_code == 400
    owner.refresh_from_db()
    assert owner.email == "second@example.nl"


def test_an_address_taken_between_link_and_click_is_refused(owner_client, owner, mailoutbox):
    owner_client.post(reverse("accounts:settings"), settings_form("free@example.nl"))
    UserFactory(username="quick", email="FREE@example.nl")
    response = owner_client.post(path_of(link_in(mailoutbox[0])))
    assert response.status_code == 409
    owner.refresh_from_db()
    assert owner.email == "owner@example.nl"


def test_a_case_only_change_of_ones_own_address_needs_no_link(owner_client, owner, mailoutbox):
    owner_client.post(reverse("accounts:settings"), settings_form("Owner@Example.nl"))
    owner.refresh_from_db()
    assert owner.email == "Owner@example.nl" and owner.email_verified and mailoutbox == []


# --- only a confirmed address sends invitations by e-mail -------------------------------


def test_an_unconfirmed_member_cannot_send_an_e_mail_invitation(owner, mailoutbox):
    User.objects.filter(pk=owner.pk).update(email_verified=False)
    owner.refresh_from_db()
    draft = InvitationFactory(owner=owner, channel="email", state="draft", recipient_email="victim@example.org")
    with pytest.raises(InvitationRefused) as refused, translation.override("en"):
        send_invitation(invitation=draft)
    assert "Confirm your e-mail address first" in refused.value.message
    draft.refresh_from_db()
    assert draft.state == InvitationState.DRAFT and mailoutbox == []


def test_an_unconfirmed_member_can_ask_for_a_link_and_then_send(owner_client, owner, mailoutbox):
    User.objects.filter(pk=owner.pk).update(email_verified=False)
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert 'id="address-unconfirmed"' in page
    owner_client.post(reverse("accounts:send_address_confirmation"))
    owner_client.post(path_of(link_in(mailoutbox[0])))
    owner.refresh_from_db()
    assert owner.email_verified
    draft = InvitationFactory(owner=owner, channel="email", state="draft", recipient_email="joost@example.org")
    send_invitation(invitation=draft)
    assert mailoutbox[-1].to == ["joost@example.org"]
    assert "owner@example.nl" in mailoutbox[-1].reply_to[0]


def test_sign_up_through_the_link_then_log_in_with_the_chosen_password(client, mailoutbox):
    sign_up(client, "nina@example.nl", "nina", mailoutbox)
    client.logout()
    response = client.post(reverse("login"), {"username": "nina", "password": PASSWORD})
    assert response.status_code == 302


# --- nothing existing breaks ------------------------------------------------------------


def test_members_from_before_count_as_confirmed(owner):
    from importlib import import_module

    from django.apps import apps

    User.objects.filter(pk=owner.pk).update(email_verified=False)
    migration = import_module("netwerk.accounts.migrations.0005_confirmed_addresses_and_signup_invitations")
    migration.confirm_existing_members(apps, None)
    owner.refresh_from_db()
    assert owner.email_verified


def test_the_demo_member_is_confirmed():
    call_command("seed_demo", "--contacts", "0", "--username", "demo-x", stdout=io.StringIO())
    assert User.objects.get(username="demo-x").email_verified


def test_a_superuser_makes_a_sign_up_invitation_in_the_admin(client):
    admin_user = UserFactory(username="root", is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_signupinvitation_add"),
        {"note": "Nina", "expires_at_0": "2099-01-01", "expires_at_1": "12:00:00"},
    )
    assert response.status_code == 302, response.content[:2000]
    invitation = SignupInvitation.objects.get()
    assert invitation.created_by == admin_user and invitation.usable()
    page = client.get(reverse("admin:accounts_signupinvitation_changelist")).content.decode()
    assert f"?code={invitation.code}" in page


def test_a_member_cannot_reach_sign_up_invitations_in_the_admin(owner_client):
    assert owner_client.get(reverse("admin:accounts_signupinvitation_changelist")).status_code in (302, 403)


def test_settings_cannot_flood_an_inbox_with_address_links(owner_client, owner, settings, mailoutbox):
    for _ in range(settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY + 3):
        owner_client.post(reverse("accounts:settings"), settings_form("victim@example.org"))
    assert len(mailoutbox) == settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY
    for _ in range(3):
        Client(REMOTE_ADDR="192.0.2.50").post(reverse("accounts:signup"), {"email": "victim@example.org"})
    assert len(mailoutbox) == settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY


@pytest.mark.parametrize(("mode", "offered"), [("open", True), ("invite", False), ("closed", False)])
def test_the_log_in_page_offers_sign_up_only_when_anyone_may(client, settings, mode, offered):
    settings.NETWERK_SIGNUP = mode
    page = client.get(reverse("login"))
    assert (reverse("accounts:signup") in page.content.decode()) is offered
