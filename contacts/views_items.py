"""Notes and interactions: added, edited and deleted inline on the contact page (htmx);
each view also answers a plain browser with a page or a redirect."""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from netwerk.lib.views import owned_object_view, require_method

from . import touch
from .forms import InteractionForm, NoteForm
from .models import Contact, Interaction, Note
from .views import INVALID, interactions_context


def _owned_contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)


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


def _item_create(request: HttpRequest, pk: int, kind: ContactItem):
    """The member's contact `pk`, the bound form of a new note or interaction, and the
    saved item (None when the form has errors). A 404 before a 405, as everywhere."""
    contact = _owned_contact(request, pk)
    require_method(request, "POST")
    form = kind.form(request.POST)
    if not form.is_valid():
        return contact, form, None
    item = form.save(commit=False)
    item.owner, item.contact = request.user, contact
    item.save()
    return contact, form, item


def _invalid_page(request: HttpRequest, contact: Contact, form) -> HttpResponse:
    return render(request, "contacts/item_form.html", {"form": form, "contact": contact}, status=INVALID)


@login_required
@owned_object_view
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact, form, note = _item_create(request, pk, NOTE)
    if note is not None and not request.htmx:
        return redirect("contacts:detail", pk=contact.pk)
    if note is not None:
        context = {"note": note, "contact": contact, "note_form": NoteForm()}
        return render(request, "contacts/partials/note_created.html", context)
    if not request.htmx:
        return _invalid_page(request, contact, form)
    response = render(
        request, "contacts/partials/note_add_form.html", {"contact": contact, "note_form": form}, status=INVALID
    )
    return reswap(retarget(response, "#note-add-form"), "outerHTML")


@login_required
@owned_object_view
def interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact, form, interaction = _item_create(request, pk, INTERACTION)
    if interaction is not None and not request.htmx:
        return redirect("contacts:detail", pk=contact.pk)
    if interaction is None and not request.htmx:
        return _invalid_page(request, contact, form)
    return render(
        request,
        "contacts/partials/interactions.html",
        {
            "contact": contact,
            **interactions_context(contact),
            "interaction_form": InteractionForm() if interaction is not None else form,
        },
        status=200 if interaction is not None else INVALID,
    )


@login_required
@owned_object_view
def interaction_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact page's interactions section again (htmx): all of them with ?all=1, and
    after anything elsewhere on the page added one (an `interactions-changed` event)."""
    contact = _owned_contact(request, pk)
    require_method(request, "GET")
    if not request.htmx:
        query = "?interactions=all" if request.GET.get("all") else ""
        return redirect(reverse("contacts:detail", kwargs={"pk": contact.pk}) + query + "#interactions")
    context = {
        "contact": contact,
        **interactions_context(contact, show_all=bool(request.GET.get("all"))),
        "interaction_form": InteractionForm(),
    }
    return render(request, "contacts/partials/interactions.html", context)


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
    require_method(request, "POST")
    contact_id = item.contact_id
    item.delete()
    if kind is INTERACTION:
        touch.refresh(owner_id=request.user.pk, contact_ids=[contact_id])
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
@owned_object_view
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_delete(request, pk, NOTE)


@login_required
def interaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_edit(request, pk, INTERACTION)


@login_required
def interaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_detail(request, pk, INTERACTION)


@login_required
@owned_object_view
def interaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_delete(request, pk, INTERACTION)


