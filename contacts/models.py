"""Contacts, labels, private notes and interactions: tip 4 of the seed article.

Every row carries `owner`; every query for a request starts from `owned_by(user)`, so
another member's object is a 404 by construction. Past 400 lines because Django wants an
app's models in one module (splitting it into a package would only add imports).
"""

from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Concat, Left, Lower, Substr, Trim, Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from .validation import validate_web_address


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class InvalidProfileURL(ValidationError, ValueError):
    """Text that cannot be a profile address (a broken host or port). A ValidationError,
    so a form that normalises in its clean_<field> shows it as that field's error; a
    ValueError too, so callers that skip bad imported values keep working."""

    def __init__(self, url: str):
        super().__init__(
            _("“%(url)s” is not a web address; enter it like https://www.linkedin.com/in/name."),
            code="invalid_profile_url",
            params={"url": url[:200]},
        )


def normalize_profile_url(url: str) -> str:
    """Canonical form of a profile URL, so one person has one key.

    LinkedIn URLs are written in many ways (http, www., nl., mobile, a trailing slash,
    tracking query strings, upper case); they all become
    https://www.linkedin.com/in/<slug>. Other URLs lose only their query and fragment
    and trailing slash, and get https when the scheme was missing. Raises
    InvalidProfileURL (and nothing else) when the text has no usable host or port."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:  # "[::1", "host:99999", "https:e/x" (port "e")
        raise InvalidProfileURL(url) from error
    host = (parts.hostname or "").lower()
    if not host or any(character.isspace() for character in host):
        raise InvalidProfileURL(url)
    path = parts.path
    while path and (path[-1] == "/" or path[-1].isspace()):
        path = path[:-1]
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return urlunsplit(("https", "www.linkedin.com", path.lower(), "", ""))
    scheme = parts.scheme.lower() if parts.scheme.lower() in ("http", "https") else "https"
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((scheme, netloc, path, "", ""))


class LabelColor(models.TextChoices):
    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    PURPLE = "purple", _("Purple")
    TEAL = "teal", _("Teal")
    YELLOW = "yellow", _("Yellow")


class LabelKind(models.TextChoices):
    GENERAL = "general", _("General")
    EVENT = "event", _("Network event")
    INDUSTRY = "industry", _("Industry")
    CLIENTS = "clients", _("Clients")
    REVIEW = "review", _("Review")


REVIEW_LABEL_NAMES = {"nl": "Verwijderen?", "en": "Remove?"}


class LabelQuerySet(OwnedQuerySet):
    def review_label_for(self, user) -> "Label":
        return self.get(owner=user, kind=LabelKind.REVIEW)


def rhythm_field():
    """Keep in touch every N days: off (empty) by default, nobody is nagged unasked."""
    return models.PositiveSmallIntegerField(
        _("keep in touch every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Leave empty for no reminders. 90 is about every three months, 365 once a year."),
    )


class Label(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(_("name"), max_length=80)
    color = models.CharField(_("colour"), max_length=10, choices=LabelColor.choices, default=LabelColor.BLUE)
    description = models.CharField(_("description"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=LabelKind.choices, default=LabelKind.GENERAL)
    restricts_contact = models.BooleanField(
        _("contract restricts contact"),
        default=False,
        help_text=_("My employment contract forbids contact with the people carrying this label."),
    )
    restricts_contact_until = models.DateField(_("restriction ends on"), null=True, blank=True)
    keep_in_touch_days = rhythm_field()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="label_unique_name_per_owner_ci"),
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(kind="review"), name="label_one_review_label_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_review(self) -> bool:
        return self.kind == LabelKind.REVIEW

    @staticmethod
    def default_review_name(language: str) -> str:
        return REVIEW_LABEL_NAMES.get((language or "nl")[:2], REVIEW_LABEL_NAMES["en"])


# Prefixes ("tussenvoegsels") a Dutch surname is not sorted by, as in a phone book: "de
# Boer" files under B, "van der Meer" under M. From the Dutch population register's table
# of prefixes (BRP tabel 36), the common ones; longest first, so "van der" wins over "van".
SURNAME_PREFIXES = sorted(
    (
        "van der", "van den", "van de", "van het", "van 't", "van ’t", "van de l'", "van ter", "van la",
        "in 't", "in ’t", "in de", "in den", "in het", "op 't", "op ’t", "op de", "op den", "op het", "op ten",
        "uit de", "uit den", "uit het", "uit 't", "aan de", "aan den", "aan het", "aan 't", "bij de", "bij den",
        "bij het", "bij 't", "voor de", "voor den", "voor 't", "over de", "onder de", "onder den", "de la", "de le",
        "de l'", "von der", "von den", "von dem", "auf der", "van", "de", "der", "den", "het", "'t", "’t", "te",
        "ten", "ter", "tot", "toe", "in", "op", "aan", "bij", "uit", "voor", "onder", "over", "d'", "l'", "la",
        "le", "les", "du", "des", "di", "da", "dos", "das", "del", "della", "dei", "von", "vom", "zu", "zum",
        "zur", "el", "al", "ben", "bin", "ten", "thoe",
    ),
    key=len,
    reverse=True,
)


def surname_sort_expression():
    """SQL for the part of the last name a Dutch list sorts by: lower case, without the
    leading prefixes ("Ahmed de Boer" sorts as "boer", between Blom and Bos). Repeated
    prefixes ("van de" + "l'") go one level deep, which covers the register's table. A
    database expression, so every writer (the import's set-based SQL too) fills it."""
    name = Lower(Trim("last_name"))
    cases = [
        # LEFT(...) = 'van der ' rather than LIKE: PostgreSQL accepts only the former in a
        # generated column (LIKE's escaped pattern has no collation there).
        When(Exact(Left(name, len(prefix) + 1), Value(prefix + " ")), then=Trim(Substr(name, len(prefix) + 2)))
        for prefix in dict.fromkeys(SURNAME_PREFIXES)
    ]
    return Case(*cases, default=name, output_field=models.CharField(max_length=150))


class ContactSource(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    MANUAL = "manual", _("Added by hand")
    ACCEPTED_INVITATION = "accepted_invitation", _("Accepted invitation")
    SENT_INVITATION = "sent_invitation", _("Sent invitation")


class ContactStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ContactQuerySet(OwnedQuerySet):
    def active(self):
        return self.filter(status=ContactStatus.ACTIVE)

    def archived(self):
        return self.filter(status=ContactStatus.ARCHIVED)


class Contact(models.Model):
    # No index of its own: the composite indexes below all start with owner_id, and every
    # extra index on this table is paid on each of an import's 30,000 inserts.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts", db_index=False
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    profile_url = models.CharField(_("profile URL"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("As shared on LinkedIn."))
    connected_on = models.DateField(_("connected on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=24, choices=ContactSource.choices, default=ContactSource.MANUAL)

    website = models.URLField(_("website"), max_length=500, blank=True, validators=[validate_web_address])
    private_email = models.EmailField(_("private e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True, region="NL")
    how_we_met = models.TextField(_("how we met"), blank=True)
    introduced_by = models.ForeignKey(
        "self",
        verbose_name=_("introduced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced",
        db_index=False,  # few contacts have an introducer: a partial index (Meta) covers them
    )

    status = models.CharField(_("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.ACTIVE)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    pinned = models.BooleanField(
        _("keep in archive"), default=False, help_text=_("Pinned archived contacts are never purged.")
    )
    # The day a complete LinkedIn export no longer listed this contact (None while
    # connected); set and cleared only by contacts.sync.
    disconnected_on = models.DateField(_("no longer connected since"), null=True, blank=True)

    labels = models.ManyToManyField(Label, through="ContactLabel", related_name="contacts", blank=True)

    # Keep in touch (contacts.touch): the contact's own rhythm (overrides its labels'), the
    # day it is next due (kept by contacts.touch.refresh) and a snooze.
    keep_in_touch_days = rhythm_field()
    touch_due_on = models.DateField(null=True, blank=True, editable=False)
    touch_snoozed_until = models.DateField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # What the list's search reads (contacts/search.py): UPPER of name, company and
    # position, then each of the owner's notes on this contact on a line of its own.
    # notes_text is kept by database triggers on notes (migration 0004), whoever writes
    # them; a value set here is replaced. Neither is exported: they only repeat the above.
    notes_text = models.TextField(default="", db_default="", editable=False, serialize=False)
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "first_name",
                Value(" "),
                "last_name",
                Value(" "),
                "company",
                Value(" "),
                "position",
                "notes_text",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,
    )

    # The last name without its prefixes, what lists, pickers and exports sort by.
    surname_sort = models.GeneratedField(
        expression=surname_sort_expression(),
        output_field=models.CharField(max_length=150),
        db_persist=True,
        serialize=False,
    )

    objects = ContactQuerySet.as_manager()

    # Name order everywhere: main part of the surname, then the rest of it, first name.
    NAME_ORDER = ("surname_sort", "last_name", "first_name", "id")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["surname_sort", "last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "profile_url"],
                condition=~models.Q(profile_url=""),
                name="contact_unique_profile_url_per_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "surname_sort", "first_name"], name="contact_owner_surname"),
            models.Index(fields=["owner", "status", "connected_on"], name="contact_owner_connected"),
            models.Index(fields=["owner", "status", "company"], name="contact_owner_company"),
            models.Index(
                fields=["introduced_by"],
                condition=models.Q(introduced_by__isnull=False),
                name="contact_introduced_by",
            ),
            # The list's "no longer connected" filter; few rows, so imports barely pay for it.
            models.Index(
                fields=["owner", "disconnected_on"],
                condition=models.Q(disconnected_on__isnull=False),
                name="contact_owner_disconnected",
            ),
            # Partial: imported contacts have no rhythm, so an import pays nothing for it.
            models.Index(
                fields=["owner", "touch_due_on"],
                condition=models.Q(touch_due_on__isnull=False),
                name="contact_owner_touch_due",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.profile_url or str(_("(no name)"))

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_connected(self) -> bool:
        """Connected on LinkedIn already (the export gave a connection date): inviting them
        again would be no new invitation."""
        return self.connected_on is not None

    @property
    def is_archived(self) -> bool:
        return self.status == ContactStatus.ARCHIVED

    def save(self, *args, **kwargs):
        self.profile_url = normalize_profile_url(self.profile_url)
        super().save(*args, **kwargs)


class ContactLabel(models.Model):
    """A label on a contact, with the moment it was put there (time in the review label)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contact_labels")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="label_contacts")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "label"], name="contactlabel_unique")]
        indexes = [models.Index(fields=["label", "contact"], name="contactlabel_label_contact")]


class Note(models.Model):
    """A private note on a contact: nobody but the owner ever sees it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["contact", "-created_at"], name="note_contact_created")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def edited(self) -> bool:
        """Changed more than a minute after it was written: the page says “edited”."""
        return self.updated_at > self.created_at + timedelta(minutes=1)


class InteractionKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    CALL = "call", _("Call")
    VIDEO_CALL = "video_call", _("Video call")
    MEETING = "meeting", _("Coffee or meeting")
    REFERRAL = "referral", _("Referral")
    FEEDBACK = "feedback", _("Feedback")
    INTRODUCTION = "introduction", _("Introduction")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    GAVE = "gave", _("I gave")
    RECEIVED = "received", _("I received")
    MUTUAL = "mutual", _("Mutual")


class Interaction(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKind.choices, default=InteractionKind.MESSAGE)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.MUTUAL)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["contact", "-date"], name="interaction_contact_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"


class JobChange(models.Model):
    """A change of company or position a LinkedIn export showed: one row per change noticed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_changes")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="job_changes")
    company_before = models.CharField(_("company before"), max_length=200, blank=True)
    position_before = models.CharField(_("position before"), max_length=300, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    noticed_on = models.DateField(_("noticed on"))

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("job change")
        verbose_name_plural = _("job changes")
        ordering = ["-noticed_on", "-id"]
        indexes = [
            models.Index(fields=["contact", "-noticed_on"], name="jobchange_contact_noticed"),
            models.Index(fields=["owner", "noticed_on"], name="jobchange_owner_noticed"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.position_before} @ {self.company_before} -> {self.position} @ {self.company}"


class LinkedInExport(models.Model):
    """A complete LinkedIn export the member imported, with the day it was made: an
    export older than the newest one marks no one as no longer connected."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linkedin_exports")
    exported_on = models.DateField()
    # The latest "Connected On" in it: what a Connections.csv without a date of its own
    # is compared by.
    latest_connection = models.DateField(null=True)
    connections = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-exported_on", "-id"]
        indexes = [models.Index(fields=["owner", "-exported_on"], name="linkedinexport_owner_date")]


class LinkedInRemoval(models.Model):
    """A contact the member archived in Netwerk who was still a connection in a LinkedIn
    export: work to do on LinkedIn (Netwerk never automates it). Ticked off by hand;
    confirmed by the next complete export in which the contact is gone."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linkedin_removals")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="linkedin_removals")
    noticed_on = models.DateField()
    ticked_at = models.DateTimeField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["noticed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"], condition=models.Q(confirmed_on__isnull=True), name="linkedinremoval_one_open"
            ),
        ]
        indexes = [models.Index(fields=["owner", "confirmed_on"], name="linkedinremoval_owner_open")]


class ImportJob(models.Model):
    """An import run as a background task; the page polls its progress. An address book
    (contacts.generic_import) says so in `report` until it runs: {"kind": "vcard"} or
    {"kind": "csv", "mapping": [...]}; a CSV waits in COLUMNS for its mapping."""

    class State(models.TextChoices):
        COLUMNS = "columns", _("Waiting for its columns")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    filename = models.CharField(max_length=255)
    upload = models.FileField(upload_to="imports/", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]


def ensure_review_label(user, language: str | None = None) -> Label:
    """The member's review label ("Verwijderen?" / "Remove?"), created when missing."""
    label = Label.objects.filter(owner=user, kind=LabelKind.REVIEW).first()
    if label is None:
        language = language or getattr(getattr(user, "profile", None), "language", settings.LANGUAGE_CODE)
        name = Label.default_review_name(language)
        if Label.objects.filter(owner=user, name__iexact=name).exists():
            label = Label.objects.get(owner=user, name__iexact=name)
            label.kind = LabelKind.REVIEW
            label.save(update_fields=["kind"])
        else:
            label = Label.objects.create(owner=user, name=name, kind=LabelKind.REVIEW, color=LabelColor.RED)
    return label


class KeyDate(models.Model):
    """A date that matters about a contact: a birthday, "started at ASML", anything with a
    name; a yearly one comes back each year (29 February on the 28th in other years)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_dates")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="key_dates")
    name = models.CharField(_("what"), max_length=100)
    date = models.DateField(_("date"))
    yearly = models.BooleanField(_("every year"), default=True)

    # A yearly date whose year nobody knows (a birthday without one, as phones keep it) is
    # stored in year 4: a leap year, so 29 February fits.
    NO_YEAR = 4

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("date that matters")
        verbose_name_plural = _("dates that matter")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["owner", "date"], name="keydate_owner_date")]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"

    @property
    def has_year(self) -> bool:
        return self.date.year > self.NO_YEAR


class MethodKind(models.TextChoices):
    EMAIL = "email", _("E-mail address")
    PHONE = "phone", _("Phone number")
    PROFILE = "profile", _("Profile")


class MethodType(models.TextChoices):
    """What a way to reach someone is: the vCard TYPE of an address or number, the
    network of a profile."""

    HOME = "home", _("Private")
    WORK = "work", _("Work")
    MOBILE = "mobile", _("Mobile")
    LINKEDIN = "linkedin", _("LinkedIn")
    MASTODON = "mastodon", _("Mastodon")
    WEBSITE = "website", _("Personal site")
    OTHER = "other", _("Other")


METHOD_TYPES = {
    MethodKind.EMAIL: (MethodType.WORK, MethodType.HOME, MethodType.OTHER),
    MethodKind.PHONE: (MethodType.MOBILE, MethodType.WORK, MethodType.HOME, MethodType.OTHER),
    MethodKind.PROFILE: (MethodType.LINKEDIN, MethodType.MASTODON, MethodType.WEBSITE, MethodType.OTHER),
}


class ContactMethod(models.Model):
    """One more way to reach a contact beyond the fields on the contact itself: an e-mail
    address, a phone number (E.164) or a profile on any network. `key` is the form two
    values are compared by (lower-case address, E.164 number, normalised URL): imports
    match existing contacts by it, so an address kept from a merged-away contact brings
    the next import to the contact it was merged into."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="methods")
    kind = models.CharField(_("kind"), max_length=10, choices=MethodKind.choices)
    type = models.CharField(_("type"), max_length=10, choices=MethodType.choices, default=MethodType.OTHER)
    label = models.CharField(_("label"), max_length=60, blank=True)
    value = models.CharField(_("value"), max_length=500)
    key = models.CharField(max_length=500, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("way to reach")
        verbose_name_plural = _("ways to reach")
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["contact", "kind", "key"], name="contactmethod_unique")]
        indexes = [models.Index(fields=["owner", "kind", "key"], name="contactmethod_owner_key")]

    def __str__(self) -> str:
        return self.value


class DuplicateReason(models.TextChoices):
    PROFILE = "profile", _("Same profile")
    EMAIL = "email", _("Same e-mail address")
    PHONE = "phone", _("Same phone number")
    NAME_COMPANY = "name_company", _("Same name and company")
    INITIAL_COMPANY = "initial_company", _("Same surname and initial, same company")
    SIMILAR_NAME = "similar_name", _("Very similar name, same company")
    SAME_NAME = "same_name", _("Same name, no company known")


class DuplicatePair(models.Model):
    """Two of a member's contacts that may be one person, as the last scan found them
    (contacts.duplicates); `first` has the lower id. Replaced as a whole by each scan."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    first = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=16, choices=DuplicateReason.choices)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "first", "second"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="duplicatepair_unique")]
        indexes = [
            models.Index(fields=["owner", "-score", "first", "second"], name="duplicatepair_owner_score"),
            models.Index(fields=["second"], name="duplicatepair_second"),
        ]


class NotSamePerson(models.Model):
    """The member said these two contacts are different people: never proposed again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    first = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="notsameperson_unique")]
        indexes = [
            models.Index(fields=["owner", "first"], name="notsameperson_owner"),
            models.Index(fields=["second"], name="notsameperson_second"),
        ]


class DuplicateScan(models.Model):
    """When the member's duplicates were last looked for, and whether a scan is queued."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    pairs = models.PositiveIntegerField(default=0)


class Merge(models.Model):
    """Two contacts made one: what the merge changed, so it can be undone for
    MERGE_UNDO_DAYS. `undo` holds the merged-away contact as it was, the kept contact's
    fields before, and the ids of every row moved or created (contacts.merging)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    kept = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, related_name="+")
    kept_name = models.CharField(max_length=310)
    merged_name = models.CharField(max_length=310)
    merged_contact_id = models.BigIntegerField()
    undo = models.JSONField(default=dict)
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [models.Index(fields=["owner", "-merged_at"], name="merge_owner_merged")]


class ColumnMapping(models.Model):
    """How the member mapped the columns of a CSV with this header (a hash of the header
    cells, in order), so the next file with the same header is mapped already."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    header_key = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "header_key"], name="columnmapping_unique")]
