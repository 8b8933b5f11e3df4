"""The member and their preferences: the bottom layer every app may use."""

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .addresses import normalize_address


class MemberManager(UserManager):
    def create_user(self, username, email=None, password=None, **extra_fields):
        # Django's manager makes users non-staff; a member is staff (see User).
        extra_fields.setdefault("is_staff", True)
        return super().create_user(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member. Kept as Django's user so auth views, admin and axes work unchanged.

    Every member is staff: the admin is one of the three ways Netwerk is used (bulk label
    editing), and it shows a member only their own contacts and labels (contacts/admin.py),
    so the flag opens nothing of anyone else's. Permissions stay empty; the superuser flag
    alone opens the members' own pages."""

    is_staff = models.BooleanField(
        _("staff status"),
        default=True,
        help_text=_("Lets the member use the admin for their own contacts and labels."),
    )

    # Proven by following a signed link sent to the address (netwerk/accounts/confirm.py).
    # Only a confirmed address sends e-mail to people outside Netwerk.
    email_verified = models.BooleanField(
        _("e-mail address confirmed"),
        default=False,
        help_text=_("Set when the member followed the confirmation link sent to their address."),
    )

    objects = MemberManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # One member per mailbox, whatever the case it is typed in.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("Another member already uses this e-mail address."),
            )
        ]

    def clean(self):
        super().clean()
        if self.email:
            self.email = normalize_address(self.email)


def new_invitation_code() -> str:
    return secrets.token_urlsafe(24)


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


class SignupInvitation(models.Model):
    """An invitation to sign up while sign-up is invite-only (NETWERK_SIGNUP=invite):
    made by the administrator (admin) or `create_signup_invitation`, used once."""

    code = models.CharField(_("code"), max_length=64, unique=True, default=new_invitation_code, editable=False)
    note = models.CharField(_("for whom"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    # The member who signed up with it ("user": the account export finds it by this name).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sign-up invitation")
        verbose_name_plural = _("sign-up invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.note or self.code[:8]

    def usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())


class DigestCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Monthly")
    OFF = "off", _("Off")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Amsterdam")

    digest_cadence = models.CharField(
        _("review digest"), max_length=10, choices=DigestCadence.choices, default=DigestCadence.WEEKLY
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("digest weekday"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"), default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    digest_when_empty = models.BooleanField(
        _("send the digest even when there is nothing to review"), default=False
    )
    next_digest_at = models.DateTimeField(_("next digest"), null=True, blank=True, db_index=True)
    digest_failure = models.TextField(blank=True, default="")
    digest_failed_at = models.DateTimeField(null=True, blank=True)

    linkedin_free_account = models.BooleanField(
        _("my LinkedIn account is free (200-character invitation notes)"), default=False
    )
    linkedin_profile_url = models.CharField(
        _("my LinkedIn profile URL"),
        max_length=500,
        blank=True,
        help_text=_("Tells which participant you are in an imported messages.csv (otherwise worked out from it)."),
    )
    daily_invitation_cap = models.PositiveSmallIntegerField(
        _("invitations per day at most"), default=10, validators=[MinValueValidator(1), MaxValueValidator(25)]
    )
    weekly_invitation_cap = models.PositiveSmallIntegerField(
        _("invitations per week at most"), default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    standard_texts = models.TextField(
        _("my own standard texts"),
        blank=True,
        default="",
        help_text=_("Texts you used to send to everyone, separated by a blank line. They count as default texts."),
    )

    suggest_inactive = models.BooleanField(_("suggest contacts without interaction"), default=True)
    inactive_months = models.PositiveSmallIntegerField(
        _("months without interaction"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    suggest_one_sided = models.BooleanField(_("suggest one-sided contacts"), default=True)
    suggest_met_once = models.BooleanField(_("suggest contacts met once at an event"), default=True)
    suggest_contract_restricted = models.BooleanField(
        _("suggest contacts under a contract restriction"), default=True
    )
    weekly_suggestions = models.PositiveSmallIntegerField(
        _("suggestions per weekly review"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("The most telling come first; the rest wait behind “More suggestions”."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def invitation_char_limit(self) -> int:
        if self.linkedin_free_account:
            return settings.NETWERK_INVITATION_CHAR_LIMIT_FREE
        return settings.NETWERK_INVITATION_CHAR_LIMIT

    def own_standard_texts(self) -> list[str]:
        return [block.strip() for block in self.standard_texts.replace("\r\n", "\n").split("\n\n") if block.strip()]

    # --- digest schedule ---------------------------------------------------------------

    def _slot_on(self, day: date) -> datetime:
        """The digest moment on a local calendar day, as an aware datetime (DST-correct)."""
        return datetime.combine(day, time(self.digest_hour), tzinfo=self.zone)

    def next_digest_after(self, moment: datetime) -> datetime | None:
        """The first digest moment strictly after `moment` by cadence, weekday and hour,
        in the member's own time zone. Monthly digests go out on the first chosen
        weekday of each month. None when the digest is off."""
        if self.digest_cadence == DigestCadence.OFF:
            return None
        local_day = moment.astimezone(self.zone).date()
        day = local_day + timedelta(days=(self.digest_weekday - local_day.weekday()) % 7)
        while True:
            slot = self._slot_on(day)
            if slot > moment and (self.digest_cadence != DigestCadence.MONTHLY or day.day <= 7):
                return slot
            day += timedelta(days=7)

    def digest_after_sending(self, sent_slot: datetime) -> datetime | None:
        """The next digest moment once the digest for `sent_slot` went out."""
        if self.digest_cadence == DigestCadence.BIWEEKLY:
            local = sent_slot.astimezone(self.zone).date() + timedelta(days=7)
            return self.next_digest_after(self._slot_on(local))
        return self.next_digest_after(sent_slot)

    def reschedule_digest(self, now: datetime | None = None) -> None:
        """Set next_digest_at from the preferences (after a change of cadence, day, hour or zone)."""
        self.next_digest_at = self.next_digest_after(now or timezone.now())
