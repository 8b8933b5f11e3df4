"""Proving an address: signed, expiring links, one salt per purpose.

A sign-up link carries the address (and the sign-up invitation, when sign-up is
invite-only); nothing is stored until it is followed, so an unfinished sign-up holds
no username and no address. An address link carries the member, the new address and a
fingerprint of the address the member had when it was made: once the address changed,
older links stop working."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from netwerk.lib import emails

from .models import User

SIGNUP_SALT = "netwerk.accounts.signup-link"
ADDRESS_SALT = "netwerk.accounts.address-link"


def _signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt)


def _max_age() -> int:
    return int(settings.NETWERK_CONFIRM_LINK_MAX_AGE.total_seconds())


def _fingerprint(address: str) -> str:
    return hashlib.sha256((address or "").lower().encode()).hexdigest()[:20]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class SignupLink:
    address: str
    invitation_id: int | None


def signup_token(address: str, invitation_id: int | None = None) -> str:
    return _signer(SIGNUP_SALT).sign_object({"e": address, "i": invitation_id}, compress=True)


def read_signup_token(token: str) -> SignupLink | None:
    try:
        data = _signer(SIGNUP_SALT).unsign_object(token, max_age=_max_age())
        return SignupLink(address=str(data["e"]), invitation_id=data.get("i"))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def address_token(user: User, address: str) -> str:
    return _signer(ADDRESS_SALT).sign_object({"u": user.pk, "e": address, "c": _fingerprint(user.email)}, compress=True)


def read_address_token(token: str) -> tuple[User, str] | None:
    """The member and the address the link proves, or None when it is forged, expired
    or made before the member's address last changed."""
    try:
        data = _signer(ADDRESS_SALT).unsign_object(token, max_age=_max_age())
        user = User.objects.filter(pk=int(data["u"]), is_active=True).first()
        address = str(data["e"])
        fingerprint = str(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if user is None or fingerprint != _fingerprint(user.email):
        return None
    return user, address


def _send(name: str, *, to: str, link: str, language: str) -> None:
    emails.send(name, to=to, context={"link": link}, language=language, headers={"Auto-Submitted": "auto-generated"})


def send_signup_link(address: str, *, language: str, invitation_id: int | None = None) -> None:
    """The mail that answers a sign-up: the link to finish it, or, when the address
    already has an account, a note saying so to that account's address."""
    existing = User.objects.filter(email__iexact=address).first()
    if existing is not None:
        profile = getattr(existing, "profile", None)
        _send(
            "signup-exists",
            to=existing.email,
            link=absolute(reverse("password_reset")),
            language=profile.language if profile else language,
        )
        return
    token = signup_token(address, invitation_id)
    _send("signup-confirm", to=address, link=absolute(reverse("accounts:signup_finish", args=[token])), language=language)


def send_address_link(user: User, address: str) -> None:
    """Ask `address` to confirm it belongs to `user`; when another member has it, tell
    that member instead (and change nothing)."""
    language = user.profile.language
    other = User.objects.filter(email__iexact=address).exclude(pk=user.pk).first()
    if other is not None:
        _send("address-taken", to=other.email, link=absolute(reverse("password_reset")), language=other.profile.language)
        return
    token = address_token(user, address)
    _send("address-confirm", to=address, link=absolute(reverse("accounts:confirm_address", args=[token])), language=language)
