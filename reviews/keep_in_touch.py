"""Keep in touch, the other half of the weekly ritual: who is due for contact, with the
evidence to decide what to say, and the three answers (logged, snoozed, skipped).

When a contact is due is kept on the contact (contacts.touch). Here: who is left out
(archived, under the review label, no longer connected on LinkedIn), what the member sees
of each, and the writes. "Today" is the member's own day (their time zone)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contacts import touch
from contacts.models import (
    Contact,
    ContactLabel,
    ContactStatus,
    Direction,
    Interaction,
    InteractionKind,
    Label,
    LabelKind,
)

from . import touch_rows

KEPT_UP_WEEKS = 12
# A job change noticed within the last year is still news worth a message.
JOB_CHANGE_DAYS = 365
NOTE_PREVIEW = 160
# Snoozing further than this is switching the rhythm off: the form says so.
MAX_SNOOZE_DAYS = 366


class TouchError(Exception):
    """A keep-in-touch answer that cannot be taken; the message says why."""


def member_today(user) -> date:
    return timezone.localdate(timezone=user.profile.zone)


def next_week(today: date) -> date:
    """The Monday after `today`: "next week" in the snooze menu."""
    return today + timedelta(days=7 - today.weekday())


def can_be_due(owner_ids):
    """Contacts (of these members) that can be due: active, not under review, still
    connected. The members' review-label contacts are one set the database hashes once:
    a probe per contact cost a count of 2,400 contacts 10 ms, and let the planner read
    every contact due before sorting where the set lets it walk the due-date index and
    stop after a page."""
    under_review = ContactLabel.objects.filter(
        label__owner__in=owner_ids, label__kind=LabelKind.REVIEW
    ).values("contact_id")
    return Q(status=ContactStatus.ACTIVE, disconnected_on__isnull=True) & ~Q(pk__in=under_review)


def due_contacts(user, today: date):
    """The member's contacts due on `today` or before, longest overdue first."""
    return (
        Contact.objects.owned_by(user)
        .filter(touch_due_on__isnull=False, touch_due_on__lte=today)
        .filter(can_be_due([user.pk]))
        .order_by("touch_due_on", "pk")
        .only("first_name", "last_name", "company", "position", "profile_url", "connected_on", "touch_due_on", "status")
    )


def due_page(user, today: date, *, number: int, size: int) -> list[Contact]:
    """Page `number` of the due list (an index walk that stops after the page). A page
    past the end is empty."""
    start = (number - 1) * size
    return list(due_contacts(user, today)[start : start + size])


# Past this many, the list and the calendar say "99+" (a backlog, not a week's work):
# counting 23,000 due contacts exactly cost the list more than everything else it does,
# and even a thousand cost it 4 ms (bench/keep_in_touch.py).
COUNT_CAP = 99


def due_count(user, today: date, *, exact: bool = False) -> int:
    """How many are due: counted up to COUNT_CAP + 1 at most, unless `exact`."""
    due = due_contacts(user, today).order_by()
    return (due if exact else due[: COUNT_CAP + 1]).count()


def with_evidence(contacts: list[Contact], today: date) -> list[Contact]:
    """The page's contacts with what the list shows: the last contact (date and kind), the
    latest note (its start), how often they did something for the member (interactions
    received), and a job change noticed lately (a good reason to write). One query over
    the page's rows only (reviews.touch_rows)."""
    found = touch_rows.evidence(
        [contact.pk for contact in contacts],
        job_since=today - timedelta(days=JOB_CHANGE_DAYS),
        note_preview=NOTE_PREVIEW,
    )
    for contact in contacts:
        for name, value in found.get(contact.pk, {}).items():
            setattr(contact, name, value)
    return contacts


@dataclass(frozen=True)
class Summary:
    due: int  # due today or before
    with_rhythm: int  # active contacts with a rhythm
    kept_up: int  # of those, in touch over the last twelve weeks


def summary(user, today: date) -> Summary:
    """The dashboard's figures, in one query."""
    since = today - timedelta(weeks=KEPT_UP_WEEKS)
    recent = Interaction.objects.filter(contact=OuterRef("pk"), date__gte=since, date__lte=today)
    figures = (
        Contact.objects.owned_by(user)
        .filter(touch_due_on__isnull=False)
        .filter(can_be_due([user.pk]))
        .order_by()
        .aggregate(
            due=Count("pk", filter=Q(touch_due_on__lte=today)),
            with_rhythm=Count("pk"),
            kept_up=Count("pk", filter=Q(Exists(recent))),
        )
    )
    return Summary(**figures)


