"""Importing an address book (a vCard file, or any CSV with the member's column mapping)
the way a LinkedIn export is imported: the rows are staged first and written in one
transaction under the member lock, so a file with a broken card or line imports nothing;
people already there are matched by profile, e-mail address, phone number or name and
company (contacts.staging, address_book=True), so importing a file twice changes nothing
the second time.
"""

from collections.abc import Callable, Iterator
from contextlib import nullcontext

from django.db import transaction

from netwerk.lib.cache import forget_member_figures

from . import csv_mapping, touch, vcard_import
from .address_book import decoded, one_per_person
from .importing import BATCH_SIZE, ImportReport, _batched
from .linkedin import ConnectionRow, ImportFileError
from .locks import lock_member
from .scanning import request_scan
from .staging import Stage

VCARD, CSV = "vcard", "csv"


def rows_of(*, kind: str, data: bytes, filename: str, mapping: list[str] | None, report: ImportReport) -> Iterator[ConnectionRow]:
    """The people in the file, once each; raises ImportFileError for a file that cannot be read."""
    if kind == VCARD:
        rows = vcard_import.iter_rows(decoded(data, filename), filename, report.skipped, report.left_out)
    else:
        table, text = csv_mapping.read_table(data, filename)
        mapping = mapping or []
        problems = csv_mapping.check(table.header, mapping)
        if problems:
            raise ImportFileError(" ".join(problems), filename=filename)
        rows = csv_mapping.iter_rows(text, table, mapping, filename, report.skipped, report.left_out)
    return one_per_person(rows, filename, report.skipped)


def import_address_book(
    *, owner, kind: str, data: bytes, filename: str, mapping: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport(files=[filename])
    stage = Stage(across_transactions=progress is not None, key_dates=True)
    staged = 0
    try:
        with transaction.atomic() if progress is None else nullcontext():
            stage.create()
            for batch in _batched(rows_of(kind=kind, data=data, filename=filename, mapping=mapping, report=report),
                                  BATCH_SIZE):
                with transaction.atomic() if progress else nullcontext():
                    stage.write(batch)
                staged += len(batch)
                if progress:
                    progress(staged + len(report.skipped))
            report.contacts.skipped = len(report.skipped)
            with transaction.atomic():
                lock_member(owner)
                stage.merge(owner=owner, counts=report.contacts, address_book=True)
                forget_member_figures(owner)
                if touch.uses_rhythms(owner.pk):
                    touch.refresh(owner_id=owner.pk)
                if report.contacts.created or report.contacts.updated:
                    request_scan(owner)
    finally:
        stage.drop()
    report.skipped.sort(key=lambda s: (s.filename, s.line))
    report.left_out.sort(key=lambda s: (s.filename, s.line))
    return report



def run_job(job, plan: dict, progress: Callable[[int], None]) -> ImportReport:
    """The address-book part of contacts.importing.run_import_job."""
    with job.upload.open("rb") as stream:
        data = stream.read()
    estimate = data.upper().count(b"BEGIN:VCARD") if plan["kind"] == VCARD else data.count(b"\n")
    type(job).objects.filter(pk=job.pk).update(rows_total=estimate)
    return import_address_book(owner=job.owner, kind=plan["kind"], data=data, filename=job.filename,
                               mapping=plan.get("mapping"), progress=progress)
