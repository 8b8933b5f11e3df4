"""One form for an e-mail address, so that two spellings of one mailbox are one address.

Case never makes a different address (the unique index is on Lower(email)); a plus
address (jan+netwerk@...) is a different one, as mail servers treat it. Full-width and
other compatibility forms are folded (NFKC), the domain is written the way mail servers
resolve it (IDNA, which also drops the invisible characters IDNA maps to nothing), and an
address that still holds an invisible or control character is refused."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# An address longer than this is no address (RFC 5321's path limit).
MAX_LENGTH = 254


def _refuse():
    return ValidationError(_("Enter a valid e-mail address."), code="invalid")


def normalize_address(value: str) -> str:
    """The address in its one stored form, or ValidationError naming what is wrong."""
    value = unicodedata.normalize("NFKC", (value or "").strip())
    if not value or len(value) > MAX_LENGTH:
        raise _refuse()
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in value) or " " in value:
        raise _refuse()
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise _refuse()
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise _refuse() from None
    address = f"{local}@{domain}"
    try:
        validate_email(address)
    except ValidationError:
        raise _refuse() from None
    return address


def same_address(first: str, second: str) -> bool:
    return bool(first) and first.lower() == (second or "").lower()
