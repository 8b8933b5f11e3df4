"""Reading LinkedIn's data export (and Netwerk's own contacts CSV): the files, their
header and their records (the rows' meaning: contacts.linkedin_rows; one cell's value:
contacts.cells). Longer than 400 lines because the zip checks, the decoding and the header
search are one job: finding, safely and with a line number for every refusal, the records
of each file.

LinkedIn has written `Connections.csv` in several forms over the years (with and without
a `Notes:` preamble, with and without a URL column, three date styles) and members re-save
it in spreadsheets (byte-order mark, CRLF, `;` as separator). The header is found by its
column names and every column is read by name, never by position.

Everything here streams: a file is decoded line by line, so 30,000 rows never sit in
memory at once. Whatever is wrong with the input surfaces as `ImportFileError`, with the
file and line it concerns; nothing else escapes.
"""

import csv
import io
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

CONNECTIONS = "connections"
INVITATIONS = "invitations"
MESSAGES = "messages"
NETWERK_CONTACTS = "netwerk_contacts"

# How far into a file the header may be: LinkedIn's preamble is three lines.
HEADER_SEARCH_LINES = 12
MAX_LINE_BYTES = 1024 * 1024
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 100
class ImportFileError(Exception):
    """The input is not something we can import; `message` says what and where."""

    def __init__(self, message, *, filename: str = "", line: int | None = None):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line

    def __str__(self) -> str:
        if self.filename and self.line:
            return str(_("%(file)s, line %(line)s: %(message)s") % {
                "file": self.filename, "line": self.line, "message": self.message,
            })
        if self.filename:
            return str(_("%(file)s: %(message)s") % {"file": self.filename, "message": self.message})
        return str(self.message)


@dataclass(frozen=True, slots=True)
class Skipped:
    filename: str
    line: int
    reason: str
    detail: str = ""


@dataclass(slots=True)
class ConnectionRow:
    line: int
    first_name: str
    last_name: str
    profile_url: str
    email: str
    company: str
    position: str
    connected_on: date | None
    # Netwerk's own export carries what the member wrote; LinkedIn's never does.
    how_we_met: str = ""
    website: str = ""
    private_email: str = ""
    phone: str = ""
    labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (kind, type, label, value as stored, key): contacts.methods.
    methods: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # (name, its English name, date): dates that matter, from an address book.
    key_dates: list[tuple[str, str, date]] = field(default_factory=list)


@dataclass(slots=True)
class InvitationRow:
    line: int
    incoming: bool
    name: str
    profile_url: str
    message: str
    sent_at: datetime


@dataclass(slots=True)
class SourceFile:
    """One CSV to read: its display name, its kind, and how to open its bytes."""

    name: str
    kind: str
    size: int
    opener: object  # callable returning a binary stream
    delimiter: str = ","
    header_line: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    field_count: int = 0
    # The day the file was written, when its zip entry says (a LinkedIn export's does).
    written_on: date | None = None


# Column names, lower-cased, as the files write them.
CONNECTION_COLUMNS = {
    "first_name": ("first name", "voornaam"),
    "last_name": ("last name", "achternaam"),
    "profile_url": ("url", "profile url"),
    "email": ("email address", "e-mail address"),
    "company": ("company",),
    "position": ("position",),
    "connected_on": ("connected on",),
    "how_we_met": ("how we met",),
    "website": ("website",),
    "private_email": ("private email",),
    "phone": ("phone",),
    "labels": ("labels",),
    # Netwerk's own CSV: the further ways to reach, one per line, "type (label): value".
    "other_emails": ("other emails",),
    "other_phones": ("other phones",),
    "other_profiles": ("other profiles",),
}
METHOD_COLUMNS = {"other_emails": "email", "other_phones": "phone", "other_profiles": "profile"}
CONNECTION_REQUIRED = ("first_name", "last_name", "connected_on")
INVITATION_COLUMNS = {
    "from": ("from",),
    "to": ("to",),
    "sent_at": ("sent at",),
    "message": ("message",),
    "direction": ("direction",),
    "inviter_url": ("inviterprofileurl",),
    "invitee_url": ("inviteeprofileurl",),
}
INVITATION_REQUIRED = ("from", "to", "sent_at", "direction")
# messages.csv: who wrote to whom and when; its SUBJECT and CONTENT are never read.
MESSAGE_COLUMNS = {
    "conversation_id": ("conversation id",),
    "from": ("from",),
    "sender_url": ("sender profile url",),
    "to": ("to",),
    "recipient_urls": ("recipient profile urls",),
    "date": ("date",),
}
MESSAGE_REQUIRED = ("conversation_id", "sender_url", "recipient_urls", "date")
NOTE_COLUMN = re.compile(r"^note (\d+)$")
MAX_LENGTHS = {
    "first_name": 150,
    "last_name": 150,
    "company": 200,
    "position": 300,
    "profile_url": 500,
    "email": 254,
    "website": 500,
    "private_email": 254,
}


