"""The triage queue: one incoming invitation at a time, reply first, accept later.

Views stay thin: they look the invitation up through its owner, validate a form, call
one rule of invitations.triage.rules and answer with the card (htmx) or a redirect (no JS).
A refused request is a 400 carrying the reason; nothing changes."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import rules
from .forms import (
    AcceptForm,
    AnswerForm,
    DeclineForm,
    FollowUpForm,
    IncomingInvitationForm,
    ReplyForm,
    SnoozeForm,
)
from ..models import IncomingInvitation, IncomingState

CARD = "invitations/partials/triage_card.html"


def _partial(request: HttpRequest) -> bool:
    """htmx asks for a card; a history restore (back, after the cache) asks for the page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _detail_url(invitation: IncomingInvitation | None) -> str:
    if invitation is None:
        return reverse("invitations:triage")
    return reverse("invitations:incoming_detail", kwargs={"pk": invitation.pk})


def _invitation(request: HttpRequest, pk: int) -> IncomingInvitation:
    return get_object_or_404(
        IncomingInvitation.objects.owned_by(request.user).select_related("owner", "contact"), pk=pk
    )


def _card_context(request: HttpRequest, invitation: IncomingInvitation, **forms) -> dict:
    now = timezone.now()
    open_state = invitation.state not in (IncomingState.ACCEPTED, IncomingState.DECLINED)
    knows = rules.what_you_know(invitation) if open_state else None
    previous, following = rules.queue_neighbours(invitation)
    context = {
        "partial": _partial(request),
        "invitation": invitation,
        "knows": knows,
        # Tip 3: for someone the member does not know, replying comes first and
        # accepting takes a confirmation (shown at once after a refused accept).
        "unknown": knows is not None and rules.can_move(invitation.state, IncomingState.ACCEPTED)
        and rules.is_unknown(invitation, knows),
        "confirm_unknown": forms.get("confirm_unknown", False),
        "previous": previous,
        "following": following,
        "transitions": list(invitation.transitions.all()),
        "awaiting_too_long": invitation.awaiting_too_long(now),
        "can": {state: rules.can_move(invitation.state, state) for state in IncomingState.values},
        "accept_form": forms.get("accept_form") or AcceptForm(duplicates=knows.duplicates if knows else ()),
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={"text": invitation.reply_text or rules.suggested_reply(invitation)}),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "snooze_form": forms.get("snooze_form")
        or SnoozeForm(initial={"until": timezone.localdate(now) + timedelta(days=7)}),
        "reply_problems": forms.get("reply_problems", []),
        "follow_up_done": forms.get("follow_up_done", False),
    }
    context["reply_form"].fields["text"].widget.attrs.update(
        {
            "data-shortcut": "reply",
            "hx-post": reverse("invitations:incoming_reply_check", kwargs={"pk": invitation.pk}),
            "hx-trigger": "input changed delay:600ms",
            "hx-target": f"#reply-check-{invitation.pk}",
            "hx-swap": "outerHTML",
        }
    )
    context["decline_form"].fields["reason"].widget.attrs["data-shortcut"] = "decline"
    context["snooze_form"].fields["until"].widget.attrs["data-shortcut"] = "snooze"
    if invitation.state == IncomingState.ACCEPTED and invitation.contact_id:
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm(
            owner=request.user, initial={"labels": list(invitation.contact.labels.values_list("pk", flat=True))}
        )
    return context


def _render_card(request: HttpRequest, invitation: IncomingInvitation, *, status: int = 200, **forms) -> HttpResponse:
    template = CARD if _partial(request) else "invitations/triage_detail.html"
    # Every page showing a card shows the counts; a decision swaps them out of band.
    context = {**_card_context(request, invitation, **forms), "counts": rules.triage_counts(request.user)}
    return render(request, template, context, status=status)


