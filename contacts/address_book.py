"""Contacts from where people keep them besides LinkedIn (a phone, Google Contacts,
Outlook): what the vCard reader (contacts.vcard_import) and the mapped-CSV reader
(contacts.csv_mapping) share.

Both give ConnectionRow objects, so one import path (contacts.generic_import, through
the same staging tables as a LinkedIn export) writes them all-or-nothing. In a row every
address, number and profile is a method (kind, type, label, value, key); the first of
each kind also fills the contact's own field, and the import leaves out of the methods
whatever ends up in a contact's own fields.
"""

import codecs
import re
from collections.abc import Iterable, Iterator
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netwerk.lib.textnorm import fold_char

from .linkedin import MAX_LENGTHS, ConnectionRow, ImportFileError, Skipped
from .methods import clean_value, profile_type
from .models import KeyDate, MethodKind, MethodType
from .services import split_name

MAX_METHODS = 50  # per kind and person: more is not an address book, it is a list
MAX_LABELS = 50
MAX_NOTE = 20_000
NAME_LIMITS = {"first_name": 150, "last_name": 150, "company": 200, "position": 300}
METHOD_FIELDS = {MethodKind.EMAIL: "email", MethodKind.PHONE: "phone", MethodKind.PROFILE: "website"}
MAX_DATES = 10
# Netwerk's names for the dates address books keep.
BIRTHDAY, ANNIVERSARY, OTHER_DATE = _("Birthday"), _("Anniversary"), _("Date")
EARLIEST_YEAR = 1800  # an earlier year is a phone's stand-in for "no year" (Apple writes 1604)

# The ways address books write a date, each without nested repetition (linear time):
# 1985-03-31, 19850331 (either with a time after it), --03-31 and --0331 (no year),
# 31-3-1985 and 31.3.1985 (day first, as Dutch Outlook writes them), 3/31/1985 (month
# first, as American Outlook writes them, unless the first number cannot be a month).
_ISO_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ][\d:.]*(?:Z|[+-][\d:]+)?)?")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")
_LOCAL_DATE = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})")


