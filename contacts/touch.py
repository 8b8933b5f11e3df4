"""When each contact is next due for contact (keep in touch), kept on the contact as
`touch_due_on` so the "get in touch" list is one indexed range scan whatever the size of
the network.

The rule: a contact's rhythm is its own `keep_in_touch_days`, else the shortest of its
labels'; none means never due. Due = the last contact (the latest interaction of any kind
and direction, or the day they connected if later: accepting an invitation sets it; with
neither, the day they were added) plus the rhythm, and never before a snooze
(`touch_snoozed_until`). Who is left out of the list (archived, under
review, no longer connected) is the list's business (reviews.keep_in_touch), not this
date's.

Who calls `refresh`: every write that changes a contact's rhythm or last contact. Saving
or deleting an Interaction does it through a signal (contacts.signals); the set-based
writes that send no signals call it themselves (the label services, imports, a label's
rhythm edit). A nightly task recomputes every member's dates as a safety net.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from .models import Contact, ContactLabel, Interaction, Label

MAX_RHYTHM_DAYS = 3650
BATCH = 2000


def _rhythm_of_labels():
    return Subquery(
        ContactLabel.objects.filter(contact=OuterRef("pk"), label__keep_in_touch_days__isnull=False)
        .order_by()
        .values("contact")
        .annotate(days=Min("label__keep_in_touch_days"))
        .values("days")[:1]
    )


def _last_contact():
    return Subquery(
        Interaction.objects.filter(contact=OuterRef("pk"))
        .order_by()
        .values("contact")
        .annotate(last=Max("date"))
        .values("last")[:1]
    )


def due_on(*, rhythm: int | None, last, connected_on, created_at, snoozed_until):
    """The day a contact is due, or None when it has no rhythm."""
    if not rhythm:
        return None
    # Connecting (an accepted invitation sets the day) is a contact too.
    start = max((day for day in (last, connected_on) if day), default=None) or timezone.localdate(created_at)
    due = start + timedelta(days=rhythm)
    return max(due, snoozed_until) if snoozed_until else due


def refresh(*, owner_id: int, contact_ids: Iterable[int] | None = None) -> int:
    """Recompute `touch_due_on` for these contacts of the member (all of them with None).
    Returns how many changed. One read and one UPDATE per distinct new date changed."""
    contacts = Contact.objects.filter(owner_id=owner_id).order_by()
    ids = None if contact_ids is None else sorted(set(contact_ids))
    if ids is not None and not ids:
        return 0
    changed: dict = defaultdict(list)
    chunks = [None] if ids is None else [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
    for chunk in chunks:
        rows = contacts if chunk is None else contacts.filter(pk__in=chunk)
        rows = rows.annotate(label_days=_rhythm_of_labels(), last=_last_contact()).values_list(
            "pk", "keep_in_touch_days", "label_days", "last", "connected_on", "created_at",
            "touch_snoozed_until", "touch_due_on",
        )
        for pk, own, label_days, last, connected_on, created_at, snoozed, current in rows.iterator(chunk_size=BATCH):
            new = due_on(
                rhythm=own or label_days, last=last, connected_on=connected_on, created_at=created_at,
                snoozed_until=snoozed,
            )
            if new != current:
                changed[new].append(pk)
    # Few distinct dates (one rhythm change): one UPDATE per date. Many (a first refresh
    # after an import): bulk_update's CASE, a thousand rows a statement, instead of an
    # UPDATE per date (1,500 of them took 7 s for 30,000 contacts).
    if len(changed) <= 20:
        for day, pks in changed.items():
            for start in range(0, len(pks), BATCH):
                Contact.objects.filter(pk__in=pks[start : start + BATCH]).update(touch_due_on=day)
    else:
        rows = [Contact(pk=pk, touch_due_on=day) for day, pks in changed.items() for pk in pks]
        Contact.objects.bulk_update(rows, ["touch_due_on"], batch_size=1000)
    return sum(len(pks) for pks in changed.values())


def refresh_label(label) -> int:
    """After a label's rhythm changed (or the label went away): its contacts again."""
    ids = ContactLabel.objects.filter(label=label).values_list("contact_id", flat=True)
    return refresh(owner_id=label.owner_id, contact_ids=list(ids))


def delete_interactions(*, owner_id: int, interactions) -> None:
    """Delete these interactions of the member and move their contacts' dates back (the
    last contact may have been one of them)."""
    interactions = interactions.filter(owner_id=owner_id)
    contact_ids = list(interactions.values_list("contact_id", flat=True).distinct())
    interactions.delete()
    refresh(owner_id=owner_id, contact_ids=contact_ids)


def rhythm_of(contact) -> int | None:
    """The contact's rhythm in days: its own, else the shortest of its labels'."""
    if contact.keep_in_touch_days:
        return contact.keep_in_touch_days
    days = ContactLabel.objects.filter(contact=contact, label__keep_in_touch_days__isnull=False).aggregate(
        days=Min("label__keep_in_touch_days")
    )["days"]
    return days


def uses_rhythms(owner_id: int) -> bool:
    """Whether the member set any rhythm (a cheap check before a full refresh)."""
    return (
        Label.objects.filter(owner_id=owner_id, keep_in_touch_days__isnull=False).exists()
        or Contact.objects.filter(owner_id=owner_id, keep_in_touch_days__isnull=False).exists()
    )