def import_limits() -> tuple[int, int]:
    return settings.NETWERK_IMPORT_MAX_BYTES, settings.NETWERK_IMPORT_MAX_ROWS


# --- the container: a zip or a single CSV ---------------------------------------------


def open_sources(stream, filename: str) -> list[SourceFile]:
    """The CSV files to import from an uploaded file (a seekable binary stream).

    A zip is checked entirely before anything is extracted: entry count, total and
    per-entry uncompressed size and compression ratio, and no absolute paths, `..`
    or links. Only `Connections.csv` and `Invitations.csv` at its root are read, or the
    `contacts.csv` of Netwerk's own account export."""
    max_bytes, _max_rows = import_limits()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > max_bytes:
        raise ImportFileError(
            _("the file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            filename=filename,
        )
    if size == 0:
        raise ImportFileError(_("the file is empty."), filename=filename)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK"):
        sources = _zip_sources(stream, filename, max_bytes)
    else:
        # A file named as LinkedIn names its messages is held to that file's columns.
        kind = MESSAGES if PurePosixPath(filename.replace("\\", "/")).name.lower() == "messages.csv" else ""
        sources = [SourceFile(name=filename, kind=kind, size=size, opener=lambda: _Unclosable(stream))]
    for source in sources:
        _read_header(source)
    return sources


class _Unclosable(io.RawIOBase):
    """The uploaded file, rewound, which reading one CSV must not close."""

    def __init__(self, stream):
        stream.seek(0)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _zip_sources(stream, filename: str, max_bytes: int) -> list[SourceFile]:
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive.infolist()
    except Exception as error:  # a damaged zip raises many kinds of error; all mean the same
        raise ImportFileError(_("this is not a readable zip file (%(error)s).") % {"error": error}, filename=filename)
    if len(entries) > ZIP_MAX_ENTRIES:
        raise ImportFileError(
            _("the zip holds %(count)s files; an export holds at most %(limit)s.")
            % {"count": len(entries), "limit": ZIP_MAX_ENTRIES},
            filename=filename,
        )
    total = 0
    wanted: dict[str, zipfile.ZipInfo] = {}
    for entry in entries:
        name = entry.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
            raise ImportFileError(
                _("the zip contains %(entry)s, a path outside the export; it was not opened.") % {"entry": name},
                filename=filename,
            )
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ImportFileError(
                _("the zip contains %(entry)s, a link; it was not opened.") % {"entry": name}, filename=filename
            )
        total += entry.file_size
        ratio_base = max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and entry.file_size / ratio_base > ZIP_MAX_RATIO:
            raise ImportFileError(
                _("%(entry)s in the zip is compressed suspiciously well; it was not opened.") % {"entry": name},
                filename=filename,
            )
        if not entry.is_dir() and len(path.parts) == 1:
            wanted.setdefault(path.name.lower(), entry)
    if total > max_bytes * 10:
        raise ImportFileError(
            _("unpacked, the zip would be %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(max_bytes * 10)},
            filename=filename,
        )
    sources = []
    # contacts.csv: Netwerk's own account export (its kind is read from its header).
    for wanted_name, kind in (
        ("connections.csv", CONNECTIONS), ("invitations.csv", INVITATIONS), ("messages.csv", MESSAGES), ("contacts.csv", ""),
    ):
        if wanted_name == "contacts.csv" and "connections.csv" in wanted:
            continue
        entry = wanted.get(wanted_name)
        if entry is None:
            continue
        if entry.flag_bits & 0x1:
            raise ImportFileError(_("%(entry)s is encrypted.") % {"entry": entry.filename}, filename=filename)
        sources.append(
            SourceFile(
                name=entry.filename,
                kind=kind,
                size=entry.file_size,
                opener=lambda entry=entry: archive.open(entry),
                written_on=_entry_date(entry),
            )
        )
    if not sources:
        raise ImportFileError(
            _(
                "this zip has no Connections.csv or Invitations.csv (LinkedIn's data export) "
                "and no contacts.csv (Netwerk's account export) at its top level."
            ),
            filename=filename,
        )
    return sources


def _entry_date(entry: zipfile.ZipInfo) -> date | None:
    try:
        return date(*entry.date_time[:3])
    except (TypeError, ValueError):
        return None


# --- lines, header, rows -----------------------------------------------------------------


def _decoded_lines(source: SourceFile, counter: list[int]) -> Iterator[str]:
    """The file's lines as text, strictly UTF-8 (a byte-order mark is dropped);
    `counter[0]` is the number of the line last read."""
    try:
        raw = source.opener()
    except Exception as error:  # unsupported compression, damaged header, ...
        raise ImportFileError(_("could not be opened (%(error)s).") % {"error": error}, filename=source.name)
    reader = io.BufferedReader(raw, buffer_size=256 * 1024) if not isinstance(raw, io.BufferedIOBase) else raw
    first = True
    try:
        while True:
            try:
                line = reader.readline(MAX_LINE_BYTES + 1)
            except Exception as error:  # zlib.error, bad CRC, truncated data, ...
                raise ImportFileError(
                    _("the file is damaged (%(error)s).") % {"error": error},
                    filename=source.name,
                    line=counter[0] + 1,
                )
            if not line:
                return
            counter[0] += 1
            if len(line) > MAX_LINE_BYTES:
                raise ImportFileError(_("this line is too long."), filename=source.name, line=counter[0])
            if b"\x00" in line:
                raise ImportFileError(
                    _("this line holds a NUL byte; this is not a text file."), filename=source.name, line=counter[0]
                )
            if first:
                first = False
                if line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("this line is not UTF-8 text; save the file as UTF-8 CSV and try again."),
                    filename=source.name,
                    line=counter[0],
                )
    finally:
        reader.close()


def _normal(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().split())


def _match_columns(cells: list[str], spec: dict) -> dict[str, int]:
    lowered = [_normal(c) for c in cells]
    columns = {}
    for key, names in spec.items():
        for index, cell in enumerate(lowered):
            if cell in names:
                columns[key] = index
                break
    return columns


def _read_header(source: SourceFile) -> None:
    """Find the header among the first lines, decide the separator and the kind."""
    counter = [0]
    lines = _decoded_lines(source, counter)
    try:
        for text in lines:
            if counter[0] > HEADER_SEARCH_LINES:
                break
            stripped = text.strip()
            if not stripped:
                continue
            for delimiter in (",", ";", "\t"):
                if delimiter not in stripped:
                    continue
                try:
                    cells = next(csv.reader([stripped], delimiter=delimiter))
                except csv.Error:
                    continue
                connection_columns = _match_columns(cells, CONNECTION_COLUMNS)
                invitation_columns = _match_columns(cells, INVITATION_COLUMNS)
                message_columns = _match_columns(cells, MESSAGE_COLUMNS)
                if all(k in message_columns for k in MESSAGE_REQUIRED) and source.kind in ("", MESSAGES):
                    source.kind = MESSAGES
                    columns = message_columns
                elif all(k in connection_columns for k in CONNECTION_REQUIRED) and source.kind in ("", CONNECTIONS):
                    source.kind = NETWERK_CONTACTS if "how_we_met" in connection_columns else CONNECTIONS
                    for index, cell in enumerate(cells):
                        match = NOTE_COLUMN.match(_normal(cell))
                        if match and source.kind == NETWERK_CONTACTS:
                            connection_columns[f"note:{int(match.group(1)):05d}"] = index
                    columns = connection_columns
                elif all(k in invitation_columns for k in INVITATION_REQUIRED) and source.kind in ("", INVITATIONS):
                    source.kind = INVITATIONS
                    columns = invitation_columns
                else:
                    continue
                source.delimiter = delimiter
                source.header_line = counter[0]
                source.columns = columns
                source.field_count = len(cells)
                return
    finally:
        lines.close()
    if source.kind == MESSAGES:
        expected = "CONVERSATION ID, FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE"
    elif source.kind == INVITATIONS:
        expected = "From, To, Sent At, Message, Direction"
    elif source.kind == CONNECTIONS:
        expected = "First Name, Last Name, Connected On"
    else:
        expected = _("First Name, Last Name, Connected On (Connections.csv) or From, To, Sent At, Direction (Invitations.csv)")
    raise ImportFileError(
        _("no header with the columns %(columns)s in the first %(count)s lines; is this a LinkedIn export?")
        % {"columns": expected, "count": HEADER_SEARCH_LINES},
        filename=source.name,
    )


class _CheckedBytes(io.RawIOBase):
    """The file's bytes, refusing NUL bytes (never in a CSV; PostgreSQL cannot store them)
    and turning whatever a damaged zip raises into ImportFileError."""

    def __init__(self, source: SourceFile, raw):
        self.source = source
        self.raw = raw
        self.newlines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self.raw.read(len(buffer))
        except Exception as error:  # zlib.error, bad CRC, truncated data, ...
            raise ImportFileError(
                _("the file is damaged (%(error)s).") % {"error": error}, filename=self.source.name, line=self.newlines + 1
            )
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ImportFileError(
                _("this line holds a NUL byte; this is not a text file."),
                filename=self.source.name,
                line=self.newlines + data.count(b"\n", 0, nul) + 1,
            )
        self.newlines += data.count(b"\n")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            super().close()


def _first_undecodable_line(source: SourceFile) -> int:
    counter = [0]
    try:
        for _text in _decoded_lines(source, counter):
            pass
    except ImportFileError as error:
        return error.line or counter[0]
    return counter[0]


def iter_records(source: SourceFile) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every data row after the header; blank lines are passed over.

    A row with a different number of cells than the header is a malformed file, and so
    is a file with more rows than NETWERK_IMPORT_MAX_ROWS."""
    _max_bytes, max_rows = import_limits()
    if source.kind == MESSAGES:  # twenty years of a busy inbox: many short rows
        max_rows = settings.NETWERK_IMPORT_MAX_MESSAGE_ROWS
    records = 0
    try:
        raw = source.opener()
    except Exception as error:  # unsupported compression, damaged header, ...
        raise ImportFileError(_("could not be opened (%(error)s).") % {"error": error}, filename=source.name)
    text = io.TextIOWrapper(
        io.BufferedReader(_CheckedBytes(source, raw), buffer_size=256 * 1024), encoding="utf-8-sig", newline=""
    )
    offset = source.header_line
    try:
        for _header_line in range(offset):
            next(text)
        reader = csv.reader(text, delimiter=source.delimiter, strict=True)
        expected = source.field_count
        while True:
            start = offset + reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("this row cannot be read as CSV (%(error)s).") % {"error": error},
                    filename=source.name,
                    line=start,
                )
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("this line is not UTF-8 text; save the file as UTF-8 CSV and try again."),
                    filename=source.name,
                    line=_first_undecodable_line(source),
                )
            if len(cells) != expected:
                if not any(c.strip() for c in cells):
                    continue
                # A spreadsheet may drop trailing empty cells, or add empty ones.
                if len(cells) > expected and not any(c.strip() for c in cells[expected:]):
                    cells = cells[:expected]
                else:
                    raise ImportFileError(
                        _("this row has %(found)s fields; the header has %(expected)s.")
                        % {"found": len(cells), "expected": expected},
                        filename=source.name,
                        line=start,
                    )
            records += 1
            if records > max_rows:
                raise ImportFileError(
                    _("more than %(limit)s rows; split the file or ask the administrator to raise the limit.")
                    % {"limit": max_rows},
                    filename=source.name,
                    line=start,
                )
            yield start, cells
    except UnicodeDecodeError:  # while skipping the header lines
        raise ImportFileError(
            _("this line is not UTF-8 text; save the file as UTF-8 CSV and try again."),
            filename=source.name,
            line=_first_undecodable_line(source),
        )
    finally:
        text.close()
