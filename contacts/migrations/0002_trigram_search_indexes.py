"""Trigram (pg_trgm) GIN indexes for the contact search, on PostgreSQL only.

The indexed expressions are exactly the ones contacts/search.py filters on
(UPPER of name + company + position, and UPPER of a note's body), owner first
(btree_gin lets a GIN index lead with owner_id). SQLite has no such index type; there
the same LIKE query scans the member's rows, which is fast enough at its scale."""

from django.db import migrations

CONTACT_SEARCH = (
    "UPPER(((((((first_name || ' ') || last_name) || ' ') || company) || ' ') || position))"
)

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"CREATE INDEX IF NOT EXISTS contact_owner_search_trgm ON contacts_contact USING gin (owner_id, ({CONTACT_SEARCH}) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS note_owner_body_trgm ON contacts_note USING gin (owner_id, (UPPER(body)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS contact_owner_search_trgm",
    "DROP INDEX IF EXISTS note_owner_body_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
