"""The "get in touch" list and its three answers: logged, snoozed, skipped. Thin: the
rules and writes are reviews.keep_in_touch. With htmx an answer replaces its row; without,
the list comes back with a message."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import key_dates
from contacts.models import Contact, ContactStatus, InteractionKind
from netwerk.lib.numbers import positive_int

from . import calendar_feed as calendar
from . import keep_in_touch as rules
from .forms import TouchLogForm, TouchSnoozeForm
from .models import CalendarFeed, UsedActionLink

# A week's worth of people to write to; more waits on the next page (each card is a form
# with its evidence: bench/keep_in_touch.py).
PAGE_SIZE = 15
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
MAX_PAGE = 10_000
KIND_KEY = "touch_kind"  # the kind of contact the member logged last, offered first next time


def _kind(request: HttpRequest) -> str:
    kind = request.session.get(KIND_KEY)
    return kind if kind in InteractionKind.values else InteractionKind.MESSAGE


@login_required
@require_GET
def touch_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()  # the member's own day: the middleware activated their zone
    number = min(positive_int(request.GET.get("page"), default=1, too_big=MAX_PAGE), MAX_PAGE)
    rows = rules.due_page(request.user, today, number=number, size=PAGE_SIZE)
    total = rules.due_count(request.user, today)
    if not rows and number > 1:
        return redirect("reviews:keep_in_touch")
    kinds = dict(InteractionKind.choices)
    rules.with_evidence(rows, today)
    for contact in rows:
        contact.last_contact_kind_label = kinds.get(contact.last_contact_kind, "")
    week = key_dates.week_of(today)
    context = {
        "week_dates": key_dates.falling_between([request.user.pk], week) if number == 1 else [],
        "page": PageOf(number=number, total=min(total, rules.COUNT_CAP), size=PAGE_SIZE),
        "more_than_cap": total > rules.COUNT_CAP,
        "rows": rows,
        "today": today,
        "next_week": rules.next_week(today),
        "tomorrow_iso": (today + timedelta(days=1)).isoformat(),
        "log_form": TouchLogForm(initial={"kind": _kind(request)}),
        # The same options in every card: rendered once for the page.
        "kind_options": render_to_string(
            "reviews/partials/touch_kind_options.html", {"kinds": kinds, "selected": _kind(request)}
        ),
    }
    return render(request, "reviews/keep_in_touch.html", context)


@dataclass(frozen=True)
class PageOf:
    """Where a page stands in the list (of at most COUNT_CAP contacts)."""

    number: int
    total: int
    size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _answered(request: HttpRequest, answer: rules.Answer) -> HttpResponse:
    if request.htmx:
        return render(request, "reviews/partials/touch_answered.html", {"answer": answer})
    messages.success(request, answer.message)
    return redirect("reviews:keep_in_touch")


def _refused(request: HttpRequest, contact: Contact, message: str) -> HttpResponse:
    if request.htmx:
        return render(
            request, "reviews/partials/touch_refused.html", {"contact": contact, "message": message}, status=422
        )
    messages.error(request, message)
    return redirect("reviews:keep_in_touch")


@login_required
@require_POST
def touch_answer(request: HttpRequest) -> HttpResponse:
    """One card's answer: POST contact=<id>, action=logged (kind, note), snooze (until;
    empty: next week) or skip. One address for the whole list, so the page reverses no
    URL per card. Another member's contact is a 404."""
    contact_id = positive_int(request.POST.get("contact"))
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=contact_id or 0)
    today = timezone.localdate()
    action = request.POST.get("action")
    try:
        if action == "logged":
            form = TouchLogForm(request.POST)
            _require_valid(form)
            request.session[KIND_KEY] = form.cleaned_data["kind"]
            answer = rules.log_contact(
                user=request.user, contact_id=contact.pk, kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"], today=today,
            )
        elif action == "snooze":
            form = TouchSnoozeForm(request.POST)
            _require_valid(form)
            until = form.cleaned_data["until"] or rules.next_week(today)
            answer = rules.snooze(user=request.user, contact_id=contact.pk, until=until, today=today)
        elif action == "skip":
            answer = rules.skip(user=request.user, contact_id=contact.pk, today=today)
        else:
            raise rules.TouchError(_("Choose logged, snooze or skip."))
    except rules.TouchError as error:
        return _refused(request, contact, str(error))
    return _answered(request, answer)


