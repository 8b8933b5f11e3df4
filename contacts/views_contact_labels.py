"""Labels put on and taken off one contact from the contact page itself (htmx), through
the same label rules as the bulk editor (contacts/services.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from netwerk.lib.numbers import positive_int

from .models import Contact, ContactLabel, Label
from .services import LabelRuleError, add_label, remove_label

INVALID = 422


def contact_labels_context(contact: Contact, owner, *, error: str = "") -> dict:
    """The contact's labels and the member's others (to add), in one query. Plain rows
    (pk, name, color): a member may have a hundred labels, and the page shows only these
    three values of each (model instances cost a tenth of the contact page's time)."""
    labels = list(
        Label.objects.owned_by(owner)
        .annotate(on_contact=Exists(ContactLabel.objects.filter(label=OuterRef("pk"), contact=contact)))
        .order_by(Lower("name"))
        .values("pk", "name", "color", "on_contact")
    )
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
