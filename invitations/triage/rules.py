"""Triage of incoming invitations (tip 3 of the article): reply first, accept later.

The states of an incoming invitation and the moves between them live here and only
here (`ALLOWED_MOVES`). Every move goes through `_move`, which locks the row, refuses a
move the table does not allow (nothing changes) and records it in IncomingTransition.
Past 400 lines because every move of that one table is here, so a reader checks the
whole state machine in one file.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, Lower, Trim
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contacts.models import Contact, ContactLabel, ContactSource, Label, LabelKind, Note, normalize_profile_url
from contacts.services import contact_for_invitation

from ..models import (
    AWAITING_ANSWER_TOO_LONG,
    IncomingInvitation,
    IncomingState,
    IncomingTransition,
    InvitationOrigin,
    in_queue_q,
    incoming_message_signal,
)
from netwerk.lib import textnorm

# The contract function only: the rest of that module is the composer's.
from ..personalization import problems

State = IncomingState

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    State.PENDING: frozenset({State.AWAITING_ANSWER, State.ACCEPTED, State.DECLINED, State.SNOOZED}),
    State.SNOOZED: frozenset({State.AWAITING_ANSWER, State.ACCEPTED, State.DECLINED, State.SNOOZED}),
    State.AWAITING_ANSWER: frozenset({State.ANSWERED, State.DECLINED}),
    State.ANSWERED: frozenset({State.ACCEPTED, State.DECLINED}),
    State.ACCEPTED: frozenset(),
    State.DECLINED: frozenset(),
}

# A reply to a person is a message, not an invitation note; keep it short all the same.
REPLY_LIMIT = 1000
# Fewer new words than this on top of the starting suggestion means it was not made personal.
MIN_OWN_WORDS = 5


@dataclass(frozen=True)
class ReplyProblem:
    """A problem with a reply that only triage knows (same shape as the personalization problems)."""

    code: str
    message: str


class TriageRefused(Exception):
    """A request the rules refuse; `message` says why, in the member's language."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_MOVES.get(current, frozenset())


def refusal(current: str, target: str) -> str:
    return _("This invitation is “%(current)s”; it cannot become “%(target)s”.") % {
        "current": State(current).label,
        "target": State(target).label,
    }


def _locked(invitation: IncomingInvitation) -> IncomingInvitation:
    """The invitation's row, locked until the transaction ends: decisions on it are serialised."""
    return IncomingInvitation.objects.select_for_update().get(pk=invitation.pk)


def _move(
    invitation: IncomingInvitation, target: str, *, now: datetime, note: str = "", **changes
) -> IncomingInvitation:
    """Lock the row, check the move, apply `changes` and record the transition."""
    locked = _locked(invitation)
    if not can_move(locked.state, target):
        raise TriageRefused(refusal(locked.state, target))
    previous = locked.state
    locked.state = target
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save()
    IncomingTransition.objects.create(invitation=locked, from_state=previous, to_state=target, at=now, note=note)
    return locked


# --- adding ------------------------------------------------------------------------


def add_incoming_invitation(
    *,
    owner,
    name: str,
    profile_url: str = "",
    company: str = "",
    position: str = "",
    message: str = "",
    received_at: datetime | None = None,
    origin: str = InvitationOrigin.COMPOSED,
) -> IncomingInvitation:
    """An invitation someone sent the member, added by hand (the import uses `origin`).
    Their message is checked here, once; the verdict is stored with it."""
    return IncomingInvitation.objects.create(
        owner=owner,
        name=" ".join(name.split()),
        profile_url=normalize_profile_url(profile_url),
        company=company.strip(),
        position=position.strip(),
        message=message.strip(),
        message_signal=incoming_message_signal(message.strip()),
        received_at=received_at or timezone.now(),
        origin=origin,
        state=State.PENDING,
    )


# --- what the member already knows ----------------------------------------------------


@dataclass(frozen=True)
class WhatYouKnow:
    duplicates: list[Contact]
    colleagues: list[Contact]
    message_signal: str  # "personal", "default" or "none"

    @property
    def duplicate_by_url(self) -> Contact | None:
        return next((c for c in self.duplicates if c.same_profile_url), None)


def _contacts_with_full_name(owner):
    return Contact.objects.owned_by(owner).annotate(
        full_name_lower=Lower(Trim(Concat("first_name", Value(" "), "last_name")))
    )