def _require_valid(form) -> None:
    if not form.is_valid():
        raise rules.TouchError(" ".join(str(error) for errors in form.errors.values() for error in errors))


def confirm_and_act(request: HttpRequest, link, contact: Contact) -> HttpResponse:
    """A Done / Snooze link from the digest (reviews.views.email_action has read it and
    switched to the member's language and time zone). GET shows what it will do; the POST
    from that page acts once, for this contact only."""
    if UsedActionLink.objects.filter(token_id=link.token_id).exists():
        return render(request, "reviews/touch_link.html", {"contact": contact, "used": True}, status=409)
    today = rules.member_today(contact.owner)
    if contact.status != ContactStatus.ACTIVE or contact.touch_due_on is None or contact.touch_due_on > today:
        return render(request, "reviews/touch_link.html", {"contact": contact, "not_due": True}, status=409)
    form = TouchLogForm(request.POST or None, initial={"kind": InteractionKind.MESSAGE})
    done = link.action == "touch_done"
    if request.method != "POST" or (done and not form.is_valid()):
        status = 400 if request.method == "POST" else 200
        context = {"contact": contact, "action": link.action, "form": form if done else None,
                   "next_week": rules.next_week(today)}
        return render(request, "reviews/touch_link.html", context, status=status)
    try:
        answer = _act_once(link, contact, form.cleaned_data if done else {}, today)
    except IntegrityError:  # the same link, POSTed at the same moment, acted first
        return render(request, "reviews/touch_link.html", {"contact": contact, "used": True}, status=409)
    except rules.TouchError as error:
        return render(request, "reviews/touch_link.html", {"contact": contact, "error": str(error)}, status=409)
    return render(request, "reviews/touch_link.html", {"contact": contact, "answer": answer})


@transaction.atomic
def _act_once(link, contact: Contact, fields: dict, today) -> rules.Answer:
    owner = contact.owner
    UsedActionLink.objects.create(token_id=link.token_id, owner=owner)
    if link.action == "touch_done":
        return rules.log_contact(user=owner, contact_id=contact.pk, kind=fields["kind"], note=fields["note"], today=today)
    return rules.snooze(user=owner, contact_id=contact.pk, until=rules.next_week(today), today=today)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The member's calendar address: make one, make a new one (the old one stops
    working) or stop it. POST action=create|renew|revoke."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "renew"):
            try:
                calendar.new_token(request.user)
            except IntegrityError:  # a second tab made one at the same moment: keep theirs
                pass
            messages.success(request, _("Your calendar address is ready: add it to your calendar as a subscription."))
        elif action == "revoke":
            calendar.revoke(request.user)
            messages.success(request, _("The calendar address stopped working."))
        else:
            messages.error(request, _("Choose to make, renew or stop the calendar address."))
            return redirect("reviews:calendar")
        return redirect("reviews:calendar")
    feed = CalendarFeed.objects.owned_by(request.user).first()
    return render(request, "reviews/calendar.html", {"feed": feed, "url": calendar.feed_url(feed) if feed else ""})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no session, the secret in the address is the credential. An
    unknown, renewed or stopped token is a 404 like any other."""
    if not TOKEN.fullmatch(token):
        raise Http404
    feed = CalendarFeed.objects.filter(token=token, owner__is_active=True).select_related("owner__profile").first()
    if feed is None:
        raise Http404
    response = HttpResponse(calendar.build(feed.owner), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="netwerk.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