def members_with_a_rhythm() -> list[int]:
    """Members with a rhythm on a label or a contact, or a date left from one."""
    return sorted(
        set(Label.objects.filter(keep_in_touch_days__isnull=False).values_list("owner_id", flat=True).distinct())
        | set(
            Contact.objects.filter(Q(keep_in_touch_days__isnull=False) | Q(touch_due_on__isnull=False))
            .values_list("owner_id", flat=True)
            .distinct()
        )
    )


def refresh_all() -> int:
    return sum(touch.refresh(owner_id=owner_id) for owner_id in members_with_a_rhythm())


@dataclass(frozen=True)
class Answer:
    contact: Contact
    message: str


def _locked(user, contact_id: int) -> Contact:
    contact = Contact.objects.owned_by(user).select_for_update().filter(pk=contact_id).first()
    if contact is None:
        raise TouchError(_("That contact is not yours."))
    if contact.status != ContactStatus.ACTIVE:
        raise TouchError(_("This contact is archived: restore it first."))
    return contact


@transaction.atomic
def log_contact(*, user, contact_id: int, kind: str, note: str = "", today: date) -> Answer:
    """The member was in touch today: one interaction (which moves the next date)."""
    contact = _locked(user, contact_id)
    if kind not in InteractionKind.values:
        raise TouchError(_("Choose what kind of contact it was."))
    note = " ".join(note.split())[:500]
    Interaction.objects.create(
        owner=user, contact=contact, date=today, kind=kind, direction=Direction.MUTUAL, note=note
    )
    contact.refresh_from_db(fields=["touch_due_on"])
    return Answer(contact, _("Logged: in touch with %(name)s today.") % {"name": contact})


@transaction.atomic
def snooze(*, user, contact_id: int, until: date, today: date) -> Answer:
    """Not now: due again on `until` (after today, within a year)."""
    contact = _locked(user, contact_id)
    if until <= today:
        raise TouchError(_("Choose a day after today."))
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise TouchError(_("Choose a day within a year; to stop the reminders, clear the rhythm instead."))
    Contact.objects.filter(pk=contact.pk).update(touch_snoozed_until=until)
    touch.refresh(owner_id=user.pk, contact_ids=[contact.pk])
    contact.refresh_from_db(fields=["touch_due_on", "touch_snoozed_until"])
    return Answer(contact, _("Snoozed %(name)s until %(date)s.") % {"name": contact, "date": _day(until)})


@transaction.atomic
def skip(*, user, contact_id: int, today: date) -> Answer:
    """Skip this round: due again one rhythm from today, as if contacted, without
    pretending there was contact (nothing is logged)."""
    contact = _locked(user, contact_id)
    rhythm = touch.rhythm_of(contact)
    if not rhythm:
        raise TouchError(_("This contact has no keep-in-touch rhythm."))
    Contact.objects.filter(pk=contact.pk).update(touch_snoozed_until=today + timedelta(days=rhythm))
    touch.refresh(owner_id=user.pk, contact_ids=[contact.pk])
    contact.refresh_from_db(fields=["touch_due_on", "touch_snoozed_until"])
    return Answer(contact, _("Skipped %(name)s this round: due again on %(date)s.") % {
        "name": contact, "date": _day(contact.touch_due_on),
    })


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def due_of_members(today_of: dict[int, date], first: int) -> dict[int, tuple[int, list[Contact]]]:
    """For the digest: per member, how many contacts are due on their own today and the
    first few of them (longest overdue first). One query for the whole batch."""
    found: dict[int, tuple[int, list[Contact]]] = {user_id: (0, []) for user_id in today_of}
    if not today_of:
        return found
    members_by_day: dict[date, list[int]] = {}
    for user_id, day in today_of.items():
        members_by_day.setdefault(day, []).append(user_id)
    condition = Q()
    for day, user_ids in members_by_day.items():
        condition |= Q(owner_id__in=user_ids, touch_due_on__lte=day)
    rows = (
        Contact.objects.filter(condition, touch_due_on__isnull=False)
        .filter(can_be_due(list(today_of)))
        .annotate(
            due_rank=Window(RowNumber(), partition_by=F("owner_id"), order_by=[F("touch_due_on").asc(), F("pk").asc()]),
            total=Window(Count("pk"), partition_by=F("owner_id")),
        )
        .filter(due_rank__lte=first)
        .only("owner_id", "first_name", "last_name", "company", "profile_url", "touch_due_on")
        .order_by("owner_id", "due_rank")
    )
    for row in rows:
        total, listed = found[row.owner_id]
        listed.append(row)
        found[row.owner_id] = (row.total, listed)
    return found