def possible_duplicates(invitation: IncomingInvitation, *, limit: int = 5) -> list[Contact]:
    """Contacts with the same normalised profile URL or the same name (case and spaces ignored)."""
    url = normalize_profile_url(invitation.profile_url)
    name = " ".join(invitation.name.split()).lower()
    match = Q(full_name_lower=name) if name else Q(pk__in=[])
    if url:
        match |= Q(profile_url=url)
    found = list(_contacts_with_full_name(invitation.owner).filter(match).order_by("-profile_url", "id")[:limit])
    for contact in found:
        contact.same_profile_url = bool(url) and contact.profile_url == url
    found.sort(key=lambda c: not c.same_profile_url)
    return found


def colleagues(invitation: IncomingInvitation, *, exclude: list[int], limit: int = 5) -> list[Contact]:
    """Active contacts at the same company: people who can tell the member who this is."""
    if not invitation.company.strip():
        return []
    return list(
        Contact.objects.owned_by(invitation.owner)
        .active()
        .filter(company__iexact=invitation.company.strip())
        .exclude(pk__in=exclude)
        .order_by("last_name", "first_name", "id")[:limit]
    )


def message_signal(invitation: IncomingInvitation) -> str:
    """Is their message written for the member ("personal") or a platform default or
    generic text ("default")? Read from the row: the check ran when the message was saved.

    A signal for the member, never a verdict: a stranger with a default text deserves a
    question before a yes. A row written without the verdict (a bulk insert, a fixture)
    is checked on its first view and the verdict kept, so no later view checks it again."""
    if not invitation.message_signal:
        invitation.message_signal = incoming_message_signal(invitation.message)
        IncomingInvitation.objects.filter(pk=invitation.pk, message_signal="").update(
            message_signal=invitation.message_signal
        )
    return invitation.message_signal


def is_unknown(invitation: IncomingInvitation, knows: WhatYouKnow | None = None) -> bool:
    """Tip 3's stranger: nothing in "what you already know" (no possible duplicate, no
    contact at their company) and no answer of theirs recorded. Replying comes first for
    them; accepting them anyway takes an explicit confirmation."""
    if invitation.their_answer.strip():
        return False
    if knows is None:
        duplicates = possible_duplicates(invitation)
        return not duplicates and not colleagues(invitation, exclude=[c.pk for c in duplicates], limit=1)
    return not knows.duplicates and not knows.colleagues


def what_you_know(invitation: IncomingInvitation) -> WhatYouKnow:
    duplicates = possible_duplicates(invitation)
    return WhatYouKnow(
        duplicates=duplicates,
        colleagues=colleagues(invitation, exclude=[c.pk for c in duplicates]),
        message_signal=message_signal(invitation),
    )


# --- reply first -----------------------------------------------------------------------

_OPEN, _CLOSE = frozenset("[\uff3b"), frozenset("]\uff3d")


def _without_placeholders(text: str) -> tuple[str, bool]:
    """`text` with every "[...]" part removed, and whether there was one. One pass (a
    search for "[" then "]" with a pattern rescans the rest of the text from every "[")."""
    kept: list[str] = []
    opened_at = None
    found = False
    for index, char in enumerate(text):
        if opened_at is None:
            if char in _OPEN:
                opened_at = index
            else:
                kept.append(char)
        elif char in _CLOSE:
            opened_at, found = None, True
            kept.append(" ")
    if opened_at is not None:
        kept.append(text[opened_at:])  # an unclosed "[" is just text
    return "".join(kept), found


def _words(text: str) -> list[str]:
    """Folded words, as the personalization check reads them (invisible characters and
    look-alike letters cannot make the suggestion's words look like new ones)."""
    return textnorm.words(text)


def suggested_reply(invitation: IncomingInvitation) -> str:
    """A starting point the member must make their own (the bracketed part is for them)."""
    return _(
        "Hi %(first_name)s,\n\nThank you for your invitation. Before I accept, I'd like to know what made you "
        "want to connect. Shall we have a short call, a video call or a coffee?\n\n"
        "[Say what caught your eye about them, or where your paths might cross.]"
    ) % {"first_name": invitation.first_name or invitation.name}


