"""Two contacts of one member made one, and undone again within MERGE_UNDO_DAYS.

merge(kept, other, choices): per field, the kept contact takes its own value or the
other's (`choices`); every row pointing at the other contact (labels, notes,
interactions, invitations, review decisions, asks, favours, introductions: every
registered hooks.ContactReference) moves to the kept one; a value that loses is not
lost: e-mail addresses, phone numbers and profiles become extra ways to reach the kept
contact (so a later import matches them instead of re-creating the duplicate), the
other's "how we met" becomes a note. Then the other contact is deleted; the Merge row
keeps all of it as it was, so undo() can recreate it under its own id and move back
exactly the rows that moved.

Both run under the member lock, in one transaction: all of it or nothing.
"""

import json
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phonenumber_field.phonenumber import PhoneNumber

from netwerk.lib.cache import forget_member_figures

from . import hooks, touch
from .locks import lock_member
from .methods import key_of, own_keys, profile_type
from .models import Contact, ContactMethod, Merge, MethodKind, MethodType, Note, NotSamePerson
from .scanning import request_scan

MERGE_UNDO_DAYS = 90

# The fields the member chooses between, in the order the merge page shows them.
CHOSEN_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "position",
    "profile_url",
    "email",
    "private_email",
    "phone",
    "website",
    "connected_on",
    "how_we_met",
    "introduced_by",
    "keep_in_touch_days",
)
# A losing value of these becomes an extra way to reach the kept contact.
KEPT_AS_METHOD = {
    "email": (MethodKind.EMAIL, MethodType.WORK),
    "private_email": (MethodKind.EMAIL, MethodType.HOME),
    "phone": (MethodKind.PHONE, MethodType.OTHER),
    "profile_url": (MethodKind.PROFILE, None),
    "website": (MethodKind.PROFILE, MethodType.WEBSITE),
}
# Written by the database (generated columns, the notes trigger): never copied back.
NOT_RECREATED = {"search_text", "surname_sort", "notes_text"}


class MergeRefused(Exception):
    """A merge or undo that cannot happen; nothing was changed. str() is for the member."""


def attname(name: str) -> str:
    return Contact._meta.get_field(name).attname


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, PhoneNumber):
            return o.as_e164
        return super().default(o)


def as_json(values: dict) -> dict:
    return json.loads(json.dumps(values, cls=_Encoder))


def row_of(instance: models.Model) -> dict:
    """Every stored column of `instance`, as JSON can keep it."""
    return as_json(
        {
            field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
            if field.attname not in NOT_RECREATED
        }
    )


def default_choices(kept: Contact, other: Contact) -> dict[str, str]:
    """Keep each of the kept contact's values, taking the other's where it has none."""
    return {
        name: "other" if not getattr(kept, attname(name)) and getattr(other, attname(name)) else "kept"
        for name in CHOSEN_FIELDS
    }


def merge(*, owner, kept: Contact, other: Contact, choices: dict[str, str], now=None) -> Merge:
    """Make `other` part of `kept`; raises MergeRefused (nothing changed) for a contact
    merged with itself or one that is not the member's."""
    now = now or timezone.now()
    if kept.pk == other.pk:
        raise MergeRefused(_("A contact cannot be merged with itself."))
    with transaction.atomic():
        lock_member(owner)
        both = {c.pk: c for c in Contact.objects.owned_by(owner).select_for_update().filter(pk__in=[kept.pk, other.pk])}
        if len(both) != 2:
            raise MergeRefused(_("One of these contacts no longer exists; nothing was merged."))
        kept, other = both[kept.pk], both[other.pk]
        other_row = row_of(other)
        kept_before = as_json({attname(name): getattr(kept, attname(name)) for name in CHOSEN_FIELDS})
        losing = {}
        for name in CHOSEN_FIELDS:
            column = attname(name)
            take_other = choices.get(name) == "other"
            winner, loser = (other, kept) if take_other else (kept, other)
            if getattr(loser, column) not in ("", None) and getattr(loser, column) != getattr(winner, column):
                losing[name] = getattr(loser, column)
            setattr(kept, column, getattr(winner, column))
        if kept.introduced_by_id in (kept.pk, other.pk):  # introduced by the person they now are
            kept.introduced_by_id = None
        moved, deleted = _move_references(owner=owner, source=other.pk, target=kept.pk)
        not_same = list(
            NotSamePerson.objects.filter(owner=owner)
            .filter(models.Q(first=other) | models.Q(second=other))
            .values_list("first_id", "second_id")
        )
        other.delete()
        kept.updated_at = now
        kept.save()
        created_methods, created_notes = _keep_losers(owner=owner, kept=kept, losing=losing, now=now)
        record = Merge.objects.create(
            owner=owner,
            kept=kept,
            kept_name=str(kept)[:310],
            merged_name=(" ".join(p for p in (other_row["first_name"], other_row["last_name"]) if p) or str(_("(no name)")))[:310],
            merged_contact_id=other_row["id"],
            merged_at=now,
            undo={
                "contact": other_row,
                "kept_before": kept_before,
                "moved": moved,
                "deleted": deleted,
                "methods": created_methods,
                "notes": created_notes,
                "not_same": not_same,
            },
        )
        touch.refresh(owner_id=owner.pk, contact_ids=[kept.pk])
        request_scan(owner)
    forget_member_figures(owner)
    return record


