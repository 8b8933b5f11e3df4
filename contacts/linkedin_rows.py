"""The rows of LinkedIn's Connections.csv and Invitations.csv (and Netwerk's own contacts
CSV), read by column name from the records contacts.linkedin yields."""

import operator
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from .cells import read_profile_url, unneutralise, parse_date, parse_sent_at
from .linkedin import (
    CONNECTION_COLUMNS,
    MAX_LENGTHS,
    METHOD_COLUMNS,
    NETWERK_CONTACTS,
    ConnectionRow,
    InvitationRow,
    Skipped,
    SourceFile,
    iter_records,
)
from .methods import clean_value, profile_type
from .models import MethodType
from .validation import clean_detail


def iter_connections(source: SourceFile, skipped: list[Skipped], left_out: list[Skipped]) -> Iterator[ConnectionRow]:
    """The contacts in a Connections.csv (or Netwerk's own CSV), one at a time.

    Rows of hidden profiles (only a date) and rows without a name or with an unreadable
    date are not contacts: they go to `skipped` with their line and reason. A website,
    e-mail address or phone number the contact form would refuse is left out of its
    row (the row is imported) and goes to `left_out` (reason: the field's name)."""
    columns = source.columns
    own = source.kind == NETWERK_CONTACTS
    note_indexes = [columns[key] for key in sorted(k for k in columns if k.startswith("note:"))]
    keys = [key for key in CONNECTION_COLUMNS if key not in ("labels", "connected_on", *METHOD_COLUMNS)]
    method_indexes = [(columns[key], kind) for key, kind in METHOD_COLUMNS.items() if key in columns]
    # Missing columns read as an empty extra cell, so every row is read the same way.
    width = source.field_count
    pick = operator.itemgetter(*(columns.get(key, width) for key in keys))
    pick_main = operator.itemgetter(*(columns.get(key, width) for key in keys[:6]))
    date_index = columns["connected_on"]
    labels_index = columns.get("labels")
    limits = [
        (keys.index(key), key, limit)
        for key, limit in MAX_LENGTHS.items()
        if key != "profile_url" and (own or keys.index(key) < 6)
    ]
    longest = min(limit for _index, _key, limit in limits)
    date_cache: dict[str, date | None] = {}
    for line, cells in iter_records(source):
        cells.append("")
        values = [value.strip() for value in pick(cells)] if own else [value.strip() for value in pick_main(cells)]
        if own:
            values = [unneutralise(value) for value in values]
        first_name, last_name, url, email, company, position = values[:6]
        raw_date = cells[date_index].strip()
        if own:
            raw_date = unneutralise(raw_date)
        if not first_name and not last_name:
            reason = "hidden_profile" if raw_date and not url else "no_name"
            skipped.append(Skipped(source.name, line, reason))
            continue
        try:
            connected_on = date_cache[raw_date]
        except KeyError:
            connected_on = date_cache[raw_date] = parse_date(raw_date)
            if len(date_cache) > 20000:
                date_cache.clear()
        if connected_on is None and raw_date:
            skipped.append(Skipped(source.name, line, "bad_date", raw_date[:40]))
            continue
        if max(map(len, values)) > longest:
            too_long = next((key for index, key, limit in limits if len(values[index]) > limit), None)
            if too_long:
                skipped.append(Skipped(source.name, line, "too_long", too_long))
                continue
        if url:
            normalised = read_profile_url(url)
            if normalised is None:
                skipped.append(Skipped(source.name, line, "bad_url", url[:80]))
                continue
            if len(normalised) > MAX_LENGTHS["profile_url"]:
                skipped.append(Skipped(source.name, line, "too_long", "profile_url"))
                continue
            url = normalised
        if email:
            email = _checked_detail(source.name, line, "email", email, left_out)
        row = ConnectionRow(line, first_name, last_name, url, email, company, position, connected_on)
        if own:
            how_we_met, website, private_email, phone = values[6:10]
            row.how_we_met = how_we_met
            row.website = website and _checked_detail(source.name, line, "website", website, left_out)
            row.private_email = private_email and _checked_detail(
                source.name, line, "private_email", private_email, left_out
            )
            row.phone = phone and _checked_detail(source.name, line, "phone", phone, left_out)
            if labels_index is not None:
                names = (unneutralise(n.strip()) for n in cells[labels_index].split("\n"))
                row.labels = list(dict.fromkeys(n[:80] for n in names if n))
            row.notes = [note for note in (unneutralise(cells[i]) for i in note_indexes) if note.strip()]
            for index, kind in method_indexes:
                row.methods.extend(read_methods(source.name, line, kind, cells[index], left_out))
        yield row


