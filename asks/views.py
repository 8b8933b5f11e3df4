"""Asks and favours pages. Views are thin: they parse a form, call a service and show
its translated refusal on the field it names (422, nothing saved). Every object is
looked up through its owner, so another member's ask is a 404."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.models import Contact
from contacts.search import search_contacts
from netwerk.lib.numbers import positive_int
from netwerk.lib.views import owned_object_view, require_method

from . import figures, services
from .forms import AddPersonForm, AskEditForm, AskForm, OutcomeForm, PickForm
from .models import Ask, AskedPerson, AskKind, Outcome

PAGE_SIZE = 50
PICKER_SIZE = 8
INVALID = 422  # htmx is told (static/js/asks.js) to swap these in, so the form shows why


def _page_number(request: HttpRequest) -> int:
    """The page asked for; Paginator.get_page shows the last one past the end."""
    return positive_int(request.GET.get("page"), default=1, too_big=10**6)


def picker_results(user, term: str, *, exclude_ask: Ask | None = None) -> list[Contact]:
    """Active contacts matching every word of `term`, in name order; a few at most."""
    term = (term or "").strip()
    if not term:
        return []
    contacts = search_contacts(Contact.objects.owned_by(user).active(), term[:100])
    if exclude_ask is not None:
        contacts = contacts.exclude(asked_in__ask=exclude_ask)
    return list(contacts.only("first_name", "last_name", "company", "position", "profile_url")[:PICKER_SIZE])


# --- the list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    key: str
    label: str


STATES = (
    State("open", gettext_lazy("Open")),
    State("unanswered", gettext_lazy("Open without an answer")),
    State("overdue", gettext_lazy("Past their date")),
    State("closed", gettext_lazy("Closed")),
    State("all", gettext_lazy("All")),
)


def _asks_in_state(user, state: str, today):
    asks = Ask.objects.owned_by(user)
    if state == "open":
        return asks.open()
    if state == "unanswered":
        return asks.open().alias(was_answered=figures.answered()).filter(was_answered=False)
    if state == "overdue":
        return asks.open().filter(due_on__lt=today)
    if state == "closed":
        return asks.filter(closed_on__isnull=False)
    return asks


@dataclass(frozen=True)
class AskRow:
    """One ask as the list shows it, its texts composed here once: 50 rows of template
    logic per ask would cost more than the queries of the page."""

    pk: int
    title: str
    kind: str
    public: bool
    is_open: bool
    asked_on: object
    due_on: object
    overdue: bool
    summary: str
    names: list
    more_names: bool


NAMES_SHOWN = 5


def ask_rows(asks: list[Ask], today) -> list[AskRow]:
    """The page's asks with who was asked and how they answered: one query for all."""
    by_ask: dict[int, list] = {ask.pk: [] for ask in asks}
    rows = (
        AskedPerson.objects.filter(ask_id__in=list(by_ask))
        .order_by("added_on", "id")
        .values_list("ask_id", "contact_id", "contact_name", "outcome")
    )
    for ask_id, contact_id, contact_name, outcome in rows:
        by_ask[ask_id].append((contact_name if contact_id else str(_("removed contact")), outcome))
    kinds = dict(AskKind.choices)
    result = []
    for ask in asks:
        people = by_ask[ask.pk]
        tally = {value: 0 for value in Outcome.values}
        for _name, outcome in people:
            tally[outcome] += 1
        if ask.public:
            summary = ngettext(
                "%(count)d person did something", "%(count)d people did something", tally[Outcome.HELPED]
            ) % {"count": tally[Outcome.HELPED]}
        else:
            summary = ngettext(
                "%(count)d person asked: %(helped)d helped, %(declined)d declined, %(waiting)d without an answer",
                "%(count)d people asked: %(helped)d helped, %(declined)d declined, %(waiting)d without an answer",
                len(people),
            ) % {
                "count": len(people),
                "helped": tally[Outcome.HELPED],
                "declined": tally[Outcome.DECLINED],
                "waiting": tally[Outcome.NO_ANSWER],
            }
        result.append(
            AskRow(
                pk=ask.pk,
                title=str(ask),
                kind=str(kinds.get(ask.kind, ask.kind)),
                public=ask.public,
                is_open=ask.is_open,
                asked_on=ask.asked_on,
                due_on=ask.due_on,
                overdue=ask.is_open and ask.due_on is not None and ask.due_on < today,
                summary=summary,
                names=[] if ask.public else people[:NAMES_SHOWN],
                more_names=not ask.public and len(people) > NAMES_SHOWN,
            )
        )
    return result


