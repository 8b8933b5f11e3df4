"""The e-mail channel really sends over SMTP (tests.smtp's aiosmtpd server)."""

import pytest
from django.urls import reverse

from invitations.models import Invitation, InvitationState
from tests.factories import InvitationFactory
from tests.smtp import free_port

pytestmark = pytest.mark.django_db

TEXT = "Your article on energy contracts for small firms answers what our clients keep asking.\nMay I call you?"


@pytest.fixture
def member(owner):
    owner.first_name, owner.last_name, owner.email = "Guido", "Makor", "guido@example.nl"
    owner.save()
    return owner


def email_draft(owner, **extra):
    values = {"recipient_name": "Joost van Rijn", "recipient_email": "joost@example.org", "text": TEXT, **extra}
    return InvitationFactory(owner=owner, channel="email", state="draft", **values)


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")
    return text, html


def test_compose_and_send_by_email(client, member, smtp_server):
    member.profile.language = "en"
    member.profile.save()
    client.force_login(member)
    response = client.post(
        reverse("invitations:compose"),
        {"name": "Joost van Rijn", "email": "joost@example.org", "channel": "email", "text": TEXT},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert smtp_server.messages == []  # a draft sends nothing
    response = client.post(reverse("invitations:send", args=[invitation.pk]))
    assert response.status_code == 302

    [sent] = smtp_server.messages
    message = sent["message"]
    assert sent["to"] == ["joost@example.org"]
    assert message["To"] == "joost@example.org"
    assert message["Reply-To"] == "Guido Makor <guido@example.nl>"
    assert message["Subject"] == "Guido Makor would like to stay in touch"
    assert "Guido Makor via Netwerk" in message["From"]
    text, html = parts(message)
    assert TEXT in text
    assert "Energy contracts" not in html and "May I call you?" in html and "<br>" in html
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SENT and invitation.sent_at is not None


def test_email_is_in_the_members_language(member, client, smtp_server):
    client.force_login(member)  # profile language: Dutch (the default)
    invitation = email_draft(member)
    client.post(reverse("invitations:send", args=[invitation.pk]))
    [sent] = smtp_server.messages
    assert sent["message"]["Subject"] == "Guido Makor wil graag contact houden"
    text, _ = parts(sent["message"])
    assert "Beantwoord deze e-mail" in text


def test_names_with_line_breaks_never_add_headers_or_recipients(member, client, smtp_server):
    member.first_name = "Guido\r\nBcc: boss@example.com"
    member.save()
    client.force_login(member)
    invitation = email_draft(member, recipient_name="Joost\r\nCc: victim@example.com\nBcc: other@example.com")
    response = client.post(reverse("invitations:send", args=[invitation.pk]))
    assert response.status_code == 302
    [sent] = smtp_server.messages
    message = sent["message"]
    assert sent["to"] == ["joost@example.org"]
    assert message["Cc"] is None and message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\n" not in message["From"]
    assert "boss@example.com" not in str(message["Reply-To"]).split("<")[-1]
    assert message["Reply-To"].addresses[0].addr_spec == "guido@example.nl"


def test_smtp_failure_is_a_400_and_nothing_changes(member, client, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    client.force_login(member)
    invitation = email_draft(member)
    response = client.post(reverse("invitations:send", args=[invitation.pk]))
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DRAFT and invitation.sent_at is None


def test_email_channel_without_address_is_refused(member, client):
    client.force_login(member)
    response = client.post(
        reverse("invitations:compose"),
        {"name": "Joost van Rijn", "profile_url": "linkedin.com/in/joost", "channel": "email", "text": TEXT},
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()
