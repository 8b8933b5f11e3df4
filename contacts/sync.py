"""A complete LinkedIn export, compared with what Netwerk knew: what changed since the
previous one, and the decisions it lets Netwerk finish.

LinkedIn has no API for a member's connections, so each new export is the sync. Only a
complete LinkedIn Connections.csv (alone or in the export zip) speaks for the whole
network: Netwerk's own CSV, a hand-made file (no URL, company or position column) or an
export older than the newest one imported never marks anyone as no longer connected.

The comparison runs inside the import's one transaction, set-based over the staging
table of contacts.staging (the export's rows, each with `contact_id` once matched):

- `before_merge`: job changes (the contacts' company and position before the merge
  overwrites them) and who was not connected before (no connection date, or marked as no
  longer connected);
- `after_merge`: new connections, no longer connected (and back again), the removal
  worklist, and the invitations the export resolves (through contacts.hooks: contacts
  imports no app above it).

The report keeps, per group, a count and the ids of the first LISTED contacts.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import hooks
from .linkedin import CONNECTIONS, SourceFile
from .models import Contact, ContactSource, ContactStatus, LinkedInExport

LISTED = 200

COMPLETE = "complete"
OLDER = "older"
NOT_COMPLETE = "not_complete"

# The groups of a report, in the order the page and the command show them.
GROUPS = (
    "new",
    "from_invitation",
    "job_changes",
    "disconnected",
    "returned",
    "to_remove",
    "removal_confirmed",
    "invitations_accepted",
    "incoming_accepted",
)

GROUP_TITLES = {
    "new": _("New connections since the previous export"),
    "from_invitation": _("New connections from an invitation in Netwerk"),
    "job_changes": _("Job changes"),
    "disconnected": _("No longer connected"),
    "returned": _("Connected again"),
    "to_remove": _("Decisions still to carry out on LinkedIn"),
    "removal_confirmed": _("Removals confirmed: gone from the export"),
    "invitations_accepted": _("Invitations accepted"),
    "incoming_accepted": _("Incoming invitations accepted outside Netwerk"),
}

# LinkedIn names its archive Basic_LinkedInDataExport_12-01-2026.zip (month first).
EXPORT_NAME_DATE = re.compile(r"LinkedInDataExport_(\d{2})-(\d{2})-(\d{4})", re.IGNORECASE)
# A complete Connections.csv has these columns (2021 on dropped nothing but the URL).
COMPLETE_COLUMNS = ("first_name", "last_name", "email", "company", "position", "connected_on")


def is_complete(source: SourceFile) -> bool:
    """LinkedIn's own Connections.csv: a hand-made file lacks some of its columns, and
    Netwerk's own CSV is of another kind."""
    return source.kind == CONNECTIONS and all(name in source.columns for name in COMPLETE_COLUMNS)


def date_from_name(filename: str) -> date | None:
    match = EXPORT_NAME_DATE.search(filename or "")
    if not match:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class SyncReport:
    state: str = ""
    exported_on: date | None = None
    newest_before: date | None = None
    first: bool = False
    groups: dict[str, dict] = field(default_factory=dict)

    def add(self, name: str, ids) -> None:
        ids = list(dict.fromkeys(ids))
        group = self.groups.setdefault(name, {"count": 0, "ids": []})
        group["count"] += len(ids)
        room = LISTED - len(group["ids"])
        if room > 0:
            group["ids"].extend(ids[:room])

    def count(self, name: str) -> int:
        return self.groups.get(name, {}).get("count", 0)

    def ids(self, name: str) -> list[int]:
        return self.groups.get(name, {}).get("ids", [])

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "exported_on": self.exported_on.isoformat() if self.exported_on else None,
            "newest_before": self.newest_before.isoformat() if self.newest_before else None,
            "first": self.first,
            "groups": self.groups,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "SyncReport":
        data = data or {}
        return cls(
            state=data.get("state", ""),
            exported_on=date.fromisoformat(data["exported_on"]) if data.get("exported_on") else None,
            newest_before=date.fromisoformat(data["newest_before"]) if data.get("newest_before") else None,
            first=bool(data.get("first")),
            groups=data.get("groups") or {},
        )


