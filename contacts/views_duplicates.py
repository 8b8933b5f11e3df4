"""Possible duplicates, merging two contacts and undoing a merge (contacts.duplicates,
contacts.merging)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netwerk.lib.background import enqueue_or_refuse, refuse_when_background_unavailable

from . import merging
from .duplicates import ordered
from .forms_merge import MergeForm, differing_fields, shown
from .merging import CHOSEN_FIELDS
from .models import Contact, DuplicatePair, DuplicateScan, Merge, NotSamePerson
from .tasks import find_duplicates

PAIRS_PER_PAGE = 50
SHOWN_FIELDS = ("company", "position", "email", "private_email", "phone", "profile_url", "connected_on")
PAIR_COLUMNS = ("first_name", "last_name", *SHOWN_FIELDS, "source", "created_at")


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    pairs = (
        DuplicatePair.objects.owned_by(request.user)
        .select_related("first", "second")
        .only("score", "reason", *(f"{side}__{name}" for side in ("first", "second") for name in PAIR_COLUMNS))
        .order_by("-score", "first", "second")
    )
    page = Paginator(pairs, PAIRS_PER_PAGE, allow_empty_first_page=True).get_page(request.GET.get("page"))
    scan = DuplicateScan.objects.filter(owner=request.user).first()
    labels = {name: Contact._meta.get_field(name).verbose_name for name in SHOWN_FIELDS}
    rows = [
        {
            "pair": pair,
            "fields": [(labels[name], shown(pair.first, name), shown(pair.second, name)) for name in SHOWN_FIELDS],
        }
        for pair in page
    ]
    return render(request, "contacts/duplicates.html", {"page": page, "rows": rows, "scan": scan})


@login_required
@require_POST
@refuse_when_background_unavailable
def duplicate_scan(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        DuplicateScan.objects.update_or_create(owner=request.user, defaults={"requested_at": timezone.now()})
        enqueue_or_refuse(find_duplicates, request.user.pk)
    messages.info(request, _("Looking for duplicates. This page shows what was found when it is done."))
    return redirect("contacts:duplicates")


@login_required
def not_same_person(request: HttpRequest, first: int, second: int) -> HttpResponse:
    one, other = _two_contacts(request, first, second)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    a, b = ordered(one.pk, other.pk)
    NotSamePerson.objects.get_or_create(owner=request.user, first_id=a, second_id=b)
    DuplicatePair.objects.filter(owner=request.user, first_id=a, second_id=b).delete()
    messages.success(request, _("Noted: %(one)s and %(other)s are different people.") % {"one": one, "other": other})
    return redirect("contacts:duplicates")


def _two_contacts(request: HttpRequest, first: int, second: int) -> tuple[Contact, Contact]:
    contacts = Contact.objects.owned_by(request.user)
    return get_object_or_404(contacts, pk=first), get_object_or_404(contacts, pk=second)


@login_required
def merge_contacts(request: HttpRequest, kept: int, other: int) -> HttpResponse:
    kept_contact, other_contact = _two_contacts(request, kept, other)
    if kept_contact.pk == other_contact.pk:
        return render(
            request, "contacts/merge.html", {"refusal": _("A contact cannot be merged with itself.")}, status=400
        )
    form = MergeForm(request.POST if request.method == "POST" else None, kept=kept_contact, other=other_contact)
    if request.method == "POST" and form.is_valid():
        try:
            record = merging.merge(owner=request.user, kept=kept_contact, other=other_contact, choices=form.cleaned_data)
        except merging.MergeRefused as refusal:
            return render(request, "contacts/merge.html", {"refusal": str(refusal)}, status=409)
        messages.success(
            request,
            _("%(other)s is now part of %(kept)s. You can undo this for %(days)s days under Merges.")
            % {"other": record.merged_name, "kept": record.kept_name, "days": merging.MERGE_UNDO_DAYS},
        )
        return redirect("contacts:detail", pk=kept_contact.pk)
    same = [
        (Contact._meta.get_field(name).verbose_name, shown(kept_contact, name))
        for name in CHOSEN_FIELDS
        if name not in differing_fields(kept_contact, other_contact) and shown(kept_contact, name)
    ]
    return render(
        request,
        "contacts/merge.html",
        {"form": form, "kept": kept_contact, "other": other_contact, "same": same, "days": merging.MERGE_UNDO_DAYS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def merge_list(request: HttpRequest) -> HttpResponse:
    records = Merge.objects.owned_by(request.user).defer("undo")[:100]
    now = timezone.now()
    rows = [{"record": record, "can_undo": merging.can_undo(record, now), "until": merging.undo_deadline(record)} for record in records]
    return render(request, "contacts/merges.html", {"rows": rows, "days": merging.MERGE_UNDO_DAYS})


@login_required
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Merge.objects.owned_by(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        restored = merging.undo(owner=request.user, record=record)
    except merging.MergeRefused as refusal:
        return render(request, "contacts/merge.html", {"refusal": str(refusal)}, status=409)
    messages.success(request, _("Undone: %(name)s is a contact of their own again.") % {"name": restored})
    return redirect("contacts:detail", pk=restored.pk)
