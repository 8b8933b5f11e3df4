from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import AccountForm, ProfileForm, SignUpForm
from .language import remember_language


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            profile = user.profile
            profile.language = translation.get_language()[:2] if translation.get_language() else profile.language
            profile.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Netwerk. Start by importing your LinkedIn connections."))
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    profile_form = ProfileForm(request.POST or None, instance=profile, prefix="profile")
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    if request.method == "POST" and profile_form.is_valid() and account_form.is_valid():
        with transaction.atomic():
            account_form.save()
            profile = profile_form.save(commit=False)
            if {"digest_cadence", "digest_weekday", "digest_hour", "time_zone"} & set(profile_form.changed_data):
                profile.reschedule_digest()
            profile.save()
        translation.activate(profile.language)
        messages.success(request, _("Your settings were saved."))
        response = redirect("accounts:settings")
        remember_language(response, profile.language)
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/settings.html",
        {"profile_form": profile_form, "account_form": account_form, "profile": profile},
        status=status,
    )


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes lock-out answer: the same form and message as a wrong password, so the
    page never tells whether the username exists or is locked."""
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, form.get_invalid_login_error())
    return render(request, "registration/login.html", {"form": form}, status=200)
