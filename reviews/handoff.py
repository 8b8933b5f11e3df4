"""Handing one message to the SMTP server in two phases, so a sender that dies can tell
"the server never got it" from "the server may have it".

An SMTP server takes responsibility for a message when it answers 250 to the end of the
DATA (the line holding a single dot); a connection that drops before that dot is a
message the server must throw away (RFC 5321, 4.1.1.4 and 6.1). So the transfer is split:

1. MAIL FROM, RCPT TO, DATA and the whole message body go out;
2. `before_final_dot()` runs: the digest sends its `handed_off` mark to the database;
3. the final dot goes out; then the mark's result is read (the callable
   `before_final_dot()` returned, if any), then the server's answer.

A sender killed before the mark reached the database left nothing at the server: sending
again cannot make a duplicate. One killed after it may have delivered: it is never sent
again (a duplicate is impossible) and recorded as unconfirmed (never lost silently).

The caller keeps the gap between its mark and the dot short (reviews.digest.handed_off).

With a mailer that is not Django's SMTP backend (the console or in-memory backends of
development and some tests), `before_final_dot()` runs, then the mailer sends as usual.
"""

import email.policy
import re
import smtplib
import socket
from collections.abc import Callable

from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

LEADING_DOT = re.compile(rb"(?m)^\.")


class AnswerLost(smtplib.SMTPException):
    """The final dot went out but no answer came back (the connection dropped or timed
    out): the server may or may not have the message."""


def send_in_two_phases(mailer, message, before_final_dot: Callable[[], Callable[[], None] | None]) -> None:
    """Send one message built by netwerk.lib.emails; raises smtplib errors
    (SMTPResponseException when the server refused, AnswerLost when it may have accepted
    but never said so). `before_final_dot` may return a callable that finishes its work;
    it runs right after the dot is written."""
    if not isinstance(mailer, SMTPBackend):
        finish = before_final_dot()
        if finish is not None:
            finish()
        mailer.send_messages([message])
        return
    mailer.open()
    connection = mailer.connection
    sender = mailer.prep_address(message.from_email)
    recipients = [mailer.prep_address(address) for address in message.recipients()]
    body = message.message(policy=email.policy.SMTP).as_bytes()

    connection.ehlo_or_helo_if_needed()
    code, answer = connection.mail(sender)
    if code != 250:
        _abandon(connection)
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    refused = {}
    for recipient in recipients:
        code, answer = connection.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, answer)
    if len(refused) == len(recipients):
        _abandon(connection)
        raise smtplib.SMTPRecipientsRefused(refused)
    code, answer = connection.docmd("data")
    if code != 354:
        _abandon(connection)
        raise smtplib.SMTPDataError(code, answer)
    # The dot goes out as a small write of its own right after the body: without
    # TCP_NODELAY, Nagle's algorithm holds it until the server acknowledges the body, which
    # a delayed ACK can put off for 40 ms, every message.
    if connection.sock is not None and connection.sock.family in (socket.AF_INET, socket.AF_INET6):
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    data = LEADING_DOT.sub(b"..", body)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    connection.send(data)
    finish = before_final_dot()
    try:
        connection.send(b".\r\n")
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        if finish is not None:
            finish()
        raise AnswerLost(str(error)) from error
    if finish is not None:
        finish()
    try:
        code, answer = connection.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise AnswerLost(str(error)) from error
    if code != 250:
        raise smtplib.SMTPDataError(code, answer)


def _abandon(connection) -> None:
    try:
        connection.rset()
    except smtplib.SMTPException:
        pass
