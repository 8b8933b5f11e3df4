"""Review views: thin; the rules live in reviews.rules, the writes in reviews.services."""

from contextlib import contextmanager
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from asks.figures import WINDOW as HELP_WINDOW
from asks.figures import helped_counts
from contacts.models import Contact, ContactLabel, ContactStatus, LabelKind, ensure_review_label
from netwerk.accounts.models import DigestCadence, Profile
from netwerk.lib.numbers import positive_int
from netwerk.lib.views import owned_object_view, require_method

from . import services, views_touch
from .forms import KeepForm, RemoveForm
from .links import TOUCH_ACTIONS, BadLink, read_action_token, read_unsubscribe_token
from .models import Action, ReviewDecision, UsedActionLink
from .rules import first_suggestions, review_count, review_queue, snoozed_contacts, suggestions_for

HISTORY_LIMIT = 500
# More pages of suggestions than anyone reads; a larger number is this one.
MAX_PAGE = 10_000


def _contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)


def _page_number(request: HttpRequest, name: str) -> int:
    """A page number from the query string; anything else is the first page (never a 500)."""
    return min(positive_int(request.GET.get(name), default=1, too_big=MAX_PAGE), MAX_PAGE)


def _suggestions_page(request: HttpRequest, now, page: int) -> dict:
    profile = request.user.profile
    shown, more = first_suggestions(suggestions_for(profile, now), profile, page=page)
    return {"suggestions": shown, "more_suggestions": more, "next_suggestions_page": page + 1}


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    entries = review_queue(request.user, now)
    context = {
        "entries": entries,
        "snoozed": snoozed_contacts(request.user, now),
        **_suggestions_page(request, now, _page_number(request, "suggestions")),
        "remove_form": RemoveForm(),
        "next_review": services.next_review_moment(request.user, now),
        "review_label": ensure_review_label(request.user),  # the member may have renamed it
    }
    return render(request, "reviews/queue.html", context)


@login_required
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """The next page of suggestions, behind "More suggestions" (htmx appends it)."""
    page = _page_number(request, "page")
    if not request.htmx:
        return redirect(reverse("reviews:queue") + f"?suggestions={page}#h-suggestions")
    return render(request, "reviews/partials/suggestions_page.html", _suggestions_page(request, timezone.now(), page))


def _decided(request: HttpRequest, contact: Contact, decision: ReviewDecision) -> HttpResponse:
    """htmx: the decided card leaves the page (an empty answer swapped in its place), the
    one status line says what happened and the count follows; a card put under review
    from the suggestions joins the queue. Without htmx: back to the queue."""
    if request.htmx:
        now = timezone.now()
        context = {"contact": contact, "decision": decision, "count": review_count(request.user, now)}
        if decision.action == Action.SNOOZE:
            context["snoozed"] = snoozed_contacts(request.user, now)
            context["next_review"] = services.next_review_moment(request.user, now)
        if decision.action == Action.SUGGEST:
            context["entries"] = review_queue(request.user, now, contacts=[contact])
            context["remove_form"] = RemoveForm()
        return render(request, "reviews/partials/decided.html", context)
    messages.success(request, _("%(name)s: %(decision)s.") % {"name": contact, "decision": decision.get_action_display()})
    return redirect("reviews:queue")


def _refused(request: HttpRequest, contact: Contact, error: services.ReviewError, status: int = 409) -> HttpResponse:
    if request.htmx:
        return render(request, "reviews/partials/refused.html", {"contact": contact, "error": error}, status=status)
    messages.error(request, str(error))
    return redirect("reviews:queue")


def _decide(request: HttpRequest, pk: int, act, form_class=None) -> HttpResponse:
    """What every decision on an active contact shares: the member's contact (another
    member's is a 404, whatever the method), POST only, the form if the decision has one
    (invalid: a 400 naming the first error), then the one service `act`, called with the
    form's fields; a refusal is a 409 (an archived contact too: a second click on
    Remove hears it was removed already)."""
    contact = _contact(request, pk)
    require_method(request, "POST")
    fields = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            error = next(iter(form.errors.values()))[0]
            return _refused(request, contact, services.ReviewError(error), status=400)
        fields = form.cleaned_data
    try:
        decision = act(user=request.user, contact=contact, **fields)
    except services.ReviewError as error:
        return _refused(request, contact, error)
    return _decided(request, contact, decision)


@login_required
@owned_object_view
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.keep_contact, KeepForm)


@login_required
@owned_object_view
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.remove_contact, RemoveForm)


@login_required
@owned_object_view
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.snooze_contact)


@login_required
@owned_object_view
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.put_under_review)


@login_required
@owned_object_view
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    require_method(request, "POST")
    try:
        services.restore_contact(user=request.user, contact=contact)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("reviews:archive")
    messages.success(request, _("%(name)s is back in your contacts.") % {"name": contact})
    return redirect("reviews:archive")


@login_required
@owned_object_view
def pin(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.owned_by(request.user).archived(), pk=pk)
    require_method(request, "POST")
    pinned = request.POST.get("pinned") == "1"
    services.set_pinned(user=request.user, contact=contact, pinned=pinned)
    if pinned:
        messages.success(request, _("%(name)s stays in the archive until you restore them.") % {"name": contact})
    else:
        messages.success(request, _("%(name)s will be purged after the retention period.") % {"name": contact})
    return redirect("reviews:archive")


