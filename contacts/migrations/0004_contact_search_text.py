"""Contact.search_text: one stored, indexed text per contact that the list's search reads.

search_text is a stored generated column: UPPER(first_name || ' ' || last_name || ' ' ||
company || ' ' || position || notes_text), computed by the database itself whenever a
row is written, with no trigger on the hot path (an import inserts 30,000 contacts).
notes_text holds the owner's notes on the contact, each on a line of its own (so a
search word, which has no whitespace, never spans two parts); the database keeps it
current with triggers on contacts_note, so every writer is covered without knowing about
it: forms, QuerySet.update(), bulk_create, the import's set-based SQL, COPY, loaddata.

- PostgreSQL: statement-level AFTER triggers on contacts_note rebuild notes_text of the
  contacts whose notes were inserted, changed or deleted, once per statement. A BEFORE
  trigger on contacts_contact rebuilds notes_text when anyone else writes it (a contact
  saved from a copy loaded before a note changed) and only then. One trigram GIN index,
  owner first (btree_gin), serves the search; it replaces the two expression indexes of
  0002 (contact fields, note bodies), which nothing reads any more.
- SQLite: row triggers (SQLite has no other kind) after each insert, update and delete
  of a note, and after a contact's notes_text is written with anything else.

On SQLite, a later migration that makes Django rebuild contacts_contact or contacts_note
(most AlterField/RemoveField operations there) drops these triggers with the old table:
such a migration must run install_triggers() again. tests/contacts/test_list.py checks
note edits and renames on both databases, so a lost trigger fails the suite.
"""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Upper

# --- PostgreSQL ---------------------------------------------------------------------------


def pg_notes(contact: str) -> str:
    """The notes_text of the contact row `contact` (NEW, or a table alias)."""
    return (
        "COALESCE((SELECT string_agg(E'\\n' || n.body, '' ORDER BY n.id) FROM contacts_note AS n "  # nosec B608
        f"WHERE n.contact_id = {contact}.id AND n.owner_id = {contact}.owner_id), '')"
    )


PG_NOTE_FUNCTION = """
    CREATE OR REPLACE FUNCTION contacts_note_notes_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE contacts_contact AS c SET notes_text = {notes}
            WHERE c.id IN (SELECT contact_id FROM new_notes);
        ELSIF TG_OP = 'UPDATE' THEN
            UPDATE contacts_contact AS c SET notes_text = {notes} WHERE c.id IN (
                SELECT n.contact_id FROM new_notes AS n JOIN old_notes AS o ON o.id = n.id
                WHERE n.body IS DISTINCT FROM o.body OR n.contact_id IS DISTINCT FROM o.contact_id
                    OR n.owner_id IS DISTINCT FROM o.owner_id
                UNION
                SELECT o.contact_id FROM new_notes AS n JOIN old_notes AS o ON o.id = n.id
                WHERE n.contact_id IS DISTINCT FROM o.contact_id OR n.owner_id IS DISTINCT FROM o.owner_id
            );
        ELSE
            UPDATE contacts_contact AS c SET notes_text = {notes}
            WHERE c.id IN (SELECT contact_id FROM old_notes);
        END IF;
        RETURN NULL;
    END
    $$
    """

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"""
    CREATE OR REPLACE FUNCTION contacts_contact_notes_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.notes_text := {pg_notes("NEW")};
        RETURN NEW;
    END
    $$
    """,
    # Only writes from outside the note triggers (depth 0), and only when they set
    # notes_text at all: an insert leaves it empty, Django's save() sends back what it
    # loaded, the import never names it.
    """
    CREATE TRIGGER contact_notes_text_insert BEFORE INSERT ON contacts_contact
    FOR EACH ROW WHEN (NEW.notes_text <> '') EXECUTE FUNCTION contacts_contact_notes_text()
    """,
    """
    CREATE TRIGGER contact_notes_text_update BEFORE UPDATE OF notes_text ON contacts_contact
    FOR EACH ROW WHEN (NEW.notes_text IS DISTINCT FROM OLD.notes_text AND pg_trigger_depth() = 0)
    EXECUTE FUNCTION contacts_contact_notes_text()
    """,
    PG_NOTE_FUNCTION.format(notes=pg_notes("c")),  # nosec B608 (constant SQL, no values)
    """
    CREATE TRIGGER note_notes_text_insert AFTER INSERT ON contacts_note
    REFERENCING NEW TABLE AS new_notes FOR EACH STATEMENT EXECUTE FUNCTION contacts_note_notes_text()
    """,
    """
    CREATE TRIGGER note_notes_text_update AFTER UPDATE ON contacts_note
    REFERENCING OLD TABLE AS old_notes NEW TABLE AS new_notes FOR EACH STATEMENT
    EXECUTE FUNCTION contacts_note_notes_text()
    """,
    """
    CREATE TRIGGER note_notes_text_delete AFTER DELETE ON contacts_note
    REFERENCING OLD TABLE AS old_notes FOR EACH STATEMENT EXECUTE FUNCTION contacts_note_notes_text()
    """,
    # A small pending list: a search reads all of it, and a 4 MB default one holds an
    # import's worth of entries until the next vacuum.
    "CREATE INDEX IF NOT EXISTS contact_owner_search_text_trgm ON contacts_contact "
    "USING gin (owner_id, search_text gin_trgm_ops) WITH (gin_pending_list_limit = 256)",
    # A substring's share of long, mostly unique texts is guessed from the histogram:
    # 100 sampled values guess anything from 5 to 3,500 rows for the same word, and
    # the plan flips with it; 1,000 keep it steady.
    "ALTER TABLE contacts_contact ALTER COLUMN search_text SET STATISTICS 1000",
    "DROP INDEX IF EXISTS contact_owner_search_trgm",
    "DROP INDEX IF EXISTS note_owner_body_trgm",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS note_notes_text_insert ON contacts_note",
    "DROP TRIGGER IF EXISTS note_notes_text_update ON contacts_note",
    "DROP TRIGGER IF EXISTS note_notes_text_delete ON contacts_note",
    "DROP TRIGGER IF EXISTS contact_notes_text_insert ON contacts_contact",
    "DROP TRIGGER IF EXISTS contact_notes_text_update ON contacts_contact",
    "DROP FUNCTION IF EXISTS contacts_note_notes_text()",
    "DROP FUNCTION IF EXISTS contacts_contact_notes_text()",
    "DROP INDEX IF EXISTS contact_owner_search_text_trgm",
    # 0002's indexes, as they were.
    "CREATE INDEX IF NOT EXISTS contact_owner_search_trgm ON contacts_contact USING gin (owner_id, "
    "(UPPER(((((((first_name || ' ') || last_name) || ' ') || company) || ' ') || position))) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS note_owner_body_trgm ON contacts_note USING gin (owner_id, (UPPER(body)) gin_trgm_ops)",
]

