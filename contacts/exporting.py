"""Taking contacts out again: as CSV and vCard.

The CSV is Netwerk's own import format too (`linkedin.NETWERK_CONTACTS`): exporting and
re-importing gives the same contacts, labels, notes and private details. Cells that a
spreadsheet would run as a formula get a leading apostrophe.

The whole-account zip is written by netwerk.export (it must know every app).
"""

import csv
import uuid
from collections.abc import Iterator
from functools import cache

import vobject
from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Prefetch
from django.utils import timezone, translation

from .address_book import BIRTHDAY
from .cells import NEUTRALISED_PREFIXES
from .models import Contact, ContactMethod, KeyDate, Label, Note

CSV_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
    "Labels",
    "How We Met",
    "Website",
    "Private Email",
    "Phone",
    "Other Emails",
    "Other Phones",
    "Other Profiles",
)
METHOD_KINDS = ("email", "phone", "profile")  # the order of the "Other" columns
VCARD_NAMESPACE = uuid.UUID("6f1c1f8e-4a1e-4c57-9a57-2f3a7c1d0b11")


def neutralise(value) -> str:
    """A cell a spreadsheet will not run: `=SUM(A1)` becomes `'=SUM(A1)`.

    A value that already starts with an apostrophe gets one more, so that the import,
    which removes exactly one, gives back the original."""
    text = "" if value is None else str(value)
    if text[:1] in NEUTRALISED_PREFIXES:
        return "'" + text
    return text


def _export_contacts(owner, *, active_only: bool) -> tuple[models.QuerySet, int]:
    contacts = Contact.objects.owned_by(owner)
    if active_only:
        contacts = contacts.active()
    most_notes = (
        Note.objects.filter(owner=owner, contact__in=contacts)
        .values("contact")
        .annotate(n=Count("id"))
        .aggregate(most=Max("n"))["most"]
        or 0
    )
    contacts = contacts.order_by(*Contact.NAME_ORDER).prefetch_related(
        Prefetch("labels", queryset=Label.objects.order_by("name")),
        Prefetch("notes", queryset=Note.objects.order_by("created_at", "id")),
        Prefetch("methods", queryset=ContactMethod.objects.order_by("kind", "id")),
    )
    return contacts, most_notes


def csv_rows(owner, *, active_only: bool = True) -> Iterator[list[str]]:
    """The header, then one row per contact: labels one per line in one cell, each note
    in its own `Note N` column."""
    contacts, most_notes = _export_contacts(owner, active_only=active_only)
    yield [*CSV_COLUMNS, *(f"Note {n}" for n in range(1, most_notes + 1))]
    for contact in contacts.iterator(chunk_size=1000):
        notes = [note.body for note in contact.notes.all()]
        row = [
            contact.first_name,
            contact.last_name,
            contact.profile_url,
            contact.email,
            contact.company,
            contact.position,
            contact.connected_on.isoformat() if contact.connected_on else "",
            "\n".join(label.name for label in contact.labels.all()),
            contact.how_we_met,
            contact.website,
            contact.private_email,
            str(contact.phone or ""),
            *method_cells(contact),
            *notes,
            *([""] * (most_notes - len(notes))),
        ]
        yield [neutralise(cell) for cell in row]


