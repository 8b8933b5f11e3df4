"""Search and filters for the contact list, as plain functions over a queryset.

Search looks in name, company, position and the contact's private notes, all kept in one
stored column, Contact.search_text (upper case; the database maintains it, migration
0004). On PostgreSQL a trigram GIN index on (owner_id, search_text) answers a substring
search at 30,000 contacts from one index scan; on SQLite the same query is a LIKE scan
of the member's rows.
"""


from django.db.models import DateField, Exists, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, TruncDate, Upper

from netwerk.lib.dates import month_start

from .forms import ContactFilterForm, SortOrder
from .models import ContactLabel, ContactMethod, MethodKind
from .reciprocity import filter_by_reciprocity


def joined_on():
    """The day a contact joined the member's network: the connection date from LinkedIn,
    else the day the contact was added (in the member's time zone). The dashboard's trend
    counts by this date, so its monthly links filter by it too."""
    return Coalesce("connected_on", TruncDate("created_at"), output_field=DateField())


PHONE_PUNCTUATION = frozenset(" -.()/+\u00a0")


def phone_search_digits(term: str) -> str:
    """The stored (E.164) form of a phone number typed in any common notation, as far as
    it goes: "06-12345678", "+31 6 1234 5678", "0031 6..." and "0612345678" all become
    "+31612345678"; a part ("1234 5678") stays digits, found inside the number. "" when
    the term is not a phone number (letters, or fewer than 4 digits). One pass, linear."""
    digits = []
    for character in term.strip():
        if character.isdigit() and character.isascii():
            digits.append(character)
        elif character not in PHONE_PUNCTUATION:
            return ""
    number = "".join(digits)
    if len(number) < 4:
        return ""
    stripped = term.strip()
    if stripped.startswith("+"):
        return "+" + number
    if number.startswith("00"):
        return "+" + number[2:]
    if number.startswith("0"):  # a Dutch number, stored with the country code
        return "+31" + number[1:]
    return number


def search_contacts(contacts: QuerySet, term: str) -> QuerySet:
    """Contacts whose name, company, position or one of whose notes contains every word
    of `term`, ignoring case; a term that is a phone number in any common notation also
    finds the contact with that number, an e-mail address (or part of one, with its @)
    the contacts with it, and a URL (with a /) the contacts with that profile or site,
    in their own fields or among their further ways to reach."""
    match = Q()
    for word in term.split():
        # The database's UPPER, the one that made search_text, so both agree on every letter.
        word_match = Q(search_text__contains=Upper(Value(word, output_field=TextField())))
        if not word.isascii():
            # Python also upper-cases letters SQLite's UPPER leaves alone (é, ë): a name
            # typed with capitals (Émile) is found by a search typed without them.
            word_match |= Q(search_text__contains=word.upper())
        match &= word_match
    if phone := phone_search_digits(term):
        match |= Q(phone__contains=phone) | Q(pk__in=_methods(MethodKind.PHONE, phone))
    address = term.strip()
    if address and not any(character.isspace() for character in address):
        # Only a term that looks like an address or a URL reads these columns: a name
        # search keeps to the one indexed column.
        if "/" in address or address.casefold().startswith("www."):  # a Mastodon URL has an @ too
            match |= (
                Q(profile_url__icontains=address)
                | Q(website__icontains=address)
                | Q(pk__in=_methods(MethodKind.PROFILE, address))
            )
        elif "@" in address:
            match |= (
                Q(email__icontains=address)
                | Q(private_email__icontains=address)
                | Q(pk__in=_methods(MethodKind.EMAIL, address))
            )
    return contacts.filter(match)


def _methods(kind: str, part: str) -> QuerySet:
    """Contacts with a further way to reach of `kind` containing `part` (owner-scoped by
    the contacts queryset the result is combined with)."""
    return ContactMethod.objects.filter(kind=kind, key__icontains=part).values("contact_id")


def filter_contacts(contacts: QuerySet, form: ContactFilterForm, *, owner) -> QuerySet:
    """Apply a validated filter form to the member's (already owner-scoped) contacts."""
    data = form.cleaned_data
    if term := data.get("q", "").strip():
        contacts = search_contacts(contacts, term)
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
        contacts = contacts.alias(_joined=joined_on()).filter(_joined__gte=month, _joined__lt=month_start(month, 1))
    if sources := data.get("source"):
        contacts = contacts.filter(source__in=sources)
    if data.get("disconnected"):
        contacts = contacts.filter(disconnected_on__isnull=False)
    if start := data.get("connected_from"):
        contacts = contacts.filter(connected_on__gte=start)
    if end := data.get("connected_to"):
        contacts = contacts.filter(connected_on__lte=end)
    order = SortOrder.ORDER_BY.get(data.get("sort") or "name", SortOrder.ORDER_BY["name"])
    return contacts.order_by(*order)
