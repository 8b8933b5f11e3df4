"""The contact list, a contact's page and form, and the label pages.

One module past 400 lines because these views share the list's filter and paging helpers
and the contact page's context; the smaller pages of a contact (its labels, notes and
interactions, dates, ways to reach, duplicates and merges, import and export) each have a
views_* module of their own.
"""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import (
    CharField,
    Count,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from netwerk.lib.numbers import positive_int

from . import detail_rows, hooks, touch
from .forms import (
    BulkLabelForm,
    ContactFilterForm,
    ContactForm,
    InteractionForm,
    LabelForm,
    LabelMergeForm,
    NoteForm,
)
from .models import Contact, ContactLabel, ContactStatus, Label, Merge
from .panels import panels_for
from .views_contact_labels import contact_labels_context
from .forms_methods import MethodForm
from .scanning import request_scan
from .search import filter_contacts
from .services import LabelRuleError, add_label, delete_label, merge_labels, remove_label

PAGE_SIZE = 50
MAX_PAGE_NUMBER = 10**12  # times PAGE_SIZE: an offset every database accepts
INVALID = 422  # htmx is told (static/js/contacts.js) to swap these, so the form shows its errors


def labels_with_counts(user) -> list[Label]:
    """The member's labels, each with `contact_count` (active contacts only)."""
    return list(
        Label.objects.owned_by(user)
        .annotate(contact_count=Count("label_contacts", filter=Q(label_contacts__contact__status=ContactStatus.ACTIVE)))
        .order_by(Lower("name"))
    )


def labels_in_name_order():
    return Prefetch("labels", queryset=Label.objects.order_by(Lower("name")).only("name", "color"))


# What a list row shows: loading only these keeps 50 rows cheap to build.
LIST_COLUMNS = ("first_name", "last_name", "company", "position", "profile_url", "connected_on", "disconnected_on")


class LabelChoice(NamedTuple):
    """A label as the list shows it (filter options, badges): 60 of these on every list
    request cost a fraction of 60 model instances."""

    pk: int
    name: str
    color: str


def member_labels(user) -> list[LabelChoice]:
    return [
        LabelChoice(*row)
        for row in Label.objects.owned_by(user).order_by(Lower("name")).values_list("pk", "name", "color")
    ]


def label_ids():
    """The ids of a contact's labels as one comma-separated text, a column of the page
    query: on the first page PostgreSQL computes it for the page's 50 rows only (after
    sorting), which saves a query of (contact, label) pairs."""
    return Subquery(
        ContactLabel.objects.filter(contact=OuterRef("pk"))
        .values("contact")
        .annotate(ids=StringAgg(Cast("label_id", output_field=CharField()), Value(",")))
        .values("ids")
    )


def attach_labels(contacts: list[Contact], labels: list[LabelChoice]) -> None:
    """Give each contact `label_list` (its labels in name order) from the member's labels
    already in hand: from its `label_ids` when the page query brought them, else from
    one query of (contact, label) pairs for the page."""
    if contacts and not hasattr(contacts[0], "label_ids"):
        found: dict[int, list[str]] = {contact.pk: [] for contact in contacts}
        pairs = ContactLabel.objects.filter(contact_id__in=list(found)).values_list("contact_id", "label_id")
        for contact_id, label_id in pairs:
            found[contact_id].append(str(label_id))
        for contact in contacts:
            contact.label_ids = ",".join(found[contact.pk])
    position = {label.pk: index for index, label in enumerate(labels)}
    for contact in contacts:
        indexes = (position.get(int(pk)) for pk in contact.label_ids.split(",")) if contact.label_ids else ()
        contact.label_list = [labels[index] for index in sorted(index for index in indexes if index is not None)]


def page_with_total(contacts, number, *, searching: bool) -> tuple[Page, list[Contact]]:
    """One page of `contacts` and the total, in a single query; on the first page, each
    row's label ids too (label_ids(): deeper down, the per-row subquery would run for
    every row the offset skips, and a query of pairs is cheaper).

    A search is the costly part of its query, so it runs once: the total comes along as
    COUNT(*) OVER () over the matches. Without one, the total is a subquery of its own
    (PostgreSQL runs it once, as an init plan): with a window, PostgreSQL 15 plans as if
    the first 50 rows in name order could be returned early and walks all 30,000
    contacts by name (for one label: 30,000 probes), where a plain count of the
    member's contacts is an index-only scan and the page the first 50 entries of the
    name index."""
    paginator = Paginator(contacts, PAGE_SIZE)
    # Past the last page means the last page; a number the database cannot take as an
    # offset is past it too.
    wanted = min(positive_int(number, default=1, too_big=MAX_PAGE_NUMBER), MAX_PAGE_NUMBER)
    offset = (wanted - 1) * PAGE_SIZE
    if searching:
        total = Window(Count("pk"))
    else:
        total = Subquery(
            contacts.order_by().annotate(found=Func("pk", function="COUNT", output_field=IntegerField())).values("found")
        )
    page_query = contacts.annotate(total_found=total)
    if offset == 0:
        page_query = page_query.annotate(label_ids=label_ids())
    rows = list(page_query[offset : offset + PAGE_SIZE])
    paginator.count = rows[0].total_found if rows else contacts.count()
    page = paginator.get_page(wanted)
    if page.number != wanted:  # past the last page: show the last one
        rows = list(page.object_list)
    return page, rows


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    # Counts per label live on the labels page: counting 90,000 label rows on every
    # list request would cost more than the list itself.
    labels = member_labels(request.user)
    form = ContactFilterForm(request.GET or None, labels=labels)
    contacts = Contact.objects.owned_by(request.user).active()
    selected_labels: set[int] = set()
    searching = False
    if form.is_bound and form.is_valid():
        contacts = filter_contacts(contacts, form, owner=request.user)
        selected_labels = set(form.cleaned_data["labels"])
        searching = bool(form.cleaned_data["q"].strip())
    elif form.is_bound:
        contacts = contacts.none()
    page, rows = page_with_total(contacts.only(*LIST_COLUMNS), request.GET.get("page"), searching=searching)
    attach_labels(rows, labels)
    context = {
        "form": form,
        "page": page,
        "contacts": rows,
        "labels": labels,
        "selected_labels": selected_labels,
        "filtered": form.is_bound and any(v not in ("", None) for k, v in request.GET.items() if k != "page"),
    }
    if request.htmx and not request.htmx.boosted and request.htmx.target == "contact-results":
        return render(request, "contacts/partials/results.html", context)
    return render(request, "contacts/list.html", context)


@login_required
@require_POST
def bulk_labels(request: HttpRequest) -> HttpResponse:
    """Add or remove one label on the contacts ticked in the list; answers with the
    refreshed label cells of those rows (htmx swaps them out of band) and a status line."""
    form = BulkLabelForm(request.POST, owner=request.user)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return render(request, "contacts/partials/bulk_status.html", {"errors": errors}, status=INVALID)
    label, selected = form.cleaned_data["label"], form.cleaned_data["contacts"]
    ids = [contact.pk for contact in selected]
    chosen = Contact.objects.owned_by(request.user).filter(pk__in=ids)
    if form.cleaned_data["operation"] == BulkLabelForm.ADD:
        changed = add_label(owner=request.user, label=label, contacts=chosen)
        message = ngettext(
            "Added “%(label)s” to %(count)d contact.", "Added “%(label)s” to %(count)d contacts.", changed
        ) % {"label": label, "count": changed}
    else:
        changed = remove_label(owner=request.user, label=label, contacts=chosen)
        message = ngettext(
            "Removed “%(label)s” from %(count)d contact.", "Removed “%(label)s” from %(count)d contacts.", changed
        ) % {"label": label, "count": changed}
    refreshed = list(chosen.prefetch_related(labels_in_name_order()))
    for contact in refreshed:
        contact.label_list = list(contact.labels.all())
    if not request.htmx:
        messages.success(request, message)
        return redirect("contacts:list")
    return render(request, "contacts/partials/bulk_status.html", {"message": message, "contacts": refreshed})


@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, owner=request.user)
    if request.method == "POST":
        contact = form.is_valid() and _saved(form)
        if contact:
            messages.success(request, _("Contact “%(name)s” added.") % {"name": contact})
            return redirect("contacts:detail", pk=contact.pk)
        return render(request, "contacts/form.html", {"form": form}, status=INVALID)
    return render(request, "contacts/form.html", {"form": form})


