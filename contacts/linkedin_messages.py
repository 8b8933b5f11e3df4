"""LinkedIn's messages.csv as interactions: who wrote to whom and when, never what.

Each message becomes at most one interaction per contact, day (the member's own) and
direction, kind "message": "gave" when the member wrote, "received" when a contact wrote
to the member alone. A message the member sent to several people counts for each of
them; a message someone else sent to a group counts for no one. Subjects and contents
are never read. People are matched by profile URL only (LinkedIn writes names in any
encoding); a message with someone who is not a contact is counted and left.

The member is the profile URL in their settings, or else the participant present in every
conversation of the file (of two such, the one who is not among their contacts). Two passes over
the file: the first finds the member, the second gathers (profile URL, day, direction),
a set bounded by the number of distinct contact-days, never by the number of messages.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import touch
from .cells import read_profile_url
from .linkedin import ImportFileError, SourceFile, iter_records
from .models import Contact, Direction, Interaction, InteractionKind

BATCH = 2000
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S")


@dataclass
class MessageCounts:
    read: int = 0  # messages in the file
    added: int = 0  # interactions added
    contacts: int = 0  # contacts with at least one message
    others: int = 0  # people written with who are not contacts
    skipped: int = 0  # rows without a readable date or sender

    def as_dict(self) -> dict:
        return vars(self).copy()

    @classmethod
    def from_dict(cls, data: dict | None) -> "MessageCounts":
        return cls(**{key: int(value) for key, value in (data or {}).items() if key in cls.__dataclass_fields__})


def _urls(value: str) -> list[str]:
    """The profile URLs of a cell: LinkedIn separates several with commas."""
    found = []
    for part in value.replace(";", ",").split(","):
        url = read_profile_url(part.strip()) if part.strip() else None
        if url:
            found.append(url)
    return found


def _moment(value: str) -> datetime | None:
    """`2024-05-01 10:22:33 UTC`, as LinkedIn writes it (always UTC). Read by position
    first: strptime cost more than everything else the import does per message."""
    text = value.strip()
    if len(text) in (19, 23) and text[4] == "-" and text[7] == "-" and text[10] == " " and text[13] == ":" and (
        len(text) == 19 or text[19:] == " UTC"
    ):
        try:
            return datetime(int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]), int(text[14:16]),
                            int(text[17:19]), tzinfo=UTC)
        except ValueError:
            return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _rows(source: SourceFile):
    """(line, conversation, sender URLs, recipient URLs, date text) per message. A cell's
    URLs are read once per distinct cell: the same few thousand people recur."""
    columns = source.columns
    conversation, sender, recipients, when = (
        columns["conversation_id"], columns["sender_url"], columns["recipient_urls"], columns["date"]
    )
    seen: dict[str, list[str]] = {}
    for line, cells in iter_records(source):
        senders = seen.get(cells[sender])
        if senders is None:
            senders = seen.setdefault(cells[sender], _urls(cells[sender]))
        others = seen.get(cells[recipients])
        if others is None:
            others = seen.setdefault(cells[recipients], _urls(cells[recipients]))
        yield line, cells[conversation], senders, others, cells[when]


def member_url(sources: Iterable[SourceFile], owner) -> str:
    """The member's profile URL from their settings, if given; else the one present in
    every conversation of the files (of two such, the one not among their contacts)."""
    given = read_profile_url(getattr(getattr(owner, "profile", None), "linkedin_profile_url", "") or "")
    if given:
        return given
    participants: dict[str, set[str]] = {}
    for source in sources:
        for _line, conversation, senders, recipients, _when in _rows(source):
            participants.setdefault(conversation, set()).update(senders, recipients)
    if not participants:
        return ""  # no messages: nobody to find
    common: set[str] | None = None
    for people in participants.values():
        common = set(people) if common is None else common & people
        if not common:
            break
    if common and len(common) > 1:
        known = set(Contact.objects.filter(owner=owner, profile_url__in=common).values_list("profile_url", flat=True))
        common -= known
    if not common or len(common) != 1:
        name = ", ".join(source.name for source in sources)
        raise ImportFileError(
            _("could not tell which participant is you: no one profile URL is in every conversation."), filename=name
        )
    return common.pop()


PROGRESS_EVERY = 5000


def gather(
    sources: Iterable[SourceFile], me: str, zone: ZoneInfo, counts: MessageCounts, progress=None
) -> set[tuple[str, date, str]]:
    """(profile URL, day, direction) for every message that counts."""
    found: set[tuple[str, date, str]] = set()
    for source in sources:
        for _line, _conversation, senders, recipients, when in _rows(source):
            counts.read += 1
            if progress is not None and counts.read % PROGRESS_EVERY == 0:
                progress(counts.read)
            moment = _moment(when)
            if moment is None or not senders:
                counts.skipped += 1
                continue
            day = moment.astimezone(zone).date()
            others = [url for url in recipients if url != me]
            if senders[0] == me:
                found.update((url, day, Direction.GAVE) for url in others)
            elif recipients == [me] or set(recipients) == {me}:
                found.add((senders[0], day, Direction.RECEIVED))
    return found


@dataclass
class Prepared:
    """What the files say, read before anything is written: the (profile URL, day,
    direction) triples that count, and the counts so far."""

    found: set
    counts: MessageCounts


def prepare(*, owner, sources: list[SourceFile], zone: ZoneInfo, progress=None) -> Prepared:
    """Read the files (twice, streaming); writes nothing, so an import with a progress bar
    runs it before its final transaction and the page sees the count move."""
    counts = MessageCounts()
    me = member_url(sources, owner)
    return Prepared(gather(sources, me, zone, counts, progress) if me else set(), counts)


def import_messages(*, owner, sources: list[SourceFile], zone: ZoneInfo) -> MessageCounts:
    """Read and write in one go (the import's transaction holds the member locked)."""
    return write(owner=owner, prepared=prepare(owner=owner, sources=sources, zone=zone))


def write(*, owner, prepared: Prepared) -> MessageCounts:
    """Add what `prepare` found as interactions. Importing the same file again adds nothing."""
    counts, found = prepared.counts, prepared.found
    urls = sorted({url for url, _day, _direction in found})
    contact_of: dict[str, int] = {}
    for start in range(0, len(urls), BATCH):
        chunk = urls[start : start + BATCH]
        contact_of.update(Contact.objects.filter(owner=owner, profile_url__in=chunk).values_list("profile_url", "pk"))
    wanted = {(contact_of[url], day, direction) for url, day, direction in found if url in contact_of}
    counts.others = len({url for url, _day, _direction in found if url not in contact_of})
    contact_ids = sorted({contact_id for contact_id, _day, _direction in wanted})
    counts.contacts = len(contact_ids)
    existing: set[tuple[int, date, str]] = set()
    for start in range(0, len(contact_ids), BATCH):
        existing.update(
            Interaction.objects.filter(
                owner=owner, kind=InteractionKind.MESSAGE, contact_id__in=contact_ids[start : start + BATCH]
            ).values_list("contact_id", "date", "direction")
        )
    new = sorted(wanted - existing)
    _insert(owner.pk, new)
    counts.added = len(new)
    if new and touch.uses_rhythms(owner.pk):
        touch.refresh(owner_id=owner.pk, contact_ids=sorted({contact_id for contact_id, _day, _direction in new}))
    return counts


def _insert(owner_id: int, rows: list[tuple[int, date, str]]) -> None:
    """The new interactions, written as plain rows (COPY on PostgreSQL): building 200,000
    model instances for bulk_create was most of the import's time. Table and column
    names come from the model; they send no signals, as bulk_create would not either."""
    if not rows:
        return
    meta = Interaction._meta
    names = ("owner", "contact", "date", "kind", "direction", "note", "created_at")
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in names)
    table = connection.ops.quote_name(meta.db_table)
    now = timezone.now()
    values = [(owner_id, contact_id, day, InteractionKind.MESSAGE, direction, "", now) for contact_id, day, direction in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(names))
            for start in range(0, len(values), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # nosec B608 (names from the model)
                    [
                        (o, c, connection.ops.adapt_datefield_value(d), k, r, n, connection.ops.adapt_datetimefield_value(t))
                        for o, c, d, k, r, n, t in values[start : start + BATCH]
                    ],
                )
