from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.models import Contact, Interaction, Note
from netwerk.lib.numbers import positive_int
from netwerk.lib.views import owned_object_view, require_method

from . import services
from .forms import ONE_PERSON_ONLY, CheckForm, ComposeForm, InvitationFilterForm, names_several_recipients
from ..models import FOLLOW_UP_AFTER, Invitation, InvitationState

CONTACT_SEARCH_LIMIT = 20


def _known_contact(user, pk) -> Contact:
    """The member's contact with what they know of them: labels, notes, interactions."""
    contacts = Contact.objects.owned_by(user).active().prefetch_related(
        "labels",
        Prefetch("notes", queryset=Note.objects.order_by("-created_at", "-id")),
        Prefetch("interactions", queryset=Interaction.objects.order_by("-date", "-id")),
    )
    return get_object_or_404(contacts, pk=pk)


def _search_contacts(user, query: str) -> list[Contact]:
    query = " ".join(query.split())[:100]
    if not query:
        return []
    found = Contact.objects.owned_by(user).active()
    for word in query.split()[:4]:
        found = found.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(company__icontains=word)
        )
    return list(found[:CONTACT_SEARCH_LIMIT])


def _compose_context(request, form, contact, *, problems=(), refusal=None) -> dict:
    profile = request.user.profile
    now = timezone.now()
    today, this_week = services.sent_counts(profile, now)
    query = request.GET.get("q", "")
    return {
        "form": form,
        "contact": contact,
        "notes": list(contact.notes.all()[:3]) if contact else [],
        "interactions": list(contact.interactions.all()[:3]) if contact else [],
        "earlier": list(Invitation.objects.owned_by(request.user).filter(contact=contact)[:5]) if contact else [],
        "open_invitation": services.open_invitation_to(request.user, services.Recipient.from_contact(contact))
        if contact
        else None,
        "already_connected": services.connected_message(contact) if contact and contact.is_connected else "",
        "query": query,
        "results": _search_contacts(request.user, query) if query and not contact else [],
        "limit": profile.invitation_char_limit,
        "problems": problems,
        "refusal": refusal,
        "sent_today": today,
        "sent_this_week": this_week,
        "daily_cap": profile.daily_invitation_cap,
        "weekly_cap": profile.weekly_invitation_cap,
        "cap_reached": services.cap_message(profile, now),
        "monthly_notes": services.monthly_notes(profile, now),
    }


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    """Write one invitation for one person. Several recipients in any form is a 400."""
    data = request.POST if request.method == "POST" else request.GET
    if names_several_recipients(data):
        return render(
            request, "invitations/compose_refused.html", {"messages_list": [ONE_PERSON_ONLY]}, status=400
        )
    contact_pk = data.get("contact") or None
    contact = None
    if contact_pk:
        if positive_int(contact_pk) is None:
            return render(request, "invitations/compose_refused.html", {"messages_list": [ONE_PERSON_ONLY]}, status=400)
        contact = _known_contact(request.user, contact_pk)

    if request.method == "GET":
        form = ComposeForm(user=request.user, initial={"contact": contact})
        return render(request, "invitations/compose.html", _compose_context(request, form, contact))

    form = ComposeForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "invitations/compose.html", _compose_context(request, form, contact), status=400)
    try:
        invitation = services.create_draft(
            owner=request.user,
            recipient=form.recipient(),
            text=form.cleaned_data["text"],
            channel=form.cleaned_data["channel"],
        )
    except services.InvitationRefused as refusal:
        context = _compose_context(request, form, contact, problems=refusal.problems, refusal=refusal.message)
        return render(request, "invitations/compose.html", context, status=400)
    messages.success(request, _("Your invitation to %(name)s is ready to send.") % {"name": invitation.recipient_name})
    return redirect("invitations:detail", pk=invitation.pk)


@login_required
@require_POST
def compose_check(request: HttpRequest) -> HttpResponse:
    """The live personalization result while the member types (htmx, debounced)."""
    form = CheckForm(request.POST)
    if not form.is_valid() and "text" in form.errors:
        # Too long to check: say so, check nothing.
        return render(
            request,
            "invitations/partials/compose_check.html",
            {"refused": form.errors["text"], "limit": request.user.profile.invitation_char_limit},
            status=400,
        )
    text = (form.cleaned_data.get("text") or "").replace("\r\n", "\n").strip()
    name = form.cleaned_data.get("name") or ""
    contact_pk = request.POST.get("contact", "")
    if positive_int(contact_pk) is not None:
        contact = Contact.objects.owned_by(request.user).filter(pk=contact_pk).first()
        if contact is not None:
            name = contact.full_name
    problems = services.personalization_problems(owner=request.user, text=text, recipient_name=name)
    return render(
        request,
        "invitations/partials/compose_check.html",
        {"problems": problems, "length": len(text), "limit": request.user.profile.invitation_char_limit},
    )


