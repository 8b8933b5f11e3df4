"""The contact page's "help" section (registered with contacts.panels in apps.py)."""

from django.http import HttpRequest

from .figures import help_balance


def help_panel_context(request: HttpRequest, contact) -> dict:
    """What this contact did for the member, what the member did for them, the balance,
    and the open asks they have not answered yet. One query."""
    balance = help_balance(request.user, contact)
    return {
        "contact": contact,
        "balance": balance,
        "waiting": balance.waiting,
        "favour_form": None,  # the form comes when asked for (GET asks:favour_create)
    }
