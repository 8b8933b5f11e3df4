"""Write-side of the review: every decision is one atomic service function that also
records itself (what, why, when). Removing archives; only the purge deletes, and only
unpinned contacts archived longer than NETWERK_ARCHIVE_RETENTION_DAYS."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contacts.models import Contact, ContactLabel, ContactStatus, Note, ensure_review_label
from netwerk.lib.cache import forget_member_figures

from .models import Action, RemovalReason, ReviewDecision

FALLBACK_SNOOZE = timedelta(days=7)


class ReviewError(Exception):
    """A decision that cannot be made on this contact now; the message is for the member."""


def _record(*, user, contact: Contact, action: str, now: datetime, **fields) -> ReviewDecision:
    # Archiving and restoring are QuerySet.update()s, which send no signals.
    forget_member_figures(user)
    return ReviewDecision.objects.create(
        owner=user, contact=contact, contact_name=str(contact)[:310], action=action, decided_at=now, **fields
    )


def _review_link(user, contact: Contact):
    label = ensure_review_label(user)
    return ContactLabel.objects.filter(contact=contact, label=label)


def _lock(contact: Contact) -> None:
    """Serialise decisions on this contact (two tabs, a double click, six parallel
    POSTs): the second waits for the first to commit, then reads its outcome and is
    refused. The caller's copy gets the committed state."""
    locked = Contact.objects.select_for_update().only("status", "archived_at").get(pk=contact.pk)
    contact.status, contact.archived_at = locked.status, locked.archived_at


def _require_active(contact: Contact) -> None:
    _lock(contact)
    if contact.status != ContactStatus.ACTIVE:
        raise ReviewError(_("%(name)s is archived already.") % {"name": contact})


@transaction.atomic
def keep_contact(*, user, contact: Contact, note: str = "", via_email: bool = False, now: datetime | None = None):
    """Keep: the contact leaves the review label; an optional note goes with the decision
    and onto the contact's private notes."""
    now = now or timezone.now()
    _require_active(contact)
    deleted, _rows = _review_link(user, contact).delete()
    if not deleted:
        raise ReviewError(_("%(name)s is not under review any more.") % {"name": contact})
    note = note.strip()
    if note:
        Note.objects.create(owner=user, contact=contact, body=note, created_at=now)
    return _record(user=user, contact=contact, action=Action.KEEP, note=note, via_email=via_email, now=now)


@transaction.atomic
def remove_contact(
    *, user, contact: Contact, reason: str, note: str = "", via_email: bool = False, now: datetime | None = None
):
    """Remove: archive, never delete. The contact leaves every list and count; notes,
    interactions and history stay until the purge."""
    now = now or timezone.now()
    if reason not in RemovalReason.values:
        raise ReviewError(_("Choose a reason for removing %(name)s.") % {"name": contact})
    _require_active(contact)
    _review_link(user, contact).delete()
    Contact.objects.filter(pk=contact.pk).update(status=ContactStatus.ARCHIVED, archived_at=now, updated_at=now)
    contact.status, contact.archived_at = ContactStatus.ARCHIVED, now
    return _record(
        user=user, contact=contact, action=Action.REMOVE, reason=reason, note=note.strip(), via_email=via_email, now=now
    )


def next_review_moment(user, now: datetime) -> datetime:
    """The member's next review: their next digest, or a week from now when it is off."""
    next_digest = user.profile.next_digest_at
    if next_digest is not None and next_digest > now:
        return next_digest
    return now + FALLBACK_SNOOZE


@transaction.atomic
def snooze_contact(*, user, contact: Contact, now: datetime | None = None):
    """Snooze: the contact stays under the label but leaves the queue until the next review."""
    now = now or timezone.now()
    _require_active(contact)
    if not _review_link(user, contact).exists():
        raise ReviewError(_("%(name)s is not under review any more.") % {"name": contact})
    snoozed = ReviewDecision.objects.filter(owner=user, contact=contact).snoozing(now).first()
    if snoozed is not None:
        raise ReviewError(
            _("%(name)s is snoozed already, until %(until)s.")
            % {"name": contact, "until": formats.date_format(timezone.localtime(snoozed.snoozed_until), "DATE_FORMAT")}
        )
    return _record(
        user=user, contact=contact, action=Action.SNOOZE, snoozed_until=next_review_moment(user, now), now=now
    )


