"""Contact.search_text: one stored, indexed text per contact that the list's search reads.

It holds UPPER(first_name || ' ' || last_name || ' ' || company || ' ' || position),
then UPPER of each of the owner's notes on the contact, each on a line of its own (so a
search word, which has no whitespace, never spans two parts). The database keeps it
current with triggers, so every writer is covered without knowing about it: forms and
the admin, QuerySet.update() and bulk_create/bulk_update, the import's set-based SQL,
COPY, loaddata and any later data migration.

- PostgreSQL: a BEFORE INSERT OR UPDATE row trigger on contacts_contact rebuilds the
  text from the row and its notes (so whatever value a writer sends is replaced);
  statement-level AFTER triggers on contacts_note touch the contacts whose notes were
  inserted, changed or deleted, once per statement, which makes that trigger rebuild
  them. One trigram GIN index, owner first (btree_gin), serves the search; it replaces
  the two expression indexes of 0002 (contact fields, note bodies), which nothing reads
  any more.
- SQLite: row triggers (SQLite has no other kind) after each insert and update of a
  contact (only when the stored text is not already right, which also ends the
  recursion) and after each insert, update and delete of a note.

On SQLite, a later migration that makes Django rebuild contacts_contact or contacts_note
(most AlterField/RemoveField operations there) drops these triggers with the old table:
such a migration must run install_triggers() again. tests/contacts/test_list.py checks
renames and note edits on both databases, so a lost trigger fails the suite.
"""

from django.db import migrations, models

PARTS = "UPPER({t}.first_name || ' ' || {t}.last_name || ' ' || {t}.company || ' ' || {t}.position)"

# --- PostgreSQL ---------------------------------------------------------------------------

PG_NOTES = (
    "COALESCE((SELECT string_agg(E'\\n' || UPPER(n.body), '' ORDER BY n.id) FROM contacts_note AS n "
    "WHERE n.contact_id = NEW.id AND n.owner_id = NEW.owner_id), '')"
)
PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"""
    CREATE OR REPLACE FUNCTION contacts_contact_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_text := {PARTS.format(t="NEW")} || {PG_NOTES};
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER contact_search_text BEFORE INSERT OR UPDATE ON contacts_contact
    FOR EACH ROW EXECUTE FUNCTION contacts_contact_search_text()
    """,
    # Any UPDATE of a contact row makes contact_search_text rebuild it: the note
    # triggers only name the rows, once per statement (an import adds thousands).
    """
    CREATE OR REPLACE FUNCTION contacts_note_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE contacts_contact SET search_text = '' WHERE id IN (SELECT contact_id FROM new_notes);
        ELSIF TG_OP = 'UPDATE' THEN
            UPDATE contacts_contact SET search_text = '' WHERE id IN (
                SELECT n.contact_id FROM new_notes AS n JOIN old_notes AS o ON o.id = n.id
                WHERE n.body IS DISTINCT FROM o.body OR n.contact_id IS DISTINCT FROM o.contact_id
                    OR n.owner_id IS DISTINCT FROM o.owner_id
                UNION
                SELECT o.contact_id FROM new_notes AS n JOIN old_notes AS o ON o.id = n.id
                WHERE n.contact_id IS DISTINCT FROM o.contact_id OR n.owner_id IS DISTINCT FROM o.owner_id
            );
        ELSE
            UPDATE contacts_contact SET search_text = '' WHERE id IN (SELECT contact_id FROM old_notes);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER note_search_text_insert AFTER INSERT ON contacts_note
    REFERENCING NEW TABLE AS new_notes FOR EACH STATEMENT EXECUTE FUNCTION contacts_note_search_text()
    """,
    """
    CREATE TRIGGER note_search_text_update AFTER UPDATE ON contacts_note
    REFERENCING OLD TABLE AS old_notes NEW TABLE AS new_notes FOR EACH STATEMENT
    EXECUTE FUNCTION contacts_note_search_text()
    """,
    """
    CREATE TRIGGER note_search_text_delete AFTER DELETE ON contacts_note
    REFERENCING OLD TABLE AS old_notes FOR EACH STATEMENT EXECUTE FUNCTION contacts_note_search_text()
    """,
    # Existing rows: the update makes the trigger fill them in.
    "UPDATE contacts_contact SET search_text = ''",
    "CREATE INDEX IF NOT EXISTS contact_owner_search_text_trgm ON contacts_contact "
    "USING gin (owner_id, search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS contact_owner_search_trgm",
    "DROP INDEX IF EXISTS note_owner_body_trgm",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS note_search_text_insert ON contacts_note",
    "DROP TRIGGER IF EXISTS note_search_text_update ON contacts_note",
    "DROP TRIGGER IF EXISTS note_search_text_delete ON contacts_note",
    "DROP TRIGGER IF EXISTS contact_search_text ON contacts_contact",
    "DROP FUNCTION IF EXISTS contacts_note_search_text()",
    "DROP FUNCTION IF EXISTS contacts_contact_search_text()",
    "DROP INDEX IF EXISTS contact_owner_search_text_trgm",
    # 0002's indexes, as they were.
    "CREATE INDEX IF NOT EXISTS contact_owner_search_trgm ON contacts_contact USING gin (owner_id, "
    "(UPPER(((((((first_name || ' ') || last_name) || ' ') || company) || ' ') || position))) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS note_owner_body_trgm ON contacts_note USING gin (owner_id, (UPPER(body)) gin_trgm_ops)",
]

# --- SQLite -------------------------------------------------------------------------------


def sqlite_text(contact: str) -> str:
    """The search text of the contact row `contact` (NEW, or the table name)."""
    notes = (
        "COALESCE((SELECT group_concat(char(10) || UPPER(body), '') FROM (SELECT body FROM contacts_note "  # nosec B608 (constant SQL, no values)
        f"WHERE contact_id = {contact}.id AND owner_id = {contact}.owner_id ORDER BY id)), '')"
    )
    return f"{PARTS.format(t=contact)} || {notes}"


def sqlite_rebuild(where: str) -> str:
    return f"UPDATE contacts_contact SET search_text = {sqlite_text('contacts_contact')} WHERE {where};"  # nosec B608


SQLITE_TRIGGERS = {
    "contact_search_text_insert": f"AFTER INSERT ON contacts_contact BEGIN {sqlite_rebuild('id = NEW.id')} END",
    "contact_search_text_update": (
        f"AFTER UPDATE ON contacts_contact WHEN NEW.search_text IS NOT {sqlite_text('NEW')} "
        f"BEGIN {sqlite_rebuild('id = NEW.id')} END"
    ),
    "note_search_text_insert": f"AFTER INSERT ON contacts_note BEGIN {sqlite_rebuild('id = NEW.contact_id')} END",
    "note_search_text_update": (
        "AFTER UPDATE OF body, contact_id, owner_id ON contacts_note "
        f"BEGIN {sqlite_rebuild('id IN (OLD.contact_id, NEW.contact_id)')} END"
    ),
    "note_search_text_delete": f"AFTER DELETE ON contacts_note BEGIN {sqlite_rebuild('id = OLD.contact_id')} END",
}
SQLITE_FORWARD = [
    *(f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in SQLITE_TRIGGERS.items()),
    f"UPDATE contacts_contact SET search_text = {sqlite_text('contacts_contact')}",  # nosec B608 (constant SQL)
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


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
            name="search_text",
            field=models.TextField(db_default="", default="", editable=False, serialize=False),
        ),
        migrations.RunPython(install_triggers, remove_triggers, elidable=False),
    ]
