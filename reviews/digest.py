"""The review digest: who is due, the claim, the contents and the delivery.

Exactly once
------------
Beat runs `reviews.tasks.send_due_digests` every 15 minutes. It lists the members whose
`Profile.next_digest_at` is due (cadence not off) and queues them in batches; the
`send_review_digests` command runs the same code in-process. For each member the sender
*claims* the digest before anything is rendered or sent, with one compare-and-swap:

    UPDATE profile SET next_digest_at = <next slot> WHERE id = <id> AND next_digest_at = <slot seen>

(healthchecks' `sendreports` does the same). Exactly one UPDATE can match, so two beats,
two workers, a redelivered batch or the command twice never send the same digest twice:
the loser matches no row and moves on. The winner then inserts a `DigestDelivery` row,
unique per member and slot (a second guard, and the record of what happened).

After the claim
---------------
- Sent: each delivery becomes `sent` (with `sent_at`) right after the server's 250; an
  earlier failure message on the profile is cleared.
- Nothing to say (no contacts under review, no suggestions, no invitations waiting) and
  the member did not ask for empty digests: the delivery becomes `empty`, no e-mail.
- A temporary SMTP error (connection refused or dropped, 4xx answers): the delivery
  becomes `retrying` and `reviews.tasks.deliver_digest` retries it with exponential
  backoff (1, 2, 4, ... minutes, capped at an hour, at most DIGEST_MAX_RETRIES times).
  Each retry takes the delivery back with a compare-and-swap on its state, so even a
  duplicated retry message sends at most once. The digest is rebuilt at retry time, so
  its contents are current, except the suggestions: those are read back from the
  delivery (see "New suggestions" below), so every attempt says the same about them.
- A permanent failure (the server refuses the recipient or the sender, 5xx), or the
  last retry failing: the delivery becomes `failed` and the reason is written to
  `profile.digest_failure` / `digest_failed_at`, which the member's settings page shows.
  The next digest is scheduled as usual.
- The hand-off has two phases (reviews/handoff.py): the whole message goes to the SMTP
  server but the final dot of the DATA; then the delivery is marked `handed_off` (on
  PostgreSQL the mark is sent and the dot follows at once, its commit read afterwards);
  then the dot goes out and the server answers. A server must
  discard a message whose dot never came (RFC 5321), so before the mark nothing can be at
  the server; after it, the server may have it. After the server's 250 the delivery is
  marked `sent` at once (not at the end of the batch).
- The server's answer to the dot never read (connection dropped, timeout): the delivery
  becomes `unconfirmed`, is not sent again, and the member's settings page says so.

A worker killed mid-batch (kill -9, OOM, power)
-----------------------------------------------
Nothing is sent twice and nothing is lost silently. What is left behind:
- members of the batch not claimed yet: their `next_digest_at` is still due, so the next
  beat queues them again. (The batch message is acknowledged late, so Redis redelivers it
  after its visibility timeout; by then that copy loses every claim and sends nothing.)
- deliveries claimed but not handed off: `sending`, with a `claimed_at` that stops
  moving. The server has no complete copy of them (the dot never went out). After
  STALE_AFTER (`NETWERK_DIGEST_STALE_AFTER`, 30 minutes, far longer than a batch of 100
  takes) the beat takes each back with a compare-and-swap on (state, claimed_at) and
  `deliver_digest` resends it (rebuilt, current): the only copy. A delivery taken back
  more than DIGEST_MAX_RETRIES times is recorded as failed (shown in settings) instead;
- the one in flight: `handed_off`, the dot sent, killed before the `sent` mark. The
  server almost certainly has it (it had the whole message; only its 250 was not read).
  After STALE_AFTER the beat marks it `unconfirmed`, never resends it, and the member's
  settings say so. We chose at-most-once for that single message over a duplicate: it
  can be lost only if the server failed at the same instant, and then not silently.
`bench/worker_kill.py` proves this with a real worker, kill -9 and an SMTP sink.

New suggestions
---------------
The digest lists the removal suggestions (reviews.rules) that are new since the member's
previous digest, and counts all current ones with a link to the review. Each delivery
records, in the same INSERT as the claim (so before any attempt to send):
- `suggested`: every current suggestion, {rule: [contact ids]};
- `new_suggestions`: the contact ids it lists as new, in order, and `new_since`, the
  slot of the previous digest they are new against.
A contact is new when a rule suggests it now that did not in the previous digest. The
previous digest is the member's latest delivery that was `sent` or `empty` (an empty one
suggested nothing, so it records that a suggestion disappeared; a `failed` one never
reached the member, so what it would have said is still new). Hence:
- the first digest (or the first after deliveries without a record) lists every
  suggestion as before, without a "since";
- a suggestion that disappeared (the member was in touch again) and came back is new
  again in the first digest after its return, provided a digest saw it gone;
- a retry or a resend after a killed worker lists exactly what the first attempt did:
  it reads the record instead of comparing again;
- the "since" date is the previous slot shown in the member's own time zone (the e-mail
  is rendered in it); which digest is previous never depends on a calendar day.
The previous record comes with the profiles (a subquery), and the record is written by
the claim's INSERT: the new suggestions cost the digest no query of its own.
"""

import contextlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.utils import DNS_NAME
from django.db import connections, transaction
from django.db.models import F, JSONField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts.models import REVIEW_LABEL_NAMES, Contact, Label, LabelKind
from invitations.models import IncomingInvitation, IncomingState, Invitation
from netwerk.accounts.models import DigestCadence, Profile

from . import emails
from .handoff import send_in_two_phases, send_now_read_later
from .links import absolute, action_url, unsubscribe_url
from .models import DeliveryState, DigestDelivery
from .rules import RULE_LABELS, Suggestion, review_counts_and_first, suggestions_for_members

logger = logging.getLogger(__name__)

FIRST_UNDER_REVIEW = 5
FIRST_SUGGESTIONS = 5
FIRST_INVITATIONS = 5
BATCH_SIZE = 100
DIGEST_MAX_RETRIES = 6
RETRY_BACKOFF_SECONDS = 60
RETRY_BACKOFF_MAX_SECONDS = 3600
STALE_AFTER = timedelta(minutes=30)  # the default of settings.NETWERK_DIGEST_STALE_AFTER


def stale_after() -> timedelta:
    return getattr(settings, "NETWERK_DIGEST_STALE_AFTER", STALE_AFTER)


# --- who is due, and the claim --------------------------------------------------------


def due_profile_ids(now: datetime) -> list[int]:
    return list(
        Profile.objects.filter(next_digest_at__lte=now)
        .exclude(digest_cadence=DigestCadence.OFF)
        .order_by("next_digest_at", "pk")
        .values_list("pk", flat=True)
    )


def following_slot(profile: Profile, slot: datetime, now: datetime) -> datetime | None:
    """The slot after `slot`; never in the past, so a long outage sends one digest, not a backlog."""
    upcoming = profile.digest_after_sending(slot)
    if upcoming is not None and upcoming <= now:
        upcoming = profile.next_digest_after(now)
    return upcoming


def looks_due(profile: Profile, now: datetime) -> bool:
    """Due as far as this copy of the profile knows; only the claim decides."""
    slot = profile.next_digest_at
    return slot is not None and slot <= now and profile.digest_cadence != DigestCadence.OFF


def claim(profile: Profile, now: datetime) -> datetime | None:
    """Claim this member's due digest: returns the claimed slot, or None when it is not
    due or another sender claimed it first. One UPDATE decides."""
    slot = profile.next_digest_at
    if not looks_due(profile, now):
        return None
    upcoming = following_slot(profile, slot, now)
    won = Profile.objects.filter(pk=profile.pk, next_digest_at=slot).update(next_digest_at=upcoming)
    if not won:
        return None
    profile.next_digest_at = upcoming
    return slot


# --- contents ---------------------------------------------------------------------------


