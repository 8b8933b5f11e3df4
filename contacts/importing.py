"""Importing a LinkedIn export: idempotent, and fast enough for 30,000 rows.

A file that is not an export is refused whole (ImportFileError: nothing imported). Rows
LinkedIn writes oddly (hidden profiles, no name, an unreadable date) are skipped and
reported by line; values the contact form would refuse are left out of their row and
reported (contacts.validation); everything else is imported.

The file is streamed into temporary staging tables (PostgreSQL: COPY through psycopg's
`cursor.copy`; SQLite: batched inserts), then merged into the member's contacts in one
transaction with set-based SQL: match by normalised profile URL, else by name and
connected-on; UPDATE ... FROM for the matches; INSERT ... ON CONFLICT for the rest.
Until that one transaction commits, nothing the member sees has changed.

A newer export updates what LinkedIn knows (company, position, shared e-mail) and only
fills what the member left empty: their notes, labels, private details and how-we-met
are never overwritten.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from netwerk.accounts.cache import forget_member_figures

from . import linkedin
from .linkedin import ConnectionRow, ImportFileError, InvitationRow, Skipped
from .models import ContactSource, ImportJob, Label, LabelColor
from .validation import FIELD_NAMES, refusal

BATCH_SIZE = 2000

SKIP_REASONS = {
    "hidden_profile": _("hidden profile: the row holds only a date"),
    "no_name": _("no name"),
    "bad_date": _("unreadable date"),
    "bad_url": _("the profile URL is not a URL"),
    "too_long": _("a value is longer than Netwerk stores"),
    "duplicate": _("the same person appears earlier in the file"),
    "bad_direction": _("Direction is neither INCOMING nor OUTGOING"),
}
# Reasons whose rows differ from each other (the value read, the earlier line), so the
# page lists them one by one.
DETAILED_REASONS = {"bad_date", "bad_url", "duplicate", "too_long", "bad_direction"}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped}


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    contacts: Counts = field(default_factory=Counts)
    invitations: Counts = field(default_factory=Counts)
    skipped: list[Skipped] = field(default_factory=list)
    # Values left out of rows that were imported (reason: the field's name).
    left_out: list[Skipped] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(vars(self.contacts).values()) + sum(vars(self.invitations).values())

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "contacts": self.contacts.as_dict(),
            "invitations": self.invitations.as_dict(),
            "skipped": [[s.filename, s.line, s.reason, s.detail] for s in self.skipped],
            "left_out": [[s.filename, s.line, s.reason, s.detail] for s in self.left_out],
        }

    def summary_lines(self) -> list[str]:
        """The report as plain text lines (the command prints these)."""
        lines = []
        for title, counts in ((_("Contacts"), self.contacts), (_("Invitations"), self.invitations)):
            if any(vars(counts).values()):
                lines.append(
                    str(_("%(title)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped"))
                    % {"title": title, **counts.as_dict()}
                )
        if not lines:
            lines.append(str(_("Nothing to import: the files hold no rows.")))
        for skip in self.skipped:
            lines.append(str(_("  skipped %(file)s line %(line)s: %(reason)s")) % {
                "file": skip.filename, "line": skip.line, "reason": describe_skip(skip.reason, skip.detail)
            })
        for item in self.left_out:
            lines.append(str(_("  left out %(file)s line %(line)s: %(value)s")) % {
                "file": item.filename, "line": item.line, "value": describe_left_out(item)
            })
        return lines


def describe_skip(reason: str, detail: str = "") -> str:
    text = str(SKIP_REASONS.get(reason, reason))
    if reason == "duplicate" and detail:
        return str(_("the same person as on line %(line)s")) % {"line": detail}
    if reason == "too_long" and detail:
        return str(_("%(column)s is longer than Netwerk stores")) % {"column": detail}
    if detail:
        return f"{text} ({detail})"
    return text


def describe_left_out(item: Skipped) -> str:
    """`website “javascript:alert(1)”: Enter a web address…` (the contact form's words)."""
    return str(_("%(field)s “%(value)s”: %(problem)s")) % {
        "field": FIELD_NAMES.get(item.reason, item.reason),
        "value": item.detail,
        "problem": refusal(item.reason, item.detail) if item.reason in FIELD_NAMES else "",
    }


def member_zone(owner) -> ZoneInfo:
    name = getattr(getattr(owner, "profile", None), "time_zone", None) or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


# --- the service -------------------------------------------------------------------------


def import_linkedin_export(
    *, owner, stream, filename: str, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import an uploaded export (zip, Connections.csv, Invitations.csv or Netwerk's own
    CSV) for `owner`. Raises ImportFileError, and then nothing was imported."""
    sources = linkedin.open_sources(stream, filename)
    report = ImportReport(files=[s.name for s in sources])
    zone = member_zone(owner)
    invitation_rows: list[InvitationRow] = []
    # With a progress bar to feed, staged batches are committed as they go (the page reads
    # the count from another connection); without one, everything is one transaction.
    stage = Stage(across_transactions=progress is not None)
    staged = 0
    batch_transaction = transaction.atomic if progress else nullcontext
    try:
        with nullcontext() if progress else transaction.atomic():
            stage.create()
            for source in sources:
                skipped_before = len(report.skipped)
                if source.kind == linkedin.INVITATIONS:
                    invitation_rows.extend(linkedin.iter_invitations(source, report.skipped, zone))
                    report.invitations.skipped += len(report.skipped) - skipped_before
                    continue
                rows = _deduplicated(
                    linkedin.iter_connections(source, report.skipped, report.left_out), source.name, report.skipped
                )
                for batch in _batched(rows, BATCH_SIZE if progress else 4 * BATCH_SIZE):
                    with batch_transaction():
                        stage.write(batch)
                    staged += len(batch)
                    if progress:
                        progress(staged + len(invitation_rows) + len(report.skipped))
                report.contacts.skipped += len(report.skipped) - skipped_before
            with transaction.atomic():
                _lock_member(owner)
                stage.merge(owner=owner, counts=report.contacts)
                _merge_invitations(owner=owner, rows=invitation_rows, counts=report.invitations)
                forget_member_figures(owner)  # set-based SQL and bulk_create send no signals
    finally:
        stage.drop()
    report.skipped.sort(key=lambda s: (s.filename, s.line))
    report.left_out.sort(key=lambda s: (s.filename, s.line))
    return report


def _lock_member(owner) -> None:
    """Lock the member's row until the merge commits: two imports of one member (say, a
    double-clicked upload) run one after the other, so neither creates what the other did."""
    get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True).first()


def _deduplicated(rows: Iterable[ConnectionRow], filename: str, skipped: list[Skipped]) -> Iterator[ConnectionRow]:
    """One row per person: a later row for the same profile URL (or, without one, the
    same name and connected-on date) is reported, not imported twice."""
    seen: dict = {}
    for row in rows:
        key = row.profile_url or (row.first_name.casefold(), row.last_name.casefold(), row.connected_on)
        first = seen.get(key)
        if first is not None:
            skipped.append(Skipped(filename, row.line, "duplicate", str(first)))
            continue
        seen[key] = row.line
        yield row


# --- staging and the set-based merge --------------------------------------------------------

STAGE_COLUMNS = (
    "line",
    "first_name",
    "last_name",
    "profile_url",
    "email",
    "company",
    "position",
    "connected_on",
    "how_we_met",
    "website",
    "private_email",
    "phone",
)
FILLED_WHEN_EMPTY = ("how_we_met", "website", "private_email", "phone")


class Stage:
    """Temporary tables on this connection holding the parsed rows until the merge."""

    contact_table = "netwerk_stage_contact"
    label_table = "netwerk_stage_label"
    labelmap_table = "netwerk_stage_labelmap"
    note_table = "netwerk_stage_note"

    def __init__(self, *, across_transactions: bool):
        self.postgres = connection.vendor == "postgresql"
        # Tables that live only as long as the transaction cost no catalogue commit.
        self.on_commit = "" if across_transactions or not self.postgres else " ON COMMIT DROP"
        self.has_extras = False
        self.label_names: dict[str, str] = {}

    def create(self) -> None:
        tables = (self.contact_table, self.label_table, self.labelmap_table, self.note_table)
        text_columns = ", ".join(f"{name} text NOT NULL" for name in STAGE_COLUMNS[1:] if name != "connected_on")
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.contact_table} (line integer PRIMARY KEY, connected_on date, "
                f"{text_columns}, contact_id bigint, is_new boolean NOT NULL DEFAULT false){self.on_commit}"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.label_table} (line integer NOT NULL, name_key text NOT NULL){self.on_commit}"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.labelmap_table} (name_key text PRIMARY KEY, label_id bigint){self.on_commit}"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.note_table} (line integer NOT NULL, body text NOT NULL){self.on_commit}"
            )

    def drop(self) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table in (self.contact_table, self.label_table, self.labelmap_table, self.note_table):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
        except DatabaseError:  # the connection is gone or broken; its temp tables went with it
            pass

    def write(self, rows: list[ConnectionRow]) -> None:
        labels, notes = [], []
        for row in rows:
            for name in row.labels:
                key = name.casefold()
                self.label_names.setdefault(key, name)
                labels.append((row.line, key))
            notes.extend((row.line, body) for body in row.notes)
        self.has_extras = self.has_extras or bool(labels or notes)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {self.contact_table} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(
                            (row.line, row.first_name, row.last_name, row.profile_url, row.email, row.company,
                             row.position, row.connected_on, row.how_we_met, row.website, row.private_email, row.phone)
                        )
                if labels:
                    with cursor.copy(f"COPY {self.label_table} (line, name_key) FROM STDIN") as copy:
                        for item in labels:
                            copy.write_row(item)
                if notes:
                    with cursor.copy(f"COPY {self.note_table} (line, body) FROM STDIN") as copy:
                        for item in notes:
                            copy.write_row(item)
                return
            placeholders = ", ".join(["%s"] * len(STAGE_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {self.contact_table} ({', '.join(STAGE_COLUMNS)}) VALUES ({placeholders})",  # nosec B608 (our own table names; values are parameters)
                [
                    (row.line, row.first_name, row.last_name, row.profile_url, row.email, row.company, row.position,
                     row.connected_on.isoformat() if row.connected_on else None, row.how_we_met, row.website,
                     row.private_email, row.phone)
                    for row in rows
                ],
            )
            if labels:
                cursor.executemany(f"INSERT INTO {self.label_table} (line, name_key) VALUES (%s, %s)", labels)  # nosec B608 (our own table names; values are parameters)
            if notes:
                cursor.executemany(f"INSERT INTO {self.note_table} (line, body) VALUES (%s, %s)", notes)  # nosec B608 (our own table names; values are parameters)

    def merge(self, *, owner, counts: Counts) -> None:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        stage = self.contact_table
        with connection.cursor() as cursor:
            if self.postgres:
                # The staging table has no statistics; a nested loop guessed from that can
                # turn 10,000 rows into 100 million comparisons. These are bulk joins:
                # hash or merge them, always (for this transaction only).
                cursor.execute("SET LOCAL enable_nestloop = off")
                url_condition = "s.profile_url <> ''"
            else:
                # SQLite joins by looping: an index on the staged names, built once the rows
                # are in, and the unique index's own condition (`NOT (c.profile_url = '')`,
                # which lets the planner use that partial index) keep both matches linear.
                cursor.execute(f"CREATE INDEX {stage}_name ON {stage} (lower(last_name), lower(first_name))")
                url_condition = "NOT (c.profile_url = '')"
            cursor.execute(
                f"UPDATE {stage} AS s SET contact_id = c.id FROM contacts_contact AS c "  # nosec B608 (our own table names; values are parameters)
                f"WHERE c.owner_id = %s AND {url_condition} AND c.profile_url = s.profile_url",
                [owner.pk],
            )
            cursor.execute(
                f"UPDATE {stage} AS s SET contact_id = c.id FROM contacts_contact AS c "  # nosec B608 (our own table names; values are parameters)
                "WHERE s.contact_id IS NULL AND c.owner_id = %s "
                "AND lower(c.last_name) = lower(s.last_name) AND lower(c.first_name) = lower(s.first_name) "
                "AND c.connected_on IS NOT DISTINCT FROM s.connected_on AND (s.profile_url = '' OR c.profile_url = '')",
                [owner.pk],
            )
            fills = ", ".join(f"{name} = CASE WHEN c.{name} = '' THEN s.{name} ELSE c.{name} END" for name in FILLED_WHEN_EMPTY)
            fill_changes = " OR ".join(f"(c.{name} = '' AND s.{name} <> '')" for name in FILLED_WHEN_EMPTY)
            cursor.execute(
                f"UPDATE contacts_contact AS c SET company = s.company, position = s.position, "  # nosec B608 (our own table names; values are parameters)
                "email = CASE WHEN s.email <> '' THEN s.email ELSE c.email END, "
                "profile_url = CASE WHEN c.profile_url = '' THEN s.profile_url ELSE c.profile_url END, "
                f"connected_on = COALESCE(c.connected_on, s.connected_on), {fills}, updated_at = %s "
                f"FROM {stage} AS s WHERE s.contact_id = c.id AND c.owner_id = %s AND ("
                "c.company <> s.company OR c.position <> s.position OR (s.email <> '' AND c.email <> s.email) "
                "OR (c.profile_url = '' AND s.profile_url <> '') "
                f"OR (c.connected_on IS NULL AND s.connected_on IS NOT NULL) OR {fill_changes}) RETURNING id",
                [now, owner.pk],
            )
            changed = {contact_id for (contact_id,) in cursor.fetchall()}
            cursor.execute(f"SELECT COUNT(*) FROM {stage} WHERE contact_id IS NOT NULL")  # nosec B608 (our own table names; values are parameters)
            matched = cursor.fetchone()[0]
            columns = (
                "owner_id, first_name, last_name, company, position, profile_url, email, connected_on, source, "
                "website, private_email, phone, how_we_met, introduced_by_id, status, archived_at, pinned, "
                "created_at, updated_at"
            )
            values = (
                "%s, first_name, last_name, company, position, profile_url, email, connected_on, %s, "
                "website, private_email, phone, how_we_met, NULL, 'active', NULL, %s, %s, %s"
            )
            params = [owner.pk, ContactSource.IMPORTED, False, now, now]
            conflict = "ON CONFLICT (owner_id, profile_url) WHERE NOT (profile_url = '') DO NOTHING"
            if self.has_extras:
                # New contacts get their ids first, so their labels and notes can follow them.
                self._assign_new_ids(cursor)
                cursor.execute(
                    f"INSERT INTO contacts_contact (id, {columns}) SELECT contact_id, {values} FROM {stage} "  # nosec B608 (our own table names; values are parameters)
                    f"WHERE is_new {conflict}",
                    params,
                )
            else:
                cursor.execute(
                    f"INSERT INTO contacts_contact ({columns}) SELECT {values} FROM {stage} "  # nosec B608 (our own table names; values are parameters)
                    f"WHERE contact_id IS NULL {conflict}",
                    params,
                )
            counts.created = cursor.rowcount
            if self.has_extras:
                changed |= self._merge_labels_and_notes(cursor, owner=owner, now=now)
                cursor.execute(f"SELECT contact_id FROM {stage} WHERE is_new")  # nosec B608 (our own table names; values are parameters)
                changed -= {contact_id for (contact_id,) in cursor.fetchall()}
        counts.updated = len(changed)
        counts.unchanged = matched - counts.updated

    def _assign_new_ids(self, cursor) -> None:
        stage = self.contact_table
        if self.postgres:
            cursor.execute(
                f"UPDATE {stage} SET is_new = true, "  # nosec B608 (our own table names; values are parameters)
                "contact_id = nextval(pg_get_serial_sequence('contacts_contact', 'id')) WHERE contact_id IS NULL"
            )
            return
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM contacts_contact), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'contacts_contact'), 0))"
        )
        base = cursor.fetchone()[0]
        cursor.execute(
            f"UPDATE {stage} AS s SET is_new = 1, contact_id = %s + r.n FROM "  # nosec B608 (our own table names; values are parameters)
            f"(SELECT line, ROW_NUMBER() OVER (ORDER BY line) AS n FROM {stage} WHERE contact_id IS NULL) AS r "
            "WHERE s.line = r.line",
            [base],
        )

    def _merge_labels_and_notes(self, cursor, *, owner, now) -> set[int]:
        changed: set[int] = set()
        if self.label_names:
            existing = {
                key: pk
                for pk, key in Label.objects.filter(owner=owner).annotate(key=Lower("name")).values_list("pk", "key")
            }
            by_key = {}
            for key, name in self.label_names.items():
                label_id = existing.get(key) or existing.get(name.lower())
                if label_id is None:
                    label_id = Label.objects.create(owner=owner, name=name, color=LabelColor.BLUE).pk
                    existing[name.lower()] = label_id
                by_key[key] = label_id
            cursor.executemany(
                f"INSERT INTO {self.labelmap_table} (name_key, label_id) VALUES (%s, %s)", list(by_key.items())  # nosec B608 (our own table names; values are parameters)
            )
            cursor.execute(
                "INSERT INTO contacts_contactlabel (contact_id, label_id, added_at) "  # nosec B608 (our own table names; values are parameters)
                f"SELECT DISTINCT s.contact_id, m.label_id, %s FROM {self.label_table} AS l "
                f"JOIN {self.contact_table} AS s ON s.line = l.line JOIN {self.labelmap_table} AS m ON m.name_key = l.name_key "
                "WHERE s.contact_id IS NOT NULL ON CONFLICT (contact_id, label_id) DO NOTHING RETURNING contact_id",
                [now],
            )
            changed |= {contact_id for (contact_id,) in cursor.fetchall()}
        cursor.execute(
            "INSERT INTO contacts_note (owner_id, contact_id, body, created_at, updated_at) "  # nosec B608 (our own table names; values are parameters)
            f"SELECT %s, s.contact_id, n.body, %s, %s FROM {self.note_table} AS n "
            f"JOIN {self.contact_table} AS s ON s.line = n.line WHERE s.contact_id IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM contacts_note AS x WHERE x.contact_id = s.contact_id AND x.body = n.body) "
            "RETURNING contact_id",
            [owner.pk, now, now],
        )
        changed |= {contact_id for (contact_id,) in cursor.fetchall()}
        return changed


# --- invitations ---------------------------------------------------------------------------

# Invitations.csv rows are parsed here (this module knows LinkedIn's files) and merged by the
# invitations app, which owns those models and registers its merge on start-up
# (InvitationsConfig.ready): contacts never imports invitations (ARCHITECTURE.md).
InvitationMerge = Callable[..., None]
_invitation_merges: list[InvitationMerge] = []


def register_invitation_merge(merge: InvitationMerge) -> None:
    """`merge(owner=..., rows=[InvitationRow, ...], counts=Counts)`, run inside the import's
    transaction after the contacts are merged."""
    if merge not in _invitation_merges:
        _invitation_merges.append(merge)


def _merge_invitations(*, owner, rows: list[InvitationRow], counts: Counts) -> None:
    if not rows:
        return
    if not _invitation_merges:
        raise ImproperlyConfigured("Invitations.csv needs the invitations app (INSTALLED_APPS).")
    for merge in _invitation_merges:
        merge(owner=owner, rows=rows, counts=counts)


# --- the background job ----------------------------------------------------------------------


def run_import_job(*, job_id: int) -> None:
    """Run one queued import; a job that already ran (a retry, a second worker) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(state=ImportJob.State.RUNNING)
    if not claimed:
        return
    job = ImportJob.objects.select_related("owner__profile").get(pk=job_id)
    from django.utils import translation

    language = getattr(getattr(job.owner, "profile", None), "language", None) or settings.LANGUAGE_CODE

    def progress(rows_done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=rows_done)

    with translation.override(language):
        try:
            with job.upload.open("rb") as stream:
                sources = linkedin.open_sources(stream, job.filename)
                estimate = sum(linkedin.estimate_rows(source) for source in sources)
                ImportJob.objects.filter(pk=job.pk).update(rows_total=estimate)
                report = import_linkedin_export(owner=job.owner, stream=stream, filename=job.filename, progress=progress)
        except ImportFileError as error:
            job.state, job.error = ImportJob.State.FAILED, str(error)
        except Exception:
            job.state, job.error = ImportJob.State.FAILED, str(_("The import failed unexpectedly; nothing was imported."))
            _finish(job)
            raise
        else:
            job.state, job.report = ImportJob.State.DONE, report.as_dict()
            job.rows_total = job.rows_done = report.rows
        _finish(job)


def _finish(job: ImportJob) -> None:
    """The upload is the member's private export: it is not kept once read."""
    if job.upload:
        job.upload.delete(save=False)
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "report", "rows_total", "rows_done", "upload", "finished_at"])