@transaction.atomic
def restore_contact(*, user, contact: Contact, now: datetime | None = None):
    """Undo a removal: the contact is active again, with all notes and history."""
    now = now or timezone.now()
    _lock(contact)
    if contact.status != ContactStatus.ARCHIVED:
        raise ReviewError(_("%(name)s is not archived.") % {"name": contact})
    Contact.objects.filter(pk=contact.pk).update(status=ContactStatus.ACTIVE, archived_at=None, updated_at=now)
    contact.status, contact.archived_at = ContactStatus.ACTIVE, None
    return _record(user=user, contact=contact, action=Action.RESTORE, now=now)


@transaction.atomic
def put_under_review(*, user, contact: Contact, now: datetime | None = None):
    """One click on a suggestion: the contact goes under the review label."""
    now = now or timezone.now()
    _require_active(contact)
    _link, created = ContactLabel.objects.get_or_create(
        contact=contact, label=ensure_review_label(user), defaults={"added_at": now}
    )
    if not created:
        raise ReviewError(_("%(name)s is under review already.") % {"name": contact})
    return _record(user=user, contact=contact, action=Action.SUGGEST, now=now)


def set_pinned(*, user, contact: Contact, pinned: bool) -> None:
    Contact.objects.filter(pk=contact.pk, owner=user).update(pinned=pinned)
    contact.pinned = pinned


def purge_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.NETWERK_ARCHIVE_RETENTION_DAYS)


@transaction.atomic
def purge_archived_contacts(*, now: datetime | None = None) -> int:
    """Delete unpinned contacts archived longer than the retention period. Their
    decisions stay (with the name) so the weekly history keeps its past."""
    now = now or timezone.now()
    doomed = Contact.objects.filter(status=ContactStatus.ARCHIVED, pinned=False, archived_at__lt=purge_cutoff(now))
    owner_ids = set(doomed.values_list("owner_id", flat=True))
    count = doomed.count()
    if count:
        doomed.delete()
    for owner_id in owner_ids:
        forget_member_figures(owner_id)
    return count


@transaction.atomic
def remove_contacts(*, user, contacts, reason: str, note: str = "", now: datetime | None = None) -> int:
    """Remove many at once (the admin's action): each of the member's active `contacts`
    is archived and gets its decision with the reason, as `remove_contact` does for one.
    A constant number of queries however many are chosen. Returns how many were archived."""
    now = now or timezone.now()
    if reason not in RemovalReason.values:
        raise ReviewError(_("Choose a reason for removing these contacts."))
    chosen = list(
        Contact.objects.filter(owner=user, status=ContactStatus.ACTIVE, pk__in=contacts.order_by().values("pk"))
        .select_for_update()
        .only("pk", "first_name", "last_name", "profile_url")
    )
    if not chosen:
        return 0
    ids = [contact.pk for contact in chosen]
    ContactLabel.objects.filter(contact_id__in=ids, label=ensure_review_label(user)).delete()
    Contact.objects.filter(pk__in=ids).update(status=ContactStatus.ARCHIVED, archived_at=now, updated_at=now)
    forget_member_figures(user)
    ReviewDecision.objects.bulk_create(
        ReviewDecision(
            owner=user,
            contact=contact,
            contact_name=str(contact)[:310],
            action=Action.REMOVE,
            reason=reason,
            note=note.strip(),
            decided_at=now,
        )
        for contact in chosen
    )
    return len(chosen)


@transaction.atomic
def restore_contacts(*, user, contacts, now: datetime | None = None) -> int:
    """Undo removals at once: the member's archived `contacts` are active again, each with
    a restore decision. Returns how many were restored."""
    now = now or timezone.now()
    chosen = list(
        Contact.objects.filter(owner=user, status=ContactStatus.ARCHIVED, pk__in=contacts.order_by().values("pk"))
        .select_for_update()
        .only("pk", "first_name", "last_name", "profile_url")
    )
    if not chosen:
        return 0
    Contact.objects.filter(pk__in=[contact.pk for contact in chosen]).update(
        status=ContactStatus.ACTIVE, archived_at=None, updated_at=now
    )
    forget_member_figures(user)
    ReviewDecision.objects.bulk_create(
        ReviewDecision(
            owner=user, contact=contact, contact_name=str(contact)[:310], action=Action.RESTORE, decided_at=now
        )
        for contact in chosen
    )
    return len(chosen)
