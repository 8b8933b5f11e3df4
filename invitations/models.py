"""Outgoing invitations (tips 1 and 2) and incoming ones awaiting triage (tip 3)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, OwnedQuerySet

from . import personalization


class Channel(models.TextChoices):
    LINKEDIN = "linkedin", _("LinkedIn")
    EMAIL = "email", _("E-mail")


class InvitationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InvitationOrigin(models.TextChoices):
    COMPOSED = "composed", _("Composed in Netwerk")
    IMPORTED = "imported", _("Imported from LinkedIn")


FOLLOW_UP_AFTER = timedelta(days=14)
# An open invitation: a draft or sent one without an answer (at most one per person).
OPEN_STATES = (InvitationState.DRAFT, InvitationState.SENT)


class InvitationQuerySet(OwnedQuerySet):
    def open(self):
        """Drafts and sent invitations without an answer: at most one per person."""
        return self.filter(state__in=OPEN_STATES)

    def follow_up_due(self, now=None):
        """Sent at least FOLLOW_UP_AFTER ago and still unanswered: follow up or withdraw.
        Scope it with owned_by(user) (the digest scopes a batch of members)."""
        now = now or timezone.now()
        return self.filter(state=InvitationState.SENT, sent_at__lte=now - FOLLOW_UP_AFTER)


def open_invitation_id() -> Subquery:
    """The pk of the newest open invitation to the contact OuterRef("pk") (contacts.hooks)."""
    newest = Invitation.objects.open().filter(contact=OuterRef("pk")).order_by("-created_at")
    return Subquery(newest.values("pk")[:1])


class Invitation(models.Model):
    """An invitation this member sends to exactly one person."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    recipient_name = models.CharField(_("name"), max_length=300)
    recipient_profile_url = models.CharField(_("profile URL"), max_length=500, blank=True)
    recipient_email = models.EmailField(_("e-mail address"), blank=True)
    text = models.TextField(_("message"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.LINKEDIN)
    state = models.CharField(_("state"), max_length=10, choices=InvitationState.choices, default=InvitationState.DRAFT)
    origin = models.CharField(max_length=10, choices=InvitationOrigin.choices, default=InvitationOrigin.COMPOSED)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "state", "sent_at"], name="invitation_owner_state_sent"),
            models.Index(fields=["owner", "recipient_profile_url"], name="invitation_owner_url"),
        ]

    def __str__(self) -> str:
        return self.recipient_name

    def follow_up_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == InvitationState.SENT and self.sent_at is not None and self.sent_at <= now - FOLLOW_UP_AFTER


class IncomingState(models.TextChoices):
    PENDING = "pending", _("Pending")
    AWAITING_ANSWER = "awaiting_answer", _("Awaiting their answer")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SNOOZED = "snoozed", _("Snoozed")


# Incoming invitations still waiting for the member's decision (not accepted or declined).
OPEN_INCOMING_STATES = (IncomingState.PENDING, IncomingState.AWAITING_ANSWER, IncomingState.ANSWERED, IncomingState.SNOOZED)

# After this long without an answer to the member's reply, the invitation is flagged
# (the review digest lists it and suggests declining).
AWAITING_ANSWER_TOO_LONG = timedelta(days=14)


def in_queue_q(today) -> models.Q:
    """What needs a decision now: pending, answered, and snoozed ones whose date has come."""
    return models.Q(state__in=[IncomingState.PENDING, IncomingState.ANSWERED]) | models.Q(
        state=IncomingState.SNOOZED, snoozed_until__lte=today
    )


class MessageSignal(models.TextChoices):
    """What their message says about them: stored, so no page runs the check on a view."""

    NONE = "none", _("No message")
    DEFAULT = "default", _("Default text")
    PERSONAL = "personal", _("Personal")


def incoming_message_signal(message: str) -> str:
    """The personalization check of a message someone sent the member (any greeting's
    name is masked; the member's own name is not needed for the verdict)."""
    return personalization.message_signal(message, recipient_name="")


class IncomingQuerySet(OwnedQuerySet):
    def in_queue(self, today):
        return self.filter(in_queue_q(today))

    def answer_overdue(self, now):
        """The member replied and has heard nothing for AWAITING_ANSWER_TOO_LONG or more.
        Scope it with owned_by(user) (the digest scopes a batch of members)."""
        return self.filter(state=IncomingState.AWAITING_ANSWER, replied_at__lte=now - AWAITING_ANSWER_TOO_LONG)


class IncomingInvitation(models.Model):
    """An invitation someone sent this member: reply first, accept later."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incoming_invitations"
    )
    name = models.CharField(_("name"), max_length=300)
    profile_url = models.CharField(_("profile URL"), max_length=500, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    message = models.TextField(_("their message"), blank=True)
    # The check's verdict on `message`, computed when the invitation is added or imported.
    message_signal = models.CharField(max_length=8, choices=MessageSignal.choices, default="", editable=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    origin = models.CharField(max_length=10, choices=InvitationOrigin.choices, default=InvitationOrigin.COMPOSED)
    state = models.CharField(_("state"), max_length=16, choices=IncomingState.choices, default=IncomingState.PENDING)
    reply_text = models.TextField(_("my reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    their_answer = models.TextField(_("their answer"), blank=True)
    spoke_or_met = models.BooleanField(_("we spoke or met"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("private reason"), blank=True)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_invitations"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = IncomingQuerySet.as_manager()

    class Meta:
        verbose_name = _("incoming invitation")
        verbose_name_plural = _("incoming invitations")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["owner", "state", "received_at"], name="incoming_owner_state_received")]

    def __str__(self) -> str:
        return self.name

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""

    def answer_overdue(self, now) -> bool:
        return (
            self.state == IncomingState.AWAITING_ANSWER
            and self.replied_at is not None
            and self.replied_at <= now - AWAITING_ANSWER_TOO_LONG
        )


class IncomingTransition(models.Model):
    """One step in an incoming invitation's history."""

    invitation = models.ForeignKey(IncomingInvitation, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=IncomingState.choices)
    to_state = models.CharField(max_length=16, choices=IncomingState.choices)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
