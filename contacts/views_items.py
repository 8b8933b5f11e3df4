"""Notes and interactions: added, edited and deleted inline on the contact page (htmx);
each view also answers a plain browser with a page or a redirect."""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from .forms import InteractionForm, NoteForm
from .models import Contact, Interaction, Note
from .views import INVALID


def _owned_contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)


@login_required
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _owned_contact(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NoteForm(request.POST)
    if form.is_valid():
        note = form.save(commit=False)
        note.owner, note.contact = request.user, contact
        note.save()
        if not request.htmx:
            return redirect("contacts:detail", pk=contact.pk)
        return render(
            request, "contacts/partials/note_created.html", {"note": note, "contact": contact, "note_form": NoteForm()}
        )
    if not request.htmx:
        return render(request, "contacts/item_form.html", {"form": form, "contact": contact}, status=INVALID)
    response = render(
        request, "contacts/partials/note_add_form.html", {"contact": contact, "note_form": form}, status=INVALID
    )
    return reswap(retarget(response, "#note-add-form"), "outerHTML")


class ContactItem(NamedTuple):
    """A note or an interaction: a dated entry on one contact, edited, shown and deleted
    inline the same way (htmx partials `contacts/partials/<name>.html` and
    `<name>_edit_form.html`; without htmx, a page of its own or back to the contact)."""

    model: type
    form: type
    name: str
    deleted: str


NOTE = ContactItem(Note, NoteForm, "note", gettext_lazy("Note deleted."))
INTERACTION = ContactItem(Interaction, InteractionForm, "interaction", gettext_lazy("Interaction deleted."))


def _item_edit(request: HttpRequest, pk: int, kind: ContactItem) -> HttpResponse:
    item = get_object_or_404(kind.model.objects.owned_by(request.user).select_related("contact"), pk=pk)
    form = kind.form(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        if not request.htmx:
            return redirect("contacts:detail", pk=item.contact_id)
        return render(request, f"contacts/partials/{kind.name}.html", {kind.name: item})
    status = INVALID if request.method == "POST" else 200
    if not request.htmx:
        return render(request, "contacts/item_form.html", {"form": form, "contact": item.contact}, status=status)
    return render(request, f"contacts/partials/{kind.name}_edit_form.html", {kind.name: item, "form": form}, status=status)


def _item_detail(request: HttpRequest, pk: int, kind: ContactItem) -> HttpResponse:
    item = get_object_or_404(kind.model.objects.owned_by(request.user), pk=pk)
    if not request.htmx:
        return redirect("contacts:detail", pk=item.contact_id)
    return render(request, f"contacts/partials/{kind.name}.html", {kind.name: item})


def _item_delete(request: HttpRequest, pk: int, kind: ContactItem) -> HttpResponse:
    item = get_object_or_404(kind.model.objects.owned_by(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    contact_id = item.contact_id
    item.delete()
    if not request.htmx:
        messages.success(request, str(kind.deleted))
        return redirect("contacts:detail", pk=contact_id)
    return HttpResponse("")


@login_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_edit(request, pk, NOTE)


@login_required
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_detail(request, pk, NOTE)


@login_required
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_delete(request, pk, NOTE)


@login_required
def interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _owned_contact(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = InteractionForm(request.POST)
    if form.is_valid():
        interaction = form.save(commit=False)
        interaction.owner, interaction.contact = request.user, contact
        interaction.save()
        if not request.htmx:
            return redirect("contacts:detail", pk=contact.pk)
        return render(
            request,
            "contacts/partials/interactions.html",
            {"contact": contact, "interactions": list(contact.interactions.all()), "interaction_form": InteractionForm()},
        )
    if not request.htmx:
        return render(request, "contacts/item_form.html", {"form": form, "contact": contact}, status=INVALID)
    return render(
        request,
        "contacts/partials/interactions.html",
        {"contact": contact, "interactions": list(contact.interactions.all()), "interaction_form": form},
        status=INVALID,
    )


@login_required
def interaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_edit(request, pk, INTERACTION)


@login_required
def interaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_detail(request, pk, INTERACTION)


@login_required
def interaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_delete(request, pk, INTERACTION)


