"""Favours the member gave, and the people behind the dashboard's help figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import trigger_client_event

from contacts.models import Contact
from netwerk.lib.numbers import positive_int
from netwerk.lib.views import owned_object_view, require_method

from . import figures, services
from .forms import FavourForm
from .models import AskedPerson, Favour, Outcome
from .panels import help_panel_context
from .views import INVALID, PAGE_SIZE, _chosen_contact, _page_number

# --- favours -------------------------------------------------------------------------------


@login_required
def favour_list(request: HttpRequest) -> HttpResponse:
    favours = Favour.objects.owned_by(request.user).select_related("contact").only(
        "given_on", "kind", "text", "contact__first_name", "contact__last_name"
    )
    chosen = _chosen_contact(request.user, positive_int(request.GET.get("contact")))
    if chosen is not None:
        favours = favours.filter(contact=chosen)
    page = Paginator(favours, PAGE_SIZE).get_page(_page_number(request))
    form = FavourForm(initial={"given_on": timezone.localdate()})
    extra = f"&contact={chosen.pk}" if chosen else ""
    return render(request, "asks/favours.html", {"page": page, "form": form, "chosen": chosen, "extra": extra})


def _favour_done(request: HttpRequest, contact_id: int | None, message: str) -> HttpResponse:
    if request.POST.get("from") == "contact" and contact_id:
        if request.htmx:
            contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=contact_id)
            context = {"panel": help_panel_context(request, contact), "done": message}
            # A favour is an interaction too: the page's interactions section reloads itself.
            return trigger_client_event(render(request, "asks/partials/contact_panel.html", context), "interactions-changed")
        messages.success(request, message)
        return redirect("contacts:detail", pk=contact_id)
    messages.success(request, message)
    return redirect("asks:favours")


@login_required
def favour_create(request: HttpRequest) -> HttpResponse:
    """GET: the form for one contact (htmx: in place on the contact page). POST: save."""
    if request.method != "POST":
        contact = get_object_or_404(
            Contact.objects.owned_by(request.user).active(), pk=positive_int(request.GET.get("contact")) or 0
        )
        form = FavourForm(initial={"given_on": timezone.localdate()})
        if request.htmx:
            return render(request, "asks/partials/favour_form.html", {"form": form, "contact": contact})
        return render(request, "asks/favour_form.html", {"form": form, "panel": {"contact": contact}})
    form = FavourForm(request.POST)
    from_contact = request.POST.get("from") == "contact"
    contact_id = positive_int(request.POST.get("contact"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.give_favour(
                owner=request.user,
                contact=Contact(pk=data["contact"]),
                text=data["text"],
                kind=data["kind"],
                on=data["given_on"],
            )
        except services.AskRuleError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return _favour_done(request, data["contact"], _("Favour saved."))
    contact = _chosen_contact(request.user, contact_id)
    if from_contact and contact is not None:
        panel = help_panel_context(request, contact)
        panel["favour_form"] = form
        template = "asks/partials/contact_panel.html" if request.htmx else "asks/favour_form.html"
        return render(request, template, {"panel": panel, "form": form, "chosen": contact}, status=INVALID)
    if request.htmx:
        return render(request, "asks/partials/favour_form.html", {"form": form, "chosen": contact}, status=INVALID)
    return render(request, "asks/favour_form.html", {"form": form, "chosen": contact}, status=INVALID)


@login_required
@owned_object_view
def favour_delete(request: HttpRequest, pk: int) -> HttpResponse:
    favour = get_object_or_404(Favour.objects.owned_by(request.user), pk=pk)
    require_method(request, "POST")
    return _delete(request, favour)


@login_required
@require_POST
def favour_delete_chosen(request: HttpRequest) -> HttpResponse:
    """POST favour=<id>: the contact page's help panel deletes through one form whose
    buttons each carry their favour (one form, not a form per favour)."""
    favour = get_object_or_404(Favour.objects.owned_by(request.user), pk=positive_int(request.POST.get("favour")) or 0)
    return _delete(request, favour)


def _delete(request: HttpRequest, favour: Favour) -> HttpResponse:
    contact_id = favour.contact_id
    services.delete_favour(owner=request.user, favour=favour)
    return _favour_done(request, contact_id, _("Favour deleted."))


# --- the people behind the dashboard's figures ----------------------------------------------

PEOPLE_VIEWS = {
    "helpers": gettext_lazy("Who helped you in the last 12 months"),
    "owe": gettext_lazy("You owe: they helped you, you have given nothing back"),
    "waiting": gettext_lazy("Asked, no answer yet"),
}


@login_required
def people(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show") if request.GET.get("show") in PEOPLE_VIEWS else "helpers"
    today = timezone.localdate()
    context = {"show": show, "views": PEOPLE_VIEWS, "title": PEOPLE_VIEWS[show], "today": today}
    if show == "helpers":
        context["helpers"] = figures.helpers(request.user, today=today)
    elif show == "owe":
        context["helpers"] = figures.you_owe(request.user, today=today)
    else:
        waiting = (
            AskedPerson.objects.owned_by(request.user)
            .filter(outcome=Outcome.NO_ANSWER, ask__closed_on__isnull=True, contact__isnull=False)
            .select_related("ask")
            .only("ask__text", "ask__public", "contact_id", "contact_name", "added_on")
            .order_by("added_on", "id")
        )
        page = Paginator(waiting, PAGE_SIZE).get_page(_page_number(request))
        page.object_list = list(page.object_list)
        for person in page.object_list:
            person.waiting_days = (today - person.added_on).days
        context["page"] = page
    context["favours_url"] = reverse("asks:favours")
    return render(request, "asks/people.html", context)
