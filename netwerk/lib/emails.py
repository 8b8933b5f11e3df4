"""The one way Netwerk builds and sends e-mail.

Every e-mail is three templates, `emails/<name>-subject.html`, `emails/<name>-body-text.html`
and `emails/<name>-body-html.html`, rendered in the recipient's language and time zone
(healthchecks' hc/lib/emails.py shape). Header values pass through `one_line`, so a name
such as "Eve\\r\\nBcc: x@example.com" can never add a header or a recipient."""

import re
from email.headerregistry import Address
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with every control character (CR, LF, tab, NUL, ...) folded into one space."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def address(name: str, addr_spec: str) -> str:
    """`"Name" <addr>` safe as a header: the name is one line and encoded by the e-mail library."""
    return str(Address(display_name=one_line(name), addr_spec=one_line(addr_spec)))


def member_address(user) -> str:
    """`"First Last" <address>` for a member's own e-mail address."""
    return address(user.get_full_name() or user.get_username(), user.email)


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
) -> EmailMultiAlternatives:
    """The e-mail `name` for one recipient, rendered in `language` and `time_zone`."""
    zone = ZoneInfo(time_zone) if time_zone else timezone.get_current_timezone()
    with translation.override(language), timezone.override(zone):
        subject = one_line(render_to_string(f"emails/{name}-subject.html", context))
        text = render_to_string(f"emails/{name}-body-text.html", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=[one_line(to)],
        reply_to=[one_line(value) for value in reply_to],
        headers={key: one_line(value) for key, value in (headers or {}).items()},
    )
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, *, connection=None, **kwargs) -> None:
    """Build the e-mail `name` (arguments as `build`) and send it."""
    message = build(name, **kwargs)
    if connection is not None:
        message.connection = connection
    message.send()
