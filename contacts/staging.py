"""Staging a LinkedIn import and merging it: the parsed rows go into temporary tables
on this connection (PostgreSQL: COPY; SQLite: batched inserts), then one set-based merge
per table (UPDATE ... FROM for the matches, INSERT ... ON CONFLICT for the rest)."""

from dataclasses import dataclass
from datetime import date

from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .linkedin import ConnectionRow
from .models import ContactSource, Label, LabelColor


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped}


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
METHOD_STAGE_COLUMNS = "line, kind, type, label, value, key"


class Stage:
    """Temporary tables on this connection holding the parsed rows until the merge."""

    contact_table = "netwerk_stage_contact"
    label_table = "netwerk_stage_label"
    labelmap_table = "netwerk_stage_labelmap"
    note_table = "netwerk_stage_note"
    method_table = "netwerk_stage_method"
    key_date_table = "netwerk_stage_keydate"

    def __init__(self, *, across_transactions: bool, key_dates: bool = False):
        # Only address books carry dates that matter; a LinkedIn import creates no table for them.
        self.key_dates = key_dates
        self.postgres = connection.vendor == "postgresql"
        # Tables that live only as long as the transaction cost no catalogue commit.
        self.on_commit = "" if across_transactions or not self.postgres else " ON COMMIT DROP"
        self.has_extras = False
        self.matched = False
        self.label_names: dict[str, str] = {}

    def create(self) -> None:
        tables = self.tables
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
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.method_table} (line integer NOT NULL, kind text NOT NULL, "
                f"type text NOT NULL, label text NOT NULL, value text NOT NULL, key text NOT NULL){self.on_commit}"
            )
            if self.key_dates:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self.key_date_table} (line integer NOT NULL, name text NOT NULL, "
                    f"english text NOT NULL, date date NOT NULL){self.on_commit}"
                )

    @property
    def tables(self) -> tuple[str, ...]:
        tables = (self.contact_table, self.label_table, self.labelmap_table, self.note_table, self.method_table)
        return (*tables, self.key_date_table) if self.key_dates else tables

    def drop(self) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table in self.tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
        except DatabaseError:  # the connection is gone or broken; its temp tables went with it
            pass

    def write(self, rows: list[ConnectionRow]) -> None:
        labels, notes, methods, key_dates = [], [], [], []
        for row in rows:
            key_dates.extend((row.line, *item) for item in row.key_dates)
            methods.extend((row.line, *method) for method in row.methods)
            for name in row.labels:
                key = name.casefold()
                self.label_names.setdefault(key, name)
                labels.append((row.line, key))
            notes.extend((row.line, body) for body in row.notes)
        self.has_extras = self.has_extras or bool(labels or notes or methods or key_dates)
        contacts = [
            (row.line, row.first_name, row.last_name, row.profile_url, row.email, row.company, row.position,
             row.connected_on, row.how_we_met, row.website, row.private_email, row.phone)
            for row in rows
        ]
        with connection.cursor() as cursor:
            self._load(cursor, self.contact_table, ", ".join(STAGE_COLUMNS), contacts, dated=True)
            self._load(cursor, self.label_table, "line, name_key", labels)
            self._load(cursor, self.note_table, "line, body", notes)
            self._load(cursor, self.method_table, METHOD_STAGE_COLUMNS, methods)
            self._load(cursor, self.key_date_table, "line, name, english, date", key_dates, dated=True)

    def _load(self, cursor, table: str, columns: str, items: list[tuple], *, dated: bool = False) -> None:
        """Rows into one staging table: COPY on PostgreSQL, batched inserts on SQLite
        (dates as ISO text there: Python's sqlite3 no longer adapts them itself)."""
        if not items:
            return
        if self.postgres:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for item in items:
                    copy.write_row(item)
            return
        if dated:
            items = [tuple(value.isoformat() if isinstance(value, date) else value for value in item) for item in items]
        placeholders = ", ".join(["%s"] * len(items[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", items)  # nosec B608 (our own table names; values are parameters)

    def match(self, *, owner, address_book: bool = False) -> None:
        """Give each staged row the id of the member's contact it is (profile URL, else a
        profile or e-mail address the contact has among its other ways to reach, else
        name and connected-on; for an address book, name and company, after any address,
        number or profile of the row's that a contact has); runs once, before the merge (contacts.sync reads the
        contacts' state before the merge changes it)."""
        if self.matched:
            return
        self.matched = True
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
            # A profile or address kept from a merged-away contact (ContactMethod) brings
            # the row to the contact it was merged into instead of re-creating it.
            for column, kind in (("profile_url", "profile"), ("email", "email")):
                key = "s.profile_url" if column == "profile_url" else "lower(s.email)"
                cursor.execute(
                    f"UPDATE {stage} AS s SET contact_id = m.contact_id FROM contacts_contactmethod AS m "  # nosec B608 (our own table names; values are parameters)
                    f"WHERE s.contact_id IS NULL AND s.{column} <> '' AND m.owner_id = %s AND m.kind = %s "
                    f"AND m.key = {key}",
                    [owner.pk, kind],
                )
            if address_book:
                self._match_address_book(cursor, owner=owner)
                return
            cursor.execute(
                f"UPDATE {stage} AS s SET contact_id = c.id FROM contacts_contact AS c "  # nosec B608 (our own table names; values are parameters)
                "WHERE s.contact_id IS NULL AND c.owner_id = %s "
                "AND lower(c.last_name) = lower(s.last_name) AND lower(c.first_name) = lower(s.first_name) "
                "AND c.connected_on IS NOT DISTINCT FROM s.connected_on AND (s.profile_url = '' OR c.profile_url = '')",
                [owner.pk],
            )

    def _match_address_book(self, cursor, *, owner) -> None:
        """A card or row from a phone or another address book: every address, number and
        profile it has (all staged as methods) is looked for among the contacts' own
        fields and their further ways to reach; then the same name at the same company."""
        stage, methods = self.contact_table, self.method_table
        cursor.execute(
            f"UPDATE {stage} AS s SET contact_id = x.contact_id FROM ("  # nosec B608 (our own table names; values are parameters)
            f"SELECT m.line, c.id AS contact_id FROM {methods} AS m JOIN contacts_contact AS c ON c.owner_id = %s "
            "AND ((m.kind = 'email' AND (lower(c.email) = m.key OR lower(c.private_email) = m.key)) "
            "OR (m.kind = 'phone' AND c.phone = m.key) OR (m.kind = 'profile' AND c.profile_url = m.key)) "
            f"UNION ALL SELECT m.line, cm.contact_id FROM {methods} AS m JOIN contacts_contactmethod AS cm "
            "ON cm.owner_id = %s AND cm.kind = m.kind AND cm.key = m.key"
            ") AS x WHERE s.contact_id IS NULL AND s.line = x.line",
            [owner.pk, owner.pk],
        )
        cursor.execute(
            f"UPDATE {stage} AS s SET contact_id = c.id FROM contacts_contact AS c "  # nosec B608 (our own table names; values are parameters)
            "WHERE s.contact_id IS NULL AND c.owner_id = %s "
            "AND lower(c.last_name) = lower(s.last_name) AND lower(c.first_name) = lower(s.first_name) "
            "AND lower(c.company) = lower(s.company)",
            [owner.pk],
        )

    def merge(
        self, *, owner, counts: Counts, keep_jobs: bool = False, track_new: bool = False, address_book: bool = False
    ) -> None:
        """Update the matched contacts and create the rest. `keep_jobs`: company and
        position are only filled where empty (an export older than one already imported);
        `track_new`: the created contacts' ids stay in the staging table (is_new);
        `address_book`: matched as one (see match), and the e-mail address too is only
        filled where empty (the card's others become further ways to reach)."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        stage = self.contact_table
        self.match(owner=owner, address_book=address_book)
        keep_jobs = keep_jobs or address_book
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute("SET LOCAL enable_nestloop = off")
            fills = ", ".join(f"{name} = CASE WHEN c.{name} = '' THEN s.{name} ELSE c.{name} END" for name in FILLED_WHEN_EMPTY)
            fill_changes = " OR ".join(f"(c.{name} = '' AND s.{name} <> '')" for name in FILLED_WHEN_EMPTY)
            if keep_jobs:
                jobs = (
                    "company = CASE WHEN c.company = '' AND c.position = '' THEN s.company ELSE c.company END, "
                    "position = CASE WHEN c.company = '' AND c.position = '' THEN s.position ELSE c.position END, "
                )
                job_changes = "(c.company = '' AND c.position = '' AND (s.company <> '' OR s.position <> ''))"
            else:
                jobs = "company = s.company, position = s.position, "
                job_changes = "c.company <> s.company OR c.position <> s.position"
            if address_book:
                email, email_changes = "CASE WHEN c.email = '' THEN s.email ELSE c.email END", "(c.email = '' AND s.email <> '')"
            else:
                email, email_changes = "CASE WHEN s.email <> '' THEN s.email ELSE c.email END", "(s.email <> '' AND c.email <> s.email)"
            cursor.execute(
                f"UPDATE contacts_contact AS c SET {jobs}"  # nosec B608 (our own table names; values are parameters)
                f"email = {email}, "
                "profile_url = CASE WHEN c.profile_url = '' THEN s.profile_url ELSE c.profile_url END, "
                f"connected_on = COALESCE(c.connected_on, s.connected_on), {fills}, updated_at = %s "
                f"FROM {stage} AS s WHERE s.contact_id = c.id AND c.owner_id = %s AND ("
                f"{job_changes} OR {email_changes} "
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
            if self.has_extras or track_new:
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
                changed |= self._merge_extras(cursor, owner=owner, now=now)
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

    def _merge_extras(self, cursor, *, owner, now) -> set[int]:
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
        # DO NOTHING also skips a value twice in one file (the second meets the first).
        cursor.execute(
            "INSERT INTO contacts_contactmethod (owner_id, contact_id, kind, type, label, value, key, created_at) "  # nosec B608 (our own table names; values are parameters)
            f"SELECT %s, s.contact_id, m.kind, m.type, m.label, m.value, m.key, %s "
            f"FROM {self.method_table} AS m JOIN {self.contact_table} AS s ON s.line = m.line "
            "WHERE s.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts_contact AS c WHERE c.id = s.contact_id "
            "AND ((m.kind = 'email' AND (lower(c.email) = m.key OR lower(c.private_email) = m.key)) "
            "OR (m.kind = 'phone' AND c.phone = m.key) OR (m.kind = 'profile' AND (c.profile_url = m.key OR c.website = m.key)))) "
            "ON CONFLICT (contact_id, kind, key) DO NOTHING RETURNING contact_id",
            [owner.pk, now],
        )
        changed |= {contact_id for (contact_id,) in cursor.fetchall()}
        if self.key_dates:
            # A date fills what the member left empty: none where the contact already has a
            # date of that name, in the member's language or in English (say, a birthday
            # typed by hand), or one on that day.
            cursor.execute(
                "INSERT INTO contacts_keydate (owner_id, contact_id, name, date, yearly) "  # nosec B608 (our own table names; values are parameters)
                f"SELECT %s, s.contact_id, k.name, MIN(k.date), %s FROM {self.key_date_table} AS k "
                f"JOIN {self.contact_table} AS s ON s.line = k.line WHERE s.contact_id IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM contacts_keydate AS x WHERE x.contact_id = s.contact_id "
                "AND (x.date = k.date OR lower(x.name) IN (lower(k.name), lower(k.english)))) "
                "GROUP BY s.contact_id, k.name RETURNING contact_id",
                [owner.pk, True],
            )
            changed |= {contact_id for (contact_id,) in cursor.fetchall()}
        return changed