@dataclass
class DigestContent:
    under_review_count: int = 0
    under_review: list = field(default_factory=list)
    suggestion_count: int = 0  # every current suggestion
    new_suggestions: list = field(default_factory=list)  # the first few new ones, listed
    new_suggestion_count: int = 0
    new_since: datetime | None = None  # the previous digest's slot; None: the first, all are new
    suggested: dict = field(default_factory=dict)  # recorded on the delivery: {rule: [contact ids]}
    new_suggestion_ids: list = field(default_factory=list)  # recorded on the delivery
    incoming_pending: list = field(default_factory=list)
    incoming_pending_count: int = 0
    awaiting_answer: list = field(default_factory=list)
    awaiting_answer_count: int = 0
    follow_ups: list = field(default_factory=list)
    follow_up_count: int = 0
    review_label: str = ""

    @property
    def more_new_suggestions(self) -> int:
        return self.new_suggestion_count - len(self.new_suggestions)

    @property
    def earlier_suggestion_count(self) -> int:
        return self.suggestion_count - self.new_suggestion_count

    def record_on(self, delivery: DigestDelivery) -> DigestDelivery:
        delivery.suggested = self.suggested
        delivery.new_suggestions = self.new_suggestion_ids
        delivery.new_since = self.new_since
        return delivery

    @property
    def is_empty(self) -> bool:
        return not (
            self.under_review_count
            or self.suggestion_count
            or self.incoming_pending_count
            or self.awaiting_answer_count
            or self.follow_up_count
        )


def incoming_waiting(user, now: datetime) -> tuple[list, list]:
    """Incoming invitations waiting for triage, and those whose sender has not answered
    my reply for 14 days."""
    return incoming_waiting_for([user.pk], now)[user.pk]


def incoming_waiting_for(user_ids, now: datetime) -> dict[int, tuple[list, list]]:
    """The same for many members: one query. "Too long" is the triage app's rule
    (`IncomingInvitation.objects.awaiting_too_long`), here scoped to the batch."""
    found: dict[int, tuple[list, list]] = {user_id: ([], []) for user_id in user_ids}
    batch = IncomingInvitation.objects.filter(owner__in=user_ids)
    rows = (
        (batch.filter(state=IncomingState.PENDING) | batch.answer_overdue(now))
        .order_by("received_at", "pk")
        .only("owner_id", "name", "state", "received_at", "replied_at")
    )
    for row in rows:
        pending, awaiting = found[row.owner_id]
        (pending if row.state == IncomingState.PENDING else awaiting).append(row)
    return found


def outgoing_needing_follow_up(user_ids, now: datetime) -> dict[int, list]:
    """Invitations to follow up or withdraw, per member: one query. The rule is the
    compose app's (`Invitation.objects.needs_follow_up`), here scoped to the batch."""
    found: dict[int, list] = {user_id: [] for user_id in user_ids}
    rows = (
        Invitation.objects.filter(owner__in=user_ids)
        .follow_up_due(now)
        .order_by("sent_at", "pk")
        .only("owner_id", "recipient_name", "sent_at")
    )
    for row in rows:
        found[row.owner_id].append(row)
    return found


def with_review_label_name(profiles):
    """Profiles annotated with the name of the member's own review label (a member may
    rename "Verwijderen?"), so the digest names it without a query of its own."""
    return profiles.annotate(
        review_label_name=Subquery(
            Label.objects.filter(owner=OuterRef("user_id"), kind=LabelKind.REVIEW).values("name")[:1]
        )
    )


def review_label_names(profiles: list[Profile]) -> dict[int, str]:
    """The review label's name per member: from the annotation when the profiles carry it,
    else one query; a member without the label yet gets the name it will be created with."""
    names = {p.user_id: p.review_label_name for p in profiles if getattr(p, "review_label_name", None)}
    missing = [p.user_id for p in profiles if not hasattr(p, "review_label_name")]
    if missing:
        names.update(
            Label.objects.filter(owner__in=missing, kind=LabelKind.REVIEW).values_list("owner_id", "name")
        )
    for profile in profiles:
        names.setdefault(profile.user_id, REVIEW_LABEL_NAMES.get(profile.language, REVIEW_LABEL_NAMES["en"]))
    return names


# --- what is new among the suggestions ---------------------------------------------------


def with_previous_digest(profiles):
    """Profiles annotated with the member's previous digest (the latest `sent` or `empty`
    delivery): its slot and what it suggested, so the new suggestions cost no query."""
    previous = DigestDelivery.objects.filter(
        owner=OuterRef("user_id"), state__in=[DeliveryState.SENT, DeliveryState.EMPTY]
    ).order_by("-slot", "-pk")
    return profiles.annotate(
        previous_digest_slot=Subquery(previous.values("slot")[:1]),
        previous_suggested=Subquery(previous.values("suggested")[:1], output_field=JSONField()),
    )


