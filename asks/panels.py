"""The contact page's "help" section (registered with contacts.panels in apps.py)."""

from django.http import HttpRequest
from django.utils import timezone

from .figures import help_balance
from .forms import FavourForm


def help_panel_context(request: HttpRequest, contact) -> dict:
    """What this contact did for the member, what the member did for them, the balance,
    and whether they wait for an answer on an open ask. Three queries."""
    balance = help_balance(request.user, contact)
    waiting = list(
        contact.asked_in.filter(owner=request.user, outcome="no_answer", ask__closed_on__isnull=True)
        .select_related("ask")
        .order_by("added_on", "id")
    )
    return {
        "contact": contact,
        "balance": balance,
        "waiting": waiting,
        "favour_form": FavourForm(initial={"given_on": timezone.localdate()}),
    }
