from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import InteractionKind

from .models import RemovalReason


class KeepForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("Why you keep them")}),
    )


class RemoveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason…"))] + list(RemovalReason.choices),
        error_messages={
            "required": _("Choose a reason for the removal."),
            "invalid_choice": _("Choose one of the listed reasons."),
        },
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class TouchLogForm(forms.Form):
    """"I was in touch": what kind of contact, and a line about it."""

    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    note = forms.CharField(
        label=_("What about (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("One line, for next time")}),
    )


class TouchSnoozeForm(forms.Form):
    """Snooze until next week (the default) or a chosen day."""

    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, such as 2027-03-31.")},
    )
