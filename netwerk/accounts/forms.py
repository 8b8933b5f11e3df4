from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .addresses import normalize_address
from .models import Profile, SignupInvitation, User
from .time_zones import time_zone_choices


class SearchableSelect(forms.Select):
    """A <select> with a search box above it that hides the options not matching what is
    typed (static/js/searchable_select.js); without script it is a plain <select>."""

    template_name = "accounts/widgets/searchable_select.html"


class AddressField(forms.EmailField):
    """An e-mail address in its one stored form (netwerk/accounts/addresses.py)."""

    default_validators = []  # normalize_address validates, after folding

    def clean(self, value):
        value = super().clean(value)
        return normalize_address(value) if value else value


class SignupStartForm(forms.Form):
    """Sign-up's first step: only the address (and, when sign-up is invite-only, the
    invitation code). Whatever is typed, the answer is the same; the mail says the rest."""

    email = AddressField(label=_("E-mail address"), help_text=_("We send a link there to finish signing up."))
    code = forms.CharField(label=_("Invitation code"), max_length=64, required=False)

    def __init__(self, *args, invite_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.invite_only = invite_only
        if invite_only:
            self.fields["code"].required = True
            self.fields["code"].help_text = _("Sign-up here is by invitation: the code is in the link you were given.")
        else:
            del self.fields["code"]

    def clean_code(self):
        code = self.cleaned_data.get("code", "").strip()
        invitation = SignupInvitation.objects.filter(code=code).first() if code else None
        if invitation is None or not invitation.usable():
            raise forms.ValidationError(_("This invitation code is not valid: it may have been used or have expired."))
        self.cleaned_data["invitation"] = invitation
        return code


class SignupFinishForm(UserCreationForm):
    """Sign-up's second step, reached from the link in the mail: username and password."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)


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
            "linkedin_profile_url",
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
        self.fields["weekly_suggestions"].required = False
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

    def clean_linkedin_profile_url(self) -> str:
        url = " ".join(self.cleaned_data["linkedin_profile_url"].split())
        if url and "linkedin.com/in/" not in url.lower():
            raise forms.ValidationError(
                _("Give your profile's address as LinkedIn shows it, such as https://www.linkedin.com/in/your-name."),
                code="invalid",
            )
        return url

    def clean_weekly_suggestions(self):
        # A settings form from before this preference existed (an open tab) keeps the current number.
        value = self.cleaned_data.get("weekly_suggestions")
        return self.instance.weekly_suggestions if value is None else value

    def clean(self):
        cleaned = super().clean()
        daily, weekly = cleaned.get("daily_invitation_cap"), cleaned.get("weekly_invitation_cap")
        if daily and weekly and daily > weekly:
            self.add_error("daily_invitation_cap", _("The daily cap cannot be higher than the weekly cap."))
        return cleaned


class AccountForm(forms.ModelForm):
    """Name and address. A new address takes effect only once the link sent to it is
    followed (the view keeps the old one until then), so the form never tells whether
    another member has that address."""

    email = AddressField(label=_("E-mail address"))

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email")

    def _get_validation_exclusions(self):
        # The address is checked when its link is followed, never here (a "taken" error
        # would tell which addresses have accounts).
        return super()._get_validation_exclusions() | {"email"}


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The old password is checked through authenticate(), so django-axes counts each
    wrong guess and locks the member-and-address out exactly as the log-in form does."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        found = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if found is None or found.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
