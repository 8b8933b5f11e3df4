"""Restoring an account export from the browser: upload, preview, confirm.

The upload is checked and restored in a transaction that is rolled back (the preview);
the file waits under MEDIA_ROOT/restores/ for the confirmation, which names it by a
signed value bound to the member and valid for an hour. Confirming twice restores once:
the file goes with the first confirmation, and a restore matches rows already there."""

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from contacts import uploads

from .restore import RestoreError, restore_account

SALT = "netwerk.restore"
PENDING_SECONDS = 3600


class RestoreUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Account export (.zip)"))


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "restores"


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def restore_upload(request: HttpRequest) -> HttpResponse:
    # The size limit goes in before anything reads the body (CSRF's check runs after it).
    uploads.limit_uploads(request)
    if request.method == "POST" and uploads.declared_too_large(request):
        return _page(request, _too_large(), status=413)
    return _restore_upload(request)


@csrf_protect
def _restore_upload(request: HttpRequest) -> HttpResponse:
    form = RestoreUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, form)
    if getattr(request, "upload_refused_at", None) is not None:
        return _page(request, _too_large(), status=413)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        report = restore_account(request.user, upload, dry_run=True)
    except RestoreError as error:
        form.add_error("file", f"{upload.name}: {error}")
        return _page(request, form, status=400)
    name = secrets.token_urlsafe(18)
    folder = _pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with (folder / f"{name}.zip").open("wb") as pending:
        for chunk in upload.chunks():
            pending.write(chunk)
    ticket = signing.dumps({"member": request.user.pk, "file": name, "name": upload.name[:200]}, salt=SALT)
    return render(request, "accounts/restore_preview.html", {"report": report, "ticket": ticket, "filename": upload.name})


@login_required
@require_http_methods(["POST"])
def restore_confirm(request: HttpRequest) -> HttpResponse:
    try:
        ticket = signing.loads(request.POST.get("ticket", ""), salt=SALT, max_age=PENDING_SECONDS)
    except signing.BadSignature:
        return _page(request, _refused(_("This preview has expired or is not yours; upload the file again.")), status=400)
    if ticket.get("member") != request.user.pk:
        return _page(request, _refused(_("This preview has expired or is not yours; upload the file again.")), status=400)
    path = _pending_dir() / f"{ticket['file']}.zip"
    try:
        claimed = path.with_suffix(".restoring")
        path.rename(claimed)  # one confirmation takes the file; a second finds it gone
    except FileNotFoundError:
        messages.info(request, _("This export was already restored."))
        return redirect("contacts:list")
    try:
        with claimed.open("rb") as stream:
            report = restore_account(request.user, stream)
    except RestoreError as error:
        return _page(request, _refused(f"{ticket['name']}: {error}"), status=400)
    finally:
        claimed.unlink(missing_ok=True)
    messages.success(
        request,
        _("Restored from %(file)s: %(count)s rows added; rows you already had were kept as they are.")
        % {"file": ticket["name"], "count": report.added},
    )
    return redirect("contacts:list")


def _page(request: HttpRequest, form: RestoreUploadForm, *, status: int = 200) -> HttpResponse:
    return render(request, "accounts/restore.html", {"form": form, "limit": uploads.import_limit()}, status=status)


def _refused(message: str) -> RestoreUploadForm:
    form = RestoreUploadForm(data={})
    form.is_valid()
    form.errors.clear()
    form.add_error(None, message)
    return form


def _too_large() -> RestoreUploadForm:
    return _refused(
        _("The file is larger than the limit of %(limit)s; nothing was read or restored.")
        % {"limit": filesizeformat(uploads.import_limit())}
    )
