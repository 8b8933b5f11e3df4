"""Reading a vCard file (vCard 2.1, 3.0 and 4.0, as phones, Google Contacts and Outlook
write them) into rows for contacts.generic_import.

The text is read in one pass: folded lines are joined (and quoted-printable soft breaks
of vCard 2.1), photos, logos, sounds and keys are dropped before anything decodes them,
and every property line is checked on its own, so a broken line is reported with its own
line number. Each card is then parsed by vobject (a well-kept parser) on its own.
"""

from collections.abc import Iterator

import vobject
from django.utils.translation import gettext_lazy as _
from vobject.base import ParseError, parseLine

from .address_book import ANNIVERSARY, BIRTHDAY, OTHER_DATE, RowBuilder
from .linkedin import ConnectionRow, ImportFileError, Skipped, import_limits
from .models import MethodKind, MethodType

# Binary or bulky properties nobody imports a contact for: never decoded.
IGNORED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
TYPE_OF = {"work": MethodType.WORK, "home": MethodType.HOME, "cell": MethodType.MOBILE, "mobile": MethodType.MOBILE,
           "iphone": MethodType.MOBILE, "linkedin": MethodType.LINKEDIN, "mastodon": MethodType.MASTODON,
           "x-linkedin": MethodType.LINKEDIN, "x-mastodon": MethodType.MASTODON}


# Dates that matter, in the order they are taken: a birthday, an anniversary (vCard 4, and
# the X- property older writers use), then Apple's labelled dates.
DATES = [("bday", BIRTHDAY), ("anniversary", ANNIVERSARY), ("x-anniversary", ANNIVERSARY), ("x-abdate", OTHER_DATE)]
APPLE_DATE_LABELS = {"anniversary": ANNIVERSARY, "other": OTHER_DATE}


def looks_like_vcard(data: bytes, filename: str) -> bool:
    if filename.lower().endswith((".vcf", ".vcard")):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t").replace(b"\x00", b"")
    return head[:11].upper() == b"BEGIN:VCARD"


