"""The removal worklist: contacts the member archived in Netwerk whom a LinkedIn export
still listed as connections. Netwerk never touches LinkedIn (its user agreement forbids
automating it): the page links each profile, the member removes them there and ticks
them off here; the next export in which they are gone confirms it (contacts.sync)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from netwerk.lib.views import owned_object_view, require_method

from .models import ContactStatus, LinkedInRemoval


def open_removals(user):
    return (
        LinkedInRemoval.objects.owned_by(user)
        .filter(confirmed_on__isnull=True, contact__status=ContactStatus.ARCHIVED)
        .select_related("contact")
        .only("noticed_on", "ticked_at", "contact__first_name", "contact__last_name", "contact__profile_url")
        .order_by("ticked_at", "noticed_on", "id")
    )


@login_required
@require_GET
def linkedin_removals(request: HttpRequest) -> HttpResponse:
    removals = list(open_removals(request.user))
    confirmed = list(
        LinkedInRemoval.objects.owned_by(request.user)
        .filter(confirmed_on__isnull=False)
        .select_related("contact")
        .only("confirmed_on", "contact__first_name", "contact__last_name", "contact__profile_url")
        .order_by("-confirmed_on", "-id")[:20]
    )
    return render(request, "contacts/linkedin_removals.html", {"removals": removals, "confirmed": confirmed})


@login_required
@owned_object_view
def linkedin_removal_tick(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a removal off (done on LinkedIn), or untick it."""
    removal = get_object_or_404(LinkedInRemoval.objects.owned_by(request.user).filter(confirmed_on__isnull=True), pk=pk)
    require_method(request, "POST")
    removal.ticked_at = None if request.POST.get("undo") else timezone.now()
    removal.save(update_fields=["ticked_at"])
    return redirect("contacts:linkedin_removals")