def decoded(data: bytes, filename: str, *, declared: str = "") -> str:
    """The text of an uploaded file: UTF-8 (with or without its byte-order mark),
    UTF-16 with one, a charset the file declares, else Windows-1252 (what Outlook writes
    on Dutch Windows). Never fails on the bytes: cp1252 leaves five bytes undefined,
    and those are refused with the file's name."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("the file says it is UTF-16 but is not."), filename=filename) from error
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("the file is not text in a known encoding (UTF-8, UTF-16 or Windows-1252)."), filename=filename
        ) from error


def read_date(value: str, *, omit_year: str = "") -> date | None:
    """The date an address book wrote, in year KeyDate.NO_YEAR when it has none (or says
    to leave it out, as Apple's X-APPLE-OMIT-YEAR does); None for an empty one (Outlook
    writes 0/0/00); ValueError for anything else."""
    value = value.strip()
    if len(value) > 40:
        raise ValueError(value)
    if not value.strip("0-/.: "):
        return None
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = match.group(1), match.group(2), match.group(3)
    elif match := _NO_YEAR.fullmatch(value):
        year, month, day = "", match.group(1), match.group(2)
    elif match := _LOCAL_DATE.fullmatch(value):
        first, separator, second, year = match.groups()
        if len(year) != 4:
            raise ValueError(value)  # which century is not ours to guess
        day, month = (second, first) if separator == "/" and int(first) <= 12 else (first, second)
    else:
        raise ValueError(value)
    if not year or year == omit_year or int(year) < EARLIEST_YEAR:
        year = str(KeyDate.NO_YEAR)
    return date(int(year), int(month), int(day))  # ValueError for 31 February


def clean_text(value: str) -> str:
    """A name or company as typed, without invisible characters and surrounding spaces."""
    value = value or ""
    if not value.isascii():
        value = "".join(char for char in value if char.isascii() or fold_char(char) or char.isspace())
    return " ".join(value.split())


class RowBuilder:
    """Collects one person's values, then gives the ConnectionRow (or None, skipped)."""

    def __init__(self, filename: str, line: int, skipped: list[Skipped], left_out: list[Skipped]):
        self.filename, self.line = filename, line
        self.skipped, self.left_out = skipped, left_out
        self.first_name = self.last_name = self.full_name = self.company = self.position = ""
        self.methods: list[tuple[str, str, str, str, str]] = []
        self.labels: list[str] = []
        self.notes: list[str] = []
        self.key_dates: list[tuple[str, str, date]] = []

    def add_date(self, name, value: str, *, omit_year: str = "") -> None:
        """A date that matters (a birthday); the first of each name counts. `name` is a
        label from the file, or one of Netwerk's own names (lazy), kept in English too so
        that a member who switches language does not get the same birthday twice."""
        with translation.override("en"):
            english = clean_text(str(name))[:100]
        name = clean_text(str(name))[:100]
        if not name or len(self.key_dates) >= MAX_DATES or any(known[0] == name for known in self.key_dates):
            return
        try:
            when = read_date(value, omit_year=omit_year)
        except ValueError:
            self.left_out.append(Skipped(self.filename, self.line, "key_date", f"{name}: {clean_text(value)[:40]}"))
            return
        if when is not None:
            self.key_dates.append((name, english, when))

    def add(self, kind: str, value: str, type_: str = "", label: str = "") -> None:
        value = (value or "").strip()
        if not value or sum(1 for m in self.methods if m[0] == kind) >= MAX_METHODS:
            return
        try:
            stored, key = clean_value(kind, value)
        except ValidationError:
            self.left_out.append(Skipped(self.filename, self.line, METHOD_FIELDS[kind], value[:80]))
            return
        if len(stored) > 500 or any(m[0] == kind and m[4] == key for m in self.methods):
            return
        if type_ not in {choice.value for choice in MethodType}:
            type_ = ""
        if not type_:
            type_ = profile_type(stored) if kind == MethodKind.PROFILE else MethodType.OTHER
        self.methods.append((kind, type_, clean_text(label)[:60], stored, key))

    def row(self) -> ConnectionRow | None:
        first, last = clean_text(self.first_name), clean_text(self.last_name)
        if not first and not last and self.full_name:
            full = clean_text(self.full_name)
            if "," in full:  # "de Vries, Jan", as Outlook files people
                last, _comma, first = (part.strip() for part in full.partition(","))
            else:
                first, last = split_name(full)
        if not first and not last:
            self.skipped.append(Skipped(self.filename, self.line, "no_name"))
            return None
        values = {"first_name": first, "last_name": last, "company": clean_text(self.company),
                  "position": clean_text(self.position)}
        for name, limit in NAME_LIMITS.items():
            if len(values[name]) > limit:
                self.skipped.append(Skipped(self.filename, self.line, "too_long", name))
                return None
        row = ConnectionRow(self.line, first, last, "", "", values["company"], values["position"], None)
        for kind, type_, _label, stored, _key in self.methods:
            if kind == MethodKind.EMAIL:
                if type_ == MethodType.HOME and not row.private_email:
                    row.private_email = stored
                elif not row.email and len(stored) <= MAX_LENGTHS["email"]:
                    row.email = stored
            elif kind == MethodKind.PHONE and not row.phone:
                row.phone = stored
            elif kind == MethodKind.PROFILE:
                if type_ == MethodType.LINKEDIN and not row.profile_url:
                    row.profile_url = stored
                elif type_ == MethodType.WEBSITE and not row.website:
                    row.website = stored
        row.methods = self.methods
        row.labels = list(dict.fromkeys(clean_text(name)[:80] for name in self.labels if clean_text(name)))[:MAX_LABELS]
        row.notes = [note[:MAX_NOTE] for note in self.notes if note.strip()]
        row.key_dates = self.key_dates
        return row


def one_per_person(rows: Iterable[ConnectionRow], filename: str, skipped: list[Skipped]) -> Iterator[ConnectionRow]:
    """A later card or row for someone already in the file (the same profile, e-mail
    address or phone number, or the same name and company) is reported, not imported twice."""
    seen: dict = {}
    for row in rows:
        keys = [(kind, key) for kind, _t, _l, _v, key in row.methods]
        keys.append(("name", row.first_name.casefold(), row.last_name.casefold(), row.company.casefold()))
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            skipped.append(Skipped(filename, row.line, "duplicate", str(first)))
            continue
        for key in keys:
            seen[key] = row.line
        yield row