def method_cells(contact: Contact) -> list[str]:
    """The "Other" columns: a line per way to reach, "type (label): value"
    (contacts.linkedin_rows.read_methods reads them back)."""
    lines: dict[str, list[str]] = {kind: [] for kind in METHOD_KINDS}
    for method in contact.methods.all():
        label = f" ({method.label})" if method.label else ""
        lines[method.kind].append(f"{method.type}{label}: {method.value}")
    return ["\n".join(lines[kind]) for kind in METHOD_KINDS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_contacts_csv(owner) -> Iterator[str]:
    """The CSV as text chunks, for a streaming download."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff"  # spreadsheets read UTF-8 only with a byte-order mark
    for row in csv_rows(owner):
        yield writer.writerow(row)


def write_contacts_csv(owner, out) -> int:
    """Write the CSV to a text file; returns the number of contacts."""
    count = -1
    for chunk in iter_contacts_csv(owner):
        out.write(chunk)
        count += chunk != "\ufeff"
    return max(count, 0)


def _vcard(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(VCARD_NAMESPACE, f'{contact.owner_id}:{contact.pk}')}"
    card.add("fn").value = contact.full_name or str(contact)
    card.add("n").value = vobject.vcard.Name(family=contact.last_name, given=contact.first_name)
    if contact.company:
        card.add("org").value = [contact.company]
    if contact.position:
        card.add("title").value = contact.position
    if contact.email:
        _typed(card, "email", contact.email, "work")
    if contact.private_email and contact.private_email != contact.email:
        _typed(card, "email", contact.private_email, "home")
    if contact.phone:
        _typed(card, "tel", str(contact.phone), "voice")
    for url in dict.fromkeys(filter(None, (contact.profile_url, contact.website))):
        card.add("url").value = url
    for method in contact.methods.all():
        if method.kind == "profile":
            _typed(card, "url", method.value, VCARD_TYPES.get(method.type, ""), method.label)
        else:
            name = "email" if method.kind == "email" else "tel"
            _typed(card, name, method.value, VCARD_TYPES.get(method.type, ""), method.label)
    labels = [label.name for label in contact.labels.all()]
    if labels:
        card.add("categories").value = labels
    texts = ([contact.how_we_met] if contact.how_we_met else []) + [note.body for note in contact.notes.all()]
    if texts:
        card.add("note").value = "\n\n".join(texts)
    _key_dates(card, contact.key_dates.all())
    if contact.connected_on:
        # Not ANNIVERSARY: an address book would show the day two people connected on
        # LinkedIn as a yearly anniversary, and reading the file back would make it one.
        card.add("x-netwerk-connected-on").value = contact.connected_on.strftime("%Y%m%d")
    card.add("rev").value = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return card.serialize()


# Netwerk's types as vCard TYPE values (RFC 6350: work, home; cell for a mobile number).
VCARD_TYPES = {"work": "work", "home": "home", "mobile": "cell", "linkedin": "x-linkedin", "mastodon": "x-mastodon",
               "website": "home"}


def _typed(card, name: str, value: str, type_: str, label: str = "") -> None:
    """A property with its TYPE parameter and, when the member gave one, its label (as
    Apple and Google write it: X-ABLabel)."""
    line = card.add(name)
    line.value = value
    if type_:
        line.type_param = type_
    if label:
        line.params["X-ABLABEL"] = [label]


def _key_dates(card, key_dates) -> None:
    """Yearly dates that matter as address books keep them: the birthday as BDAY, the
    others as Apple's labelled dates (X-ABDATE with an X-ABLabel), which Google reads too;
    no year is written as --MMDD. A one-off date is Netwerk's reminder, not an address
    book's, and stays out."""
    birthday_names = _birthday_names()
    has_birthday = False
    for number, key_date in enumerate(key_dates, start=1):
        value = key_date.date.strftime("%Y%m%d") if key_date.has_year else key_date.date.strftime("--%m%d")
        if not has_birthday and key_date.name.casefold() in birthday_names:
            card.add("bday").value = value
            has_birthday = True
            continue
        group = f"date{number}"
        card.add("x-abdate", group=group).value = value
        card.add("x-ablabel", group=group).value = key_date.name


@cache
def _birthday_names() -> frozenset[str]:
    """"Birthday" in every language Netwerk speaks, read once per process."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(BIRTHDAY).casefold())
    return frozenset(names)


def iter_vcards(owner) -> Iterator[str]:
    """Every contact (archived ones too) as vCard 4.0, one after the other in one file."""
    contacts, _most_notes = _export_contacts(owner, active_only=False)
    contacts = contacts.prefetch_related(
        Prefetch("key_dates", queryset=KeyDate.objects.filter(yearly=True).order_by("date", "id"))
    )
    for contact in contacts.iterator(chunk_size=1000):
        yield _vcard(contact)


def export_filename(owner, suffix: str) -> str:
    return f"netwerk-{owner.get_username()}-{timezone.localdate().isoformat()}.{suffix}"