@login_required
@require_GET
def compose_contacts(request: HttpRequest) -> HttpResponse:
    """Contact search for the recipient picker: one person is chosen by following a link."""
    query = request.GET.get("q", "")
    return render(
        request,
        "invitations/partials/compose_contacts.html",
        {"results": _search_contacts(request.user, query), "query": query},
    )


@login_required
@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = InvitationFilterForm(request.GET)
    invitations = Invitation.objects.owned_by(request.user).select_related("contact")
    if form.is_valid():
        if form.cleaned_data["state"]:
            invitations = invitations.filter(state=form.cleaned_data["state"])
        age = form.cleaned_data["age"]
        if age == "week":
            invitations = invitations.filter(created_at__gte=now - timedelta(days=7))
        elif age == "month":
            invitations = invitations.filter(created_at__gte=now - timedelta(days=30))
        elif age == "older":
            invitations = invitations.filter(created_at__lt=now - timedelta(days=30))
        elif age == "follow_up":
            invitations = invitations & Invitation.objects.owned_by(request.user).follow_up_due(now)
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    follow_up_count = Invitation.objects.owned_by(request.user).follow_up_due(now).count()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "invitations/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(inv, inv.follow_up_due(now)) for inv in page.object_list],
            "follow_up_count": follow_up_count,
            "querystring": query.urlencode(),
        },
    )


def _own_invitation(request: HttpRequest, pk: int, *, method: str) -> Invitation:
    """The member's invitation or a 404, looked up before the method is checked, so an
    outsider learns nothing (not even "wrong method") about another member's keys."""
    invitation = get_object_or_404(Invitation.objects.owned_by(request.user).select_related("contact"), pk=pk)
    require_method(request, method)
    return invitation


@login_required
@owned_object_view
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation(request, pk, method="GET")
    return render(request, "invitations/list_detail.html", _detail_context(invitation))


def _detail_context(invitation: Invitation, *, refusal: services.InvitationRefused | None = None) -> dict:
    now = timezone.now()
    allowed = services.ALLOWED_TRANSITIONS[invitation.state]
    return {
        "invitation": invitation,
        "follow_up_due": invitation.follow_up_due(now),
        "follow_up_days": FOLLOW_UP_AFTER.days,
        "can_send": InvitationState.SENT in allowed,
        "answers": [s for s in (InvitationState.ACCEPTED, InvitationState.DECLINED) if s in allowed],
        "can_withdraw": InvitationState.WITHDRAWN in allowed,
        "refusal_messages": refusal.messages if refusal else [],
    }


@login_required
@owned_object_view
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Deliver a draft: send the e-mail, or record that the member sent it on LinkedIn."""
    invitation = _own_invitation(request, pk, method="POST")
    try:
        invitation = services.send_invitation(invitation=invitation)
    except services.InvitationRefused as refusal:
        return render(request, "invitations/list_detail.html", _detail_context(invitation, refusal=refusal), status=400)
    if invitation.channel == "email":
        messages.success(request, _("Your invitation was e-mailed to %(name)s.") % {"name": invitation.recipient_name})
    else:
        messages.success(request, _("Marked as sent on LinkedIn."))
    return redirect("invitations:detail", pk=invitation.pk)


@login_required
@owned_object_view
def invitation_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the answer (accepted, declined) or withdraw."""
    invitation = _own_invitation(request, pk, method="POST")
    target = request.POST.get("state", "")
    try:
        invitation = services.change_state(invitation=invitation, to_state=target)
    except services.InvitationRefused as refusal:
        return render(request, "invitations/list_detail.html", _detail_context(invitation, refusal=refusal), status=400)
    if invitation.state == InvitationState.ACCEPTED:
        messages.success(
            request, _("%(name)s accepted: they are in your contacts now.") % {"name": invitation.recipient_name}
        )
    elif invitation.pk is None:  # a discarded draft is gone
        messages.info(request, _("Draft discarded."))
        return redirect("invitations:list")
    elif invitation.state == InvitationState.WITHDRAWN:
        messages.info(
            request,
            _("Invitation withdrawn. LinkedIn may block a new invitation to the same person for up to three weeks."),
        )
    else:
        messages.info(request, _("Saved: %(state)s.") % {"state": invitation.get_state_display()})
    return redirect("invitations:detail", pk=invitation.pk)
