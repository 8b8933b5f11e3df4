"""The one e-mail helper: three templates, the recipient's language, headers kept on one line."""

import email.policy
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from netwerk.accounts.models import Profile
from netwerk.lib import emails

ROOT = Path(__file__).resolve().parent.parent


def translation_of(text: str, language: str = "nl") -> str:
    with translation.override(language):
        return translation.gettext(text)

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


def test_invisible_direction_overrides_in_a_name_are_folded_but_joiners_stay():
    assert emails.one_line("Ev\u202ee\u2066 moc.live\u200b") == "Ev e moc.live"
    assert emails.one_line("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"


def test_the_unsubscribe_url_header_goes_out_as_one_plain_line():
    url = "https://netwerk.example/review/unsubscribe/" + "x" * 120 + "/"
    message = emails.build("invitation", to="m@example.org", context=CONTEXT, language="en", unsubscribe_url=url)
    lines = message.message(policy=email.policy.SMTP).as_bytes().split(b"\r\n\r\n")[0].split(b"\r\n")
    assert f"List-Unsubscribe: <{url}>".encode() in lines
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines


def test_an_unsubscribe_url_that_cannot_go_out_plain_still_goes_out(smtp_server):
    for url in ("https://netwërk.example/stop/", "https://x.example/" + "a" * 1000):
        emails.send("invitation", to="m@example.org", context=CONTEXT, language="en", unsubscribe_url=url)
    assert [received["message"]["List-Unsubscribe"] for received in smtp_server.messages] == [
        "<https://netwërk.example/stop/>",
        "<https://x.example/" + "a" * 1000 + ">",
    ]


SOURCE_FOLDERS = ("contacts", "invitations", "reviews", "netwerk", "asks")
BUILDING_MAIL = re.compile(r"\b(EmailMessage|EmailMultiAlternatives|send_mail|send_mass_mail|mail_admins)\b")


def test_no_module_but_the_helper_builds_or_sends_e_mail():
    offending = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in SOURCE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "netwerk" / "lib" / "emails.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BUILDING_MAIL.search(line) and not line.lstrip().startswith(("#", "def send_mail"))
    ]
    assert offending == []


def test_every_e_mail_is_a_subject_a_text_and_an_html_template():
    folder = ROOT / "templates" / "emails"
    names = {path.name for path in folder.glob("*.html")}
    assert {path.name for path in folder.iterdir() if path.is_file()} == names  # no .txt scheme left
    stems = {name.rsplit("-subject.html", 1)[0] for name in names if name.endswith("-subject.html")}
    assert stems >= {"digest", "invitation", "password-reset"}
    assert names == {f"{stem}-{part}.html" for stem in stems for part in ("subject", "body-text", "body-html")}


def test_the_password_reset_e_mail_has_both_parts_in_the_members_language(client, owner, smtp_server):
    Profile.objects.filter(user=owner).update(language="nl")
    client.post(reverse("password_reset"), {"email": owner.email})
    (received,) = smtp_server.messages
    message = received["message"]
    assert received["to"] == [owner.email]
    assert message["Subject"] and "\n" not in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "/password/reset/" in text and "/password/reset/" in html
    assert translation_of("If you did not ask for this, you can ignore this e-mail: your password stays as it is.") in text
