import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, normalize_profile_url

from ..models import Channel, InvitationState
from ..personalization import MAX_TEXT_LENGTH, TEXT_TOO_LONG_TO_CHECK
from .services import Recipient

# Fields that name the recipient or the message: each may appear once in a request.
SINGLE_VALUE_FIELDS = ("contact", "name", "profile_url", "email", "channel", "text")
# A name holding a list separator or a line break names several people (or smuggles a header).
SEVERAL_NAMES = re.compile(r"[,;\n\r|&]|\s/\s")
SEVERAL_URLS = re.compile(r"\s|,|;|https?://.*https?://", re.IGNORECASE)

ONE_PERSON_ONLY = _(
    "An invitation goes to exactly one person. Write a separate, personal invitation for each person."
)


def names_several_recipients(data) -> bool:
    """True when a request (GET or POST data) names more than one recipient."""
    if any(len(data.getlist(key)) > 1 for key in SINGLE_VALUE_FIELDS):
        return True
    email = data.get("email", "")
    if email.count("@") > 1 or re.search(r"[,;\s]", email.strip()):
        return True
    return bool(SEVERAL_URLS.search(data.get("profile_url", "").strip()))


class ComposeForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, widget=forms.HiddenInput
    )
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    profile_url = forms.CharField(
        label=_("LinkedIn profile URL"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…", "inputmode": "url"}),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    channel = forms.ChoiceField(
        label=_("Send by"), choices=Channel.choices, initial=Channel.LINKEDIN, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": TEXT_TOO_LONG_TO_CHECK},
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text=_("Where did you meet? Why this person? What can you offer them?"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.owned_by(user).active()
        self.fields["text"].widget.attrs.update(
            {
                "hx-post": reverse("invitations:compose_check"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#personalization",
                "hx-include": "#compose-form",
                "aria-describedby": "char-count personalization",
            }
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if SEVERAL_NAMES.search(name):
            raise forms.ValidationError(ONE_PERSON_ONLY)
        return " ".join(name.split())

    def clean_profile_url(self) -> str:
        url = self.cleaned_data["profile_url"].strip()
        if url and SEVERAL_URLS.search(url):
            raise forms.ValidationError(ONE_PERSON_ONLY)
        if url and "." not in url:
            raise forms.ValidationError(_("Enter the full profile address, such as https://www.linkedin.com/in/name."))
        normalize_profile_url(url)  # a broken host or port is this field's error, not a 500
        return url

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()

    def clean(self):
        data = super().clean()
        contact = data.get("contact")
        new_person = any(data.get(key) for key in ("name", "profile_url", "email"))
        if contact and new_person:
            raise forms.ValidationError(ONE_PERSON_ONLY)
        if not contact and not self.errors:
            if not data.get("name"):
                self.add_error("name", _("Give the person's name, or choose one of your contacts."))
            elif not data.get("profile_url") and not data.get("email"):
                self.add_error("profile_url", _("Give their LinkedIn profile URL and/or e-mail address."))
        return data

    def recipient(self) -> Recipient:
        data = self.cleaned_data
        if data.get("contact"):
            return Recipient.from_contact(data["contact"])
        return Recipient.new_person(name=data["name"], profile_url=data["profile_url"], email=data["email"])


class CheckForm(forms.Form):
    """The live check's input: just the text and who it is for."""

    text = forms.CharField(
        required=False, max_length=MAX_TEXT_LENGTH, error_messages={"max_length": TEXT_TOO_LONG_TO_CHECK}
    )
    name = forms.CharField(required=False, max_length=300)


class InvitationFilterForm(forms.Form):
    AGE_CHOICES = [
        ("", _("Any age")),
        ("week", _("Last 7 days")),
        ("month", _("Last 30 days")),
        ("follow_up", _("Waiting 14 days or more")),
        ("older", _("Older than 30 days")),
    ]
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *InvitationState.choices], required=False)
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)
