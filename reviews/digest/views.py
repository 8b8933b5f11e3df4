"""The member's own digest on request: the preview page and "send me one now"."""

import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .contents import template_context
from .on_demand import NoAddress, digest_now, send_now


@login_required
@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """The signed-in member's digest as it would read now, in the site's layout."""
    profile, content = digest_now(request.user, timezone.now())
    context = template_context(request.user, content)
    return render(request, "reviews/digest_preview.html", {**context, "profile": profile})


@login_required
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    try:
        sent = send_now(user=request.user)
    except NoAddress:
        messages.error(request, _("Your account has no e-mail address: add one in the settings first."))
    except (smtplib.SMTPException, OSError):
        messages.error(request, _("The mail server could not take your digest now. Please try again later."))
    else:
        if sent:
            messages.success(
                request,
                _("Your review digest is on its way to %(address)s. The next scheduled one stays as it was.")
                % {"address": request.user.email},
            )
        else:
            messages.info(request, _("Your digest was sent less than a minute ago; it was not sent again."))
    return redirect("accounts:settings" if request.POST.get("from") == "settings" else "reviews:digest_preview")
