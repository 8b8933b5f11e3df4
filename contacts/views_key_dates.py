"""Dates that matter on the contact page: add one, delete one. Without htmx: the page
again (or the form with its error, 422)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from netwerk.lib.views import owned_object_view, require_method

from .forms import KeyDateForm
from .models import Contact, KeyDate

INVALID = 422


@login_required
@owned_object_view
def key_date_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    require_method(request, "POST")
    form = KeyDateForm(request.POST)
    if contact.is_archived:
        form.add_error(None, _("This contact is archived: restore it first."))
    if form.errors or not form.is_valid():
        return render(request, "contacts/key_date_form.html", {"form": form, "contact": contact}, status=INVALID)
    key_date = form.save(commit=False)
    key_date.owner, key_date.contact = request.user, contact
    key_date.save()
    messages.success(request, _("“%(name)s” saved.") % {"name": key_date.name})
    return redirect(reverse("contacts:detail", args=[contact.pk]) + "#key-dates")


@login_required
@owned_object_view
def key_date_delete(request: HttpRequest, pk: int) -> HttpResponse:
    key_date = get_object_or_404(KeyDate.objects.owned_by(request.user), pk=pk)
    require_method(request, "POST")
    contact_id = key_date.contact_id
    key_date.delete()
    messages.success(request, _("“%(name)s” deleted.") % {"name": key_date.name})
    return redirect(reverse("contacts:detail", args=[contact_id]) + "#key-dates")
