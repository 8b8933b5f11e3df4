"""Leak channel of the reviews app (tests/security/channels.py): the member's review digest
e-mail, sent for real to an SMTP server (aiosmtpd) and searched header by header and part
by part (decoded, so quoted-printable or base64 cannot hide a name)."""

from collections.abc import Iterator
from datetime import timedelta

from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone

from netwerk.accounts.models import Profile
from reviews.digest import sending
from tests.smtp import Sink, free_port


def digest_email(client, member) -> Iterator[tuple[str, str]]:
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            Profile.objects.filter(user=member).update(next_digest_at=timezone.now() - timedelta(minutes=5), digest_when_empty=True)
            report = sending.send_digest_batch([member.profile.pk])
    finally:
        controller.stop()
    assert report.sent == 1, report
    assert [m["to"] for m in sink.messages] == [[member.email]]
    message = sink.messages[0]["message"]
    text = "".join(f"{key}: {value}\n" for key, value in message.items())
    yield "digest e-mail headers", text
    own = False
    for part in message.walk():
        if part.get_content_maintype() == "text":
            body = part.get_content()
            own = own or member.first_name.lower() in body.lower()
            yield f"digest e-mail {part.get_content_type()} part", body
    assert own, "the digest does not even greet the member: the search would prove nothing"


CHANNELS = {"review digest e-mail": digest_email}
