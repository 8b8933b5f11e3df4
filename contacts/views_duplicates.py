"""Possible duplicates, merging two contacts and undoing a merge (contacts.duplicates,
contacts.merging)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netwerk.lib.background import enqueue_or_refuse, refuse_when_background_unavailable

from . import merging
from .duplicates import ordered
from .forms_merge import MergeForm, differing_fields, shown
from .merging import CHOSEN_FIELDS
from .models import Contact, ContactSource, DuplicatePair, DuplicateReason, DuplicateScan, Merge, NotSamePerson
from .tasks import find_duplicates

PAIRS_PER_PAGE = 50
JUST_NOW = timedelta(minutes=1)
SAMPLE_A, SAMPLE_B = 987654321987, 876543219876  # ids no contact has
SHOWN_FIELDS = ("company", "position", "email", "private_email", "phone", "profile_url", "connected_on")
PAIR_COLUMNS = ("first_name", "last_name", *SHOWN_FIELDS, "source", "created_at")  # profile_url is shown


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    columns = ("score", "reason", "first_id", "second_id")
    sides = tuple(f"{side}__{name}" for side in ("first", "second") for name in PAIR_COLUMNS)
    pairs = (
        DuplicatePair.objects.owned_by(request.user)
        .order_by("-score", "first", "second")
        .values_list(*columns, *sides, named=False)
    )
    page = Paginator(pairs, PAIRS_PER_PAGE, allow_empty_first_page=True).get_page(request.GET.get("page"))
    scan = DuplicateScan.objects.filter(owner=request.user).first()
    to_row = PairRows()
    width = len(PAIR_COLUMNS)
    rows = [
        to_row(
            score=values[0], reason=values[1], first=values[2], second=values[3],
            one=dict(zip(PAIR_COLUMNS, values[4:4 + width], strict=True)),
            other=dict(zip(PAIR_COLUMNS, values[4 + width:], strict=True)),
        )
        for values in page
    ]
    words = {"merge": _("Merge…"), "different": _("Not the same person"), "field": _("Field")}
    just_now = scan is not None and scan.finished_at is not None and timezone.now() - scan.finished_at < JUST_NOW
    return render(
        request, "contacts/duplicates.html",
        {"page": page, "rows": rows, "scan": scan, "words": words, "just_now": just_now},
    )


class PairRows:
    """What the page shows of each pair, worked out here rather than in the template: 50
    pairs of ten fields each are the page's whole cost, and Python does this part
    several times faster than template tags. Translated names are looked up once."""

    def __init__(self):
        self.labels = {name: str(Contact._meta.get_field(name).verbose_name).capitalize() for name in SHOWN_FIELDS}
        self.reasons = {value: str(label) for value, label in DuplicateReason.choices}
        self.sources = {value: str(label) for value, label in ContactSource.choices}
        self.added = str(_("Added"))
        self.date_format = get_format("DATE_FORMAT")
        self.days: dict = {}
        # Each URL reversed once per page with sample keys, the pair's ids put in their place.
        self.urls = {
            name: reverse(f"contacts:{name}", args=args)
            for name, args in (("detail", [SAMPLE_A]), ("merge", [SAMPLE_A, SAMPLE_B]),
                               ("not_same_person", [SAMPLE_A, SAMPLE_B]))
        }

    def url(self, name: str, first: int, second: int = 0) -> str:
        return self.urls[name].replace(str(SAMPLE_A), str(first)).replace(str(SAMPLE_B), str(second))

    def added_on(self, contact: dict) -> str:
        day = timezone.localtime(contact["created_at"]).date()
        if day not in self.days:  # contacts of one import share their day
            self.days[day] = dateformat.format(day, self.date_format)
        return f"{self.sources.get(contact['source'], contact['source'])}, {self.days[day]}"

    def shown(self, contact: dict, name: str) -> str:
        value = contact[name]
        if value in ("", None):
            return ""
        if name == "connected_on":
            return dateformat.format(value, self.date_format)
        if name == "phone":
            return value.as_international
        return str(value)

    def __call__(self, *, score: int, reason: str, first: int, second: int, one: dict, other: dict) -> dict:
        fields = []
        for name in SHOWN_FIELDS:
            a, b = self.shown(one, name), self.shown(other, name)
            if a or b:
                fields.append((self.labels[name], a or "—", b or "—", bool(a and b and a != b)))
        fields.append((self.added, self.added_on(one), self.added_on(other), False))
        return {
            "key": f"{first}-{second}",
            "first_name": full_name(one),
            "second_name": full_name(other),
            "first_url": self.url("detail", first),
            "second_url": self.url("detail", second),
            "merge_url": self.url("merge", first, second),
            "different_url": self.url("not_same_person", first, second),
            "reason": self.reasons.get(reason, reason),
            "badge": "danger" if score >= 90 else "warning" if score >= 75 else "secondary",
            "fields": fields,
        }


def full_name(contact: dict) -> str:
    """As str(Contact) says it."""
    return " ".join(p for p in (contact["first_name"], contact["last_name"]) if p) or contact["profile_url"] or str(
        _("(no name)")
    )


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
