"""The invitation e-mail: subject, text and HTML from templates, in the member's language,
built in one helper. One recipient; replies go to the member."""

import unicodedata
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from netwerk.accounts.models import Profile

from .models import Invitation


def one_line(value: str) -> str:
    """A value safe for a header: no line breaks or other control characters, so a name
    like "Eve\\r\\nBcc: x@y" can never add a header or a recipient."""
    cleaned = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in value or "")
    return " ".join(cleaned.split())


def member_name(user) -> str:
    return one_line(user.get_full_name()) or one_line(user.get_username())


def invitation_message(invitation: Invitation, *, profile: Profile | None = None) -> EmailMultiAlternatives:
    """The e-mail for one invitation, rendered in the member's language."""
    profile = profile or invitation.owner.profile
    sender = member_name(invitation.owner)
    context = {
        "invitation": invitation,
        "sender_name": sender,
        "recipient_name": one_line(invitation.recipient_name),
        "text": invitation.text,
    }
    with translation.override(profile.language):
        subject = one_line(render_to_string("emails/invitation-subject.html", context))
        text = render_to_string("emails/invitation-body-text.html", context)
        html = render_to_string("emails/invitation-body-html.html", context)
    site_name, site_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    from_email = formataddr((f"{sender} via {site_name or 'Netwerk'}", site_address))
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=[one_line(invitation.recipient_email)],
        reply_to=[formataddr((sender, one_line(invitation.owner.email)))],
        headers={"Auto-Submitted": "no", "X-Netwerk-Invitation": str(invitation.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_invitation_email(invitation: Invitation, *, profile: Profile | None = None) -> None:
    invitation_message(invitation, profile=profile).send()
