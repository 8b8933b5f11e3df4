"""Names and subjects with CR/LF never add headers or recipients; every e-mail goes to
exactly its one intended recipient (a real SMTP server counts the envelope)."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from netwerk.lib.emails import member_address, one_line

pytestmark = pytest.mark.django_db
INJECTED = "Eve\r\nBcc: intruder@evil.example\r\nSubject: hijacked"


def assert_only_recipient(received, address):
    assert received["to"] == [address]
    message = received["message"]
    for header in ("Bcc", "Cc", "Reply-To"):
        assert message[header] is None, f"{header}: {message[header]}"
    assert len(message.get_all("Subject")) == 1
    for name, value in message.items():
        assert "evil.example" not in str(value), f"{name}: {value}"
        assert "hijacked" not in str(value), f"{name}: {value}"


def test_password_reset_for_a_member_with_a_crlf_name_reaches_only_that_member(client, owner, smtp_server):
    owner.first_name, owner.last_name = INJECTED, "Smith\nCc: other@evil.example"
    owner.save()
    response = client.post(reverse("password_reset"), {"email": owner.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    assert_only_recipient(smtp_server.messages[0], owner.email)


def test_password_reset_with_crlf_in_the_submitted_address_sends_nothing(client, owner, smtp_server):
    response = client.post(reverse("password_reset"), {"email": f"{owner.email}\r\nBcc: intruder@evil.example"})
    assert response.status_code == 200  # the form names the invalid address
    assert smtp_server.messages == []


def test_django_refuses_crlf_in_a_subject_or_recipient_name_and_sends_nothing(smtp_server):
    for subject, to in (
        ("Your digest\r\nBcc: intruder@evil.example", ["owner@example.nl"]),
        ("Your digest", [f"{INJECTED} <owner@example.nl>"]),
    ):
        with pytest.raises(ValueError):
            EmailMessage(subject, "body", "netwerk@localhost", to).send()
    assert smtp_server.messages == []


def test_member_address_keeps_a_crlf_name_on_one_line_for_exactly_one_recipient(owner, smtp_server):
    owner.first_name, owner.last_name = INJECTED, "Smith"
    owner.save()
    EmailMessage(one_line(f"News for {owner.first_name}"), "body", "netwerk@localhost", [member_address(owner)]).send()
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["to"] == [owner.email]
    message = received["message"]
    assert message["Bcc"] is None and message["Cc"] is None
    assert len(message.get_all("Subject")) == 1 and len(message.get_all("To")) == 1
    assert message["To"].addresses[0].addr_spec == owner.email
    assert message["To"].addresses[0].display_name == "Eve Bcc: intruder@evil.example Subject: hijacked Smith"


def test_one_line_removes_every_line_break_kind():
    assert one_line("a\rb\nc\r\nd\x00e\u2028f\x85g\th") == "a b c d e f g h"
