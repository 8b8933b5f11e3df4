"""Any CSV with a header, its columns mapped by the member (once per header: the mapping
is remembered in ColumnMapping under a hash of the header's cells).

read_table() decodes the file, finds its separator and header and refuses a first row
that looks like data; guess() proposes a mapping from column names (English and Dutch,
Google's and Outlook's); check() says what is wrong with a mapping; iter_rows() gives
ConnectionRow objects for contacts.generic_import.
"""

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .address_book import ANNIVERSARY, BIRTHDAY, RowBuilder, decoded
from .linkedin import ConnectionRow, ImportFileError, Skipped, import_limits
from .models import ColumnMapping, MethodKind, MethodType

PREVIEW_ROWS = 5
MAX_COLUMNS = 200
MAX_COLUMN_NAME = 200
MAX_CELL = 20_000


class Target:
    IGNORE = ""
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"
    COMPANY = "company"
    POSITION = "position"
    EMAIL = "email"
    PHONE = "phone"
    PROFILE = "profile"
    LABELS = "labels"
    NOTE = "note"
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"


TARGETS = [
    (Target.IGNORE, _("(leave out)")),
    (Target.FIRST_NAME, _("First name")),
    (Target.LAST_NAME, _("Last name")),
    (Target.FULL_NAME, _("Full name")),
    (Target.COMPANY, _("Company")),
    (Target.POSITION, _("Position")),
    (Target.EMAIL, _("E-mail address")),
    (Target.PHONE, _("Phone number")),
    (Target.PROFILE, _("Profile or website (URL)")),
    (Target.LABELS, _("Labels")),
    (Target.NOTE, _("Note")),
    (Target.BIRTHDAY, BIRTHDAY),
    (Target.ANNIVERSARY, ANNIVERSARY),
]
TARGET_NAMES = dict(TARGETS)
SINGLE = {Target.FIRST_NAME, Target.LAST_NAME, Target.FULL_NAME, Target.COMPANY, Target.POSITION}
DATE_TARGETS = {Target.BIRTHDAY, Target.ANNIVERSARY}

# Header words -> target, compared lower-cased without punctuation (Google writes
# "E-mail 1 - Value", Outlook "E-mail Address", a Dutch export "E-mailadres").
GUESSES = [
    (re.compile(r"^(first|given|voor)\s?(name|naam)$|^voornaam$|^roepnaam$"), Target.FIRST_NAME),
    (re.compile(r"^(last|family|sur)\s?name$|^achternaam$|^familienaam$"), Target.LAST_NAME),
    (re.compile(r"^(full\s?)?name$|^naam$|^display name$|^volledige naam$"), Target.FULL_NAME),
    (re.compile(r"^(company|organi[sz]ation( \d+)?( name)?|bedrijf|organisatie|werkgever)$"), Target.COMPANY),
    (re.compile(r"^(job )?title$|^position$|^functie$|^organi[sz]ation \d+ title$"), Target.POSITION),
    (re.compile(r"e ?mail"), Target.EMAIL),
    (re.compile(r"phone|telefoon|mobiel|mobile|^tel$|gsm"), Target.PHONE),
    (re.compile(r"website|web page|url|linkedin|profiel|profile|homepage"), Target.PROFILE),
    (re.compile(r"^(labels?|groups?|categories|categorie[eë]n|group membership)$"), Target.LABELS),
    (re.compile(r"^(notes?|notities?|opmerkingen?)$"), Target.NOTE),
    (re.compile(r"^(birthday|birth ?date|date of birth|verjaardag|geboortedatum|geboortedag)$"), Target.BIRTHDAY),
    (re.compile(r"^(anniversary|wedding anniversary|jubileum|trouwdag)$"), Target.ANNIVERSARY),
]
# Words in a header that say what kind of address or number a column holds.
TYPE_WORDS = [("mobile", MethodType.MOBILE), ("mobiel", MethodType.MOBILE), ("cell", MethodType.MOBILE),
              ("work", MethodType.WORK), ("business", MethodType.WORK), ("werk", MethodType.WORK),
              ("zakelijk", MethodType.WORK), ("home", MethodType.HOME), ("privé", MethodType.HOME),
              ("prive", MethodType.HOME), ("personal", MethodType.HOME), ("linkedin", MethodType.LINKEDIN)]