def recorded(suggestions: list[Suggestion]) -> dict[str, list[int]]:
    """Every current suggestion as a delivery records it: {rule: [contact ids]}."""
    found: dict[str, list[int]] = {}
    for suggestion in suggestions:
        for rule in suggestion.rules:
            found.setdefault(rule, []).append(suggestion.contact.pk)
    return found


def new_among(suggestions: list[Suggestion], previous: dict | None) -> list[Suggestion]:
    """The suggestions a rule makes now that it did not make in the previous digest (a
    contact flagged again for another reason is news). No record: all are new."""
    if previous is None:
        return list(suggestions)
    seen = {(contact_id, rule) for rule, contact_ids in previous.items() for contact_id in contact_ids}
    return [s for s in suggestions if any((s.contact.pk, rule) not in seen for rule in s.rules)]


def suggestions_said(delivery: DigestDelivery) -> list[Suggestion]:
    """The new suggestions a delivery listed, read back for a retry or a resend: one query.
    A contact purged since is left out; the rules are in their usual order."""
    listed = delivery.new_suggestions[:FIRST_SUGGESTIONS]
    contacts = Contact.objects.filter(owner_id=delivery.owner_id).in_bulk(listed)
    suggested_by = {rule: set(contact_ids) for rule, contact_ids in (delivery.suggested or {}).items()}

    def rules_of(contact_id):
        return [rule for rule in RULE_LABELS if contact_id in suggested_by.get(rule, ())]

    return [Suggestion(contact=contacts[pk], rules=rules_of(pk)) for pk in listed if pk in contacts]


def _suggestion_fields(profile: Profile, suggestions: list[Suggestion]) -> dict:
    previous = getattr(profile, "previous_suggested", None)
    new = new_among(suggestions, previous)
    return {
        "suggestion_count": len(suggestions),
        "new_suggestions": new[:FIRST_SUGGESTIONS],
        "new_suggestion_count": len(new),
        "new_since": profile.previous_digest_slot if previous is not None else None,
        "suggested": recorded(suggestions),
        "new_suggestion_ids": [s.contact.pk for s in new],
    }


def _said_fields(delivery: DigestDelivery) -> dict:
    return {
        "suggestion_count": len({c for contact_ids in delivery.suggested.values() for c in contact_ids}),
        "new_suggestions": suggestions_said(delivery),
        "new_suggestion_count": len(delivery.new_suggestions),
        "new_since": delivery.new_since,
        "suggested": delivery.suggested,
        "new_suggestion_ids": delivery.new_suggestions,
    }


# --- contents ---------------------------------------------------------------------------


def digest_content(user, profile: Profile, now: datetime, delivery: DigestDelivery | None = None) -> "DigestContent":
    """One member's digest. With a delivery that recorded its suggestions (a retry), those
    are what it says about suggestions; the rest is current."""
    said = {profile.user_id: delivery} if delivery is not None and delivery.suggested is not None else {}
    return digest_contents([profile], now, said=said)[profile.user_id]


def digest_contents(profiles: list[Profile], now: datetime, said: dict | None = None) -> dict[int, "DigestContent"]:
    """Everything the digests of these members say, in five queries whatever their number
    (and whatever the number of their contacts). Profiles come annotated by
    `with_previous_digest`; `said` maps members to a delivery whose recorded suggestions
    are repeated instead of worked out again."""
    said = said or {}
    user_ids = [profile.user_id for profile in profiles]
    label_names = review_label_names(profiles)
    reviews = review_counts_and_first(user_ids, now, FIRST_UNDER_REVIEW)
    suggestions = suggestions_for_members([p for p in profiles if p.user_id not in said], now)
    incoming = incoming_waiting_for(user_ids, now)
    follow_ups = outgoing_needing_follow_up(user_ids, now)
    contents = {}
    for profile in profiles:
        user_id = profile.user_id
        count, first = reviews[user_id]
        pending, awaiting = incoming[user_id]
        if user_id in said:
            suggestion_fields = _said_fields(said[user_id])
        else:
            suggestion_fields = _suggestion_fields(profile, suggestions[user_id])
        contents[user_id] = DigestContent(
            under_review_count=count,
            under_review=[
                {
                    "contact": row.contact,
                    "since": row.added_at,
                    "keep_url": action_url(user_id, row.contact_id, "keep"),
                    "remove_url": action_url(user_id, row.contact_id, "remove"),
                }
                for row in first
            ],
            **suggestion_fields,
            incoming_pending=pending[:FIRST_INVITATIONS],
            incoming_pending_count=len(pending),
            awaiting_answer=awaiting[:FIRST_INVITATIONS],
            awaiting_answer_count=len(awaiting),
            follow_ups=follow_ups[user_id][:FIRST_INVITATIONS],
            follow_up_count=len(follow_ups[user_id]),
            review_label=label_names[user_id],
        )
    return contents


