"""The merge page's form: for each field the two contacts fill differently, which value
the kept contact ends with."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .merging import CHOSEN_FIELDS, default_choices
from .models import Contact


def shown(contact: Contact, name: str) -> str:
    value = getattr(contact, name)
    if value in ("", None):
        return ""
    if name == "connected_on":
        return date_format(value, "DATE_FORMAT")
    if name == "phone":
        return value.as_international
    return str(value)


def differing_fields(kept: Contact, other: Contact) -> list[str]:
    return [name for name in CHOSEN_FIELDS if shown(kept, name) != shown(other, name)]


class MergeForm(forms.Form):
    def __init__(self, *args, kept: Contact, other: Contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.defaults = initial = default_choices(kept, other)
        for name in differing_fields(kept, other):
            label = Contact._meta.get_field(name).verbose_name
            empty = _("(empty)")
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("kept", shown(kept, name) or empty), ("other", shown(other, name) or empty)],
                initial=initial[name],
                widget=forms.RadioSelect,
                required=False,  # not sent: the default (the kept value, else the other's)
            )

    def clean(self):
        data = super().clean()
        return {name: data.get(name) or self.defaults[name] for name in self.defaults}