def _saved(form: ContactForm) -> Contact | None:
    """Save the contact, or None with the form's error when a parallel request (a double
    click, a second tab) saved the same profile URL between the form's check and ours."""
    try:
        with transaction.atomic():
            contact = form.save()
            touch.refresh(owner_id=contact.owner_id, contact_ids=[contact.pk])
            if {"first_name", "last_name", "company", "profile_url", "email", "private_email", "phone"} & set(
                form.changed_data
            ):
                request_scan(contact.owner)  # a name or address that may be someone already there
            return contact
    except IntegrityError:
        form.add_error(
            "profile_url",
            form.duplicate_profile_url_error() or _("Someone saved this contact at the same moment: try again."),
        )
        return None


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if request.method == "POST":
        if form.is_valid() and _saved(form):
            messages.success(request, _("Contact “%(name)s” saved.") % {"name": contact})
            return redirect("contacts:detail", pk=contact.pk)
        return render(request, "contacts/form.html", {"form": form, "contact": contact}, status=INVALID)
    return render(request, "contacts/form.html", {"form": form, "contact": contact})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Whether anyone was introduced by this contact: most were introduced by nobody and
    # introduced nobody, and then no query looks for those people. The apps above add
    # their own annotations through contacts.hooks (the open invitation, say).
    annotations = {name: expression() for name, expression in hooks.detail_annotations.items()}
    contact = (
        Contact.objects.owned_by(request.user)
        .defer("search_text", "notes_text")
        .annotate(**detail_rows.contact_flags(), **annotations)
        .order_by()  # one row by primary key: the list's name ordering would only cost compiling
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        # An old link to a contact merged into another leads to that one.
        kept = Merge.objects.owned_by(request.user).filter(merged_contact_id=pk, undone_at__isnull=True)
        kept_id = kept.exclude(kept=None).values_list("kept_id", flat=True).first()
        if kept_id is None:
            raise Http404
        return redirect("contacts:detail", pk=kept_id)
    introducer, introduced = introductions(contact) if contact.introduced_by_id or contact.introduces else (None, [])
    labels = contact_labels_context(contact, request.user)
    label_rhythms = [label["rhythm"] for label in labels["labels"] if label["rhythm"]]
    return render(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            **labels,
            "rhythm": contact.keep_in_touch_days or min(label_rhythms, default=None),
            "rhythm_from_labels": not contact.keep_in_touch_days and bool(label_rhythms),
            "notes": detail_rows.notes(contact),
            "key_dates": detail_rows.key_dates(contact),
            # Most contacts have one address and number, on the contact itself: no query.
            "methods": detail_rows.methods(contact) if contact.has_methods else [],
            "method_form": MethodForm(),
            "possible_duplicates": detail_rows.possible_duplicates(contact) if contact.has_duplicates else [],
            **interactions_context(contact, show_all=request.GET.get("interactions") == "all"),
            "introducer": introducer,
            "introduced": introduced,
            "note_form": NoteForm(),
            "interaction_form": InteractionForm(),
            "panels": panels_for(request, contact),
            # Most contacts never changed jobs while in Netwerk: then no query asks.
            "job_changes": list(contact.job_changes.all()[:JOB_CHANGES_SHOWN]) if contact.has_job_changes else [],
        },
    )