def report_from_dict(data: dict) -> ImportReport:
    report = ImportReport(files=list(data.get("files", [])))
    report.contacts = Counts(**data.get("contacts", {}))
    report.invitations = Counts(**data.get("invitations", {}))
    report.skipped = [Skipped(*item) for item in data.get("skipped", [])]
    report.left_out = [Skipped(*item) for item in data.get("left_out", [])]
    return report


def skipped_by_reason(report: ImportReport) -> list[dict]:
    """Skipped rows grouped by file and reason, the lines written as ranges (`5, 9–12`)."""
    groups: dict[tuple[str, str], list] = {}
    for skip in report.skipped:
        groups.setdefault((skip.filename, skip.reason), []).append(skip)
    result = []
    for (filename, reason), skips in groups.items():
        details = [describe_skip(s.reason, s.detail) for s in skips]
        result.append(
            {
                "file": filename,
                "reason": describe_skip(reason),
                "count": len(skips),
                "lines": _ranges([s.line for s in skips]),
                "details": [(s.line, d) for s, d in zip(skips, details)] if reason in DETAILED_REASONS else [],
                "label": ngettext("%(count)s row", "%(count)s rows", len(skips)) % {"count": len(skips)},
            }
        )
    return result


def _ranges(lines: list[int]) -> str:
    parts, start, previous = [], None, None
    for line in sorted(lines):
        if start is None:
            start = previous = line
        elif line == previous + 1:
            previous = line
        else:
            parts.append(f"{start}" if start == previous else f"{start}–{previous}")
            start = previous = line
    if start is not None:
        parts.append(f"{start}" if start == previous else f"{start}–{previous}")
    return ", ".join(parts)
