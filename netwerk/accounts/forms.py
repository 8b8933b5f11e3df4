from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Profile, User, time_zone_choices


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
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

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
        )
        widgets = {"standard_texts": forms.Textarea(attrs={"rows": 4})}

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