JOB_CHANGES_SHOWN = 5

# The contact page shows the latest interactions and offers the rest on request: a contact
# the member writes to every day has an interaction a day once LinkedIn's messages are in.
INTERACTIONS_SHOWN = 10


def interactions_context(contact: Contact, *, show_all: bool = False) -> dict:
    """The interactions the contact page shows (newest first) and whether older ones
    exist, from one query."""
    if show_all:
        return {"interactions": detail_rows.interactions(contact), "older_interactions": False}
    shown = detail_rows.interactions(contact, limit=INTERACTIONS_SHOWN + 1)
    return {"interactions": shown[:INTERACTIONS_SHOWN], "older_interactions": len(shown) > INTERACTIONS_SHOWN}


def introductions(contact: Contact) -> tuple[Contact | None, list[Contact]]:
    """Who introduced `contact` (any status) and the active contacts they introduced, in
    name order, from one query."""
    people = list(
        Contact.objects.filter(owner_id=contact.owner_id)
        .filter(Q(pk=contact.introduced_by_id) | Q(introduced_by=contact, status=ContactStatus.ACTIVE))
        .only("first_name", "last_name", "profile_url", "introduced_by", "status")
    )
    introducer = next((person for person in people if person.pk == contact.introduced_by_id), None)
    introduced = [
        person for person in people if person.introduced_by_id == contact.pk and person.status == ContactStatus.ACTIVE
    ]
    return introducer, introduced


