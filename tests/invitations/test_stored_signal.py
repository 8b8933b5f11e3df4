"""Their message is checked once, when it is saved or imported; showing it never checks it.
The reply check's input is capped like the compose check's."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from invitations.models import IncomingInvitation, MessageSignal
from invitations.personalization import MAX_TEXT_LENGTH
from tests.factories import IncomingInvitationFactory

pytestmark = pytest.mark.django_db

DEFAULT = "I'd like to add you to my professional network on LinkedIn."
DISGUISED = "I'd l\u200bike to аdd yоu to my рrofessional network on LinkedIn."
PERSONAL = "We spraken op de borrel in Utrecht over slimme meters, leuk om te blijven praten!"


@pytest.mark.parametrize(
    "message,signal",
    [
        ("", MessageSignal.NONE),
        (DEFAULT, MessageSignal.DEFAULT),
        (DISGUISED, MessageSignal.DEFAULT),
        ("Hi Guido, let's connect!", MessageSignal.DEFAULT),
        (PERSONAL, MessageSignal.PERSONAL),
    ],
)
def test_the_signal_is_stored_when_the_invitation_is_added(owner, message, signal):
    from invitations.triage import rules as triage

    invitation = triage.add_incoming_invitation(owner=owner, name="Bram Bakker", message=message)
    assert IncomingInvitation.objects.get(pk=invitation.pk).message_signal == signal


def test_the_card_shows_the_stored_signal_without_checking_again(owner_client, owner):
    invitation = IncomingInvitationFactory(owner=owner, message=DEFAULT, message_signal=MessageSignal.DEFAULT)
    # The stored verdict is what the card shows: proof that rendering does not check.
    IncomingInvitation.objects.filter(pk=invitation.pk).update(message_signal=MessageSignal.PERSONAL)
    url = reverse("invitations:incoming_detail", kwargs={"pk": invitation.pk})
    assert 'data-signal="personal"' in owner_client.get(url).content.decode()


def test_a_row_inserted_around_the_model_is_checked_once_on_its_first_view(owner_client, owner):
    (invitation,) = IncomingInvitation.objects.bulk_create(
        [IncomingInvitation(owner=owner, name="Bram Bakker", message=DISGUISED)]
    )
    assert IncomingInvitation.objects.get(pk=invitation.pk).message_signal == ""
    url = reverse("invitations:incoming_detail", kwargs={"pk": invitation.pk})
    assert 'data-signal="default"' in owner_client.get(url).content.decode()
    assert IncomingInvitation.objects.get(pk=invitation.pk).message_signal == MessageSignal.DEFAULT


def test_the_migration_checks_every_stored_message(owner):
    default = IncomingInvitationFactory(owner=owner, message=DISGUISED)
    personal = IncomingInvitationFactory(owner=owner, message=PERSONAL)
    IncomingInvitation.objects.update(message_signal="")  # as the column was added
    migration = importlib.import_module("invitations.migrations.0002_incoming_message_signal")
    migration.check_stored_messages(apps, None)
    assert IncomingInvitation.objects.get(pk=default.pk).message_signal == MessageSignal.DEFAULT
    assert IncomingInvitation.objects.get(pk=personal.pk).message_signal == MessageSignal.PERSONAL


def test_an_imported_message_is_checked_once_at_import(owner, tmp_path):
    poison = ".best" * 40 + "#"
    rows = [
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
        f'Bram Bakker,Owner,"1/5/26, 10:00 AM",{DISGUISED.replace(",", "")},INCOMING,'
        "https://www.linkedin.com/in/bram,https://www.linkedin.com/in/owner",
        f'Sanne Smit,Owner,"1/6/26, 10:00 AM",{poison},INCOMING,'
        "https://www.linkedin.com/in/sanne,https://www.linkedin.com/in/owner",
    ]
    path = tmp_path / "Invitations.csv"
    path.write_text("\n".join(rows) + "\n")
    call_command("import_linkedin", owner.username, str(path), stdout=io.StringIO())
    signals = dict(IncomingInvitation.objects.filter(owner=owner).values_list("name", "message_signal"))
    assert signals == {"Bram Bakker": MessageSignal.DEFAULT, "Sanne Smit": MessageSignal.DEFAULT}


def test_the_reply_check_refuses_a_text_longer_than_any_check_accepts(owner_client, owner):
    invitation = IncomingInvitationFactory(owner=owner, name="Sanne de Vries")
    url = reverse("invitations:incoming_reply_check", kwargs={"pk": invitation.pk})
    response = owner_client.post(url, {"text": ".best" * 2000 + "#"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert 'data-code="too_long_to_check"' in response.content.decode()
    assert owner_client.post(url, {"text": "x" * MAX_TEXT_LENGTH}).status_code == 200


def test_a_reply_longer_than_any_check_accepts_is_a_400_and_changes_nothing(owner_client, owner):
    invitation = IncomingInvitationFactory(owner=owner, name="Sanne de Vries")
    url = reverse("invitations:incoming_reply", kwargs={"pk": invitation.pk})
    response = owner_client.post(url, {"text": "Coffee? " * 1000})
    assert response.status_code == 400
    assert IncomingInvitation.objects.get(pk=invitation.pk).reply_text == ""


def test_adding_their_message_longer_than_any_check_accepts_is_a_400(owner_client, owner):
    data = {"name": "Bram Bakker", "received_on": "2026-03-09", "message": "x" * (MAX_TEXT_LENGTH + 1)}
    response = owner_client.post(reverse("invitations:incoming_add"), data)
    assert response.status_code == 400
    assert "message" in response.context["form"].errors
    assert not IncomingInvitation.objects.exists()


def test_the_unchanged_suggestion_with_invisible_characters_is_still_unchanged(owner):
    from invitations.triage import rules as triage

    invitation = IncomingInvitationFactory(owner=owner, name="Sanne de Vries")
    suggestion = triage.suggested_reply(invitation)
    suggestion = suggestion[: suggestion.index("[")]
    disguised = "\u200b".join(suggestion).replace("o", "о")
    assert {p.code for p in triage.reply_problems(invitation, disguised)} == {"unchanged_suggestion"}


def test_an_unclosed_bracket_is_text_and_many_brackets_are_scanned_once(owner):
    from invitations.triage import rules as triage

    invitation = IncomingInvitationFactory(owner=owner, name="Sanne de Vries")
    codes = {p.code for p in triage.reply_problems(invitation, "[" * 900 + " we met at the Utrecht data meetup")}
    assert "placeholder" not in codes
    assert "placeholder" in {p.code for p in triage.reply_problems(invitation, "Hi [your reason] there")}


def test_a_reply_sent_before_with_invisible_characters_is_still_reused(owner):
    from invitations.triage import rules as triage

    reply = ("Hi Sanne, thanks! I saw your talk on energy data at the Utrecht meetup. "
             "What made you want to connect? Shall we have a video call on Thursday?")
    IncomingInvitationFactory(owner=owner, name="Sanne de Vries", reply_text=reply, replied_at="2026-03-01T10:00Z")
    other = IncomingInvitationFactory(owner=owner, name="Bram Bakker")
    disguised = "\u200b".join(reply.replace("Sanne", "Bram"))
    assert "reused" in {p.code for p in triage.reply_problems(other, disguised)}
