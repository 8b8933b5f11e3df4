"""Labels put on and taken off one contact from the contact page itself (htmx), through
the same label rules as the bulk editor (contacts/services.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from netwerk.lib.numbers import positive_int

from . import detail_rows
from .models import Contact, Label
from .services import LabelRuleError, add_label, remove_label

INVALID = 422


def contact_labels_context(contact: Contact, owner, *, error: str = "") -> dict:
    """The contact's labels and the member's others (to add), in name order."""
    labels = detail_rows.label_rows(contact_id=contact.pk, owner_id=owner.pk)
    return {
        "contact": contact,
        "labels": [label for label in labels if label["on_contact"]],
        "addable_labels": [label for label in labels if not label["on_contact"]],
        "label_error": error,
    }


@login_required
def contact_labels(request: HttpRequest, pk: int) -> HttpResponse:
    """POST action=add|remove, label=<id>: change one label on this contact."""
    contact = get_object_or_404(Contact.objects.owned_by(request.user).only("pk", "owner_id", "status"), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action")
    label_id = positive_int(request.POST.get("label"))
    label = Label.objects.owned_by(request.user).filter(pk=label_id).first() if label_id else None
    error = ""
    if contact.is_archived:
        error = _("This contact is archived; restore it to change its labels.")
    elif action not in ("add", "remove"):
        error = _("Choose to add or to remove a label.")
    elif label is None:
        error = _("Choose one of your labels.")
    else:
        try:
            operation = add_label if action == "add" else remove_label
            operation(owner=request.user, label=label, contacts=Contact.objects.filter(pk=contact.pk))
        except LabelRuleError as rule:
            error = str(rule)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("contacts:detail", pk=contact.pk)
    return render(
        request,
        "contacts/partials/detail_labels.html",
        contact_labels_context(contact, request.user, error=error),
        status=INVALID if error else 200,
    )