METHOD_TYPE_VALUES = {choice.value for choice in MethodType}
# The contact form's field a refused value is reported by, per kind.
METHOD_FIELDS = {"email": "email", "phone": "phone", "profile": "website"}


def read_methods(filename: str, line: int, kind: str, cell: str, left_out: list[Skipped]):
    """The ways to reach in one cell of Netwerk's own CSV: a line each, written
    "type (label): value" by contacts.exporting (type and label optional). A value the
    contact form would refuse is left out and reported, like the other details."""
    for text in unneutralise(cell.strip()).split("\n")[:MAX_METHODS_PER_CELL]:
        text = text.strip()
        if not text:
            continue
        type_, label, value = "", "", text
        head, separator, rest = text.rpartition(": ")  # a value never holds ": "; a label may
        if separator:
            name, _open, label = head.partition(" (")
            if name in METHOD_TYPE_VALUES:
                type_, value, label = name, rest.strip(), label.removesuffix(")")[:60]
            else:
                label = ""
        try:
            stored, key = clean_value(kind, value)
        except ValidationError:
            left_out.append(Skipped(filename, line, METHOD_FIELDS[kind], value[:80]))
            continue
        if len(stored) > 500:
            left_out.append(Skipped(filename, line, METHOD_FIELDS[kind], value[:80]))
            continue
        if not type_:
            type_ = profile_type(stored) if kind == "profile" else MethodType.OTHER
        yield kind, type_, label, stored, key


MAX_METHODS_PER_CELL = 50


def _checked_detail(filename: str, line: int, name: str, value: str, left_out: list[Skipped]) -> str:
    """`value` as the contact form would store it, or "" (and a note in `left_out`)."""
    try:
        return clean_detail(name, value)
    except ValidationError:
        left_out.append(Skipped(filename, line, name, value[:80]))
        return ""


def iter_invitations(source: SourceFile, skipped: list[Skipped], zone: ZoneInfo) -> Iterator[InvitationRow]:
    columns = source.columns
    for line, cells in iter_records(source):
        def cell(key: str) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None else ""

        direction = cell("direction").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            skipped.append(Skipped(source.name, line, "bad_direction", cell("direction")[:40]))
            continue
        incoming = direction == "INCOMING"
        name = cell("from") if incoming else cell("to")
        if not name:
            skipped.append(Skipped(source.name, line, "no_name"))
            continue
        sent_at = parse_sent_at(cell("sent_at"), zone)
        if sent_at is None:
            skipped.append(Skipped(source.name, line, "bad_date", cell("sent_at")[:40]))
            continue
        raw_url = cell("inviter_url") if incoming else cell("invitee_url")
        url = read_profile_url(raw_url)
        if url is None:
            skipped.append(Skipped(source.name, line, "bad_url", raw_url[:80]))
            continue
        if len(name) > 300 or len(url) > 500:
            skipped.append(Skipped(source.name, line, "too_long", "name" if len(name) > 300 else "profile_url"))
            continue
        yield InvitationRow(line=line, incoming=incoming, name=name, profile_url=url, message=cell("message"), sent_at=sent_at)


def estimate_rows(source: SourceFile) -> int:
    """A quick upper bound of the data rows (line count after the header), for the progress bar."""
    lines = 0
    try:
        raw = source.opener()
    except Exception:  # the real read reports what is wrong, with its line
        return 0
    try:
        while chunk := raw.read(1024 * 1024):
            lines += chunk.count(b"\n")
    except Exception:  # the real read reports what is wrong, with its line
        return 0
    finally:
        raw.close()
    return max(lines + 1 - source.header_line, 0)
