"""A real SMTP server (aiosmtpd) on localhost for tests that send e-mail."""

import email
import email.policy
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Sink:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(
            {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message, "raw": envelope.original_content}
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Starts an SMTP server on 127.0.0.1 and points the default mailer at it.
    Yields the sink; each of `sink.messages` holds the parsed `email.message.EmailMessage`
    ("message") and the bytes as they arrived ("raw")."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield sink
    finally:
        controller.stop()


@contextmanager
def answering_smtp_server(settings, handler):
    """For the length of the block the default mailer talks to a real SMTP server whose
    `handler` answers (aiosmtpd hooks, e.g. a `handle_RCPT` that refuses); then back."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    real_mailers = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield
    finally:
        controller.stop()
        settings.MAILERS = real_mailers
