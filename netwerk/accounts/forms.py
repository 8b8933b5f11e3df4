from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Profile, User
from .time_zones import time_zone_choices


class SearchableSelect(forms.Select):
    """A <select> with a search box above it that hides the options not matching what is
    typed (static/js/searchable_select.js); without script it is a plain <select>."""

    template_name = "accounts/widgets/searchable_select.html"


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("For your review digest and to reset your password.")
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), widget=SearchableSelect)

    class Meta:
        model = Profile
        fields = (
            "language",
            "time_zone",
            "digest_cadence",
            "digest_weekday",
            "digest_hour",
            "digest_when_empty",
            "linkedin_free_account",
            "daily_invitation_cap",
            "weekly_invitation_cap",
            "standard_texts",
            "suggest_inactive",
            "inactive_months",
            "suggest_one_sided",
            "suggest_met_once",
            "suggest_contract_restricted",
            "weekly_suggestions",
        )
        widgets = {"standard_texts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = time_zone_choices(get_language())
        current = self.instance.time_zone
        if current and current not in {value for value, _label in self._flat(choices)}:
            # A zone chosen from the older, longer list (an alias such as "US/Eastern") stays valid.
            choices.insert(1, (current, current))
        self.fields["time_zone"].choices = choices

    @staticmethod
    def _flat(choices):
        for value, label in choices:
            if isinstance(label, (list, tuple)):
                yield from label
            else:
                yield value, label

    def clean(self):
        cleaned = super().clean()
        daily, weekly = cleaned.get("daily_invitation_cap"), cleaned.get("weekly_invitation_cap")
        if daily and weekly and daily > weekly:
            self.add_error("daily_invitation_cap", _("The daily cap cannot be higher than the weekly cap."))
        return cleaned


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email")
