"""The contact page's "help" section (registered with contacts.panels in apps.py)."""

from django.http import HttpRequest
from django.utils import timezone

from .figures import help_balance
from .forms import FavourForm


def help_panel_context(request: HttpRequest, contact) -> dict:
    """What this contact did for the member, what the member did for them, the balance,
    and the open asks they have not answered yet. Two queries."""
    balance = help_balance(request.user, contact)
    return {
        "contact": contact,
        "balance": balance,
        "waiting": balance.waiting,
        "favour_form": FavourForm(initial={"given_on": timezone.localdate()}),
    }
