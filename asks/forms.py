"""Forms for asks and favours. They parse and bound the input; the rules (who may be
asked, what an outcome may be) live in services.py, whose messages the views attach to
the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HELPED_WITH_MAX_LENGTH, TEXT_MAX_LENGTH, AskKind, Outcome

SEARCH_MAX_LENGTH = 100


class ContactIdField(forms.IntegerField):
    """A contact's id as the picker posts it; whose contact it is, services decide."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


class AskForm(forms.Form):
    text = forms.CharField(
        label=_("What do you ask?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In your own words, as you asked it: “Could you introduce me to …”, “Who would fit our vacancy …”."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of help"), choices=AskKind.choices, initial=AskKind.OTHER)
    asked_on = forms.DateField(label=_("Asked on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_on = forms.DateField(
        label=_("Answer wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    public = forms.BooleanField(
        label=_("Asked in public (a post to your whole network)"),
        required=False,
        help_text=_("Add the people who act on it as they act: Netwerk counts what people did, never views or likes."),
    )
    contact = ContactIdField(required=False)
    q = forms.CharField(label=_("Ask whom?"), required=False, max_length=SEARCH_MAX_LENGTH)


class AskEditForm(forms.Form):
    text = AskForm.base_fields["text"]
    kind = AskForm.base_fields["kind"]
    due_on = AskForm.base_fields["due_on"]


class AddPersonForm(forms.Form):
    contact = ContactIdField(error_messages={"required": _("Choose the person to add.")})


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=Outcome.choices)
    helped_with = forms.CharField(
        label=_("Helped with"), required=False, max_length=HELPED_WITH_MAX_LENGTH
    )


class FavourForm(forms.Form):
    contact = ContactIdField(error_messages={"required": _("Choose the person you helped.")})
    kind = forms.ChoiceField(label=_("Kind of help"), choices=AskKind.choices, initial=AskKind.OTHER)
    text = forms.CharField(
        label=_("What did you do for them?"),
        max_length=HELPED_WITH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class PickForm(forms.Form):
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)
