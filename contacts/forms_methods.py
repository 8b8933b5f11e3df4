"""Adding a further e-mail address, phone number or profile to a contact."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .methods import clean_value
from .models import METHOD_TYPES, ContactMethod, MethodKind, MethodType


class MethodForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=MethodKind.choices)
    type = forms.ChoiceField(label=_("type"), choices=MethodType.choices, required=False)
    label = forms.CharField(label=_("label"), max_length=60, required=False)
    value = forms.CharField(label=_("value"), max_length=500)

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if kind and data.get("type") and data["type"] not in METHOD_TYPES[kind]:
            self.add_error("type", _("That type does not go with this kind."))
        if kind and value:
            try:
                data["value"], data["key"] = clean_value(kind, value)
            except ValidationError as error:
                self.add_error("value", error)
        return data

    def already_there(self, contact) -> bool:
        from .methods import own_keys

        key = self.cleaned_data["key"]
        kind = self.cleaned_data["kind"]
        return key in own_keys(contact, kind) or ContactMethod.objects.filter(contact=contact, kind=kind, key=key).exists()


class MethodEditForm(forms.ModelForm):
    """A way to reach keeps its value; its type and label can change."""

    class Meta:
        model = ContactMethod
        fields = ("type", "label")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(value, MethodType(value).label) for value in METHOD_TYPES[self.instance.kind]]
