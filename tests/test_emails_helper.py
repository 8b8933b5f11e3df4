"""The one e-mail helper: three templates, the recipient's language, headers kept on one line."""

from netwerk.lib import emails

CONTEXT = {"text": "Hoi Marieke, dank voor je talk.", "sender_name": "Guido", "recipient_name": "Marieke"}


def test_sends_subject_text_and_html_on_the_wire(smtp_server):
    emails.send("invitation", to="marieke@example.org", context=CONTEXT, language="nl", reply_to=["g@example.org"])

    (received,) = smtp_server.messages
    message = received["message"]
    assert received["to"] == ["marieke@example.org"]
    assert message["Reply-To"] == "g@example.org"
    assert message.get_body(("plain",)).get_content().startswith("Hoi Marieke, dank voor je talk.")
    assert "Hoi Marieke" in message.get_body(("html",)).get_content()
    assert "Beantwoord deze e-mail" in message.get_body(("plain",)).get_content()


def test_a_header_value_with_line_breaks_stays_one_header():
    message = emails.build(
        "invitation", to="m@example.org\r\nBcc: x@example.org", context=CONTEXT, language="en",
        headers={"X-Test": "a\r\nBcc: evil@example.org"},
    )
    assert message.to == ["m@example.org Bcc: x@example.org"]
    assert message.extra_headers["X-Test"] == "a Bcc: evil@example.org"
    assert message.recipients() == ["m@example.org Bcc: x@example.org"]


def test_member_address_encodes_the_name_and_keeps_one_recipient(owner):
    owner.first_name, owner.last_name = "Eve\r\nBcc: x@example.org", "Ö"
    assert emails.member_address(owner) == f'"Eve Bcc: x@example.org Ö" <{owner.email}>'
