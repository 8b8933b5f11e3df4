"""Links that are safe in e-mail.

Each link is signed with the site's secret (django.core.signing). An action link (keep or
remove someone under review; done or snooze for someone due for contact) is bound to one
member, one contact and one action, expires after NETWERK_DIGEST_LINK_MAX_AGE
(14 days) and acts once: the view records each action link's `token_id` when it acts
(reviews.models.UsedActionLink). The unsubscribe link is bound to one member and never
expires: stopping the digest must work from any old e-mail, and all it can do is stop
e-mail. Opening a link only shows a confirmation page (mail scanners follow links); the
POST from that page acts, without a password, for that one action only.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

ACTION_SALT = "reviews.digest.action"
UNSUBSCRIBE_SALT = "reviews.digest.unsubscribe"
REVIEW_ACTIONS = ("keep", "remove")
# Keep in touch: "done, I was in touch" and "snooze to next week".
TOUCH_ACTIONS = ("touch_done", "touch_snooze")
ACTIONS = REVIEW_ACTIONS + TOUCH_ACTIONS


class BadLink(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class ActionLink:
    user_id: int
    contact_id: int
    action: str
    # When the link was made (whole seconds), and a name for this one link: the hash of
    # its signed part (payload and moment; any other spelling fails the signature), so
    # a signature under a fallback secret key names the same link. A link still
    # *means* its member, contact and action: only those compare.
    issued_at: datetime | None = field(default=None, compare=False)
    token_id: str = field(default="", compare=False)


def action_token(user_id: int, contact_id: int, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(action)
    return signing.dumps([user_id, contact_id, action], salt=ACTION_SALT)


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def _load(token: str, salt: str, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink(expired=False) from error


def read_action_token(token: str) -> ActionLink:
    value = _load(token, ACTION_SALT, max_age=settings.NETWERK_DIGEST_LINK_MAX_AGE)
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(isinstance(part, int) for part in value[:2])
        or value[2] not in ACTIONS
    ):
        raise BadLink(expired=False)
    # A valid token is "payload:timestamp:signature" (TimestampSigner, base 62 seconds).
    issued_at = datetime.fromtimestamp(signing.b62_decode(token.rsplit(":", 2)[1]), tz=UTC)
    return ActionLink(
        user_id=value[0],
        contact_id=value[1],
        action=value[2],
        issued_at=issued_at,
        token_id=hashlib.sha256(token.rsplit(":", 1)[0].encode()).hexdigest(),
    )


def read_unsubscribe_token(token: str) -> int:
    value = _load(token, UNSUBSCRIBE_SALT)
    if not isinstance(value, int):
        raise BadLink(expired=False)
    return value


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def action_url(user_id: int, contact_id: int, action: str) -> str:
    return absolute(reverse("reviews:email_action", kwargs={"token": action_token(user_id, contact_id, action)}))


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("reviews:unsubscribe", kwargs={"token": unsubscribe_token(user_id)}))
