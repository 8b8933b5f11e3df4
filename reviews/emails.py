"""Every e-mail is three templates (subject, plain text, HTML) rendered by one helper,
in the recipient's language and time zone (healthchecks' hc/lib/emails.py shape)."""

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")


def single_line(text: str) -> str:
    """A header value never spans lines: CR/LF in a name cannot add a header."""
    return " ".join(LINE_BREAKS.sub(" ", text).split())


def build(
    name: str,
    context: dict,
    *,
    to: str,
    language: str,
    time_zone: str,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    with translation.override(language), timezone.override(ZoneInfo(time_zone)):
        subject = single_line(render_to_string(f"emails/{name}-subject.txt", context))
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={key: single_line(value) for key, value in (headers or {}).items()},
    )
    message.attach_alternative(html, "text/html")
    return message
