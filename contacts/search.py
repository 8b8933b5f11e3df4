"""Search and filters for the contact list, as plain functions over a queryset.

Search looks in name, company, position and the contact's private notes. On PostgreSQL
the migration `0002_search_indexes` adds trigram GIN indexes on exactly the expressions
used here (`search_text()` and UPPER(note.body)), so a substring search stays fast at
30,000 contacts; on SQLite the same query runs as a plain LIKE scan.
"""

from datetime import date

from django.db.models import DateField, Exists, F, Func, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, TruncDate, Upper

from .forms import ContactFilterForm, SortOrder
from .models import Contact, ContactLabel, Note
from .reciprocity import filter_by_reciprocity


def joined_on():
    """The day a contact joined the member's network: the connection date from LinkedIn,
    else the day the contact was added (in the member's time zone). The dashboard's trend
    counts by this date, so its monthly links filter by it too."""
    return Coalesce("connected_on", TruncDate("created_at"), output_field=DateField())


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def search_text():
    """UPPER(first_name || ' ' || last_name || ' ' || company || ' ' || position): the
    expression the PostgreSQL trigram index covers (keep both in step)."""
    return Upper(
        Func(
            F("first_name"),
            Value(" "),
            F("last_name"),
            Value(" "),
            F("company"),
            Value(" "),
            F("position"),
            arg_joiner=" || ",
            template="(%(expressions)s)",
            output_field=TextField(),
        )
    )


def search_contacts(contacts: QuerySet, term: str, *, owner) -> QuerySet:
    """Contacts whose name, company, position or one of whose notes contains every word.

    Each word becomes `id IN (contacts matching it UNION contacts with a note matching
    it)`: two independent scans that PostgreSQL answers from the trigram indexes, where
    an OR across contact and note columns would make it read every contact."""
    for word in term.split():
        by_text = (
            Contact.objects.filter(owner=owner)
            .alias(_search=search_text())
            .filter(_search__contains=word.upper())
            .values("pk")
        )
        by_note = Note.objects.filter(owner=owner, body__icontains=word).values("contact_id")
        contacts = contacts.filter(pk__in=by_text.union(by_note))
    return contacts


def filter_contacts(contacts: QuerySet, form: ContactFilterForm, *, owner) -> QuerySet:
    """Apply a validated filter form to the member's (already owner-scoped) contacts."""
    data = form.cleaned_data
    if term := data.get("q", "").strip():
        contacts = search_contacts(contacts, term, owner=owner)
    label_ids = data.get("labels") or []
    # `id IN (contacts with the label)` rather than EXISTS: PostgreSQL then intersects the
    # label's contacts with the search hits by hashing, instead of probing per contact.
    if label_ids:
        if data.get("match") == ContactFilterForm.ANY:
            contacts = contacts.filter(
                pk__in=ContactLabel.objects.filter(label_id__in=label_ids).values("contact_id")
            )
        else:
            for label_id in label_ids:
                contacts = contacts.filter(pk__in=ContactLabel.objects.filter(label_id=label_id).values("contact_id"))
    if data.get("unlabelled"):
        contacts = contacts.filter(~Exists(ContactLabel.objects.filter(contact=OuterRef("pk"))))
    if data.get("labelled"):
        contacts = contacts.filter(Exists(ContactLabel.objects.filter(contact=OuterRef("pk"))))
    if kind := data.get("reciprocity"):
        contacts = filter_by_reciprocity(contacts, kind, owner=owner)
    if month := data.get("connected"):
        month = month.replace(day=1)
        contacts = contacts.alias(_joined=joined_on()).filter(_joined__gte=month, _joined__lt=next_month(month))
    if sources := data.get("source"):
        contacts = contacts.filter(source__in=sources)
    if start := data.get("connected_from"):
        contacts = contacts.filter(connected_on__gte=start)
    if end := data.get("connected_to"):
        contacts = contacts.filter(connected_on__lte=end)
    order = SortOrder.ORDER_BY.get(data.get("sort") or "name", SortOrder.ORDER_BY["name"])
    return contacts.order_by(*order)