# Labels page


@login_required
def label_list(request: HttpRequest) -> HttpResponse:
    form = LabelForm(request.POST or None, owner=request.user)
    if request.method == "POST":
        if form.is_valid():
            label = form.save()
            messages.success(request, _("Label “%(name)s” created.") % {"name": label})
            return redirect("contacts:labels")
        status = INVALID
    else:
        status = 200
    return render(
        request, "contacts/labels.html", {"labels": labels_with_counts(request.user), "form": form}, status=status
    )


@login_required
def label_edit(request: HttpRequest, pk: int) -> HttpResponse:
    label = get_object_or_404(Label.objects.owned_by(request.user), pk=pk)
    form = LabelForm(request.POST or None, instance=label, owner=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            if "keep_in_touch_days" in form.changed_data:
                touch.refresh_label(label)
            messages.success(request, _("Label “%(name)s” saved.") % {"name": label})
            return redirect("contacts:labels")
        return render(request, "contacts/label_form.html", {"form": form, "label": label}, status=INVALID)
    return render(request, "contacts/label_form.html", {"form": form, "label": label})


def _label_contact_count(label: Label) -> int:
    return label.label_contacts.filter(contact__status=ContactStatus.ACTIVE).count()


@login_required
def label_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Label.objects.owned_by(request.user), pk=pk)
    context = {"label": source, "contact_count": _label_contact_count(source)}
    if source.is_review:
        context["refusal"] = _("The review label cannot be merged into another label; merge the other label into it.")
        return render(request, "contacts/label_merge.html", context, status=409 if request.method == "POST" else 200)
    form = LabelMergeForm(request.POST or None, owner=request.user, source=source)
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                merge_labels(owner=request.user, source=source, target=target)
            except LabelRuleError as error:
                form.add_error("target", str(error))
            else:
                messages.success(
                    request,
                    _("“%(source)s” merged into “%(target)s”.") % {"source": context["label"].name, "target": target},
                )
                return redirect("contacts:labels")
        return render(request, "contacts/label_merge.html", context, status=INVALID)
    return render(request, "contacts/label_merge.html", context)


@login_required
def label_delete(request: HttpRequest, pk: int) -> HttpResponse:
    label = get_object_or_404(Label.objects.owned_by(request.user), pk=pk)
    context = {"label": label, "contact_count": _label_contact_count(label)}
    if label.is_review:
        context["refusal"] = _("The review label cannot be deleted; you can rename it.")
        return render(request, "contacts/label_delete.html", context, status=409 if request.method == "POST" else 200)
    if request.method == "POST":
        name = label.name
        delete_label(owner=request.user, label=label)
        messages.success(request, _("Label “%(name)s” deleted.") % {"name": name})
        return redirect("contacts:labels")
    return render(request, "contacts/label_delete.html", context)