class Sync:
    """One import's comparison; `state` decides what it may change."""

    def __init__(
        self, *, owner, stage_table: str, exported_on: date | None, latest_connection: date | None, dated: bool,
        complete: bool, today: date,
    ):
        """`exported_on`: the export's own date when `dated` (the zip's), else its latest
        connection date; an undated file is compared with the newest export by that."""
        self.owner = owner
        self.stage = stage_table
        self.today = today
        self.latest_connection = latest_connection
        self.report = SyncReport(exported_on=exported_on)
        newest = (
            LinkedInExport.objects.filter(owner=owner)
            .order_by("-exported_on", "-id")
            .values_list("exported_on", "latest_connection")
            .first()
        )
        newest_on, newest_connection = newest or (None, None)
        self.report.newest_before = newest_on
        if not complete or exported_on is None:
            self.report.state = NOT_COMPLETE
        elif newest_on is not None and (
            latest_connection < newest_connection
            if not dated and latest_connection and newest_connection
            else exported_on < newest_on
        ):
            self.report.state = OLDER
        else:
            self.report.state = COMPLETE
            self.report.first = newest is None
        self.was_unconnected: set[int] = set()
        self.new_ids: set[int] = set()
        self.accepted: list[int] = []

    @property
    def active(self) -> bool:
        return self.report.state == COMPLETE

    @property
    def keep_jobs(self) -> bool:
        return self.report.state == OLDER

    def before_merge(self) -> None:
        if not self.active:
            return
        stage, owner = self.stage, self.owner.pk
        with connection.cursor() as cursor:
            # A change of job: the contact had one, the export names another one.
            cursor.execute(
                "INSERT INTO contacts_jobchange (owner_id, contact_id, company_before, position_before, company, "  # nosec B608 (our own table names; values are parameters)
                "position, noticed_on) SELECT %s, c.id, c.company, c.position, s.company, s.position, %s "
                f"FROM {stage} AS s JOIN contacts_contact AS c ON c.id = s.contact_id WHERE c.owner_id = %s "
                "AND (c.company <> s.company OR c.position <> s.position) "
                "AND (c.company <> '' OR c.position <> '') AND (s.company <> '' OR s.position <> '') "
                "RETURNING contact_id",
                [owner, self.today, owner],
            )
            self.report.add("job_changes", sorted(pk for (pk,) in cursor.fetchall()))
            cursor.execute(
                f"SELECT c.id FROM {stage} AS s JOIN contacts_contact AS c ON c.id = s.contact_id "  # nosec B608 (our own table names; values are parameters)
                "WHERE c.owner_id = %s AND (c.connected_on IS NULL OR c.disconnected_on IS NOT NULL)",
                [owner],
            )
            self.was_unconnected = {pk for (pk,) in cursor.fetchall()}

    def after_merge(self, *, connections: int) -> SyncReport:
        if not self.active:
            return self.report
        stage, owner, today = self.stage, self.owner.pk, self.today
        report = self.report
        in_export = f"(SELECT contact_id FROM {stage} WHERE contact_id IS NOT NULL)"  # nosec B608 (our own table name)
        with connection.cursor() as cursor:
            if not report.first:
                cursor.execute(f"SELECT contact_id FROM {stage} WHERE is_new ORDER BY contact_id")  # nosec B608 (our own table names; values are parameters)
                self.new_ids = {pk for (pk,) in cursor.fetchall()} | self.was_unconnected
                report.add("new", sorted(self.new_ids))
            # Back on LinkedIn: the mark goes.
            cursor.execute(
                "UPDATE contacts_contact SET disconnected_on = NULL "  # nosec B608 (our own table names; values are parameters)
                f"WHERE owner_id = %s AND disconnected_on IS NOT NULL AND id IN {in_export} RETURNING id",
                [owner],
            )
            report.add("returned", sorted(pk for (pk,) in cursor.fetchall()))
            # Active contacts from LinkedIn that the complete export no longer lists.
            cursor.execute(
                "UPDATE contacts_contact SET disconnected_on = %s "  # nosec B608 (our own table names; values are parameters)
                "WHERE owner_id = %s AND status = %s AND disconnected_on IS NULL "
                "AND (connected_on IS NOT NULL OR source = %s) "
                f"AND id NOT IN {in_export} RETURNING id",
                [today, owner, ContactStatus.ACTIVE, ContactSource.IMPORTED],
            )
            report.add("disconnected", sorted(pk for (pk,) in cursor.fetchall()))
            # Removals the member decided in Netwerk: done once an export no longer lists them.
            cursor.execute(
                "UPDATE contacts_linkedinremoval SET confirmed_on = %s "  # nosec B608 (our own table names; values are parameters)
                f"WHERE owner_id = %s AND confirmed_on IS NULL AND contact_id NOT IN {in_export} RETURNING contact_id",
                [today, owner],
            )
            report.add("removal_confirmed", sorted(pk for (pk,) in cursor.fetchall()))
            # Ticked off by hand yet still listed: back on the worklist.
            cursor.execute(
                "UPDATE contacts_linkedinremoval SET ticked_at = NULL "  # nosec B608 (our own table names; values are parameters)
                f"WHERE owner_id = %s AND confirmed_on IS NULL AND ticked_at IS NOT NULL AND contact_id IN {in_export}",
                [owner],
            )
            cursor.execute(
                "INSERT INTO contacts_linkedinremoval (owner_id, contact_id, noticed_on, ticked_at, confirmed_on) "  # nosec B608 (our own table names; values are parameters)
                f"SELECT %s, c.id, %s, NULL, NULL FROM contacts_contact AS c WHERE c.owner_id = %s AND c.status = %s "
                f"AND c.id IN {in_export} AND NOT EXISTS (SELECT 1 FROM contacts_linkedinremoval AS r "
                "WHERE r.contact_id = c.id AND r.confirmed_on IS NULL)",
                [owner, today, owner, ContactStatus.ARCHIVED],
            )
            cursor.execute(
                "SELECT r.contact_id FROM contacts_linkedinremoval AS r JOIN contacts_contact AS c ON c.id = r.contact_id "
                "WHERE r.owner_id = %s AND r.confirmed_on IS NULL AND c.status = %s ORDER BY r.contact_id",
                [owner, ContactStatus.ARCHIVED],
            )
            report.add("to_remove", [pk for (pk,) in cursor.fetchall()])
        listed = RawSQL(f"SELECT contact_id FROM {stage} WHERE contact_id IS NOT NULL", [])  # nosec B608 B611 (our own table name, no values)
        connected = Contact.objects.filter(owner=self.owner, pk__in=listed)
        for sync in hooks.connection_syncs:
            for name, ids in sync(owner=self.owner, connected=connected, now=timezone.now()).items():
                report.add(name, ids)
                if name == "invitations_accepted":
                    self.accepted.extend(ids)
        accepted = set(self.accepted)
        report.add("from_invitation", sorted(pk for pk in self.new_ids if pk in accepted))
        if report.newest_before != report.exported_on:  # the same export again leaves no trace
            LinkedInExport.objects.create(
                owner=self.owner, exported_on=report.exported_on, latest_connection=self.latest_connection,
                connections=connections,
            )
        return report


def report_groups(report: SyncReport, user) -> list[dict]:
    """The groups of a report for the result page, each with its contacts (the member's
    own, from one query) and where to see all of them."""
    wanted = {pk for name in GROUPS for pk in report.ids(name)}
    found = {
        contact.pk: contact
        for contact in Contact.objects.owned_by(user)
        .filter(pk__in=wanted)
        .only("first_name", "last_name", "profile_url", "company", "position")
    } if wanted else {}
    more = {
        "disconnected": reverse("contacts:list") + "?disconnected=on",
        "to_remove": reverse("contacts:linkedin_removals"),
    }
    groups = []
    for name in GROUPS:
        count = report.count(name)
        if not count and name not in ("new", "job_changes", "disconnected", "to_remove"):
            continue
        if name == "new" and report.first:
            continue
        contacts = [found[pk] for pk in report.ids(name) if pk in found]
        groups.append(
            {"name": name, "title": GROUP_TITLES[name], "count": count, "contacts": contacts,
             "more_url": more.get(name, ""), "more": count > len(contacts)}
        )
    return groups
