"""Outgoing invitations: write one for one person, deliver it, follow it up.

Every write is a keyword-only atomic function. A rule that refuses raises
`InvitationRefused` with a translated message (and the personalization problems when
those are the reason); the views turn it into a 400 and nothing changes.

Bulk is impossible by construction: each function takes one recipient, and a member's
sends are serialised on their profile row, so the caps (over the last 24 hours and the
last 7 days, whatever the time zone) and the "one open invitation per person" rule hold
even for two requests at once.
"""

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext_lazy

from contacts.models import Contact, ContactSource, Note, normalize_profile_url
from contacts.services import contact_for_invitation
from netwerk.accounts.models import Profile
from netwerk.lib import emails
from netwerk.lib.dates import month_start

from .. import personalization
from ..models import Channel, Invitation, InvitationState

# The only moves an invitation can make. Answers and withdrawals are final: LinkedIn
# has no "un-accept", and a new invitation is a new row.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    InvitationState.DRAFT: frozenset({InvitationState.SENT, InvitationState.WITHDRAWN}),
    InvitationState.SENT: frozenset({InvitationState.ACCEPTED, InvitationState.DECLINED, InvitationState.WITHDRAWN}),
    InvitationState.ACCEPTED: frozenset(),
    InvitationState.DECLINED: frozenset(),
    InvitationState.WITHDRAWN: frozenset(),
}

# How many earlier invitations the "reused" rule compares with: a member's recent
# history, so the check stays fast however long they use Netwerk.
REUSED_HISTORY = 500