_PUNCTUATION = re.compile(r"[^\w\s]+")
_LABEL_SEPARATORS = re.compile(r"[;,\n]|:::")
_ADDRESS_SEPARATORS = re.compile(r"[;,\s]+")
_DATA_LIKE = re.compile(
    r"@|^\+?\d[\d\s\-()]{5,}$|^https?://|^www\.|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$|^-?\d+(?:[.,]\d+)?$"
)


@dataclass
class Table:
    header: list[str]
    delimiter: str
    header_key: str
    preview: list[list[str]]


def _normal(cell: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", cell.casefold()).split())


def header_key(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(_normal(cell) for cell in header).encode()).hexdigest()


def _reader(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


HEAD_BYTES = 256 * 1024


def head_of(data: bytes) -> bytes:
    """Enough of a file for its header and first rows, cut after a line end (in UTF-16
    one aligned to its two-byte characters; no UTF-8 or Windows-1252 character holds the
    byte of a line end)."""
    if len(data) <= HEAD_BYTES:
        return data
    newline = {codecs.BOM_UTF16_LE: b"\n\x00", codecs.BOM_UTF16_BE: b"\x00\n"}.get(data[:2], b"\n")
    cut = data.rfind(newline, 0, HEAD_BYTES)
    while cut > 0 and len(newline) == 2 and cut % 2:
        cut = data.rfind(newline, 0, cut)
    return data[: cut + len(newline)] if cut > 0 else data[:HEAD_BYTES]


def read_table(data: bytes, filename: str) -> tuple[Table, str]:
    """The header and the first rows of a CSV, and its text; ImportFileError when it has
    no header this import can use."""
    text = decoded(data, filename)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = _reader(text, delimiter)
        header = [cell.strip() for cell in next(rows, [])]
        preview = [row for _index, row in zip(range(PREVIEW_ROWS), rows, strict=False)]
    except csv.Error as error:
        raise ImportFileError(_("the file cannot be read as CSV (%(problem)s).") % {"problem": error},
                              filename=filename, line=1) from error
    if not any(header):
        raise ImportFileError(_("the first line is empty; a CSV needs a header with the column names."),
                              filename=filename, line=1)
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(_("the file has more than %(count)s columns.") % {"count": MAX_COLUMNS},
                              filename=filename, line=1)
    if max(map(len, header)) > MAX_COLUMN_NAME:
        raise ImportFileError(
            _("the first line is no header: a column name is longer than %(count)s characters.")
            % {"count": MAX_COLUMN_NAME},
            filename=filename, line=1,
        )
    data_like = next((cell for cell in header if _DATA_LIKE.search(cell)), None)
    if data_like is not None:
        raise ImportFileError(
            _("the first line holds “%(cell)s”, which looks like data, not a column name; add a header line "
              "with the names of the columns.") % {"cell": data_like[:60]},
            filename=filename, line=1,
        )
    return Table(header=header, delimiter=delimiter, header_key=header_key(header), preview=preview), text


def guess(header: list[str]) -> list[str]:
    """A target per column from its name; each single target taken once, by the first
    column that fits. A column nothing fits is left out."""
    taken: set[str] = set()
    mapping = []
    for cell in header:
        name = _normal(cell)
        target = next((target for pattern, target in GUESSES if pattern.search(name)), Target.IGNORE)
        if target in SINGLE | DATE_TARGETS and target in taken:
            target = Target.IGNORE
        if target == Target.EMAIL and ("type" in name or "label" in name):
            target = Target.IGNORE  # Google's "E-mail 1 - Type" says what the next column is
        if target == Target.PHONE and ("type" in name or "label" in name):
            target = Target.IGNORE
        taken.add(target)
        mapping.append(target)
    return mapping


def remembered(owner, table: Table) -> list[str] | None:
    saved = ColumnMapping.objects.filter(owner=owner, header_key=table.header_key).values_list("mapping", flat=True).first()
    if isinstance(saved, list) and len(saved) == len(table.header) and set(saved) <= set(TARGET_NAMES):
        return saved
    return None


def remember(owner, table: Table, mapping: list[str]) -> None:
    ColumnMapping.objects.update_or_create(owner=owner, header_key=table.header_key, defaults={"mapping": mapping})


def check(header: list[str], mapping: list[str]) -> list[str]:
    """What is wrong with a mapping, as messages naming the columns; empty when it can be used."""
    problems = []
    if len(mapping) != len(header) or not set(mapping) <= set(TARGET_NAMES):
        return [str(_("Choose what each column holds."))]
    for target in SINGLE | DATE_TARGETS:
        columns = [header[i] or f"#{i + 1}" for i, t in enumerate(mapping) if t == target]
        if len(columns) > 1:
            problems.append(
                str(_("“%(target)s” is chosen for more than one column: %(columns)s. Choose it once."))
                % {"target": TARGET_NAMES[target], "columns": ", ".join(columns)}
            )
    if not {Target.FIRST_NAME, Target.LAST_NAME, Target.FULL_NAME} & set(mapping):
        problems.append(str(_("No column holds a name: choose First name, Last name or Full name for one.")))
    return problems


def _type_from(header_cell: str) -> str:
    name = header_cell.casefold()
    return next((type_ for word, type_ in TYPE_WORDS if word in name), "")


def iter_rows(text: str, table: Table, mapping: list[str], filename: str, skipped: list[Skipped],
              left_out: list[Skipped]) -> Iterator[ConnectionRow]:
    _max_bytes, max_rows = import_limits()
    types = [_type_from(cell) for cell in table.header]
    rows = _reader(text, table.delimiter)
    next(rows, None)
    count = 0
    try:
        while True:
            line = rows.line_num + 1  # where this row starts (a cell may span lines)
            cells = next(rows, None)
            if cells is None:
                break
            count += 1
            if count > max_rows:
                raise ImportFileError(_("the file has more than %(count)s rows.") % {"count": max_rows},
                                      filename=filename, line=line)
            if not any(cell.strip() for cell in cells):
                continue
            builder = RowBuilder(filename, line, skipped, left_out)
            for column, cell in enumerate(cells[: len(mapping)]):
                target, cell = mapping[column], cell[:MAX_CELL].strip()
                if not cell or target == Target.IGNORE:
                    continue
                if target in SINGLE:
                    setattr(builder, target, cell)
                elif target == Target.EMAIL:
                    for part in _ADDRESS_SEPARATORS.split(cell):
                        builder.add(MethodKind.EMAIL, part, types[column])
                elif target == Target.PHONE:
                    for part in cell.split(":::"):  # Google writes several numbers in one cell so
                        builder.add(MethodKind.PHONE, part, types[column])
                elif target == Target.PROFILE:
                    builder.add(MethodKind.PROFILE, cell, types[column])
                elif target == Target.LABELS:
                    builder.labels.extend(part.strip() for part in _LABEL_SEPARATORS.split(cell) if part.strip())
                elif target == Target.NOTE:
                    builder.notes.append(cell)
                elif target in DATE_TARGETS:
                    builder.add_date(TARGET_NAMES[target], cell)
            row = builder.row()
            if row is not None:
                yield row
    except csv.Error as error:
        raise ImportFileError(_("this line cannot be read as CSV (%(problem)s).") % {"problem": error},
                              filename=filename, line=rows.line_num + 1) from error