# --- SQLite -------------------------------------------------------------------------------


def sqlite_notes(contact: str) -> str:
    """The notes_text of the contact row `contact` (NEW, or the table name)."""
    return (
        "COALESCE((SELECT group_concat(char(10) || body, '') FROM (SELECT body FROM contacts_note "  # nosec B608
        f"WHERE contact_id = {contact}.id AND owner_id = {contact}.owner_id ORDER BY id)), '')"
    )


def sqlite_rebuild(where: str) -> str:
    return f"UPDATE contacts_contact SET notes_text = {sqlite_notes('contacts_contact')} WHERE {where};"  # nosec B608


SQLITE_TRIGGERS = {
    "contact_notes_text_insert": (
        f"AFTER INSERT ON contacts_contact WHEN NEW.notes_text IS NOT {sqlite_notes('NEW')} "
        f"BEGIN {sqlite_rebuild('id = NEW.id')} END"
    ),
    # Also ends the recursion: the rebuild writes what this condition compares with.
    "contact_notes_text_update": (
        f"AFTER UPDATE OF notes_text ON contacts_contact WHEN NEW.notes_text IS NOT {sqlite_notes('NEW')} "
        f"BEGIN {sqlite_rebuild('id = NEW.id')} END"
    ),
    "note_notes_text_insert": f"AFTER INSERT ON contacts_note BEGIN {sqlite_rebuild('id = NEW.contact_id')} END",
    "note_notes_text_update": (
        "AFTER UPDATE OF body, contact_id, owner_id ON contacts_note "
        f"BEGIN {sqlite_rebuild('id IN (OLD.contact_id, NEW.contact_id)')} END"
    ),
    "note_notes_text_delete": f"AFTER DELETE ON contacts_note BEGIN {sqlite_rebuild('id = OLD.contact_id')} END",
}
SQLITE_FORWARD = [f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in SQLITE_TRIGGERS.items()]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def fill_notes_text(apps, schema_editor):
    """Existing rows, before the triggers exist."""
    vendor = schema_editor.connection.vendor
    notes = pg_notes("contacts_contact") if vendor == "postgresql" else sqlite_notes("contacts_contact")
    schema_editor.execute(f"UPDATE contacts_contact SET notes_text = {notes}")  # nosec B608 (constant SQL)


def install_triggers(apps, schema_editor):
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor)
    if statements is None:
        raise NotImplementedError(f"Contact.search_text needs triggers for {schema_editor.connection.vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def remove_triggers(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_leaner_indexes_for_imports")]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="notes_text",
            field=models.TextField(db_default="", default="", editable=False, serialize=False),
        ),
        migrations.RunPython(fill_notes_text, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="contact",
            name="search_text",
            field=models.GeneratedField(
                db_persist=True,
                expression=Upper(
                    Concat(
                        "first_name",
                        Value(" "),
                        "last_name",
                        Value(" "),
                        "company",
                        Value(" "),
                        "position",
                        "notes_text",
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
                serialize=False,
            ),
        ),
        migrations.RunPython(install_triggers, remove_triggers, elidable=False),
    ]