def _render_queue(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    """The oldest invitation that needs a decision, or the empty queue."""
    first = rules.triage_queue(request.user).select_related("owner", "contact").first()
    if _partial(request):
        counts = rules.triage_counts(request.user)
        if first is None:
            context = {"counts": counts, "partial": True}
            return render(request, "invitations/partials/triage_empty.html", context, status=status)
        return render(request, CARD, {**_card_context(request, first), "counts": counts}, status=status)
    now = timezone.now()
    awaiting = list(
        IncomingInvitation.objects.owned_by(request.user)
        .filter(state=IncomingState.AWAITING_ANSWER)
        .order_by("replied_at", "id")[:20]
    )
    for item in awaiting:
        item.is_aged = item.awaiting_too_long(now)
    context = {"counts": rules.triage_counts(request.user, now=now), "awaiting": awaiting}
    if first is not None:
        context.update(_card_context(request, first))
    return render(request, "invitations/triage.html", context, status=status)


def _after_decision(request: HttpRequest, following: IncomingInvitation | None) -> HttpResponse:
    """Declined or snoozed: on to the next invitation of the queue. The address follows
    the card (pushed), so a reload shows it and back goes to the one decided."""
    if _partial(request):
        if following is not None:
            following = _invitation(request, following.pk)
            response = _render_card(request, following)
        else:
            response = _render_queue(request)
        response["HX-Push-Url"] = _detail_url(following)
        return response
    if following is not None:
        return redirect("invitations:incoming_detail", pk=following.pk)
    return redirect("invitations:triage")


def _refused(request: HttpRequest, invitation: IncomingInvitation, error: rules.TriageRefused, **forms) -> HttpResponse:
    messages.error(request, error.message)
    if isinstance(error, rules.UnknownNotConfirmed):
        forms["confirm_unknown"] = True
    invitation.refresh_from_db()
    return _render_card(request, invitation, status=400, **forms)


def _invalid(request: HttpRequest, invitation: IncomingInvitation, **forms) -> HttpResponse:
    messages.error(request, _("Please correct the errors below."))
    return _render_card(request, invitation, status=400, **forms)


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    return _render_queue(request)


@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    """Every incoming invitation, by state, with the ones awaiting an answer too long flagged."""
    state = request.GET.get("state", "")
    invitations = IncomingInvitation.objects.owned_by(request.user).order_by("-received_at", "-id")
    if state in IncomingState.values:
        invitations = invitations.filter(state=state)
    else:
        state = ""
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page:
        item.is_aged = item.awaiting_too_long(now)
    return render(
        request,
        "invitations/triage_list.html",
        {
            "page": page,
            "state": state,
            "states": IncomingState.choices,
            "counts": rules.triage_counts(request.user),
        },
    )


@login_required
def incoming_add(request: HttpRequest) -> HttpResponse:
    form = IncomingInvitationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            invitation = rules.add_incoming_invitation(
                owner=request.user,
                name=form.cleaned_data["name"],
                profile_url=form.cleaned_data["profile_url"],
                company=form.cleaned_data["company"],
                position=form.cleaned_data["position"],
                message=form.cleaned_data["message"],
                received_at=form.received_at(),
            )
            messages.success(request, _("Invitation from %(name)s added to your triage.") % {"name": invitation.name})
            return redirect("invitations:incoming_detail", pk=invitation.pk)
        return render(request, "invitations/triage_add.html", {"form": form}, status=400)
    return render(request, "invitations/triage_add.html", {"form": form})


@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_card(request, _invitation(request, pk))


def _act(request: HttpRequest, pk: int, form_name: str, make_form, act) -> HttpResponse:
    """What every triage action shares: the member's invitation (another member's is a
    404), POST only (a GET goes back to the card), the form (invalid: a 400 with the card),
    then `act(invitation, form)`, which applies one rule and answers. A rule's refusal,
    or one from `make_form`, is a 400 carrying the reason; nothing changes."""
    invitation = _invitation(request, pk)
    if request.method != "POST":
        return redirect("invitations:incoming_detail", pk=pk)
    form = None
    try:
        form = make_form(invitation)
        if not form.is_valid():
            return _invalid(request, invitation, **{form_name: form})
        return act(invitation, form)
    except rules.TriageRefused as error:
        return _refused(request, invitation, error, **({form_name: form} if form is not None else {}))


def _saved(request: HttpRequest, invitation: IncomingInvitation, message: str, anchor="", **card) -> HttpResponse:
    """After a step that keeps the invitation on screen: the card again (htmx) or its page."""
    messages.success(request, message)
    if _partial(request):
        response = _render_card(request, invitation, **card)
        # The card on screen is this invitation's: its own address, for reload and back.
        response["HX-Replace-Url"] = _detail_url(invitation)
        return response
    return redirect(reverse("invitations:incoming_detail", kwargs={"pk": invitation.pk}) + anchor)


@login_required
def incoming_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(invitation, form):
        invitation = rules.accept_invitation(
            invitation=invitation,
            link_to=form.cleaned_data["contact"],
            now=timezone.now(),
            unknown_confirmed=form.cleaned_data["accept_unknown"],
        )
        message = _("Accepted. %(name)s is now one of your contacts: how do you know each other?") % {
            "name": invitation.contact
        }
        return _saved(request, invitation, message, anchor="#follow-up")

    def accept_form(invitation):
        return AcceptForm(request.POST, duplicates=rules.possible_duplicates(invitation))

    return _act(request, pk, "accept_form", accept_form, accept)


@login_required
def incoming_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def follow_up(invitation, form):
        contact = rules.complete_acceptance(
            invitation=invitation,
            labels=list(form.cleaned_data["labels"]),
            new_label=form.cleaned_data["new_label"],
            how_we_know=form.cleaned_data["how_we_know"],
            now=timezone.now(),
        )
        return _saved(request, invitation, _("Saved on %(name)s.") % {"name": contact}, follow_up_done=True)

    def follow_up_form(invitation):
        if invitation.state != IncomingState.ACCEPTED:  # before the form: the first thing to say
            raise rules.TriageRefused(_("Accept the invitation first."))
        return FollowUpForm(request.POST, owner=request.user)

    return _act(request, pk, "follow_up_form", follow_up_form, follow_up)


@login_required
def incoming_reply(request: HttpRequest, pk: int) -> HttpResponse:
    def reply(invitation, form):
        try:
            invitation = rules.reply_first(invitation=invitation, text=form.cleaned_data["text"], now=timezone.now())
        except rules.TriageRefused as error:
            for problem in error.problems:
                form.add_error("text", problem.message)
            raise
        message = _("Reply saved. Copy it, send it on LinkedIn and come back when %(name)s answers.") % {
            "name": invitation.first_name
        }
        return _saved(request, invitation, message)

    return _act(request, pk, "reply_form", lambda invitation: ReplyForm(request.POST), reply)


@login_required
def incoming_reply_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The personalization check of a reply while it is typed (htmx, debounced); changes nothing."""
    invitation = _invitation(request, pk)
    form = ReplyForm({"text": request.POST.get("text", request.GET.get("text", ""))})
    if not form.is_valid():
        # Too long to check: say so, check nothing.
        refused = [rules.ReplyProblem("too_long_to_check", message) for message in form.errors["text"]]
        context = {"reply_problems": refused, "invitation": invitation, "checked": True}
        return render(request, "invitations/partials/triage_reply_check.html", context, status=400)
    text = form.cleaned_data["text"]
    return render(
        request,
        "invitations/partials/triage_reply_check.html",
        {"reply_problems": rules.reply_problems(invitation, text), "invitation": invitation, "checked": True},
    )


@login_required
def incoming_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def answer(invitation, form):
        invitation = rules.record_their_answer(
            invitation=invitation,
            answer=form.cleaned_data["their_answer"],
            spoke_or_met=form.cleaned_data["spoke_or_met"],
            now=timezone.now(),
        )
        return _saved(request, invitation, _("Their answer is saved. Now accept or decline."))

    return _act(request, pk, "answer_form", lambda invitation: AnswerForm(request.POST), answer)


@login_required
def incoming_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def decline(invitation, form):
        _previous, following = rules.queue_neighbours(invitation)
        invitation = rules.decline_invitation(
            invitation=invitation, reason=form.cleaned_data["reason"], now=timezone.now()
        )
        messages.success(request, _("Declined the invitation from %(name)s.") % {"name": invitation.name})
        return _after_decision(request, following)

    return _act(request, pk, "decline_form", lambda invitation: DeclineForm(request.POST), decline)


@login_required
def incoming_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    def snooze(invitation, form):
        _previous, following = rules.queue_neighbours(invitation)
        invitation = rules.snooze_invitation(
            invitation=invitation, until=form.cleaned_data["until"], now=timezone.now()
        )
        until = date_format(invitation.snoozed_until, "DATE_FORMAT")
        messages.success(request, _("Snoozed until %(date)s.") % {"date": until})
        return _after_decision(request, following)

    return _act(request, pk, "snooze_form", lambda invitation: SnoozeForm(request.POST), snooze)