@login_required
def ask_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    keys = [state.key for state in STATES]
    state = request.GET.get("state") if request.GET.get("state") in keys else "open"
    counts = Ask.objects.owned_by(request.user).aggregate(
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        overdue=Count("pk", filter=Q(closed_on__isnull=True, due_on__lt=today)),
        all=Count("pk"),
    )
    asks = _asks_in_state(request.user, state, today)
    helper = _chosen_contact(request.user, positive_int(request.GET.get("helped_by")))
    if helper is not None:
        asks = asks.filter(people__contact=helper, people__outcome=Outcome.HELPED)
    paginator = Paginator(asks.only("text", "kind", "public", "asked_on", "due_on", "closed_on"), PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    extra = f"&state={state}" + (f"&helped_by={helper.pk}" if helper else "")
    return render(
        request,
        "asks/list.html",
        {
            "page": page,
            "asks": ask_rows(list(page.object_list), today),
            "states": STATES,
            "state": state,
            "counts": counts,
            "helper": helper,
            "extra": extra,
        },
    )


# --- create and edit -------------------------------------------------------------------


def _chosen_contact(user, contact_id) -> Contact | None:
    if not contact_id:
        return None
    return Contact.objects.owned_by(user).filter(pk=contact_id).only("first_name", "last_name", "status").first()


@login_required
def ask_create(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method != "POST":
        contact = _chosen_contact(request.user, positive_int(request.GET.get("contact")))
        form = AskForm(initial={"asked_on": today, "contact": contact.pk if contact else None})
        return render(request, "asks/form.html", {"form": form, "chosen": contact})
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "asks/form.html", {"form": form, "chosen": None}, status=INVALID)
    data = form.cleaned_data
    chosen = _chosen_contact(request.user, data["contact"])
    if "find" in request.POST:  # the picker without JavaScript: show matches, save nothing
        results = picker_results(request.user, data["q"])
        return render(request, "asks/form.html", {"form": form, "chosen": chosen, "results": results, "searched": True})
    try:
        ask = services.create_ask(
            owner=request.user,
            text=data["text"],
            kind=data["kind"],
            asked_on=data["asked_on"],
            due_on=data["due_on"],
            public=data["public"],
            contacts=[Contact(pk=data["contact"])] if data["contact"] else [],
        )
    except services.AskRuleError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return render(request, "asks/form.html", {"form": form, "chosen": chosen}, status=INVALID)
    messages.success(request, _("Ask saved. Add everyone else you ask, one at a time."))
    return redirect("asks:detail", pk=ask.pk)


def _owned_ask(request: HttpRequest, pk: int) -> Ask:
    return get_object_or_404(Ask.objects.owned_by(request.user), pk=pk)


@login_required
def ask_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ask = _owned_ask(request, pk)
    form = AskEditForm(request.POST or None, initial={"text": ask.text, "kind": ask.kind, "due_on": ask.due_on})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_ask(owner=request.user, ask=ask, **form.cleaned_data)
            except services.AskRuleError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Ask saved."))
                return redirect("asks:detail", pk=ask.pk)
        return render(request, "asks/edit.html", {"form": form, "ask": ask}, status=INVALID)
    return render(request, "asks/edit.html", {"form": form, "ask": ask})


# --- one ask and its people ---------------------------------------------------------------


def _people_context(request: HttpRequest, ask: Ask, **extra) -> dict:
    people = list(
        ask.people.select_related("contact").only(
            "ask_id",
            "contact_id",
            "contact_name",
            "outcome",
            "helped_with",
            "added_on",
            "answered_on",
            "contact__first_name",
            "contact__last_name",
            "contact__status",
        )
    )
    today = timezone.localdate()
    for person in people:
        person.waiting_days = (today - person.added_on).days if person.outcome == Outcome.NO_ANSWER else None
        person.late = person.waiting_days is not None and person.waiting_days >= figures.LATE_AFTER.days
    return {
        "ask": ask,
        "people": people,
        "acted": sum(1 for person in people if person.outcome == Outcome.HELPED),
        "outcomes": Outcome.choices,
        "today": today,
        **extra,
    }


def _people_response(request: HttpRequest, ask: Ask, *, status: int = 200, **extra) -> HttpResponse:
    context = _people_context(request, ask, **extra)
    if request.htmx:
        return render(request, "asks/partials/people.html", context, status=status)
    return render(request, "asks/detail.html", context, status=status)


@login_required
def ask_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ask = _owned_ask(request, pk)
    term = request.GET.get("q", "")[:100].strip()
    results = picker_results(request.user, term, exclude_ask=ask) if term else []
    context = _people_context(request, ask, q=term, results=results, searched=bool(term))
    return render(request, "asks/detail.html", context)


@login_required
@owned_object_view
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    ask = _owned_ask(request, pk)
    require_method(request, "POST")
    form = AddPersonForm(request.POST)
    if not form.is_valid():
        return _people_response(request, ask, status=INVALID, error=form.errors["contact"][0])
    try:
        person = services.add_person(owner=request.user, ask=ask, contact=Contact(pk=form.cleaned_data["contact"]))
    except services.AskRuleError as error:
        return _people_response(request, ask, status=INVALID, error=str(error))
    done = _("%(name)s added.") % {"name": person.name}
    if not request.htmx:
        messages.success(request, done)
        return redirect("asks:detail", pk=ask.pk)
    # The picker's matches still offer the person just added: empty them (out of band).
    return _people_response(request, ask, done=done, clear_picker=True)


def _owned_person(request: HttpRequest, pk: int) -> AskedPerson:
    return get_object_or_404(AskedPerson.objects.owned_by(request.user).select_related("ask"), pk=pk)


def _person_done(request: HttpRequest, person: AskedPerson, done: str) -> HttpResponse:
    """After a change to one asked person: the ask's page again, or (htmx) its people list."""
    if not request.htmx:
        messages.success(request, done)
        return redirect("asks:detail", pk=person.ask_id)
    return _people_response(request, person.ask, done=done)


@login_required
@owned_object_view
def person_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    person = _owned_person(request, pk)
    require_method(request, "POST")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return _people_response(request, person.ask, status=INVALID, error=message)
    try:
        person = services.record_outcome_of(owner=request.user, person=person, **form.cleaned_data)
    except services.AskRuleError as error:
        return _people_response(request, person.ask, status=INVALID, error=str(error))
    done = _("Answer of %(name)s saved.") % {"name": person.name}
    return _person_done(request, person, done)


@login_required
@owned_object_view
def person_remove(request: HttpRequest, pk: int) -> HttpResponse:
    person = _owned_person(request, pk)
    require_method(request, "POST")
    services.remove_person(owner=request.user, person=person)
    done = _("%(name)s is no longer on this ask.") % {"name": person.name}
    return _person_done(request, person, done)


@login_required
@owned_object_view
def ask_close(request: HttpRequest, pk: int) -> HttpResponse:
    ask = _owned_ask(request, pk)
    require_method(request, "POST")
    if request.POST.get("reopen"):
        services.reopen_ask(owner=request.user, ask=ask)
        messages.success(request, _("Ask reopened."))
    else:
        services.close_ask(owner=request.user, ask=ask)
        messages.success(request, _("Ask closed. Its answers keep counting."))
    return redirect("asks:detail", pk=ask.pk)


@login_required
def ask_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ask = _owned_ask(request, pk)
    if request.method == "POST":
        services.delete_ask(owner=request.user, ask=ask)
        messages.success(request, _("Ask deleted, with the help it recorded."))
        return redirect("asks:list")
    helped = ask.people.filter(outcome=Outcome.HELPED).count()
    return render(request, "asks/delete.html", {"ask": ask, "helped": helped})


@login_required
def pick(request: HttpRequest) -> HttpResponse:
    """The contact picker's matches (htmx): for an ask, buttons that add the person; for
    the new-ask and favour forms, choices that fill the form's contact field."""
    form = PickForm(request.GET)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    ask = None
    if "ask" in request.GET:
        ask_id = positive_int(request.GET["ask"])
        if ask_id is None:
            raise Http404
        ask = _owned_ask(request, ask_id)
    results = picker_results(request.user, term, exclude_ask=ask)
    template = "asks/partials/picker_add.html" if ask else "asks/partials/picker_choose.html"
    return render(request, template, {"ask": ask, "results": results, "q": term, "searched": bool(term)})
