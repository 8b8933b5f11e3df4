"""The "Introduced by" picker's search: the member's own active contacts matching what
was typed, as radio buttons for the contact form (contacts/widgets.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netwerk.lib.numbers import positive_int

from .models import Contact
from .search import search_contacts

MAX_OPTIONS = 20
MAX_TERM = 200


@login_required
@require_GET
def introducer_options(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field", "introduced_by")
    if field != "introduced_by":  # the name the radios get: only the form's own field
        field = "introduced_by"
    term = request.GET.get(f"{field}_search", "")[:MAX_TERM].strip()
    exclude = positive_int(request.GET.get("exclude"))
    contacts = []
    more = False
    if term:
        found = search_contacts(Contact.objects.owned_by(request.user).active(), term)
        if exclude is not None:
            found = found.exclude(pk=exclude)
        found = found.order_by(*Contact.NAME_ORDER).only(
            "first_name", "last_name", "profile_url", "company", "position"
        )
        contacts = list(found[: MAX_OPTIONS + 1])
        more = len(contacts) > MAX_OPTIONS
        contacts = contacts[:MAX_OPTIONS]
    return render(
        request,
        "contacts/partials/introducer_options.html",
        {"contacts": contacts, "field": field, "searched": bool(term), "more": more},
    )