def _property_name(line: str) -> str:
    name = line.split(":", 1)[0].split(";", 1)[0]
    return name.rsplit(".", 1)[-1].upper()  # "item1.URL" -> "URL"


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, unfolded line): a line starting with a space or tab continues the
    one before; so does any line after a quoted-printable line ending in "="."""
    number, current = 0, None
    for index, raw in enumerate(text.splitlines(), start=1):
        if current is not None and raw[:1] in (" ", "\t"):
            current += raw[1:]
            continue
        if current is not None and current.endswith("=") and "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper():
            current = current[:-1] + raw
            continue
        if current is not None:
            yield number, current
        number, current = index, raw
    if current is not None:
        yield number, current


def cards(text: str, filename: str) -> Iterator[tuple[int, str]]:
    """(line of BEGIN:VCARD, the card's text without ignored properties), each checked
    line by line."""
    _max_bytes, max_rows = import_limits()
    start, lines, count = None, [], 0
    for number, line in logical_lines(text):
        upper = line.strip().upper()
        if start is None:
            if not upper:
                continue
            if upper != "BEGIN:VCARD":
                raise ImportFileError(_("this line is not part of a vCard (each card starts with BEGIN:VCARD)."),
                                      filename=filename, line=number)
            start, lines = number, [line.strip()]
            continue
        if upper == "BEGIN:VCARD":
            raise ImportFileError(_("a card starts before the one above it ends (END:VCARD is missing)."),
                                  filename=filename, line=number)
        if upper == "END:VCARD":
            lines.append("END:VCARD")
            count += 1
            if count > max_rows:
                raise ImportFileError(_("the file has more than %(count)s cards.") % {"count": max_rows},
                                      filename=filename, line=number)
            yield start, "\r\n".join(lines)
            start, lines = None, []
            continue
        if not line.strip() or _property_name(line) in IGNORED:
            continue
        try:
            parseLine(line, number)
        except ParseError as error:
            raise ImportFileError(_("this line cannot be read as a vCard property."), filename=filename,
                                  line=number) from error
        lines.append(line)
    if start is not None:
        raise ImportFileError(_("the card that starts here never ends (END:VCARD is missing)."),
                              filename=filename, line=start)


def _types(line) -> list[str]:
    values = [*line.params.get("TYPE", []), *getattr(line, "singletonparams", [])]
    return [part.strip().strip('"').lower() for value in values for part in value.split(",")]


def _type_of(line) -> str:
    return next((TYPE_OF[t] for t in _types(line) if t in TYPE_OF), "")


def iter_rows(text: str, filename: str, skipped: list[Skipped], left_out: list[Skipped]) -> Iterator[ConnectionRow]:
    """The people in a vCard file; raises ImportFileError for a file that is not one."""
    found = False
    for line_number, card_text in cards(text, filename):
        found = True
        try:
            card = vobject.readOne(card_text, allowQP=True)
        except Exception as error:  # vobject raises many kinds for a card it cannot read
            raise ImportFileError(_("this card cannot be read."), filename=filename, line=line_number) from error
        row = _row(card, RowBuilder(filename, line_number, skipped, left_out))
        if row is not None:
            yield row
    if not found:
        raise ImportFileError(_("there is no card in this file (BEGIN:VCARD … END:VCARD)."), filename=filename)


def _row(card, builder: RowBuilder) -> ConnectionRow | None:
    contents = card.contents
    labels = {line.group: str(line.value) for line in contents.get("x-ablabel", []) if line.group}
    if "n" in contents:
        name = contents["n"][0].value
        builder.first_name = " ".join(filter(None, (_text(name.given), _text(name.additional))))
        builder.last_name = _text(name.family)
    if "fn" in contents:
        builder.full_name = _text(contents["fn"][0].value)
    if "org" in contents:
        org = contents["org"][0].value
        builder.company = _text(org[0] if isinstance(org, list) and org else org)
    if "title" in contents:
        builder.position = _text(contents["title"][0].value)
    for line in contents.get("email", []):
        builder.add(MethodKind.EMAIL, _text(line.value), _type_of(line), _label(line, labels))
    for line in contents.get("tel", []):
        value = _text(line.value)
        builder.add(MethodKind.PHONE, value[4:] if value.lower().startswith("tel:") else value, _type_of(line),
                    _label(line, labels))
    for name in ("url", "x-socialprofile", "impp"):
        for line in contents.get(name, []):
            builder.add(MethodKind.PROFILE, _text(line.value), _type_of(line), _label(line, labels))
    for line in contents.get("categories", []):
        value = line.value
        builder.labels.extend(value if isinstance(value, list) else str(value).split(","))
    builder.notes.extend(_text(line.value, keep_lines=True) for line in contents.get("note", []))
    for name, title in DATES:
        for line in contents.get(name, []):
            label = _date_label(_label(line, labels)) or title
            omit = line.params.get("X-APPLE-OMIT-YEAR", [""])[0]
            builder.add_date(label, _text(line.value), omit_year=str(omit))
    return builder.row()


def _label(line, labels: dict[str, str]) -> str:
    """The label a writer gave a value: on an X-ABLabel line of the same group (Apple,
    Google) or as an X-ABLABEL parameter (Netwerk's own export)."""
    return labels.get(line.group, "") if line.group else str(line.params.get("X-ABLABEL", [""])[0])


def _date_label(label: str):
    """What an X-ABLabel calls a date: Apple's own labels ("_$!<Anniversary>!$_") by
    Netwerk's names for them, any other as written."""
    if label.startswith("_$!<") and label.endswith(">!$_"):
        return APPLE_DATE_LABELS.get(label[4:-4].casefold(), "")
    return label


def _text(value, *, keep_lines: bool = False) -> str:
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    text = str(value or "")
    return text.strip() if keep_lines else " ".join(text.split())
