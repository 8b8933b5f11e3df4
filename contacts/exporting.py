"""Taking everything out again: contacts as CSV and vCard, the whole account as a zip.

The CSV is Netwerk's own import format too (`linkedin.NETWERK_CONTACTS`): exporting and
re-importing gives the same contacts, labels, notes and private details. Cells that a
spreadsheet would run as a formula get a leading apostrophe.

The account export covers every model of the member-data apps, found by looking for the
path from each model to its owner (`exported_models()`): a model added later is exported
without touching this file, and a model with no path to an owner fails the tests.
"""

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterator

import vobject
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from .linkedin import NEUTRALISED_PREFIXES
from .models import Contact, Label, Note

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
)
MEMBER_DATA_APPS = ("accounts", "contacts", "invitations", "asks", "reviews")
# The member's own account row: what identifies them, never credentials or staff flags.
USER_FIELDS = ("username", "first_name", "last_name", "email", "date_joined", "last_login")
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
            *notes,
            *([""] * (most_notes - len(notes))),
        ]
        yield [neutralise(cell) for cell in row]


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
    for address in dict.fromkeys(filter(None, (contact.email, contact.private_email))):
        card.add("email").value = address
    if contact.phone:
        card.add("tel").value = str(contact.phone)
    for url in dict.fromkeys(filter(None, (contact.profile_url, contact.website))):
        card.add("url").value = url
    labels = [label.name for label in contact.labels.all()]
    if labels:
        card.add("categories").value = labels
    texts = ([contact.how_we_met] if contact.how_we_met else []) + [note.body for note in contact.notes.all()]
    if texts:
        card.add("note").value = "\n\n".join(texts)
    if contact.connected_on:
        card.add("anniversary").value = contact.connected_on.strftime("%Y%m%d")
    card.add("rev").value = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return card.serialize()


def iter_vcards(owner) -> Iterator[str]:
    """Every contact (archived ones too) as vCard 4.0, one after the other in one file."""
    contacts, _most_notes = _export_contacts(owner, active_only=False)
    for contact in contacts.iterator(chunk_size=1000):
        yield _vcard(contact)


# --- the full account export -----------------------------------------------------------------


def owner_lookup(model) -> str | None:
    """The query path from a model to the member who owns its rows, or None."""
    user_model = get_user_model()
    if model is user_model:
        return "pk"
    names = {f.name: f for f in model._meta.get_fields() if f.concrete}
    for name in ("owner", "user"):
        field = names.get(name)
        if field is not None and field.is_relation and field.related_model is user_model:
            return name
    for field in names.values():
        if field.many_to_one or field.one_to_one:
            related = field.related_model
            if related is not model and "owner" in {f.name for f in related._meta.get_fields()}:
                return f"{field.name}__owner"
    return None


def exported_models() -> list[tuple[type[models.Model], str]]:
    """Every model in the member-data apps, with its path to the owner."""
    result = []
    for app_label in MEMBER_DATA_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            lookup = owner_lookup(model)
            if lookup is None:
                raise LookupError(f"{model._meta.label} has no path to its owner; the account export cannot scope it.")
            result.append((model, lookup))
    return result


def _owned(model, lookup: str, owner) -> models.QuerySet:
    return model._default_manager.filter(**{lookup: owner.pk}).order_by("pk")


def write_account_export(owner, out) -> dict[str, int]:
    """A zip of JSON files, one per model, plus contacts.csv and contacts.vcf; returns
    the number of rows per model (also in manifest.json)."""
    counts: dict[str, int] = {}
    user_model = get_user_model()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model, lookup in exported_models():
            queryset = _owned(model, lookup, owner)
            fields = USER_FIELDS if model is user_model else None
            with archive.open(f"{model._meta.label_lower}.json", "w") as entry:
                text = io.TextIOWrapper(entry, encoding="utf-8")
                serializers.serialize("json", queryset.iterator(chunk_size=2000), stream=text, indent=1, fields=fields)
                text.flush()
                text.detach()
            counts[model._meta.label] = queryset.count()
        with archive.open("contacts.csv", "w") as entry:
            text = io.TextIOWrapper(entry, encoding="utf-8", newline="")
            write_contacts_csv(owner, text)
            text.flush()
            text.detach()
        with archive.open("contacts.vcf", "w") as entry:
            for card in iter_vcards(owner):
                entry.write(card.encode("utf-8"))
        manifest = {
            "format": "netwerk-account-export/1",
            "exported_at": timezone.now().isoformat(),
            "member": owner.get_username(),
            "site": settings.SITE_URL,
            "models": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return counts


def export_filename(owner, suffix: str) -> str:
    return f"netwerk-{owner.get_username()}-{timezone.localdate().isoformat()}.{suffix}"