@login_required
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    removal = ReviewDecision.objects.filter(contact=OuterRef("pk"), action=Action.REMOVE).order_by("-decided_at", "-id")
    contacts = list(
        Contact.objects.owned_by(request.user)
        .archived()
        .annotate(
            removal_reason=Subquery(removal.values("reason")[:1]),
            removal_note=Subquery(removal.values("note")[:1]),
        )
        .order_by("-archived_at", "-pk")
    )
    reasons = dict(ReviewDecision._meta.get_field("reason").choices)
    retention = timezone.timedelta(days=settings.NETWERK_ARCHIVE_RETENTION_DAYS)
    for contact in contacts:
        contact.removal_reason_display = reasons.get(contact.removal_reason, "")
        contact.purge_on = contact.archived_at + retention if contact.archived_at else None
    return render(
        request,
        "reviews/archive.html",
        {"contacts": contacts, "retention_days": settings.NETWERK_ARCHIVE_RETENTION_DAYS},
    )


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    decisions = list(ReviewDecision.objects.owned_by(request.user).select_related("contact")[:HISTORY_LIMIT])
    zone = timezone.get_current_timezone()

    def week_of(decision):
        year, week, _day = decision.decided_at.astimezone(zone).isocalendar()
        return (year, week)

    weeks = [
        {"year": year, "week": week, "decisions": list(items)} for (year, week), items in groupby(decisions, week_of)
    ]
    return render(request, "reviews/history.html", {"weeks": weeks})


@login_required
@owned_object_view
def contact_history(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    require_method(request, "GET")
    decisions = list(contact.review_decisions.filter(owner=request.user))
    return render(request, "reviews/contact_history.html", {"contact": contact, "decisions": decisions})


# --- links from the e-mail: public, signed, GET only shows ------------------------------


def _bad_link(request: HttpRequest, error: BadLink) -> HttpResponse:
    return render(request, "reviews/link_invalid.html", {"expired": error.expired}, status=410 if error.expired else 400)


@contextmanager
def _as_member(profile: Profile):
    """Public pages from the e-mail speak the member's language and time zone."""
    with translation.override(profile.language), timezone.override(ZoneInfo(profile.time_zone)):
        yield


@require_http_methods(["GET", "POST"])
def email_action(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation page of a Keep / Remove… (or Done / Snooze) link from the digest. GET shows; the
    POST from this page acts for this one member, contact and action, and nothing else."""
    try:
        link = read_action_token(token)
    except BadLink as error:
        return _bad_link(request, error)
    contact = Contact.objects.filter(owner_id=link.user_id, pk=link.contact_id).select_related("owner__profile").first()
    if contact is None or not contact.owner.is_active:
        return render(request, "reviews/link_invalid.html", {"gone": True}, status=404)
    with _as_member(contact.owner.profile):
        if link.action in TOUCH_ACTIONS:
            return views_touch.confirm_and_act(request, link, contact)
        return _confirm_and_act(request, link, contact)


def _confirm_and_act(request: HttpRequest, link, contact: Contact) -> HttpResponse:
    """A link acts once, and only in the review it was sent for: used before, or made
    before the contact (again) went under review, it says so and changes nothing."""
    used = UsedActionLink.objects.filter(token_id=link.token_id).select_related("decision").first()
    if used is not None:
        return _link_used(request, contact, used)
    review = ContactLabel.objects.filter(contact=contact, label__kind=LabelKind.REVIEW).only("added_at").first()
    if contact.status != ContactStatus.ACTIVE or review is None:
        return render(request, "reviews/link_done.html", {"contact": contact, "already": True}, status=409)
    if link.issued_at < review.added_at.replace(microsecond=0):
        return render(request, "reviews/link_done.html", {"contact": contact, "earlier_review": True}, status=409)
    form_class = KeepForm if link.action == "keep" else RemoveForm
    form = form_class(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        # What removing them loses: how often they helped when the member asked.
        helped = (
            helped_counts(contact.owner, [contact.pk], since=timezone.localdate() - HELP_WINDOW).get(contact.pk)
            if link.action != "keep"
            else None
        )
        return render(
            request,
            "reviews/link_confirm.html",
            {"contact": contact, "action": link.action, "form": form, "helped": helped},
            status=status,
        )
    try:
        decision = _act_once(link, contact, form.cleaned_data)
    except IntegrityError:  # the same link, POSTed at the same moment, acted first
        return _link_used(request, contact, UsedActionLink.objects.filter(token_id=link.token_id).first())
    except services.ReviewError:  # decided in Netwerk meanwhile
        return render(request, "reviews/link_done.html", {"contact": contact, "already": True}, status=409)
    return render(request, "reviews/link_done.html", {"contact": contact, "decision": decision})


@transaction.atomic
def _act_once(link, contact: Contact, fields: dict) -> ReviewDecision:
    owner = contact.owner
    used = UsedActionLink.objects.create(token_id=link.token_id, owner=owner)
    if link.action == "keep":
        decision = services.keep_contact(user=owner, contact=contact, note=fields["note"], via_email=True)
    else:
        decision = services.remove_contact(
            user=owner, contact=contact, reason=fields["reason"], note=fields["note"], via_email=True
        )
    used.decision = decision
    used.save(update_fields=["decision"])
    return decision


def _link_used(request: HttpRequest, contact: Contact, used: UsedActionLink | None) -> HttpResponse:
    return render(request, "reviews/link_done.html", {"contact": contact, "used": used or True}, status=409)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id = read_unsubscribe_token(token)
    except BadLink as error:
        return _bad_link(request, error)
    profile = Profile.objects.filter(user_id=user_id, user__is_active=True).first()
    if profile is None:
        return render(request, "reviews/link_invalid.html", {"gone": True}, status=404)
    with _as_member(profile):
        if request.method == "POST":
            Profile.objects.filter(pk=profile.pk).update(digest_cadence=DigestCadence.OFF, next_digest_at=None)
            return render(request, "reviews/unsubscribe.html", {"done": True, "token": token})
        done = profile.digest_cadence == DigestCadence.OFF
        return render(request, "reviews/unsubscribe.html", {"done": done, "token": token})