def digest_message_id(delivery: DigestDelivery) -> str:
    """One Message-ID per delivery: a resent copy (the in-flight digest of a killed worker)
    is recognisably the same message."""
    return f"<digest-{delivery.pk}-{delivery.slot:%Y%m%d%H%M}@{DNS_NAME}>"


def build_digest(user, profile: Profile, content: DigestContent, delivery: DigestDelivery | None = None):
    unsubscribe = unsubscribe_url(user.pk)
    context = {
        "member": user,
        "content": content,
        "queue_url": absolute(reverse("reviews:queue")),
        "triage_url": absolute(reverse("invitations:triage")),
        "invitations_url": absolute(reverse("invitations:compose")),
        "settings_url": absolute(reverse("accounts:settings")),
        "unsubscribe_url": unsubscribe,
    }
    return emails.build(
        "digest",
        context,
        to=user.email,
        language=profile.language,
        time_zone=profile.time_zone,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            **({"Message-ID": digest_message_id(delivery)} if delivery is not None and delivery.pk else {}),
        },
    )


# --- delivery ---------------------------------------------------------------------------


def is_permanent(error: Exception) -> bool:
    """Refused recipient or sender, or any 5xx answer: retrying will not help."""
    if isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def refused(error: Exception) -> str:
    return _("The mail server did not accept it: %(error)s") % {"error": describe(error)}


def record_failure(delivery: DigestDelivery, error_text: str, now: datetime) -> None:
    """A permanent failure: on the delivery, on the profile (shown in settings), in the log."""
    DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, error=error_text)
    Profile.objects.filter(user_id=delivery.owner_id).update(digest_failure=error_text, digest_failed_at=now)
    logger.error("Review digest for member %s (slot %s) failed: %s", delivery.owner_id, delivery.slot, error_text)


