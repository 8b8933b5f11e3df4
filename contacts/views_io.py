"""Import (upload, progress, report) and export (CSV, vCard, account zip) pages."""

import tempfile
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpRequest, HttpResponse, StreamingHttpResponse
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from netwerk.lib.background import (
    BackgroundUnavailable,
    background_available,
    enqueue_or_refuse,
    refuse_when_background_unavailable,
)

from . import csv_mapping, exporting, generic_import, hooks, linkedin, uploads, vcard_import
from .address_book import decoded
from .forms_io import ImportUploadForm
from .importing import FIRST_EXPORT_TEXT, NOT_COMPLETE_TEXT, describe_left_out, older_text, report_from_dict, skipped_by_reason
from .sync import COMPLETE, NOT_COMPLETE, OLDER, report_groups
from .models import Contact, ImportJob
from .tasks import run_import

PAST_IMPORTS_SHOWN = 20


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
@refuse_when_background_unavailable
def import_upload(request: HttpRequest) -> HttpResponse:
    # The size limit must be in place before anything reads the body, CSRF's check
    # included: the check runs in `_import_upload` once the limit is installed. An upload
    # refused for its size changes nothing, so it needs no CSRF token to be answered.
    uploads.limit_uploads(request)
    if request.method == "POST" and uploads.declared_too_large(request):
        return _import_page(request, _too_large(ImportUploadForm()), status=413)
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "upload_refused_at", None) is not None:
            return _import_page(request, _too_large(ImportUploadForm()), status=413)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # The container and the headers are checked now; the rows in the task.
                job = _start_any_import(request.user, upload)
            except linkedin.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if job.state == ImportJob.State.COLUMNS:
                    return redirect("contacts:import_columns", pk=job.pk)
                return redirect("contacts:import_job", pk=job.pk)
        status = 400
    return _import_page(request, form, status=status)


def _too_large(form: ImportUploadForm) -> ImportUploadForm:
    form.is_bound = True
    form.cleaned_data = {}
    form._errors = ErrorDict()
    form.add_error(
        "file",
        _("The file is larger than the limit of %(limit)s; nothing was read or imported.")
        % {"limit": filesizeformat(uploads.import_limit())},
    )
    return form


def _import_page(request: HttpRequest, form: ImportUploadForm, *, status: int) -> HttpResponse:
    jobs = list(ImportJob.objects.owned_by(request.user).defer("report")[:PAST_IMPORTS_SHOWN])
    return render(request, "contacts/import.html", {"form": form, "jobs": jobs}, status=status)


def _start_any_import(member, upload) -> ImportJob:
    """A vCard file, a LinkedIn or Netwerk export, or any other CSV (which waits for the
    member to say what its columns hold): checked as far as it can be at once, then
    queued; raises ImportFileError, having kept nothing, for a file none of them is."""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if vcard_import.looks_like_vcard(head, upload.name):
        data = upload.read()
        for _card in vcard_import.cards(decoded(data, upload.name), upload.name):
            pass  # every line is checked here; the cards are read in the task
        return start_import(member, upload, plan={"kind": generic_import.VCARD})
    try:
        linkedin.open_sources(upload, upload.name)
    except linkedin.ImportFileError:
        if head.startswith(b"PK"):  # a zip that is not an export: LinkedIn's message says why
            raise
        upload.seek(0)
        csv_mapping.read_table(csv_mapping.head_of(upload.read(csv_mapping.HEAD_BYTES + 1)), upload.name)
        _forget_waiting(member, older_than=timezone.now() - STALE_COLUMNS)
        upload.seek(0)
        return ImportJob.objects.create(
            owner=member, filename=upload.name[:255], upload=upload, state=ImportJob.State.COLUMNS
        )
    return start_import(member, upload)


STALE_COLUMNS = timedelta(days=1)


def _forget_waiting(member, *, older_than) -> None:
    """Files left waiting for their columns: the member's private data is not kept."""
    for job in ImportJob.objects.owned_by(member).filter(state=ImportJob.State.COLUMNS, created_at__lt=older_than):
        job.upload.delete(save=False)
        job.delete()


def start_import(member, upload, *, plan: dict | None = None) -> ImportJob:
    """Keep the upload and queue its import, or raise `BackgroundUnavailable` having kept
    nothing: no job, no file (the broker is asked before the file is written, and anything
    written is removed if the broker goes away before the task is queued)."""
    if not background_available():
        raise BackgroundUnavailable()
    upload.seek(0)
    job = None
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(owner=member, filename=upload.name[:255], upload=upload, report=plan or {})
            enqueue_or_refuse(run_import, job.pk)
    except BackgroundUnavailable:
        if job is not None:
            job.upload.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).delete()  # committed if the broker left after commit
        raise
    return job


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.owned_by(request.user), pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    report = report_from_dict(job.report) if job.state == ImportJob.State.DONE else None
    context = {
        "job": job,
        "report": report,
        "skipped_groups": skipped_by_reason(report) if report else [],
        "left_out": [(item.filename, item.line, describe_left_out(item)) for item in report.left_out] if report else [],
        "percent": min(100, round(100 * job.rows_done / job.rows_total)) if job.rows_total else 0,
        **sync_context(report, request.user),
    }
    template = "contacts/partials/import_job.html" if request.htmx else "contacts/import_job.html"
    return render(request, template, context)


def sync_context(report, user) -> dict:
    """What a LinkedIn export changed, for the result page."""
    if report is None or not report.sync.state:
        return {"sync_groups": [], "sync_notice": ""}
    state = report.sync.state
    if state == NOT_COMPLETE:
        return {"sync_groups": [], "sync_notice": NOT_COMPLETE_TEXT}
    if state == OLDER:
        return {"sync_groups": [], "sync_notice": older_text(report.sync)}
    notice = FIRST_EXPORT_TEXT if state == COMPLETE and report.sync.first else ""
    return {"sync_groups": report_groups(report.sync, user), "sync_notice": notice}


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.owned_by(request.user)
    context = {"active_count": contacts.active().count(), "all_count": contacts.count()}
    return render(request, "contacts/export.html", context)


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(exporting.iter_contacts_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, exporting.export_filename(request.user, "csv"))
    return response


@login_required
@require_GET
def export_vcard(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(exporting.iter_vcards(request.user), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, exporting.export_filename(request.user, "vcf"))
    return response


@login_required
@require_GET
def export_account(request: HttpRequest) -> FileResponse:
    if not hooks.account_export:
        raise Http404
    write_account_export = hooks.account_export[0]
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    write_account_export(request.user, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=exporting.export_filename(request.user, "zip"),
        content_type="application/zip",
    )