class InvitationRefused(Exception):
    """A rule said no. `message` is translated; `problems` lists personalization problems."""

    def __init__(self, message: str, *, problems: Iterable[personalization.Problem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems] or [self.message]


@dataclass(frozen=True)
class Recipient:
    """Exactly one person: an existing contact, or a new person by name, URL and/or e-mail."""

    name: str
    profile_url: str = ""
    email: str = ""
    contact: Contact | None = None

    @classmethod
    def from_contact(cls, contact: Contact) -> "Recipient":
        return cls(
            name=contact.full_name or str(contact),
            profile_url=contact.profile_url,
            email=contact.email or contact.private_email,
            contact=contact,
        )

    @classmethod
    def new_person(cls, *, name: str, profile_url: str = "", email: str = "") -> "Recipient":
        return cls(name=" ".join(name.split()), profile_url=normalize_profile_url(profile_url), email=email.strip())


# --- rules ---------------------------------------------------------------------------


def already_connected(owner, recipient: Recipient) -> Contact | None:
    """The member's contact this recipient already is a connection of (the contact
    itself, or the contact with their profile URL), or None. Nobody is invited twice:
    such an invitation is refused, so it never counts as a new one."""
    if recipient.contact is not None:
        return recipient.contact if recipient.contact.is_connected else None
    if recipient.profile_url:
        return (
            Contact.objects.owned_by(owner)
            .filter(profile_url=normalize_profile_url(recipient.profile_url), connected_on__isnull=False)
            .first()
        )
    return None


def connected_message(contact: Contact) -> str:
    return gettext("You are already connected with %(name)s (since %(date)s): no invitation needed.") % {
        "name": contact,
        "date": date_format(contact.connected_on, "DATE_FORMAT"),
    }



def check_transition(invitation: Invitation, to_state: str) -> None:
    """Raise InvitationRefused when `invitation` may not move to `to_state`."""
    if to_state not in ALLOWED_TRANSITIONS.get(invitation.state, frozenset()):
        raise InvitationRefused(
            gettext("This invitation is %(state)s; it cannot become %(target)s.")
            % {
                "state": invitation.get_state_display().lower(),
                "target": str(InvitationState(to_state).label).lower()
                if to_state in InvitationState.values
                else to_state,
            }
        )


def personalization_problems(
    *, owner, text: str, recipient_name: str, exclude: Invitation | None = None, profile: Profile | None = None
) -> list[personalization.Problem]:
    """The contract's check with this member's history, own standard texts and limit."""
    profile = profile or owner.profile
    history = Invitation.objects.owned_by(owner).filter(sent_at__isnull=False).exclude(text="")
    if exclude is not None and exclude.pk:
        history = history.exclude(pk=exclude.pk)
    sent_before = list(history.order_by("-sent_at").values_list("text", "recipient_name")[:REUSED_HISTORY])
    return personalization.problems(
        text,
        recipient_name=recipient_name,
        sent_before=sent_before,
        limit=profile.invitation_char_limit,
        extra_defaults=profile.own_standard_texts(),
    )


def open_invitation_to(owner, recipient: Recipient, *, exclude: Invitation | None = None) -> Invitation | None:
    """The member's draft or sent invitation to the same person, if any: same contact,
    same (normalised) profile URL or same e-mail address."""
    same_person = Q(pk__in=[])
    if recipient.contact is not None:
        same_person |= Q(contact=recipient.contact)
    if recipient.profile_url:
        same_person |= Q(recipient_profile_url=normalize_profile_url(recipient.profile_url))
    if recipient.email:
        same_person |= Q(recipient_email__iexact=recipient.email)
    found = Invitation.objects.owned_by(owner).open().filter(same_person)
    if exclude is not None and exclude.pk:
        found = found.exclude(pk=exclude.pk)
    return found.first()


# The caps count over rolling windows that end now, not per calendar day or week: a
# calendar day is a matter of time zone, and a member who switched to a zone where it is
# already tomorrow would get a fresh day's sends.
CAP_DAY = timedelta(hours=24)
CAP_WEEK = timedelta(days=7)


def sent_counts(profile: Profile, now: datetime) -> tuple[int, int]:
    """Invitations sent in the last 24 hours and in the last 7 days."""
    sent = Invitation.objects.owned_by(profile.user).filter(sent_at__gt=now - CAP_WEEK)
    counts = sent.aggregate(week=Count("pk"), day=Count("pk", filter=Q(sent_at__gt=now - CAP_DAY)))
    return counts["day"], counts["week"]


def next_send_allowed_at(profile: Profile, now: datetime, window: timedelta, cap: int) -> datetime:
    """When enough of the sends in `window` have aged out of it to send one more."""
    recent = Invitation.objects.owned_by(profile.user).filter(sent_at__gt=now - window).order_by("-sent_at")
    # With n sends in the window the cap-th most recent is the one whose aging-out
    # brings the count below the cap.
    oldest_that_counts = recent.values_list("sent_at", flat=True)[cap - 1 : cap].first()
    return (oldest_that_counts or now) + window


DAILY_CAP_REACHED = ngettext_lazy(
    "You sent %(count)d invitation in the last 24 hours, your daily maximum. You can send the next "
    "one from %(moment)s: a few personal invitations beat many quick ones.",
    "You sent %(count)d invitations in the last 24 hours, your daily maximum. You can send the next "
    "one from %(moment)s: a few personal invitations beat many quick ones.",
    "count",
)
WEEKLY_CAP_REACHED = ngettext_lazy(
    "You sent %(count)d invitation in the last 7 days, your weekly maximum. You can send the next "
    "one from %(moment)s.",
    "You sent %(count)d invitations in the last 7 days, your weekly maximum. You can send the next "
    "one from %(moment)s.",
    "count",
)


@dataclass(frozen=True)
class MonthlyNotes:
    """A free LinkedIn account's personal notes this calendar month (the member's own)."""

    used: int
    cap: int
    next_month: date

    @property
    def left(self) -> int:
        return max(0, self.cap - self.used)


def monthly_notes(profile: Profile, now: datetime) -> MonthlyNotes | None:
    """For a free LinkedIn account: its LinkedIn invitations sent this month and the cap;
    None for Premium (no monthly cap)."""
    if not profile.linkedin_free_account:
        return None
    today = now.astimezone(profile.zone).date()
    start = datetime.combine(month_start(today), time.min, tzinfo=profile.zone)
    used = (
        Invitation.objects.owned_by(profile.user)
        .filter(channel=Channel.LINKEDIN, sent_at__gte=start, sent_at__lte=now)
        .count()
    )
    return MonthlyNotes(used=used, cap=settings.NETWERK_FREE_NOTES_PER_MONTH, next_month=month_start(today, 1))


MONTHLY_NOTES_USED = ngettext_lazy(
    "Your free LinkedIn account allows %(cap)d personal note a month and you sent it. The next "
    "month starts on %(date)s; send it by e-mail, or with LinkedIn Premium (no monthly cap).",
    "Your free LinkedIn account allows %(cap)d personal notes a month and you sent them all. The next "
    "month starts on %(date)s; send it by e-mail, or with LinkedIn Premium (no monthly cap).",
    "cap",
)


def monthly_cap_message(profile: Profile, now: datetime) -> str | None:
    notes = monthly_notes(profile, now)
    if notes is None or notes.left:
        return None
    return str(MONTHLY_NOTES_USED % {"cap": notes.cap, "date": date_format(notes.next_month, "DATE_FORMAT")})


def cap_message(profile: Profile, now: datetime) -> str | None:
    """Why the member may not send another invitation now, or None when they may."""
    last_day, last_week = sent_counts(profile, now)
    for count, cap, window, message in (
        (last_day, profile.daily_invitation_cap, CAP_DAY, DAILY_CAP_REACHED),
        (last_week, profile.weekly_invitation_cap, CAP_WEEK, WEEKLY_CAP_REACHED),
    ):
        if count >= cap:
            moment = next_send_allowed_at(profile, now, window, cap)
            return str(message % {"count": count, "moment": _local_moment(profile, moment)})
    return None


def _local_moment(profile: Profile, moment: datetime) -> str:
    return date_format(moment.astimezone(profile.zone), "DATETIME_FORMAT")


def _lock_profile(owner) -> Profile:
    """Serialise this member's invitation writes (caps and duplicates hold under races)."""
    return Profile.objects.select_for_update().select_related("user").get(user_id=owner.pk)


# --- writes --------------------------------------------------------------------------


@transaction.atomic
def create_draft(*, owner, recipient: Recipient, text: str, channel: str, now: datetime | None = None) -> Invitation:
    """Keep a personal invitation to one person, ready to be delivered."""
    now = now or timezone.now()
    profile = _lock_profile(owner)
    text = (text or "").replace("\r\n", "\n").strip()
    if recipient.contact is not None and recipient.contact.owner_id != owner.pk:
        raise InvitationRefused(gettext("Choose one of your own contacts."))
    if not recipient.name.strip():
        raise InvitationRefused(gettext("Give the person's name."))
    connected = already_connected(owner, recipient)
    if connected is not None:
        raise InvitationRefused(connected_message(connected))
    if channel not in Channel.values:
        raise InvitationRefused(gettext("Choose LinkedIn or e-mail."))
    if channel == Channel.EMAIL:
        refusal = email_sender_refusal(owner)
        if refusal:
            raise InvitationRefused(refusal)
    if channel == Channel.EMAIL and not recipient.email:
        raise InvitationRefused(gettext("There is no e-mail address for this person: use LinkedIn or add an address."))
    if channel == Channel.LINKEDIN and not recipient.profile_url:
        raise InvitationRefused(
            gettext("There is no profile URL for this person: add their LinkedIn profile or send an e-mail.")
        )
    found = personalization_problems(owner=owner, text=text, recipient_name=recipient.name, profile=profile)
    if found:
        raise InvitationRefused(gettext("This invitation is not personal yet."), problems=found)
    existing = open_invitation_to(owner, recipient)
    if existing is not None:
        raise InvitationRefused(
            gettext("You already have an open invitation to %(name)s (%(state)s). Finish or withdraw that one first.")
            % {"name": existing.recipient_name, "state": existing.get_state_display().lower()}
        )
    return Invitation.objects.create(
        owner=owner,
        contact=recipient.contact,
        recipient_name=recipient.name,
        recipient_profile_url=normalize_profile_url(recipient.profile_url),
        recipient_email=recipient.email,
        text=text,
        channel=channel,
        state=InvitationState.DRAFT,
        created_at=now,
    )


def email_invitation(invitation: Invitation, *, profile: Profile) -> None:
    """The invitation e-mail, from "<member> via <site>", with replies going to the member."""
    owner = invitation.owner
    sender = owner.get_full_name() or owner.get_username()
    site_name, site_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    emails.send(
        "invitation",
        to=invitation.recipient_email,
        context={
            "invitation": invitation,
            "sender_name": emails.one_line(sender),
            "recipient_name": emails.one_line(invitation.recipient_name),
            "text": invitation.text,
        },
        language=profile.language,
        time_zone=profile.time_zone,
        from_email=emails.address(f"{sender} via {site_name or 'Netwerk'}", site_address),
        reply_to=[emails.address(sender, owner.email)],
        headers={"Auto-Submitted": "no", "X-Netwerk-Invitation": str(invitation.pk)},
    )


def email_sender_refusal(owner) -> str | None:
    """Why `owner` may not send an e-mail invitation, or None. Mail to people outside
    Netwerk goes out only from a confirmed address: replies go there, and an unproven
    address would let anyone send in someone else's name."""
    if not owner.email:
        return gettext("Add your own e-mail address in your settings first: the person's answer goes there.")
    if not owner.email_verified:
        return gettext(
            "Confirm your e-mail address first (Settings sends you a link): e-mail invitations go out "
            "only from a confirmed address."
        )
    return None


@transaction.atomic
def send_invitation(*, invitation: Invitation, now: datetime | None = None) -> Invitation:
    """Deliver a draft: by e-mail through SMTP, or record that the member sent it on
    LinkedIn. Refused when the text is no longer personal (another invitation with the
    same text went out meanwhile) or when the member reached a cap."""
    now = now or timezone.now()
    profile = _lock_profile(invitation.owner)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_transition(invitation, InvitationState.SENT)
    found = personalization_problems(
        owner=invitation.owner,
        text=invitation.text,
        recipient_name=invitation.recipient_name,
        exclude=invitation,
        profile=profile,
    )
    if found:
        raise InvitationRefused(gettext("This invitation is not personal yet."), problems=found)
    refusal = cap_message(profile, now)
    if refusal:
        raise InvitationRefused(refusal)
    if invitation.channel == Channel.LINKEDIN and (refusal := monthly_cap_message(profile, now)):
        raise InvitationRefused(refusal)
    if invitation.channel == Channel.EMAIL and (refusal := email_sender_refusal(invitation.owner)):
        raise InvitationRefused(refusal)
    if invitation.channel == Channel.EMAIL:
        try:
            email_invitation(invitation, profile=profile)
        except (smtplib.SMTPException, OSError) as error:
            raise InvitationRefused(
                gettext("The e-mail could not be sent (%(error)s). Nothing was sent; try again later.")
                % {"error": error.__class__.__name__}
            ) from error
    invitation.state = InvitationState.SENT
    invitation.sent_at = now
    invitation.save(update_fields=["state", "sent_at"])
    return invitation


@transaction.atomic
def change_state(*, invitation: Invitation, to_state: str, now: datetime | None = None) -> Invitation:
    """Record the person's answer (accepted, declined) or withdraw the invitation.
    Withdrawing a draft discards it: never sent, it is deleted, not counted as withdrawn.
    The returned (unsaved) invitation then has no primary key."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if to_state == InvitationState.SENT:
        raise InvitationRefused(gettext("Use “send” to deliver a draft."))
    check_transition(invitation, to_state)
    if invitation.state == InvitationState.DRAFT and to_state == InvitationState.WITHDRAWN:
        invitation.delete()
        return invitation
    invitation.state = to_state
    fields = ["state"]
    if to_state in (InvitationState.ACCEPTED, InvitationState.DECLINED):
        invitation.answered_at = now
        fields.append("answered_at")
    if to_state == InvitationState.WITHDRAWN:
        invitation.withdrawn_at = now
        fields.append("withdrawn_at")
    if to_state == InvitationState.ACCEPTED:
        invitation.contact = contact_for_accepted(invitation, now=now)
        fields.append("contact")
    invitation.save(update_fields=fields)
    return invitation


def contact_for_accepted(invitation: Invitation, *, now: datetime) -> Contact:
    """The person accepted: they are a contact now, with the invitation text as their
    first note. An existing contact (same contact, profile URL or e-mail) is updated."""
    owner = invitation.owner
    contacts = Contact.objects.owned_by(owner)
    contact = None
    if invitation.contact_id:
        contact = contacts.filter(pk=invitation.contact_id).first()
    if contact is None and invitation.recipient_profile_url:
        contact = contacts.filter(profile_url=normalize_profile_url(invitation.recipient_profile_url)).first()
    if contact is None and invitation.recipient_email:
        contact = contacts.filter(
            Q(email__iexact=invitation.recipient_email) | Q(private_email__iexact=invitation.recipient_email)
        ).first()
    contact = contact_for_invitation(
        owner=owner,
        existing=contact,
        name=invitation.recipient_name,
        source=ContactSource.SENT_INVITATION,
        connected_on=now.astimezone(owner.profile.zone).date(),
        profile_url=invitation.recipient_profile_url,
        email=invitation.recipient_email,
    )
    if invitation.text and not contact.notes.filter(body=invitation.text).exists():
        Note.objects.create(owner=owner, contact=contact, body=invitation.text, created_at=invitation.sent_at or now)
    return contact
