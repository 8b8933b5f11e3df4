from django import forms
from django.utils.translation import gettext_lazy as _

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