def _suggestion_words(invitation: IncomingInvitation) -> set[str]:
    words: set[str] = set(_words(invitation.name))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words |= set(_words(_without_placeholders(suggested_reply(invitation))[0]))
    return words


def reply_problems(invitation: IncomingInvitation, text: str) -> list:
    """The personalization rules for a reply, plus: the starting suggestion must be made personal."""
    sent_before = list(
        IncomingInvitation.objects.owned_by(invitation.owner)
        .exclude(pk=invitation.pk)
        .exclude(reply_text="")
        .order_by("-replied_at")
        .values_list("reply_text", flat=True)[:200]
    )
    found = list(problems(text, recipient_name=invitation.name, sent_before=sent_before, limit=REPLY_LIMIT))
    if any(p.code == "empty" for p in found):
        return found
    if _without_placeholders(text)[1]:
        found.append(ReplyProblem("placeholder", _("Replace the part in square brackets with your own words.")))
    else:
        words = _words(text)
        own = [word for word in words if word not in _suggestion_words(invitation)]
        if len(own) < MIN_OWN_WORDS and len(own) * 2 <= len(words):
            found.append(
                ReplyProblem(
                    "unchanged_suggestion",
                    _(
                        "This is still mostly the suggested text. "
                        "Add at least a sentence of your own: why them, what you noticed."
                    ),
                )
            )
    return found


@transaction.atomic
def reply_first(*, invitation: IncomingInvitation, text: str, now: datetime) -> IncomingInvitation:
    """Don't accept yet: the member replied with a question and a proposal to talk."""
    if not can_move(invitation.state, State.AWAITING_ANSWER):
        raise TriageRefused(refusal(invitation.state, State.AWAITING_ANSWER))
    found = reply_problems(invitation, text)
    if found:
        raise TriageRefused(_("Your reply is not personal yet."), found)
    return _move(invitation, State.AWAITING_ANSWER, now=now, reply_text=text.strip(), replied_at=now)


@transaction.atomic
def record_their_answer(
    *, invitation: IncomingInvitation, answer: str, spoke_or_met: bool, now: datetime
) -> IncomingInvitation:
    if not answer.strip():
        raise TriageRefused(_("Write down what they answered."))
    return _move(
        invitation, State.ANSWERED, now=now, their_answer=answer.strip(), spoke_or_met=spoke_or_met, answered_at=now
    )


# --- deciding ---------------------------------------------------------------------------


class UnknownNotConfirmed(TriageRefused):
    """Accepting someone the member does not know, without confirming it."""


@transaction.atomic
def accept_invitation(
    *, invitation: IncomingInvitation, link_to: Contact | None = None, now: datetime, unknown_confirmed: bool = False
) -> IncomingInvitation:
    """Accept: a new contact (source: accepted invitation), or the existing one the member
    chose. Someone the member does not know (`is_unknown`) is accepted only when the
    member confirmed it (`unknown_confirmed`): the rule is to reply first."""
    # Locked before the contact is made: a second click waits here, then is refused.
    invitation = _locked(invitation)
    if not can_move(invitation.state, State.ACCEPTED):
        raise TriageRefused(refusal(invitation.state, State.ACCEPTED))
    if link_to is None and not unknown_confirmed and is_unknown(invitation):
        raise UnknownNotConfirmed(
            _(
                "You don't know %(name)s yet: reply first and accept once they answer. "
                "To accept without an answer, confirm it."
            )
            % {"name": invitation.name}
        )
    url = normalize_profile_url(invitation.profile_url)
    today = timezone.localdate(now)
    if link_to is None and url and Contact.objects.owned_by(invitation.owner).filter(profile_url=url).exists():
        raise TriageRefused(_("You already have a contact with this profile URL: link the invitation to that contact."))
    if link_to is not None and link_to.owner_id != invitation.owner_id:
        raise TriageRefused(_("Choose one of your own contacts."))
    contact = contact_for_invitation(
        owner=invitation.owner,
        existing=link_to,
        name=invitation.name,
        source=ContactSource.ACCEPTED_INVITATION,
        connected_on=today,
        profile_url=url,
        company=invitation.company,
        position=invitation.position,
    )
    note = _("New contact") if link_to is None else _("Linked to an existing contact")
    accepted = _move(invitation, State.ACCEPTED, now=now, note=note, contact=contact, decided_at=now)
    if accepted.their_answer:
        body = _("Before I accepted, they answered: %(answer)s") % {"answer": accepted.their_answer}
        if accepted.spoke_or_met:
            body += "\n" + _("We spoke or met before I accepted.")
        Note.objects.create(owner=accepted.owner, contact=contact, body=body, created_at=now)
    return accepted


