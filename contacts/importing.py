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

Past 400 lines because the report, the service and the background job share one set of
types and messages; address books (vCard, any CSV) reuse them from contacts.generic_import.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from netwerk.lib.cache import forget_member_figures

from . import hooks, linkedin, linkedin_messages, linkedin_rows, touch
from . import sync as linkedin_sync
from .linkedin import ConnectionRow, ImportFileError, InvitationRow, Skipped
from .locks import lock_member
from .scanning import request_scan
from .models import ImportJob
from .staging import Counts, Stage
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
class ImportReport:
    files: list[str] = field(default_factory=list)
    contacts: Counts = field(default_factory=Counts)
    invitations: Counts = field(default_factory=Counts)
    skipped: list[Skipped] = field(default_factory=list)
    # Values left out of rows that were imported (reason: the field's name).
    left_out: list[Skipped] = field(default_factory=list)
    # What a complete LinkedIn export changed (contacts.sync); empty without Connections.csv.
    sync: linkedin_sync.SyncReport = field(default_factory=linkedin_sync.SyncReport)
    # messages.csv as interactions (contacts.linkedin_messages); empty without one.
    messages: linkedin_messages.MessageCounts = field(default_factory=linkedin_messages.MessageCounts)

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
            "sync": self.sync.as_dict(),
            "messages": self.messages.as_dict(),
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
        if self.messages.read:
            lines.append(
                str(_("Messages: %(read)s read, %(added)s interactions added for %(contacts)s contacts, "
                      "%(others)s people who are not contacts, %(skipped)s skipped"))
                % self.messages.as_dict()
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
        lines.extend(sync_lines(self.sync))
        return lines


SYNC_LINES = {
    "new": _("New connections since the previous export: %(count)s"),
    "from_invitation": _("  of which from an invitation in Netwerk: %(count)s"),
    "job_changes": _("Job changes: %(count)s"),
    "disconnected": _("No longer connected: %(count)s"),
    "returned": _("Connected again: %(count)s"),
    "to_remove": _("Still to remove on LinkedIn (archived in Netwerk): %(count)s"),
    "removal_confirmed": _("Removals confirmed (gone from the export): %(count)s"),
    "invitations_accepted": _("Invitations accepted: %(count)s"),
    "incoming_accepted": _("Incoming invitations accepted outside Netwerk: %(count)s"),
}


def sync_lines(report: "linkedin_sync.SyncReport") -> list[str]:
    """What a LinkedIn export changed, as the command prints it."""
    if report.state == linkedin_sync.NOT_COMPLETE:
        return [str(NOT_COMPLETE_TEXT)]
    if report.state == linkedin_sync.OLDER:
        return [str(older_text(report))]
    if report.state != linkedin_sync.COMPLETE:
        return []
    lines = []
    if report.first:
        lines.append(str(FIRST_EXPORT_TEXT))
    for name in linkedin_sync.GROUPS:
        if report.count(name) or name in ("new", "job_changes", "disconnected", "to_remove"):
            if name == "new" and report.first:
                continue
            lines.append(str(SYNC_LINES[name]) % {"count": report.count(name)})
    return lines


NOT_COMPLETE_TEXT = _(
    "Not a complete LinkedIn export (Netwerk's own CSV or a file made by hand): "
    "nobody was marked as no longer connected."
)
FIRST_EXPORT_TEXT = _("The first complete LinkedIn export: the next one will show what changed since this one.")


def older_text(report: "linkedin_sync.SyncReport") -> str:
    return str(
        _(
            "This export (%(exported)s) is older than the newest one already imported (%(newest)s): "
            "it marks nobody as no longer connected and changes no job."
        )
    ) % {"exported": report.exported_on.isoformat() if report.exported_on else "?",
         "newest": report.newest_before.isoformat() if report.newest_before else "?"}


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
    if item.reason == "key_date":
        return str(_("date “%(value)s”: Netwerk reads dates such as 1985-03-31, 31-3-1985 or --03-31 (no year)")) % {
            "value": item.detail}
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
    connection_sources = [s for s in sources if s.kind not in (linkedin.INVITATIONS, linkedin.MESSAGES)]
    message_sources = [s for s in sources if s.kind == linkedin.MESSAGES]
    complete = len(connection_sources) == 1 and linkedin_sync.is_complete(connection_sources[0])
    latest = _Latest()
    invitation_rows: list[InvitationRow] = []
    # With a progress bar to feed, staged batches are committed as they go (the page reads
    # the count from another connection); without one, everything is one transaction.
    stage = Stage(across_transactions=progress is not None)
    staged = 0
    batch_transaction = transaction.atomic if progress else nullcontext
    try:
        with nullcontext() if progress else transaction.atomic():
            if connection_sources:  # only connections go through the staging tables
                stage.create()
            for source in sources:
                skipped_before = len(report.skipped)
                if source.kind == linkedin.MESSAGES:
                    continue  # read after the contacts are in (linkedin_messages)
                if source.kind == linkedin.INVITATIONS:
                    invitation_rows.extend(linkedin_rows.iter_invitations(source, report.skipped, zone))
                    report.invitations.skipped += len(report.skipped) - skipped_before
                    continue
                rows = latest.watch(_deduplicated(
                    linkedin_rows.iter_connections(source, report.skipped, report.left_out), source.name, report.skipped
                ))
                for batch in _batched(rows, BATCH_SIZE if progress else 4 * BATCH_SIZE):
                    with batch_transaction():
                        stage.write(batch)
                    staged += len(batch)
                    if progress:
                        progress(staged + len(invitation_rows) + len(report.skipped))
                report.contacts.skipped += len(report.skipped) - skipped_before
            prepared = None
            if message_sources:  # read before the final transaction: the page sees the count move
                done = staged + len(invitation_rows) + len(report.skipped)
                prepared = linkedin_messages.prepare(
                    owner=owner, sources=message_sources, zone=zone,
                    progress=(lambda read: progress(done + read)) if progress else None,
                )
            with transaction.atomic():
                lock_member(owner)
                comparison = None
                if connection_sources:
                    own_date = linkedin_sync.date_from_name(filename) or connection_sources[0].written_on
                    comparison = linkedin_sync.Sync(
                        owner=owner, stage_table=stage.contact_table, exported_on=own_date or latest.connected_on,
                        latest_connection=latest.connected_on, dated=own_date is not None, complete=complete,
                        today=timezone.now().astimezone(zone).date(),
                    )
                    stage.match(owner=owner)
                    comparison.before_merge()
                if connection_sources:
                    stage.merge(
                        owner=owner, counts=report.contacts, keep_jobs=bool(comparison and comparison.keep_jobs),
                        track_new=bool(comparison and comparison.active),
                    )
                _merge_invitations(owner=owner, rows=invitation_rows, counts=report.invitations)
                if comparison is not None:
                    report.sync = comparison.after_merge(connections=latest.rows)
                if prepared is not None:
                    report.messages = linkedin_messages.write(owner=owner, prepared=prepared)
                forget_member_figures(owner)  # set-based SQL and bulk_create send no signals
                if report.contacts.created or report.contacts.updated:
                    request_scan(owner)  # new or changed names may be someone already there
                # Labels from a Netwerk CSV may carry a rhythm (messages refresh their own).
                if connection_sources and touch.uses_rhythms(owner.pk):
                    touch.refresh(owner_id=owner.pk)
    finally:
        if connection_sources:
            stage.drop()
    report.skipped.sort(key=lambda s: (s.filename, s.line))
    report.left_out.sort(key=lambda s: (s.filename, s.line))
    return report


class _Latest:
    """Counts the rows passing through and keeps the latest connection date (the date
    of an export that carries no other)."""

    def __init__(self):
        self.rows = 0
        self.connected_on = None

    def watch(self, rows: Iterable[ConnectionRow]) -> Iterator[ConnectionRow]:
        latest = self.connected_on
        for row in rows:
            self.rows += 1
            if row.connected_on is not None and (latest is None or row.connected_on > latest):
                latest = self.connected_on = row.connected_on
            yield row


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


# --- invitations ---------------------------------------------------------------------------

def _merge_invitations(*, owner, rows: list[InvitationRow], counts: Counts) -> None:
    if not rows:
        return
    if not hooks.invitation_merges:
        raise ImproperlyConfigured("Invitations.csv needs the invitations app (INSTALLED_APPS).")
    for merge in hooks.invitation_merges:
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
            plan = job.report if isinstance(job.report, dict) else {}
            if plan.get("kind") in ("vcard", "csv"):
                from .generic_import import run_job  # it builds on this module

                report = run_job(job, plan, progress)
            else:
                with job.upload.open("rb") as stream:
                    sources = linkedin.open_sources(stream, job.filename)
                    estimate = sum(linkedin_rows.estimate_rows(source) for source in sources)
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
    report.sync = linkedin_sync.SyncReport.from_dict(data.get("sync"))
    report.messages = linkedin_messages.MessageCounts.from_dict(data.get("messages"))
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
