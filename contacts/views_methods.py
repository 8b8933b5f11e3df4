"""A contact's further ways to reach: add one, change its type or label, delete one. Without htmx: the page again
(or the form with its error, 422)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from netwerk.lib.views import owned_object_view, require_method

from .forms_methods import MethodEditForm, MethodForm
from .methods import add_method
from .models import Contact, ContactMethod
from .scanning import request_scan

INVALID = 422


@login_required
@owned_object_view
def method_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    require_method(request, "POST")
    form = MethodForm(request.POST)
    if form.is_valid() and form.already_there(contact):
        form.add_error("value", _("%(name)s has this one already.") % {"name": contact})
    if form.errors or not form.is_valid():
        return render(request, "contacts/item_form.html", {"form": form, "contact": contact}, status=INVALID)
    data = form.cleaned_data
    # None: the same value saved a moment ago (a double click, a second tab); one row.
    if add_method(owner=request.user, contact=contact, kind=data["kind"], value=data["value"],
                  type=data["type"], label=data["label"]):
        request_scan(request.user)
    messages.success(request, _("“%(value)s” saved.") % {"value": data["value"]})
    return redirect(reverse("contacts:detail", args=[contact.pk]) + "#ways-to-reach")


@login_required
@owned_object_view
def method_edit(request: HttpRequest, pk: int) -> HttpResponse:
    method = get_object_or_404(ContactMethod.objects.owned_by(request.user).select_related("contact"), pk=pk)
    form = MethodEditForm(request.POST or None, instance=method)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(value)s” saved.") % {"value": method.value})
        return redirect(reverse("contacts:detail", args=[method.contact_id]) + "#ways-to-reach")
    status = INVALID if request.method == "POST" else 200
    return render(request, "contacts/item_form.html", {"form": form, "contact": method.contact}, status=status)


@login_required
@owned_object_view
def method_delete(request: HttpRequest, pk: int) -> HttpResponse:
    method = get_object_or_404(ContactMethod.objects.owned_by(request.user), pk=pk)
    require_method(request, "POST")
    contact_id = method.contact_id
    method.delete()
    messages.success(request, _("“%(value)s” deleted.") % {"value": method.value})
    return redirect(reverse("contacts:detail", args=[contact_id]) + "#ways-to-reach")