@dataclass
class BatchReport:
    sent: int = 0
    empty: int = 0
    not_due: int = 0
    retrying: int = 0
    failed: int = 0
    retry_ids: list = field(default_factory=list)

    def merge(self, other: "BatchReport") -> None:
        for name in ("sent", "empty", "not_due", "retrying", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.retry_ids += other.retry_ids


def send_digest_batch(profile_ids: list[int], now: datetime | None = None) -> BatchReport:
    """Claim, then render and send, the digests of these members: each member claimed on
    its own, the contents of all claimed digests read in a few queries, one SMTP
    connection for the batch. Members that are not due (any more) are skipped."""
    now = now or timezone.now()
    report = BatchReport()
    profiles = list(
        with_previous_digest(with_review_label_name(Profile.objects.filter(pk__in=profile_ids)))
        .select_related("user")
        .order_by("pk")
    )
    mailer = mailers.default
    with mailer:  # no SMTP server, no claim: the batch task is retried as a whole
        # The contents first (reads only), so that each claim's INSERT records what its
        # digest says about suggestions before any attempt to send it. A member another
        # sender claimed meanwhile was read for nothing: rare, and harmless.
        due = [profile for profile in profiles if looks_due(profile, now)]
        contents = digest_contents(due, now) if due else {}
        claimed = []
        # All claims of the batch commit together (one commit, not one per member). Each is
        # still its own compare-and-swap: a concurrent sender waits on the row lock, then
        # matches no row. Rows are claimed in primary-key order, so senders never deadlock.
        with transaction.atomic(savepoint=False):
            for profile in profiles:
                slot = claim(profile, now)
                if slot is None:
                    report.not_due += 1
                else:
                    delivery = DigestDelivery(owner_id=profile.user_id, slot=slot, claimed_at=now)
                    claimed.append((profile, contents[profile.user_id].record_on(delivery)))
            DigestDelivery.objects.bulk_create([delivery for _profile, delivery in claimed])
        if not claimed:
            return report
        had_failure = {profile.user_id for profile, _delivery in claimed if profile.digest_failure or profile.digest_failed_at}
        sent_user_ids = []
        for profile, delivery in claimed:
            outcome = _deliver(mailer, delivery, profile, contents[profile.user_id], now)
            if outcome == DeliveryState.SENT:
                sent_user_ids.append(profile.user_id)
                report.sent += 1
            elif outcome == DeliveryState.EMPTY:
                report.empty += 1
            elif outcome == DeliveryState.RETRYING:
                report.retrying += 1
                report.retry_ids.append(delivery.pk)
            else:
                report.failed += 1
    # An earlier failure shown in settings is cleared by the next digest that arrives (the
    # deliveries themselves record when each digest was sent).
    if failures_to_clear := [user_id for user_id in sent_user_ids if user_id in had_failure]:
        Profile.objects.filter(user_id__in=failures_to_clear).update(digest_failure="", digest_failed_at=None)
    return report


def _deliver(mailer, delivery: DigestDelivery, profile: Profile, content: "DigestContent", now: datetime) -> str:
    """Hand one claimed digest to SMTP; returns the delivery's new state."""
    user = profile.user
    if content.is_empty and not profile.digest_when_empty:
        DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.EMPTY)
        return DeliveryState.EMPTY
    if not user.email:
        record_failure(delivery, _("Your account has no e-mail address."), now)
        return DeliveryState.FAILED
    state, _error = _hand_over(mailer, delivery, build_digest(user, profile, content, delivery), now, last_attempt=False)
    return state


def _hand_over(mailer, delivery: DigestDelivery, message, now: datetime, *, last_attempt: bool) -> tuple[str, Exception | None]:
    """Send one built digest in two phases and record the outcome on the delivery:
    `sent` at once after the 250 (a worker killed after that resends nothing),
    `unconfirmed` when the answer to a handed-off message was lost, `failed` for a
    permanent refusal (or the last attempt), else `retrying`. Returns the state and the
    SMTP error, if any."""
    handed_off = HandOff(delivery)
    try:
        send_in_two_phases(mailer, message, handed_off)
    except TRANSIENT_ERRORS as error:
        _reset_connection(mailer)
        if handed_off.done and not isinstance(error, smtplib.SMTPResponseException):
            record_unconfirmed(delivery, error, now)
            return DeliveryState.UNCONFIRMED, error
        if is_permanent(error) or last_attempt:
            record_failure(delivery, refused(error), now)
            return DeliveryState.FAILED, error
        DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.RETRYING, error=describe(error))
        return DeliveryState.RETRYING, error
    DigestDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT, sent_at=timezone.now(), error="")
    return DeliveryState.SENT, None


# The pipelined mark, written out (DigestDelivery's table and columns; a test checks them).
HANDED_OFF_MARK = 'UPDATE "reviews_digestdelivery" SET "state" = $1 WHERE "id" = $2'


class HandOff:
    """Called just before the final dot of the DATA: from here on the server may have the
    message, so the delivery is marked `handed_off` and is never sent again, whatever
    happens next. On PostgreSQL the mark is sent without waiting for its commit, and the
    dot follows at once (reviews/handoff.py says why); the callable it returns reads the
    result after the dot. Elsewhere the mark is committed before the dot."""

    def __init__(self, delivery: DigestDelivery):
        self.delivery = delivery
        self.done = False

    def __call__(self) -> Callable[[], None] | None:
        read_result = send_now_read_later(
            connections[DigestDelivery.objects.db],
            HANDED_OFF_MARK,
            [str(DeliveryState.HANDED_OFF), str(self.delivery.pk)],
        )
        if read_result is None:
            DigestDelivery.objects.filter(pk=self.delivery.pk).update(state=DeliveryState.HANDED_OFF)
        self.done = True
        return read_result


