import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import confirm, throttle
from .addresses import same_address
from .client_ip import client_ip
from .forms import AccountForm, ProfileForm, SignupFinishForm, SignupStartForm, ThrottledPasswordChangeForm
from .language import remember_language
from .models import SignupInvitation, User


def _message_page(request: HttpRequest, heading: str, message: str, *, status: int) -> HttpResponse:
    return render(request, "registration/signup_message.html", {"heading": heading, "message": message}, status=status)


def _closed(request: HttpRequest) -> HttpResponse:
    return _message_page(
        request,
        _("Sign-up is closed"),
        _("This Netwerk does not take new members. Ask its administrator if you should have an account."),
        status=200 if request.method == "GET" else 403,
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return _message_page(
        request,
        _("Too many attempts"),
        _("Too many sign-up attempts came from your network. Wait an hour and try again."),
        status=429,
    )


def _client_over_limit(request: HttpRequest) -> bool:
    return throttle.over_limit(
        "signup-client",
        client_ip(request) or "",
        limit=settings.NETWERK_SIGNUP_PER_CLIENT_HOURLY,
        window=3600,
    )


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Step one: an address. The answer is the same whether or not it has an account."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    if settings.NETWERK_SIGNUP == "closed":
        return _closed(request)
    invite_only = settings.NETWERK_SIGNUP == "invite"
    form = SignupStartForm(request.POST or None, initial={"code": request.GET.get("code", "")[:64]}, invite_only=invite_only)
    status = 200
    if request.method == "POST":
        if _client_over_limit(request):
            return _too_many(request)
        if form.is_valid():
            address = form.cleaned_data["email"]
            invitation = form.cleaned_data.get("invitation")
            per_address = throttle.over_limit(
                "signup-address", address, limit=settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY, window=3600
            )
            if not per_address:
                try:
                    confirm.send_signup_link(
                        address, language=_language(), invitation_id=invitation.pk if invitation else None
                    )
                except (smtplib.SMTPException, OSError):
                    return _message_page(
                        request,
                        _("The e-mail could not be sent"),
                        _("Netwerk could not send the e-mail just now. Nothing was made; try again in a few minutes."),
                        status=503,
                    )
            return redirect("accounts:signup_sent")
        status = 400
    return render(request, "registration/signup.html", {"form": form, "invite_only": invite_only}, status=status)


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    return _message_page(
        request,
        _("Check your inbox"),
        _(
            "We sent an e-mail to the address you gave. Follow the link in it to finish signing up; "
            "it works for two days. No e-mail after a few minutes? Look in your spam folder."
        ),
        status=200,
    )


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return _message_page(
        request,
        _("This link does not work"),
        _("The link is not valid or has expired, or it was already used. Sign up again, or log in if you have an account."),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def signup_finish(request: HttpRequest, token: str) -> HttpResponse:
    """Step two, from the link in the mail: the address is proven; choose a username and
    a password. The account is made confirmed, and the member is logged in."""
    if settings.NETWERK_SIGNUP == "closed":
        return _closed(request)
    link = confirm.read_signup_token(token)
    if link is None or User.objects.filter(email__iexact=link.address).exists():
        return _link_invalid(request)
    invitation = None
    if settings.NETWERK_SIGNUP == "invite":
        invitation = SignupInvitation.objects.filter(pk=link.invitation_id).first() if link.invitation_id else None
        if invitation is None or not invitation.usable():
            return _link_invalid(request)
    form = SignupFinishForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _client_over_limit(request):
            return _too_many(request)
        if form.is_valid():
            try:
                user = _create_member(form, link.address, invitation)
            except IntegrityError:
                if User.objects.filter(email__iexact=link.address).exists():
                    return _link_invalid(request)
                form.add_error("username", form.instance.unique_error_message(User, ["username"]))
            else:
                if user is None:
                    return _link_invalid(request)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to Netwerk. Start by importing your LinkedIn connections."))
                return redirect("dashboard")
        status = 400
    return render(request, "registration/signup_finish.html", {"form": form, "address": link.address}, status=status)


def _create_member(form: SignupFinishForm, address: str, invitation: SignupInvitation | None) -> User | None:
    """The new member, or None when the invitation was used meanwhile (another tab)."""
    with transaction.atomic():
        if invitation is not None:
            used = SignupInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
            if not used:
                return None
        user = form.save(commit=False)
        user.email = address
        user.email_verified = True
        user.save()
        if invitation is not None:
            SignupInvitation.objects.filter(pk=invitation.pk).update(user=user)
        profile = user.profile
        profile.language = _language()
        profile.save()
    return user


@require_http_methods(["GET", "POST"])
def confirm_address(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to an address: a page with one button (a mail scanner that opens
    links confirms nothing), whose POST makes the address the member's, confirmed."""
    found = confirm.read_address_token(token)
    if found is None:
        return _message_page(
            request,
            _("This link does not work"),
            _("The link is not valid or has expired, or your address changed since it was sent. Ask for a new one in Settings."),
            status=400,
        )
    user, address = found
    if request.method == "GET":
        return render(request, "accounts/confirm_address.html", {"address": address})
    try:
        with transaction.atomic():
            member = User.objects.select_for_update().get(pk=user.pk)
            member.email = address
            member.email_verified = True
            member.save(update_fields=["email", "email_verified"])
    except IntegrityError:
        return _message_page(
            request,
            _("This address cannot be used"),
            _("Another account uses this e-mail address now. Your address stays as it was."),
            status=409,
        )
    messages.success(request, _("Your e-mail address %(address)s is confirmed.") % {"address": address})
    return redirect("accounts:settings" if request.user.is_authenticated else "login")


def _address_mail_over_limit(user: User, address: str) -> bool:
    """Address links are throttled per member and per receiving address (with sign-up's
    mails), so neither Settings nor sign-up can be used to flood someone's inbox."""
    limit = settings.NETWERK_SIGNUP_PER_ADDRESS_HOURLY
    per_member = throttle.over_limit("address-link", str(user.pk), limit=limit, window=3600)
    per_address = throttle.over_limit("signup-address", address, limit=limit, window=3600)
    return per_member or per_address


@login_required
@require_POST
def send_address_confirmation(request: HttpRequest) -> HttpResponse:
    """Send (again) the link that confirms the member's current address."""
    user = request.user
    if not user.email:
        messages.error(request, _("Enter your e-mail address first."))
    elif _address_mail_over_limit(user, user.email):
        messages.error(request, _("A link was sent several times in the last hour. Wait a little and look in your inbox."))
    else:
        try:
            confirm.send_address_link(user, user.email)
        except (smtplib.SMTPException, OSError):
            messages.error(request, _("The e-mail could not be sent just now; try again in a few minutes."))
        else:
            messages.success(request, _("We sent a confirmation link to %(address)s.") % {"address": user.email})
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    profile_form = ProfileForm(request.POST or None, instance=profile, prefix="profile")
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    if request.method == "POST" and profile_form.is_valid() and account_form.is_valid():
        old_address = User.objects.values_list("email", flat=True).get(pk=request.user.pk)
        new_address = account_form.cleaned_data["email"]
        address_changes = not same_address(old_address, new_address)
        with transaction.atomic():
            member = account_form.save(commit=False)
            if address_changes:
                member.email = old_address  # until the link sent to the new address is followed
            member.save()
            profile = profile_form.save(commit=False)
            if {"digest_cadence", "digest_weekday", "digest_hour", "time_zone"} & set(profile_form.changed_data):
                profile.reschedule_digest()
            profile.save()
        translation.activate(profile.language)
        messages.success(request, _("Your settings were saved."))
        if address_changes and _address_mail_over_limit(request.user, new_address):
            messages.error(request, _("A link was sent several times in the last hour. Wait a little and look in your inbox."))
        elif address_changes:
            try:
                confirm.send_address_link(request.user, new_address)
            except (smtplib.SMTPException, OSError):
                messages.error(request, _("The e-mail could not be sent just now; try again in a few minutes."))
            else:
                messages.info(
                    request,
                    _("We sent a link to %(address)s: your address changes when you open it.") % {"address": new_address},
                )
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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the old password checked the throttled way."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes lock-out answer: the same form and message as a wrong password, so the
    page never tells whether the username exists or is locked. On the password change
    page (the old password is checked like a log-in) it is that page's wrong-password answer."""
    from django.contrib.auth.forms import AuthenticationForm

    if request.user.is_authenticated and request.path == reverse("password_change"):
        form = ThrottledPasswordChangeForm(request.user, request=request)
        form._errors = ErrorDict()
        form.cleaned_data = {}
        form.add_error("old_password", form.error_messages["password_incorrect"])
        return render(request, "registration/password_change_form.html", {"form": form}, status=200)

    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, form.get_invalid_login_error())
    return render(request, "registration/login.html", {"form": form, **login_page_context()}, status=200)


def login_page_context() -> dict:
    """What the log-in page shows besides its form, the same on a lock-out."""
    return {"signup_open": settings.NETWERK_SIGNUP == "open"}


class LoginView(auth_views.LoginView):
    """Django's log-in, offering sign-up only where anyone may use it (invite-only
    members follow the link they were sent)."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **login_page_context()}
