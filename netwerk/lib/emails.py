"""The one way Netwerk builds and sends e-mail.

Every e-mail is three templates, `emails/<name>-subject.html`, `emails/<name>-body-text.html`
and `emails/<name>-body-html.html`, rendered in the recipient's language and time zone
(healthchecks' hc/lib/emails.py shape). Header values pass through `one_line`, so a name
such as "Eve\\r\\nBcc: x@example.com" can never add a header or a recipient."""

import unicodedata
from email.headerregistry import Address
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Joiners that belong inside words of some scripts (Persian, Indic) and emoji sequences.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# Control characters, line and paragraph separators, and invisible format characters
# (bidirectional overrides can make a display name read as something else).
_FOLDED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# RFC 5322 allows 998 characters on a line; a URL header longer than that is folded as usual.
_MAX_VERBATIM = 900


def one_line(text: str) -> str:
    """`text` with every control, separator and invisible format character folded into one space."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in _FOLDED_CATEGORIES and ch not in _KEPT_FORMAT_CHARACTERS else ch
        for ch in text or ""
    )
    return " ".join(cleaned.split())


def address(name: str, addr_spec: str) -> str:
    """`"Name" <addr>` safe as a header: the name is one line and encoded by the e-mail library."""
    return str(Address(display_name=one_line(name), addr_spec=one_line(addr_spec)))


def member_address(user) -> str:
    """`"First Last" <address>` for a member's own e-mail address."""
    return address(user.get_full_name() or user.get_username(), user.email)


class _Verbatim(str):
    """A header that goes on the wire exactly as given. The e-mail library folds a long
    value without spaces (a signed URL) into RFC 2047 encoded words, which mail clients
    do not read as `<https://...>`: List-Unsubscribe must stay a plain URL."""

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


class Email(EmailMultiAlternatives):
    """An e-mail whose URL headers (`verbatim_headers`) are never encoded or folded."""

    def __init__(self, *args, verbatim_headers: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.verbatim_headers = verbatim_headers or {}

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        for name, value in self.verbatim_headers.items():
            del msg[name]
            msg[name] = _Verbatim(name, value)
        return msg


def build(
    name: str,
    *,
    to: str,
    context: dict,
    language: str,
    time_zone: str | None = None,
    from_email: str | None = None,
    reply_to: list[str] | tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    unsubscribe_url: str | None = None,
) -> Email:
    """The e-mail `name` for one recipient, rendered in `language` and `time_zone`. With
    `unsubscribe_url`, the message carries `List-Unsubscribe: <url>` and RFC 8058's
    one-click `List-Unsubscribe-Post`, as plain ASCII on the wire."""
    zone = ZoneInfo(time_zone) if time_zone else timezone.get_current_timezone()
    with translation.override(language), timezone.override(zone):
        subject = one_line(render_to_string(f"emails/{name}-subject.html", context))
        text = render_to_string(f"emails/{name}-body-text.html", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    headers = {key: one_line(value) for key, value in (headers or {}).items()}
    verbatim = {}
    if unsubscribe_url:
        unsubscribe = {
            "List-Unsubscribe": f"<{one_line(unsubscribe_url)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        # Only short ASCII can go out as it is; anything else (a SITE_URL with a non-ASCII
        # host) is still sent, encoded by the e-mail library, rather than stopping the e-mail.
        plain = all(value.isascii() and len(value) <= _MAX_VERBATIM for value in unsubscribe.values())
        (verbatim if plain else headers).update(unsubscribe)
    message = Email(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[one_line(to)],
        reply_to=[one_line(value) for value in reply_to],
        headers=headers,
        verbatim_headers=verbatim,
    )
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, *, mailer=None, **kwargs) -> None:
    """Build the e-mail `name` (arguments as `build`) and send it, through `mailer` when
    given (an open connection), else the default mailer."""
    message = build(name, **kwargs)
    (mailer or mailers.default).send_messages([message])
