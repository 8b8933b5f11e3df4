"""Forms of the triage of incoming invitations. The rules live in invitations.triage.rules."""

from datetime import datetime, time

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Label, LabelKind, normalize_profile_url

from ..models import IncomingInvitation
from ..personalization import MAX_TEXT_LENGTH, TEXT_TOO_LONG_TO_CHECK


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IncomingInvitationForm(forms.ModelForm):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())

    class Meta:
        model = IncomingInvitation
        fields = ["name", "profile_url", "company", "position", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "profile_url": _("Their LinkedIn profile, e.g. https://www.linkedin.com/in/their-name"),
            "message": _("The message they sent with the invitation, if any."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        # Their message is checked once when saved: no longer than any check accepts.
        message = self.fields["message"]
        message.max_length = MAX_TEXT_LENGTH
        message.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))
        message.error_messages["max_length"] = TEXT_TOO_LONG_TO_CHECK
        message.widget.attrs["maxlength"] = str(MAX_TEXT_LENGTH)

    def clean_profile_url(self) -> str:
        return normalize_profile_url(self.cleaned_data.get("profile_url", ""))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter their name."))
        return name

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received_on

    def received_at(self) -> datetime:
        """Noon of the day received, in the member's time zone (the exact hour is unknown)."""
        received_on = self.cleaned_data["received_on"]
        moment = timezone.make_aware(datetime.combine(received_on, time(12)))
        return min(moment, timezone.now())


NEW_CONTACT = "new"


class AcceptForm(forms.Form):
    """Accept as a new contact, or link the invitation to a possible duplicate."""

    contact = forms.ChoiceField(label=_("Contact"), widget=forms.RadioSelect, required=False)
    # Sent by the confirmation's button when the member accepts someone they don't know.
    accept_unknown = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = {str(c.pk): c for c in duplicates}
        choices = [(NEW_CONTACT, _("Create a new contact"))]
        choices += [(key, _("Link to my contact %(name)s") % {"name": c}) for key, c in self.duplicates.items()]
        self.fields["contact"].choices = choices
        by_url = next((c for c in duplicates if getattr(c, "same_profile_url", False)), None)
        self.fields["contact"].initial = str(by_url.pk) if by_url else NEW_CONTACT

    def clean_contact(self):
        value = self.cleaned_data.get("contact") or self.fields["contact"].initial
        return self.duplicates.get(value)


class FollowUpForm(forms.Form):
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"), queryset=Label.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_label = forms.CharField(label=_("New label"), max_length=80, required=False)
    how_we_know = forms.CharField(
        label=_("How do you know each other?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A private note: where you met, who introduced you, what you talked about."),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].queryset = Label.objects.owned_by(owner).exclude(kind=LabelKind.REVIEW)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 7}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": TEXT_TOO_LONG_TO_CHECK},
        help_text=_("Ask why they want to connect and propose a call, a video call or a coffee."),
    )


class AnswerForm(forms.Form):
    their_answer = forms.CharField(
        label=_("What they answered"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )
    spoke_or_met = forms.BooleanField(label=_("We spoke or met"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Private reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(),
        help_text=_("Only you see this."),
    )


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"), widget=DateInput())

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today."))
        return until
