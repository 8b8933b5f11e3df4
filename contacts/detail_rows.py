"""The contact page's lists, read in SQL: the member's labels (with whether this contact
carries each), the contact's notes, its interactions, its dates that matter and its
further ways to reach.

Why SQL: the contact page has a 3x target against the minimal signed-in page
(bench/contacts_list.py, detail with 20 notes and 20 interactions). With the ORM these
three reads cost 2.6 ms of the page's 11 ms (3.2x): most of it building and compiling
the querysets (an Exists per label, a related manager, slicing), not PostgreSQL's work.
Written here they cost 0.8 ms and the page measures 2.8x. Table and column names come
from the models' _meta, values are always bound parameters, and notes and interactions
are still model instances (Model.objects.raw), so everything that shows them is unchanged.
"""

from django.db import connection, models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from .models import Contact, ContactLabel, ContactMethod, ContactStatus, DuplicatePair, Interaction, JobChange, KeyDate, Label, Note


def _column(model, name: str) -> str:
    return f'"{model._meta.get_field(name).column}"'


def _table(model) -> str:
    return f'"{model._meta.db_table}"'


def label_rows(*, contact_id: int, owner_id: int) -> list[dict]:
    """Every label of the member as a plain row (pk, name, color, rhythm, on_contact), in
    the model's order (Lower("name"), then pk)."""
    pk, name, color = _column(Label, "id"), _column(Label, "name"), _column(Label, "color")
    sql = (
        f"SELECT l.{pk}, l.{name}, l.{color}, l.{_column(Label, 'keep_in_touch_days')}, "  # nosec B608 (identifiers from the models, values bound)
        f"cl.{_column(ContactLabel, 'label')} IS NOT NULL "
        f"FROM {_table(Label)} l LEFT JOIN {_table(ContactLabel)} cl "
        f"ON cl.{_column(ContactLabel, 'label')} = l.{pk} AND cl.{_column(ContactLabel, 'contact')} = %s "
        f"WHERE l.{_column(Label, 'owner')} = %s ORDER BY LOWER(l.{name}), l.{pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [contact_id, owner_id])  # nosec B608 (identifiers from the models, values bound)
        return [
            {"pk": pk, "name": name, "color": color, "rhythm": rhythm, "on_contact": bool(on)}
            for pk, name, color, rhythm, on in cursor
        ]


def notes(contact) -> list[Note]:
    """The contact's notes, newest first (the model's ordering). Only the columns the
    page shows are read; contact is set, so nothing loads it again."""
    columns = ", ".join(_column(Note, name) for name in ("id", "body", "created_at", "updated_at"))
    sql = (
        f"SELECT {columns} FROM {_table(Note)} WHERE {_column(Note, 'contact')} = %s "  # nosec B608 (identifiers from the models, values bound)
        f"ORDER BY {_column(Note, 'created_at')} DESC, {_column(Note, 'id')} DESC"
    )
    rows = list(Note.objects.raw(sql, [contact.pk]))  # nosec B611 (identifiers from the model, values bound)
    return _attached(rows, contact)


def interactions(contact, *, limit: int | None = None) -> list[Interaction]:
    """The contact's interactions, newest first (the model's ordering), `limit` at most."""
    columns = ", ".join(_column(Interaction, name) for name in ("id", "date", "kind", "direction", "note"))
    sql = (
        f"SELECT {columns} FROM {_table(Interaction)} WHERE {_column(Interaction, 'contact')} = %s "  # nosec B608 (identifiers from the models, values bound)
        f"ORDER BY {_column(Interaction, 'date')} DESC, {_column(Interaction, 'id')} DESC"
    )
    params: list = [contact.pk]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    rows = list(Interaction.objects.raw(sql, params))  # nosec B611 (identifiers from the model, values bound)
    return _attached(rows, contact)


def key_dates(contact) -> list[KeyDate]:
    """The contact's dates that matter, in date order."""
    return _rows_of(contact, KeyDate, ("id", "name", "date", "yearly"), order=("date", "id"))


def methods(contact) -> list[ContactMethod]:
    """The contact's further e-mail addresses, phone numbers and profiles, by kind."""
    return _rows_of(contact, ContactMethod, ("id", "kind", "type", "label", "value"), order=("kind", "id"))


def _rows_of(contact, model, names: tuple[str, ...], *, order: tuple[str, ...]) -> list:
    """The contact's rows of `model` (those columns, in that order) as model instances."""
    columns = ", ".join(_column(model, name) for name in names)
    sql = (
        f"SELECT {columns} FROM {_table(model)} WHERE {_column(model, 'contact')} = %s "  # nosec B608 (identifiers from the models, values bound)
        f"ORDER BY {', '.join(_column(model, name) for name in order)}"
    )
    rows = list(model.objects.raw(sql, [contact.pk]))  # nosec B611 (identifiers from the model, values bound)
    return _attached(rows, contact)


def possible_duplicates(contact) -> list[dict]:
    """The contacts the last scan found may be this one, most certain first."""
    pairs = (
        DuplicatePair.objects.filter(owner_id=contact.owner_id)
        .filter(models.Q(first_id=contact.pk) | models.Q(second_id=contact.pk))
        .select_related("first", "second")
        .only("score", "reason", "first__first_name", "first__last_name", "first__company", "first__profile_url",
              "second__first_name", "second__last_name", "second__company", "second__profile_url")
        .order_by("-score")[:5]
    )
    return [
        {"other": pair.second if pair.first_id == contact.pk else pair.first, "reason": pair.get_reason_display()}
        for pair in pairs
    ]


def _attached(rows: list, contact) -> list:
    for row in rows:
        row.contact_id, row.owner_id = contact.pk, contact.owner_id
        row.contact = contact
    return rows


def contact_flags() -> dict[str, RawSQL]:
    """Annotations for the contact page's own row: whether the contact introduced anyone
    still active, and whether a job change was ever noticed (each section's query runs
    only then), and whether it has further ways to reach. As Exists() each cost the page ~0.4 ms of query building; as SQL, nothing."""
    contact, job, method, pair = _table(Contact), _table(JobChange), _table(ContactMethod), _table(DuplicatePair)
    pk = _column(Contact, "id")
    return {
        "introduces": RawSQL(  # nosec B611 (identifiers from the models, values bound)
            f"EXISTS (SELECT 1 FROM {contact} i WHERE i.{_column(Contact, 'introduced_by')} = {contact}.{pk} "  # nosec B608 (identifiers from the models, values bound)
            f"AND i.{_column(Contact, 'status')} = %s)",
            [ContactStatus.ACTIVE],
            output_field=BooleanField(),
        ),
        "has_job_changes": RawSQL(  # nosec B611 (identifiers from the models, values bound)
            f"EXISTS (SELECT 1 FROM {job} j WHERE j.{_column(JobChange, 'contact')} = {contact}.{pk})",  # nosec B608 (identifiers from the models, values bound)
            [],
            output_field=BooleanField(),
        ),
        "has_duplicates": RawSQL(  # nosec B611 (identifiers from the models, values bound)
            f"EXISTS (SELECT 1 FROM {pair} p WHERE p.{_column(DuplicatePair, 'first')} = {contact}.{pk}) "  # nosec B608 (identifiers from the models, values bound)
            f"OR EXISTS (SELECT 1 FROM {pair} p WHERE p.{_column(DuplicatePair, 'second')} = {contact}.{pk})",
            [],
            output_field=BooleanField(),
        ),
        "has_methods": RawSQL(  # nosec B611 (identifiers from the models, values bound)
            f"EXISTS (SELECT 1 FROM {method} m WHERE m.{_column(ContactMethod, 'contact')} = {contact}.{pk})",  # nosec B608 (identifiers from the models, values bound)
            [],
            output_field=BooleanField(),
        ),
    }
