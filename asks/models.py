"""Asks and favours: what the member asked of whom, who helped, and what the member did
for others (the seed article's measure of a network: what people do when asked).

Every row carries `owner`; every request starts from `owned_by(user)`. An answer that
helped and a favour given each keep one contacts.Interaction ("received" / "gave"), so
reciprocity and "last contact" follow from them without a second bookkeeping.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Interaction, OwnedQuerySet

TEXT_MAX_LENGTH = 2000
HELPED_WITH_MAX_LENGTH = 1000


def ask_title(text: str) -> str:
    """An ask as a list shows it: its first line, 80 characters at most."""
    stripped = text.strip()
    first_line = stripped.splitlines()[0] if stripped else ""
    return first_line[:80] + ("…" if len(first_line) > 80 else "")


class AskKind(models.TextChoices):
    INTRODUCTION = "introduction", _("An introduction")
    CANDIDATES = "candidates", _("Candidates for a vacancy")
    ADVICE = "advice", _("Advice")
    READ_OR_SHARE = "read_or_share", _("Read or share something")
    REFERENCE = "reference", _("A reference")
    OTHER = "other", _("Something else")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Helped")
    DECLINED = "declined", _("Declined")
    NO_ANSWER = "no_answer", _("No answer yet")


class AskQuerySet(OwnedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class Ask(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asks")
    text = models.TextField(_("what you asked"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=16, choices=AskKind.choices, default=AskKind.OTHER)
    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    due_on = models.DateField(_("answer wanted by"), null=True, blank=True)
    public = models.BooleanField(
        _("asked in public"),
        default=False,
        help_text=_("A post to your whole network, such as a LinkedIn update: add the people who act as they act."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AskQuerySet.as_manager()

    class Meta:
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["owner", "-asked_on"], name="ask_owner_asked_on")]

    def __str__(self) -> str:
        return ask_title(self.text)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class AskedPersonQuerySet(OwnedQuerySet):
    def helped(self):
        return self.filter(outcome=Outcome.HELPED)


class AskedPerson(models.Model):
    """One person asked (or, for a public ask, one person who acted) and their answer."""

    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="people")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    # A deleted contact keeps the row (the ask's history): the name stays as it was.
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, related_name="asked_in")
    contact_name = models.CharField(max_length=301, blank=True)
    outcome = models.CharField(_("answer"), max_length=10, choices=Outcome.choices, default=Outcome.NO_ANSWER)
    helped_with = models.TextField(_("helped with"), max_length=HELPED_WITH_MAX_LENGTH, blank=True)
    added_on = models.DateField(_("asked on"), default=timezone.localdate)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The "received" interaction an answer that helped keeps on the contact.
    interaction = models.OneToOneField(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer"
    )

    objects = AskedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person asked")
        verbose_name_plural = _("people asked")
        ordering = ["added_on", "id"]
        constraints = [models.UniqueConstraint(fields=["ask", "contact"], name="askedperson_once_per_ask")]
        indexes = [
            models.Index(fields=["owner", "outcome", "answered_on"], name="askedperson_owner_outcome"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.contact_id is None:
            return str(_("removed contact"))
        return self.contact_name or str(_("(no name)"))


class FavourQuerySet(OwnedQuerySet):
    pass


class Favour(models.Model):
    """Something the member did for a contact: an introduction, a CV read, a reference."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favours", db_index=False
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="favours")
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=16, choices=AskKind.choices, default=AskKind.OTHER)
    text = models.TextField(_("what you did"), max_length=HELPED_WITH_MAX_LENGTH)
    interaction = models.OneToOneField(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="favour"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FavourQuerySet.as_manager()

    class Meta:
        verbose_name = _("favour")
        verbose_name_plural = _("favours")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["owner", "contact", "-given_on"], name="favour_owner_contact")]

    def __str__(self) -> str:
        return self.text[:80]
