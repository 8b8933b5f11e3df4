"""The several ways to reach one contact (ContactMethod): what a value becomes when it
is stored, the key two values are compared by, and adding one without a duplicate.

The contact's own fields (email, private_email, phone, website, profile_url) stay the
first of each kind; ContactMethod rows are the rest. `all_keys` reads both, so matching
(imports, duplicates) treats them alike.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import ContactMethod, MethodKind, MethodType, normalize_profile_url
from .validation import clean_detail, validate_web_address

MASTODON_HINT = "/@"


def profile_type(url: str) -> str:
    """The network a profile URL is on: LinkedIn by host, Mastodon (and the rest of the
    fediverse) by its /@name path, else a personal site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return MethodType.LINKEDIN
    if parts.path.startswith(MASTODON_HINT) and "/" not in parts.path[2:]:
        return MethodType.MASTODON
    return MethodType.WEBSITE


def clean_value(kind: str, value: str) -> tuple[str, str]:
    """(value as stored, key) for a way to reach; raises ValidationError with the
    contact form's message when the value is not one."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("This field is required."), code="required")
    if kind == MethodKind.EMAIL:
        stored = clean_detail("email", value)
        return stored, stored.casefold()
    if kind == MethodKind.PHONE:
        stored = clean_detail("phone", value)
        return stored, stored
    stored = normalize_profile_url(value)
    validate_web_address(stored)
    return stored, stored


def key_of(kind: str, value: str) -> str:
    """The key of a stored value ("" for none): what the contact's own fields compare by."""
    if not value:
        return ""
    if kind == MethodKind.EMAIL:
        return value.strip().casefold()
    return value.strip()


def add_method(*, owner, contact, kind: str, value: str, type: str = "", label: str = "") -> ContactMethod | None:
    """Store one more way to reach `contact`; None when the contact has it already (as a
    method or in its own field). Raises ValidationError for a value that is not one."""
    stored, key = clean_value(kind, value)
    if key in own_keys(contact, kind):
        return None
    if not type or type not in {choice.value for choice in MethodType}:
        type = profile_type(stored) if kind == MethodKind.PROFILE else MethodType.OTHER
    try:
        with transaction.atomic():
            return ContactMethod.objects.create(
                owner=owner, contact=contact, kind=kind, type=type, label=label[:60], value=stored, key=key
            )
    except IntegrityError:  # the same value, added by another tab a moment ago
        return None


def own_keys(contact, kind: str) -> set[str]:
    """The keys of `kind` in the contact's own fields."""
    if kind == MethodKind.EMAIL:
        values = (contact.email, contact.private_email)
    elif kind == MethodKind.PHONE:
        values = (str(contact.phone or ""),)
    else:
        values = (contact.profile_url, contact.website)
    return {key_of(kind, value) for value in values if value}