def _move_references(*, owner, source: int, target: int) -> tuple[dict, dict]:
    moved: dict[str, list[int]] = {}
    deleted: dict[str, list[dict]] = {}
    for key, reference in hooks.contact_references.items():
        manager = reference.model._default_manager
        rows = manager.filter(**{reference.field: source})
        if reference.unique_with is not None:
            clashing = _clashing(reference, rows, target)
            if clashing:
                doomed = list(manager.filter(pk__in=clashing))
                deleted[key] = [row_of(row) for row in doomed]
                manager.filter(pk__in=clashing).delete()
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            manager.filter(pk__in=ids).update(**{reference.field: target})
            moved[key] = ids
    return moved, deleted


def _clashing(reference: hooks.ContactReference, rows, target: int) -> list[int]:
    """Rows of the merged-away contact that a unique constraint forbids on the kept one."""
    theirs = reference.model._default_manager.filter(**{reference.field: target})
    if reference.unique_when is not None:
        rows, theirs = rows.filter(reference.unique_when), theirs.filter(reference.unique_when)
    if not reference.unique_with:
        return list(rows.values_list("pk", flat=True)) if theirs.exists() else []
    taken = set(theirs.values_list(*reference.unique_with))
    return [pk for pk, *values in rows.values_list("pk", *reference.unique_with) if tuple(values) in taken]


def _keep_losers(*, owner, kept: Contact, losing: dict, now) -> tuple[list[int], list[int]]:
    methods, notes = [], []
    for name, value in losing.items():
        if name in KEPT_AS_METHOD:
            kind, type_ = KEPT_AS_METHOD[name]
            value = str(value)
            key = key_of(kind, value)
            if key in own_keys(kept, kind) or ContactMethod.objects.filter(contact=kept, kind=kind, key=key).exists():
                continue
            methods.append(
                ContactMethod.objects.create(
                    owner=owner, contact=kept, kind=kind, type=type_ or profile_type(value), value=value, key=key,
                    created_at=now,
                ).pk
            )
        elif name == "how_we_met":
            body = _("How we met (from the merged contact): %(text)s") % {"text": value}
            notes.append(Note.objects.create(owner=owner, contact=kept, body=body, created_at=now).pk)
    return methods, notes


def undo_deadline(record: Merge):
    return record.merged_at + timedelta(days=MERGE_UNDO_DAYS)


def can_undo(record: Merge, now=None) -> bool:
    return record.undone_at is None and record.kept_id is not None and (now or timezone.now()) < undo_deadline(record)


def undo(*, owner, record: Merge, now=None) -> Contact:
    """Split a merge again: the merged-away contact comes back under its own id with the
    rows that moved; the kept contact gets its values back. Raises MergeRefused (nothing
    changed) when it is too late, already undone, or the kept contact is gone."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_member(owner)
        record = Merge.objects.owned_by(owner).select_for_update().get(pk=record.pk)
        if record.undone_at is not None:
            raise MergeRefused(_("This merge was undone already."))
        if record.kept_id is None:
            raise MergeRefused(_("The contact these two were merged into was deleted, so the merge cannot be undone."))
        if now >= undo_deadline(record):
            raise MergeRefused(
                _("A merge can be undone for %(days)s days; this one is older.") % {"days": MERGE_UNDO_DAYS}
            )
        data = record.undo
        kept = Contact.objects.owned_by(owner).select_for_update().get(pk=record.kept_id)
        ContactMethod.objects.filter(pk__in=data["methods"], contact=kept).delete()
        Note.objects.filter(pk__in=data["notes"], contact=kept).delete()
        for column, value in from_json(data["kept_before"]).items():
            setattr(kept, column, value)
        kept.updated_at = now
        kept.save()
        try:
            with transaction.atomic():
                other = Contact(**from_json(data["contact"]))
                other.updated_at = now
                other.save(force_insert=True)
        except IntegrityError as error:
            raise MergeRefused(
                _("Another contact now has the merged contact's profile URL; undo that change first.")
            ) from error
        for key, ids in data["moved"].items():
            reference = hooks.contact_references.get(key)
            if reference is not None:
                reference.model._default_manager.filter(pk__in=ids, **{reference.field: kept.pk}).update(
                    **{reference.field: other.pk}
                )
        for key, rows in data["deleted"].items():
            reference = hooks.contact_references.get(key)
            for row in rows if reference is not None else ():
                try:
                    with transaction.atomic():
                        reference.model._default_manager.create(**from_json(row, reference.model))
                except IntegrityError:  # its place was taken since: the newer row stays
                    pass
        NotSamePerson.objects.bulk_create(
            [NotSamePerson(owner=owner, first_id=a, second_id=b) for a, b in data["not_same"]], ignore_conflicts=True
        )
        record.undone_at = now
        record.save(update_fields=["undone_at"])
        touch.refresh(owner_id=owner.pk, contact_ids=[kept.pk, other.pk])
        request_scan(owner)
    forget_member_figures(owner)
    return other


def from_json(values: dict, model=Contact) -> dict:
    """Stored columns back from JSON: dates and times as Python values again."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return {
        column: fields[column].to_python(value) if value is not None and column in fields else value
        for column, value in values.items()
        if column in fields
    }
