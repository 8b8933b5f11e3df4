"""The notes and interactions of a contact page, written in Python: the one fenced
exception to "markup lives in templates".

Why: bench/contacts_list.py --quick measured the detail page (20 notes, 20 interactions)
at 3.65x-3.85x of the baseline page with these items as template includes (the target is
3x) and at 2.3x with this helper. Per item the template paid ~30 node renders, two
reverse() calls and four translations; here each URL is reversed and each word translated
once per page. Everything else on the contact pages (list rows, label badges, forms) is
in templates/contacts/.

Values are escaped with Django's conditional_escape and dates written by Django's
date_format in the member's time zone. The single-item partials (partials/note.html and
partials/interaction.html, used by the htmx views) call the same tags, so the markup has
one source.
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ..models import Direction, InteractionKind

register = template.Library()

# A pk no row has: each item URL is reversed once per page with it and the item's pk put
# in its place (one reverse() per item cost 0.4x of the baseline page on its own).
_SAMPLE_PK = 987654321987


class _Page:
    """What every note and interaction of one page shares, computed once per render."""

    def __init__(self, context):
        request = context.get("request")
        token = escape(get_token(request)) if request is not None else ""
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        self.edit, self.delete, self.edited = escape(gettext("Edit")), escape(gettext("Delete")), escape(gettext("edited"))
        self.questions = {
            "note": escape(gettext("Delete this note?")),
            "interaction": escape(gettext("Delete this interaction?")),
        }
        self.urls = {}
        # get_FOO_display() builds its choice map on every call; these are built once.
        self.kinds = {value: escape(label) for value, label in InteractionKind.choices}
        self.directions = {value: escape(label) for value, label in Direction.choices}
        self.dates: dict = {}

    @staticmethod
    def of(context) -> "_Page":
        """One per page render: kept in the outermost render context (as Django's own
        include tag keeps its cache), which the included interactions section shares."""
        root = context.render_context.dicts[0]
        key = ("contact_items", get_language())
        if key not in root:
            root[key] = _Page(context)
        return root[key]

    def url(self, name: str, pk: int) -> str:
        if name not in self.urls:
            self.urls[name] = escape(reverse(name, kwargs={"pk": _SAMPLE_PK})).split(str(_SAMPLE_PK))
        before, after = self.urls[name]
        return f"{before}{pk}{after}"

    def date(self, day) -> str:
        if day not in self.dates:
            self.dates[day] = escape(date_format(day, "DATE_FORMAT"))
        return self.dates[day]

    def actions(self, kind: str, pk: int) -> str:
        target = f"{kind}-{pk}"
        edit = self.url(f"contacts:{kind}_edit", pk)
        delete = self.url(f"contacts:{kind}_delete", pk)
        return (
            f'<a class="btn btn-link btn-sm p-0" href="{edit}" hx-get="{edit}" hx-target="#{target}" '
            f'hx-swap="outerHTML">{self.edit}</a>'
            f'<form method="post" action="{delete}" hx-post="{delete}" hx-target="#{target}" hx-swap="outerHTML" '
            f'hx-confirm="{self.questions[kind]}">{self.csrf}'
            f'<button type="submit" class="btn btn-link btn-sm p-0 text-danger">{self.delete}</button></form>'
        )

    def note(self, note) -> str:
        created = timezone.localtime(note.created_at)
        edited = f" <span>({self.edited})</span>" if note.edited else ""
        return (
            f'<li class="note card card-body p-2 mb-2" id="note-{note.pk}">'
            f'<div class="text-prewrap">{escape(note.body)}</div>'
            '<div class="d-flex flex-wrap gap-2 align-items-center small text-body-secondary mt-1">'
            f'<time datetime="{created.isoformat()}">{escape(date_format(created, "SHORT_DATETIME_FORMAT"))}</time>'
            f'{edited}<span class="ms-auto"></span>{self.actions("note", note.pk)}</div></li>'
        )

    def interaction(self, interaction) -> str:
        note = f'<div class="small text-prewrap mt-1">{escape(interaction.note)}</div>' if interaction.note else ""
        return (
            f'<li class="card card-body p-2 mb-2" id="interaction-{interaction.pk}">'
            '<div class="d-flex flex-wrap gap-2 align-items-center">'
            f"<strong>{self.kinds.get(interaction.kind) or escape(interaction.kind)}</strong>"
            f'<span class="badge text-bg-light">{self.directions.get(interaction.direction) or escape(interaction.direction)}</span>'
            f'<time class="small text-body-secondary ms-auto" datetime="{interaction.date.isoformat()}">'
            f"{self.date(interaction.date)}</time></div>{note}"
            f'<div class="d-flex gap-2 small mt-1">{self.actions("interaction", interaction.pk)}</div></li>'
        )


@register.simple_tag(takes_context=True)
def note_item(context, note) -> SafeString:
    return mark_safe(_Page.of(context).note(note))  # nosec B308 B703 (every value escaped)


@register.simple_tag(takes_context=True)
def interaction_item(context, interaction) -> SafeString:
    return mark_safe(_Page.of(context).interaction(interaction))  # nosec B308 B703 (every value escaped)


@register.simple_tag(takes_context=True)
def note_items(context, notes) -> SafeString:
    page = _Page.of(context)
    return mark_safe("".join(page.note(note) for note in notes))  # nosec B308 B703 (every value escaped)


@register.simple_tag(takes_context=True)
def interaction_items(context, interactions) -> SafeString:
    page = _Page.of(context)
    return mark_safe("".join(page.interaction(item) for item in interactions))  # nosec B308 B703 (every value escaped)
