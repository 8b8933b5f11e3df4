"""Addresses for e-mail built from what members typed or imported.

Django refuses a header value with CR or LF outright (the whole message fails), so a name
such as "Eve\\r\\nBcc: x@example.com" would stop a digest instead of injecting a header.
`member_address()` keeps the mail flowing: control characters in the display name become
spaces and the name is encoded by the e-mail library, so it can never become a header or a
recipient; the recipient is always exactly the member's own address."""

import re
from email.headerregistry import Address

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


def one_line(text: str) -> str:
    """`text` with every control character (CR, LF, tab, NUL, ...) replaced by one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def member_address(user) -> str:
    """`"First Last" <address>` for the member's own e-mail address, safe as a To header."""
    name = one_line(user.get_full_name() or user.get_username())
    return str(Address(display_name=name, addr_spec=user.email))
