"""Write-side rules for contacts: labels added, removed, merged and deleted in bulk, and
the contact an accepted invitation makes.

Each label function touches many rows at once, runs in one transaction and takes a constant
number of queries however many contacts it covers (a member may label 30,000 at once).
"""

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.lib.cache import forget_member_figures

from . import touch
from .models import Contact, ContactLabel, ContactSource, Label, ensure_review_label


class LabelRuleError(ValueError):
    """A label operation the rules forbid; the message is translated and shown as is."""


def _owned_contact_ids_sql(*, owner, contacts: QuerySet) -> tuple[str, tuple]:
    """SQL selecting the ids of `contacts` that belong to `owner` (never anyone else's)."""
    ids = Contact.objects.filter(owner=owner, pk__in=contacts.order_by().values("pk")).order_by().values("pk")
    sql, params = ids.query.sql_with_params()
    return sql, tuple(params)


@transaction.atomic
def add_label(*, owner, label: Label, contacts: QuerySet) -> int:
    """Put `label` on every contact in `contacts`; contacts that already carry it keep
    their original `added_at`. One INSERT ... SELECT, whatever the number of contacts.
    Returns how many contacts newly got the label."""
    if label.owner_id != owner.pk:
        raise LabelRuleError(_("That label is not yours."))
    forget_member_figures(owner)  # raw SQL sends no signals
    table = ContactLabel._meta.db_table
    ids_sql, ids_params = _owned_contact_ids_sql(owner=owner, contacts=contacts)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({quote('contact_id')}, {quote('label_id')}, {quote('added_at')}) "  # nosec B608 (quoted table and column names; values are parameters)
        f"SELECT chosen.{quote('id')}, %s, %s FROM {quote(Contact._meta.db_table)} chosen "
        f"WHERE chosen.{quote('id')} IN ({ids_sql}) "
        f"ON CONFLICT ({quote('contact_id')}, {quote('label_id')}) DO NOTHING"
    )
    added_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, (label.pk, added_at, *ids_params))
        added = max(cursor.rowcount, 0)
    if label.keep_in_touch_days and added:
        touch.refresh_label(label)
    return added


@transaction.atomic
def remove_label(*, owner, label: Label, contacts: QuerySet) -> int:
    """Take `label` off every contact in `contacts`. Returns how many lost it."""
    if label.owner_id != owner.pk:
        raise LabelRuleError(_("That label is not yours."))
    forget_member_figures(owner)
    ids = Contact.objects.filter(owner=owner, pk__in=contacts.order_by().values("pk")).order_by().values("pk")
    links = ContactLabel.objects.filter(label=label, contact__in=ids)
    touched = list(links.values_list("contact_id", flat=True)) if label.keep_in_touch_days else []
    removed = links._raw_delete(ContactLabel.objects.db)
    touch.refresh(owner_id=owner.pk, contact_ids=touched)
    return removed


def put_under_review(*, owner, contacts: QuerySet) -> int:
    """Give `contacts` the member's review label ("Verwijderen?"), the start of a review."""
    return add_label(owner=owner, label=ensure_review_label(owner), contacts=contacts)


@transaction.atomic
def merge_labels(*, owner, source: Label, target: Label) -> int:
    """Move every contact of `source` to `target` and delete `source`. A contact that
    carried both keeps the earlier `added_at`. The review label cannot be merged away
    (it may be the target). Returns how many contacts newly got `target`."""
    if source.owner_id != owner.pk or target.owner_id != owner.pk:
        raise LabelRuleError(_("That label is not yours."))
    if source.pk == target.pk:
        raise LabelRuleError(_("Choose two different labels to merge."))
    if source.is_review:
        raise LabelRuleError(_("The review label cannot be merged into another label; merge the other label into it."))
    forget_member_figures(owner)
    table = ContactLabel._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({quote('contact_id')}, {quote('label_id')}, {quote('added_at')}) "  # nosec B608 (quoted table and column names; values are parameters)
            f"SELECT {quote('contact_id')}, %s, {quote('added_at')} FROM {quote(table)} WHERE {quote('label_id')} = %s "
            f"ON CONFLICT ({quote('contact_id')}, {quote('label_id')}) DO NOTHING",
            (target.pk, source.pk),
        )
        moved = max(cursor.rowcount, 0)
    source.delete()
    if source.keep_in_touch_days or target.keep_in_touch_days:
        touch.refresh_label(target)
    return moved


@transaction.atomic
def delete_label(*, owner, label: Label) -> None:
    """Delete a label (its contacts stay, without it). The review label is never deleted."""
    if label.owner_id != owner.pk:
        raise LabelRuleError(_("That label is not yours."))
    if label.is_review:
        raise LabelRuleError(_("The review label cannot be deleted; you can rename it."))
    forget_member_figures(owner)
    links = ContactLabel.objects.filter(label=label)
    touched = list(links.values_list("contact_id", flat=True)) if label.keep_in_touch_days else []
    links._raw_delete(ContactLabel.objects.db)
    Label.objects.filter(pk=label.pk).delete()
    touch.refresh(owner_id=owner.pk, contact_ids=touched)


def split_name(name: str) -> tuple[str, str]:
    """First name and last name from a full name as people write it: the first word, then
    the rest ("Anne  de Vries" -> "Anne", "de Vries"); whitespace collapsed."""
    first, _space, last = " ".join(name.split()).partition(" ")
    return first, last


def contact_for_invitation(
    *, owner, existing: Contact | None, name: str, source: str, connected_on, **details: str
) -> Contact:
    """The person of an accepted invitation (sent or received) as the member's contact.

    No `existing` contact: a new one, named by `split_name(name)`, with `details`
    (profile_url, email, company, position). An existing one keeps what it has: only empty
    fields are filled (a profile URL only when no other contact of the member has it), and
    a contact the member added by hand takes `source`."""
    if existing is None:
        first_name, last_name = split_name(name)
        contact = Contact.objects.create(
            owner=owner, first_name=first_name, last_name=last_name, source=source, connected_on=connected_on, **details
        )
        touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
        return contact
    url = details.pop("profile_url", "")
    for field, value in details.items():
        if value and not getattr(existing, field):
            setattr(existing, field, value)
    existing.connected_on = existing.connected_on or connected_on
    if url and not existing.profile_url and not Contact.objects.owned_by(owner).filter(profile_url=url).exists():
        existing.profile_url = url
    if existing.source == ContactSource.MANUAL:
        existing.source = source
    existing.save()
    touch.refresh(owner_id=owner.pk, contact_ids=[existing.pk])  # connecting counts as contact
    return existing
