"""What the "Get in touch" list shows of each contact on a page, read in SQL.

Why SQL: the list has a 4x target against the minimal signed-in page
(bench/keep_in_touch.py). Its evidence is seven correlated subqueries (last contact and
its kind, latest note, how often they did something for the member, a job change noticed
lately); built with the ORM, building and compiling them cost about 4 ms of the page,
against well under 1 ms for the same query written here. Table and column names come
from the models' _meta; every value is a bound parameter. Only the page's rows are read.
"""

from datetime import date

from django.db import connection

from contacts.models import Contact, Direction, Interaction, JobChange, Note


def _c(model, name: str) -> str:
    return f'"{model._meta.get_field(name).column}"'


def _t(model) -> str:
    return f'"{model._meta.db_table}"'


def evidence(contact_ids: list[int], *, job_since: date, note_preview: int) -> dict[int, dict]:
    """Per contact id: last_contact_on, last_contact_kind, latest_note (its start),
    received_count, job_changed_on, job_position_before, job_company_before."""
    if not contact_ids:
        return {}
    i, n, j = _t(Interaction), _t(Note), _t(JobChange)
    i_contact, i_date, i_id = _c(Interaction, "contact"), _c(Interaction, "date"), _c(Interaction, "id")
    latest_interaction = f"FROM {i} WHERE {i_contact} = c.{_c(Contact, 'id')} ORDER BY {i_date} DESC, {i_id} DESC LIMIT 1"
    latest_job = (
        f"FROM {j} WHERE {_c(JobChange, 'contact')} = c.{_c(Contact, 'id')} AND {_c(JobChange, 'noticed_on')} >= %s "
        f"ORDER BY {_c(JobChange, 'noticed_on')} DESC, {_c(JobChange, 'id')} DESC LIMIT 1"
    )
    placeholders = ", ".join(["%s"] * len(contact_ids))
    sql = (
        f"SELECT c.{_c(Contact, 'id')}, "  # nosec B608 (identifiers from the models, values bound)
        f"(SELECT {i_date} {latest_interaction}), "
        f"(SELECT {_c(Interaction, 'kind')} {latest_interaction}), "
        f"(SELECT SUBSTR({_c(Note, 'body')}, 1, %s) FROM {n} WHERE {_c(Note, 'contact')} = c.{_c(Contact, 'id')} "
        f"ORDER BY {_c(Note, 'created_at')} DESC, {_c(Note, 'id')} DESC LIMIT 1), "
        f"(SELECT COUNT(*) FROM {i} WHERE {i_contact} = c.{_c(Contact, 'id')} AND {_c(Interaction, 'direction')} = %s), "
        f"(SELECT {_c(JobChange, 'noticed_on')} {latest_job}), "
        f"(SELECT {_c(JobChange, 'position_before')} {latest_job}), "
        f"(SELECT {_c(JobChange, 'company_before')} {latest_job}) "
        f"FROM {_t(Contact)} c WHERE c.{_c(Contact, 'id')} IN ({placeholders})"
    )
    params = [note_preview, Direction.RECEIVED, job_since, job_since, job_since, *contact_ids]
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # nosec B608 (identifiers from the models, values bound)
        for pk, last_on, last_kind, note, received, job_on, position_before, company_before in cursor.fetchall():
            found[pk] = {
                "last_contact_on": _date(last_on),
                "last_contact_kind": last_kind,
                "latest_note": note,
                "received_count": received or 0,
                "job_changed_on": _date(job_on),
                "job_position_before": position_before,
                "job_company_before": company_before,
            }
    return found


def _date(value):
    """SQLite hands dates from a subquery back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