@transaction.atomic
def complete_acceptance(
    *,
    invitation: IncomingInvitation,
    labels: list[Label],
    new_label: str = "",
    how_we_know: str = "",
    now: datetime,
) -> Contact:
    """Right after accepting: labels and a note on how the member knows this person
    (sent twice, by a double click or two tabs, it adds them once)."""
    invitation = _locked(invitation)
    if invitation.state != State.ACCEPTED or invitation.contact_id is None:
        raise TriageRefused(_("Accept the invitation first."))
    contact = invitation.contact
    chosen = [label for label in labels if label.owner_id == invitation.owner_id and label.kind != LabelKind.REVIEW]
    new_label = " ".join(new_label.split())
    if new_label:
        existing = Label.objects.owned_by(invitation.owner).filter(name__iexact=new_label).first()
        chosen.append(existing or Label.objects.create(owner=invitation.owner, name=new_label))
    ContactLabel.objects.bulk_create(
        [ContactLabel(contact=contact, label=label, added_at=now) for label in chosen], ignore_conflicts=True
    )
    how_we_know = how_we_know.strip()
    if how_we_know and not contact.notes.filter(body=how_we_know).exists():
        Note.objects.create(owner=invitation.owner, contact=contact, body=how_we_know, created_at=now)
        if not contact.how_we_met:
            contact.how_we_met = how_we_know
            contact.save(update_fields=["how_we_met", "updated_at"])
    return contact


@transaction.atomic
def decline_invitation(*, invitation: IncomingInvitation, reason: str = "", now: datetime) -> IncomingInvitation:
    """Decline, with a private reason only the member sees."""
    return _move(invitation, State.DECLINED, now=now, decline_reason=reason.strip(), decided_at=now)


@transaction.atomic
def snooze_invitation(*, invitation: IncomingInvitation, until: date, now: datetime) -> IncomingInvitation:
    """Hide it from the queue until `until` (a day after today, in the member's time zone)."""
    if until <= timezone.localdate(now):
        raise TriageRefused(_("Choose a date after today to snooze until."))
    invitation = _locked(invitation)
    if invitation.state == State.SNOOZED and invitation.snoozed_until == until:
        raise TriageRefused(
            _("This invitation is snoozed until %(date)s already.") % {"date": date_format(until, "DATE_FORMAT")}
        )
    return _move(
        invitation,
        State.SNOOZED,
        now=now,
        note=_("until %(date)s") % {"date": date_format(until, "DATE_FORMAT")},
        snoozed_until=until,
    )


# --- the queue and its numbers -------------------------------------------------------------


def triage_queue(user, *, today: date | None = None):
    """What needs a decision, oldest first; snoozed ones stay hidden until their date."""
    today = today or timezone.localdate()
    return IncomingInvitation.objects.owned_by(user).in_queue(today).order_by("received_at", "id")


def queue_neighbours(invitation: IncomingInvitation, *, today: date | None = None):
    """The previous and next invitation in the queue (j and k), None at either end."""
    queue = triage_queue(invitation.owner, today=today)
    at, pk = invitation.received_at, invitation.pk
    before = queue.filter(Q(received_at__lt=at) | Q(received_at=at, pk__lt=pk))
    previous = before.order_by("-received_at", "-id").first()
    following = queue.filter(Q(received_at__gt=at) | Q(received_at=at, pk__gt=pk)).first()
    return previous, following


def triage_counts(user, *, now: datetime | None = None) -> dict[str, int]:
    """Counts by state, the queue length and the invitations awaiting an answer too long: one query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    aggregates = {state: Count("id", filter=Q(state=state)) for state in State.values}
    aggregates["to_triage"] = Count("id", filter=in_queue_q(today))
    aggregates["answer_overdue"] = Count(
        "id", filter=Q(state=State.AWAITING_ANSWER, replied_at__lte=now - AWAITING_ANSWER_TOO_LONG)
    )
    return IncomingInvitation.objects.owned_by(user).aggregate(**aggregates)