def record_unconfirmed(delivery: DigestDelivery, error, now: datetime) -> bool:
    """Handed to the server, its answer never read: not sent again (no duplicate), recorded
    on the delivery and shown in the member's settings (not lost silently). A
    compare-and-swap from `handed_off`, so two beats record it once; returns whether this
    call did."""
    won = DigestDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.HANDED_OFF).update(
        state=DeliveryState.UNCONFIRMED, error=describe(error) if error else "sender stopped after the hand-off"
    )
    if not won:
        return False
    member = Profile.objects.filter(user_id=delivery.owner_id)
    # Written in the member's language: the beat that finds a stale hand-off runs in none.
    with translation.override(member.values_list("language", flat=True).first() or settings.LANGUAGE_CODE):
        text = _(
            "Your review digest was handed to the mail server, but its confirmation never came back. "
            "It is not sent again, so that you never get it twice; if it did not arrive, the review queue "
            "holds everything it listed."
        )
    member.update(digest_failure=text, digest_failed_at=now)
    logger.warning("Review digest for member %s (slot %s) handed off, unconfirmed: %s", delivery.owner_id, delivery.slot, error)
    return True


def _reset_connection(mailer) -> None:
    """After an SMTP error the connection may be half-open; the next send opens a new one."""
    with contextlib.suppress(Exception):  # closing a broken connection may fail in any way
        mailer.close()
    if hasattr(mailer, "connection"):
        mailer.connection = None


def take_back_for_retry(delivery_id: int) -> DigestDelivery | None:
    """Compare-and-swap retrying -> sending: only one retry message can act."""
    won = DigestDelivery.objects.filter(pk=delivery_id, state=DeliveryState.RETRYING).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not won:
        return None
    return DigestDelivery.objects.select_related("owner__profile").get(pk=delivery_id)


def retry_delivery(delivery_id: int, *, last_attempt: bool, now: datetime | None = None) -> str | None:
    """One retry of a delivery that failed for a temporary reason. Raises the SMTP error
    to ask for another retry, unless this was the last attempt."""
    now = now or timezone.now()
    delivery = take_back_for_retry(delivery_id)
    if delivery is None:
        return None
    profile = delivery.owner.profile
    content = digest_content(delivery.owner, profile, now, delivery)
    message = build_digest(delivery.owner, profile, content, delivery)
    mailer = mailers.default  # opened by the hand-off, so a refused connection is a failed attempt
    try:
        state, error = _hand_over(mailer, delivery, message, now, last_attempt=last_attempt)
    finally:
        _reset_connection(mailer)
    if state == DeliveryState.RETRYING:
        raise error
    if state == DeliveryState.SENT:
        Profile.objects.filter(pk=profile.pk).update(digest_failure="", digest_failed_at=None)
    return state


def resume_stale_deliveries(now: datetime) -> list[int]:
    """Deliveries a dead worker left in `sending` (claimed, not marked sent, untouched for
    STALE_AFTER): each taken back with a compare-and-swap on (state, claimed_at), so two
    beats take it once, and returned to be resent by `deliver_digest`. One taken back too
    often is recorded as failed instead. Returns the ids to resend."""
    resend = []
    handed_off = DigestDelivery.objects.filter(state=DeliveryState.HANDED_OFF, claimed_at__lt=now - stale_after())
    for delivery in handed_off.order_by("pk"):
        record_unconfirmed(delivery, None, now)
    stale = DigestDelivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=now - stale_after())
    for delivery in stale.order_by("pk"):
        if delivery.attempts > DIGEST_MAX_RETRIES:
            record_failure(delivery, _("The sender stopped before the digest was handed to the mail server."), now)
            continue
        won = DigestDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, claimed_at=delivery.claimed_at
        ).update(state=DeliveryState.RETRYING, error="worker stopped before marking it sent")
        if won:
            logger.warning("Review digest for member %s (slot %s): its sender stopped; resending", delivery.owner_id, delivery.slot)
            resend.append(delivery.pk)
    return resend


def batches(ids: list[int], size: int = BATCH_SIZE):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
