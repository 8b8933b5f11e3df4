"""Review decisions and digest deliveries: tip 5 of the seed article.

A decision is a fact about the past ("on 3 March I removed Jan: one-sided"), so it
keeps the contact's name: the history per week survives the purge of the contact.
A digest delivery is the claim on one member's digest for one slot (see
README, "The weekly review and its digest", for the exactly-once design).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, OwnedQuerySet


class Action(models.TextChoices):
    KEEP = "keep", _("Kept")
    REMOVE = "remove", _("Removed")
    SNOOZE = "snooze", _("Snoozed")
    RESTORE = "restore", _("Restored")
    SUGGEST = "suggest", _("Put under review")


class RemovalReason(models.TextChoices):
    ONE_SIDED = "one_sided", _("One-sided: I only give")
    CONTRACT_FORBIDS = "contract_forbids", _("My contract forbids contact")
    MET_ONCE_NO_BUSINESS = "met_once_no_business", _("Met once, never did business")
    OTHER = "other", _("Other")


class DecisionQuerySet(OwnedQuerySet):
    def snoozing(self, now):
        return self.filter(action=Action.SNOOZE, snoozed_until__gt=now)


class ReviewDecision(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_decisions")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_decisions"
    )
    contact_name = models.CharField(_("contact"), max_length=310)
    action = models.CharField(_("decision"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=24, choices=RemovalReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    snoozed_until = models.DateTimeField(_("snoozed until"), null=True, blank=True)
    via_email = models.BooleanField(_("from the e-mail"), default=False)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-decided_at"], name="decision_owner_decided"),
            models.Index(fields=["contact", "action", "snoozed_until"], name="decision_contact_snooze"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.contact_name}"


class DeliveryState(models.TextChoices):
    SENDING = "sending", _("Sending")
    HANDED_OFF = "handed_off", _("Handed to the mail server")
    SENT = "sent", _("Sent")
    UNCONFIRMED = "unconfirmed", _("Handed over, not confirmed")
    RETRYING = "retrying", _("Waiting to retry")
    FAILED = "failed", _("Failed")
    EMPTY = "empty", _("Nothing to say")


class DigestDelivery(models.Model):
    """One member's digest for one slot: created by the claim, never twice (unique).

    It carries what it says about removal suggestions, written with the claim, before
    any attempt to send: `suggested`, every current suggestion as {rule: [contact ids]}
    (the next digest lists as new only what is not in here); `new_suggestions`, the
    contact ids this digest lists as new, in order, and `new_since`, the slot of the
    digest they are new against (None for a member's first), so a retry or resend says
    exactly the same. `suggested` is None on deliveries made before it was recorded."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries")
    slot = models.DateTimeField()
    state = models.CharField(max_length=12, choices=DeliveryState.choices, default=DeliveryState.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    suggested = models.JSONField(null=True, blank=True, default=None)
    new_suggestions = models.JSONField(default=list, blank=True)
    new_since = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "slot"], name="digest_once_per_member_and_slot")]
        indexes = [models.Index(fields=["state", "claimed_at"], name="digest_state_claimed")]

    def __str__(self) -> str:
        return f"{self.owner_id} @ {self.slot:%Y-%m-%d %H:%M} ({self.state})"


class DigestOnDemand(models.Model):
    """When a member last had their digest sent on request ("send me one now"): one row
    per member, locked while sending, so a double click sends one e-mail. Never touches
    the schedule (`Profile.next_digest_at`) or the deliveries."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_on_demand")
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.owner_id} @ {self.sent_at:%Y-%m-%d %H:%M}"


class UsedActionLink(models.Model):
    """A Keep / Remove link from a digest that has acted: a link acts once, so an old
    e-mail cannot decide again after the contact came back under review. `token_id`
    is unique: of two POSTs of one link at the same moment, the database lets one in."""

    token_id = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="used_action_links")
    decision = models.ForeignKey(ReviewDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.token_id[:12]} @ {self.used_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A member's secret iCalendar address (reviews.calendar): whoever knows the token can
    read the member's keep-in-touch dates, invitation follow-ups and awaited answers, and
    nothing else. A new token replaces the old one, whose address is a 404 from then on."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.owner_id}: calendar since {self.created_at:%Y-%m-%d}"
