from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from netwerk.lib.forms import ModelMultipleIdsField

from .reciprocity import ReciprocityKind
from .validation import email_field, phone_field, website_field
from .widgets import IntroducerPicker
from .models import (
    Contact,
    ContactSource,
    Interaction,
    KeyDate,
    Label,
    LabelKind,
    Note,
    normalize_profile_url,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


class ContactForm(forms.ModelForm):
    # The import checks these values with the same fields (contacts.validation).
    website = website_field(label=_("Website"), required=False)
    email = email_field(label=_("E-mail address"), required=False, help_text=_("As shared on LinkedIn."))
    private_email = email_field(label=_("Private e-mail"), required=False)
    phone = phone_field(
        label=_("Phone"),
        required=False,
        help_text=_("Dutch numbers such as 06-12345678 are understood; other countries start with +."),
    )
    labels = ModelMultipleIdsField(
        label=_("Labels"), queryset=Label.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "position",
            "company",
            "profile_url",
            "email",
            "connected_on",
            "source",
            "labels",
            "website",
            "private_email",
            "phone",
            "how_we_met",
            "introduced_by",
            "keep_in_touch_days",
        ]
        widgets = {
            "connected_on": DateInput(),
            "how_we_met": forms.Textarea(attrs={"rows": 3}),
            "introduced_by": IntroducerPicker(),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["labels"].queryset = Label.objects.owned_by(owner).order_by(Lower("name"))
        introducers = Contact.objects.owned_by(owner).active().only(
            "first_name", "last_name", "profile_url", "company", "position"
        )
        if self.instance.pk:
            introducers = introducers.exclude(pk=self.instance.pk)
            self.initial.setdefault("labels", list(self.instance.labels.values_list("pk", flat=True)))
        self.fields["introduced_by"].queryset = introducers
        picker = self.fields["introduced_by"].widget
        picker.queryset, picker.exclude = introducers, self.instance.pk

    def clean_profile_url(self) -> str:
        url = normalize_profile_url(self.cleaned_data.get("profile_url", ""))
        error = self.duplicate_profile_url_error(url)
        if error is not None:
            raise error
        return url

    def duplicate_profile_url_error(self, url: str | None = None) -> forms.ValidationError | None:
        """The error when another of the member's contacts has this profile URL."""
        url = self.cleaned_data.get("profile_url", "") if url is None else url
        if not url:
            return None
        twin = Contact.objects.owned_by(self.owner).filter(profile_url=url).exclude(pk=self.instance.pk).first()
        if twin is None:
            return None
        return forms.ValidationError(
            _("You already have a contact with this profile URL: %(name)s."),
            code="duplicate_profile_url",
            params={"name": twin},
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("first_name", "last_name", "profile_url")):
            raise forms.ValidationError(_("Give at least a name or a profile URL."), code="empty_contact")
        return cleaned

    def save(self, commit: bool = True) -> Contact:
        contact = super().save(commit=False)
        contact.owner = self.owner
        if commit:
            contact.save()
            contact.labels.set(self.cleaned_data["labels"])
        return contact


class LabelForm(forms.ModelForm):
    class Meta:
        model = Label
        fields = [
            "name", "color", "kind", "description", "keep_in_touch_days", "restricts_contact", "restricts_contact_until",
        ]
        widgets = {"restricts_contact_until": DateInput()}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if self.instance.pk and self.instance.is_review:
            # The review label stays the review label: only its name, colour and text change.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("The review label keeps its kind.")
        else:
            self.fields["kind"].choices = [c for c in LabelKind.choices if c[0] != LabelKind.REVIEW]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the label a name."), code="required")
        taken = Label.objects.owned_by(self.owner).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("You already have a label called “%(name)s” (names ignore upper and lower case)."),
                code="duplicate_name",
                params={"name": name},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("restricts_contact_until") and not cleaned.get("restricts_contact"):
            self.add_error(
                "restricts_contact_until",
                _("An end date only applies when the contract restricts contact; tick that box too."),
            )
        return cleaned

    def save(self, commit: bool = True) -> Label:
        label = super().save(commit=False)
        label.owner = self.owner
        if commit:
            label.save()
        return label


class LabelMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Label.objects.none(),
        help_text=_("Every contact of this label gets the label you choose; then this label is deleted."),
    )

    def __init__(self, *args, owner, source: Label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Label.objects.owned_by(owner).exclude(pk=source.pk).order_by(Lower("name"))


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"})}
        error_messages = {"body": {"required": _("A note cannot be empty.")}}


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "kind", "direction", "note"]
        widgets = {
            "date": DateInput(attrs={"class": "form-control form-control-sm"}),
            "kind": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "direction": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "note": forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        }


class BulkLabelForm(forms.Form):
    ADD = "add"
    REMOVE = "remove"

    label = forms.ModelChoiceField(label=_("Label"), queryset=Label.objects.none())
    operation = forms.ChoiceField(choices=[(ADD, _("Add label")), (REMOVE, _("Remove label"))])
    contacts = ModelMultipleIdsField(
        queryset=Contact.objects.none(),
        error_messages={"required": _("Select at least one contact.")},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].queryset = Label.objects.owned_by(owner)
        self.fields["contacts"].queryset = Contact.objects.owned_by(owner).active()


class SortOrder:
    CHOICES = [
        ("name", _("Name (A–Z)")),
        ("-name", _("Name (Z–A)")),
        ("company", _("Company")),
        ("-connected", _("Connected most recently")),
        ("connected", _("Connected longest ago")),
        ("-added", _("Added most recently")),
    ]
    ORDER_BY = {
        "name": Contact.NAME_ORDER,
        "-name": tuple(f"-{field}" for field in Contact.NAME_ORDER),
        "company": ("company", *Contact.NAME_ORDER),
        "-connected": ("-connected_on", "-id"),
        "connected": ("connected_on", "id"),
        "-added": ("-created_at", "-id"),
    }


class KnownLabels:
    """A choice field over the member's labels that checks a value against a set of their
    ids. The list builds its filter form on every request and renders the options itself;
    60 labels as choices cost more to normalise and copy than the rest of the form."""

    known: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return str(value) in self.known


class LabelIdsField(KnownLabels, forms.TypedMultipleChoiceField):
    pass


class LabelIdField(KnownLabels, forms.TypedChoiceField):
    pass


class ContactFilterForm(forms.Form):
    """The list's search and filters. The labels a value may name come from the labels the
    view already fetched, so the form itself runs no query."""

    ALL = "all"
    ANY = "any"

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    labels = LabelIdsField(label=_("Labels"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    match = forms.ChoiceField(
        label=_("Match"),
        choices=[(ALL, _("all of the chosen labels")), (ANY, _("any of the chosen labels"))],
        required=False,
        initial=ALL,
        widget=forms.RadioSelect,
    )
    # A single label from a link (the dashboard's label tile): folded into `labels`.
    label = LabelIdField(label=_("Label"), coerce=int, required=False, empty_value=None)
    unlabelled = forms.BooleanField(label=_("Only contacts without labels"), required=False)
    labelled = forms.BooleanField(label=_("Only contacts with a label"), required=False)
    reciprocity = forms.ChoiceField(
        label=_("Reciprocity"), choices=[("", _("Any"))] + ReciprocityKind.CHOICES, required=False
    )
    connected = forms.DateField(
        label=_("Joined your network in"), required=False, input_formats=["%Y-%m"], widget=forms.DateInput(format="%Y-%m")
    )
    source = forms.MultipleChoiceField(
        label=_("Source"), choices=ContactSource.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    disconnected = forms.BooleanField(label=_("Only contacts no longer connected on LinkedIn"), required=False)
    connected_from = forms.DateField(label=_("Connected on or after"), required=False, widget=DateInput())
    connected_to = forms.DateField(label=_("Connected on or before"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Sort by"), choices=SortOrder.CHOICES, required=False, initial="name")

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        known = frozenset(str(label.pk) for label in labels)
        self.fields["labels"].known = self.fields["label"].known = known

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("connected_from"), cleaned.get("connected_to")
        if start and end and start > end:
            self.add_error("connected_to", _("The end of the range lies before its start."))
        if cleaned.get("label") is not None:
            cleaned["labels"] = list(dict.fromkeys([*(cleaned.get("labels") or []), cleaned["label"]]))
        if cleaned.get("labelled") and cleaned.get("unlabelled"):
            self.add_error("labelled", _("Choose either with a label or without labels, not both."))
        return cleaned



class KeyDateForm(forms.ModelForm):
    no_year = forms.BooleanField(label=_("year unknown"), required=False,
                                 help_text=_("Pick the day in any year: it comes back every year, shown without one."))

    class Meta:
        model = KeyDate
        fields = ["name", "date", "yearly"]
        widgets = {"date": DateInput()}
        error_messages = {
            "date": {"invalid": _("Enter a real date, such as 1985-03-31.")},
            "name": {"required": _("Say what the date is (a birthday, “started at ASML”).")},
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Say what the date is (a birthday, “started at ASML”)."), code="required")
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        when = cleaned.get("date")
        if when and (cleaned.get("no_year") or when.year <= KeyDate.NO_YEAR):
            # A day without a year can only come back every year (year 4 is a leap year).
            cleaned["date"] = when.replace(year=KeyDate.NO_YEAR)
            cleaned["yearly"] = True
        return cleaned
