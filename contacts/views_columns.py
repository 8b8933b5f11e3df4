"""The columns page of a CSV import: the member says what each column holds (guessed,
or as they said for a file with the same header before), then the import is queued."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from netwerk.lib.background import enqueue_or_refuse, refuse_when_background_unavailable

from . import csv_mapping, generic_import
from .linkedin import ImportFileError
from .models import ImportJob
from .tasks import run_import


@login_required
@refuse_when_background_unavailable
def import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.owned_by(request.user), pk=pk)
    if job.state != ImportJob.State.COLUMNS:  # queued already (a second click, another tab)
        return redirect("contacts:import_job", pk=job.pk)
    try:
        with job.upload.open("rb") as stream:
            # The header and a few rows are all this page shows: the rest is read by the import.
            table, _text = csv_mapping.read_table(csv_mapping.head_of(stream.read(csv_mapping.HEAD_BYTES + 1)), job.filename)
    except (ImportFileError, OSError, ValueError) as error:  # ValueError: the file is gone
        return render(request, "contacts/import_columns.html", {"job": job, "refusal": str(error)}, status=400)
    mapping = csv_mapping.remembered(request.user, table) or csv_mapping.guess(table.header)
    problems: list[str] = []
    if request.method == "POST":
        mapping = [request.POST.get(f"column-{index}", "") for index in range(len(table.header))]
        problems = csv_mapping.check(table.header, mapping)
        if not problems:
            with transaction.atomic():
                queued = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.COLUMNS).update(
                    state=ImportJob.State.QUEUED, report={"kind": generic_import.CSV, "mapping": mapping}
                )
                if queued:
                    csv_mapping.remember(request.user, table, mapping)
                    enqueue_or_refuse(run_import, job.pk)
            return redirect("contacts:import_job", pk=job.pk)
    columns = [
        {"index": index, "name": name, "target": mapping[index], "samples": [row[index] if index < len(row) else ""
                                                                              for row in table.preview]}
        for index, name in enumerate(table.header)
    ]
    return render(
        request,
        "contacts/import_columns.html",
        {"job": job, "columns": columns, "targets": csv_mapping.TARGETS, "problems": problems,
         "preview_rows": len(table.preview)},
        status=400 if problems else 200,
    )
