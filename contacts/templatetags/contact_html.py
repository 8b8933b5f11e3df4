"""The repeated pieces of the contact pages (list rows, label badges, notes and
interactions), rendered in Python.

A 50-row list or a detail page with 40 notes and interactions spends most of its time
in per-item template overhead (includes, tag lookups, one reverse() per link); building
each item as a plain string, reversing each URL name once per page and translating each
word once per page keeps those pages within a few times the cost of an empty page
(bench/contacts_list.py). Each piece is the one source of its markup: the full pages and
the htmx fragments both use these tags.

Every value put into the markup goes through `_e()`: the same escaping as Django's
conditional_escape (html.escape, or a safe string's own `__html__()`), without the lazy-
string check format_html pays on each of the thousand-odd values a list page holds.
"""

from html import escape as _html_escape

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from ..models import Direction, InteractionKind

register = template.Library()

# Marked for makemessages here, translated once per page (_Items).
EDIT = gettext_noop("Edit")
DELETE = gettext_noop("Delete")
EDITED = gettext_noop("edited")
DELETE_NOTE = gettext_noop("Delete this note?")
DELETE_INTERACTION = gettext_noop("Delete this interaction?")

_KEY = 987654321987
_KEY_TEXT = str(_KEY)
ITEM_URLS = ("contacts:note_edit", "contacts:note_delete", "contacts:interaction_edit", "contacts:interaction_delete")


def _e(value) -> str:
    """`value` as HTML text: escaped, unless it is already safe markup."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html_escape(str(value))


def _cached(context, key, build):
    """A value computed once per page render (URL patterns, translated words)."""
    cache = context.render_context
    full_key = ("contact_html", key, get_language())
    if full_key not in cache:
        cache[full_key] = build()
    return cache[full_key]


class DateFormatter:
    """A date format (as in SHORT_DATE_FORMAT) written as dateformat.format() writes it, with the format string split once rather than for
    every date and the numeric parts written directly: 50 dates a page cost half of the
    rows' rendering through dateformat.format(). Month names and the a.m./p.m. parts
    are Django's own, looked up once per month or time of day."""

    NUMBERS = {
        "d": lambda value: "%02d" % value.day,
        "j": lambda value: str(value.day),
        "m": lambda value: "%02d" % value.month,
        "n": lambda value: str(value.month),
        "Y": lambda value: "%04d" % value.year,
        "y": lambda value: "%02d" % (value.year % 100),
        "H": lambda value: "%02d" % value.hour,
        "G": lambda value: str(value.hour),
        "i": lambda value: "%02d" % value.minute,
        "s": lambda value: "%02d" % value.second,
    }
    # Parts that depend on nothing but these attributes of the value.
    KEYS = {
        **dict.fromkeys("bEFMN", lambda value: value.month),
        **dict.fromkeys("aAP", lambda value: (value.hour, value.minute)),
    }

    def __init__(self, format_string: str):
        self.parts: list[tuple[str, str]] = []  # ("", text) or (format character, "")
        for index, piece in enumerate(dateformat.re_formatchars.split(str(format_string))):
            if index % 2:
                self.parts.append((piece, ""))
            elif piece:
                self.parts.append(("", dateformat.re_escaped.sub(r"\1", piece)))
        self.known: dict = {}

    def __call__(self, value) -> str:
        out = []
        django = None
        for character, text in self.parts:
            if not character:
                out.append(text)
            elif number := self.NUMBERS.get(character):
                out.append(number(value))
            elif key := self.KEYS.get(character):
                known_key = (character, key(value))
                if known_key not in self.known:
                    self.known[known_key] = str(getattr(dateformat.DateFormat(value), character)())
                out.append(self.known[known_key])
            else:
                django = django or dateformat.DateFormat(value)
                out.append(str(getattr(django, character)()))
        return "".join(out)


def _date_format(context, name: str) -> DateFormatter:
    """The date format `name` of the active language, prepared once per page."""
    return _cached(context, ("format", name), lambda: DateFormatter(formats.get_format(name)))


def _csrf_input(context) -> str:
    request = context.get("request")
    token = get_token(request) if request is not None else ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _badges(contact, known: dict) -> str:
    """A contact's label badges; `known` memoises each label's badge for the page."""
    labels = getattr(contact, "label_list", None)
    if labels is None:
        labels = contact.labels.all()
    parts = []
    for label in labels:
        badge = known.get(label.pk)
        if badge is None:
            badge = known[label.pk] = f'<span class="label-badge label-{_e(label.color)}">{_e(label.name)}</span>'
        parts.append(badge)
    return "".join(parts)


def _label_cell(contact, oob: bool, known: dict) -> str:
    return (
        f'<div id="labels-{contact.pk}" class="d-flex flex-wrap gap-1"'
        f'{" hx-swap-oob=\"true\"" if oob else ""}>{_badges(contact, known)}</div>'
    )


@register.simple_tag
def label_options(labels, selected=()) -> SafeString:
    """<option>s for the member's labels (rendered on every list request)."""
    return mark_safe(  # nosec B308 B703 (every value escaped by _e)
        "".join(
            f'<option value="{label.pk}"{" selected" if label.pk in selected else ""}>{_e(label.name)}</option>'
            for label in labels
        )
    )


@register.simple_tag
def label_cell(contact, oob: bool = False) -> SafeString:
    return mark_safe(_label_cell(contact, oob, {}))  # nosec B308 B703 (every value escaped by _e)


@register.simple_tag(takes_context=True)
def contact_rows(context, contacts) -> SafeString:
    detail = _cached(context, "contacts:detail", lambda: _e(reverse("contacts:detail", kwargs={"pk": _KEY})))
    date_format = _date_format(context, "SHORT_DATE_FORMAT")
    badges: dict = {}
    rows = []
    for contact in contacts:
        pk = contact.pk
        company = contact.company
        connected_on = contact.connected_on
        rows.append(
            "<tr>"
            f'<td><input type="checkbox" class="form-check-input" name="contacts" value="{pk}" form="bulk-form" '
            f'id="select-{pk}" aria-labelledby="name-{pk}"></td>'
            f'<td><a id="name-{pk}" href="{detail.replace(_KEY_TEXT, str(pk))}">{_e(contact)}</a></td>'
            f'<td class="small">{_e(contact.position)}'
            f"{f'<br><span class=\"text-body-secondary\">{_e(company)}</span>' if company else ''}</td>"
            f"<td>{_label_cell(contact, False, badges)}</td>"
            '<td class="d-none d-sm-table-cell small">'
            f"{_e(date_format(connected_on)) if connected_on else '–'}</td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # nosec B308 B703 (every value escaped by _e)


class _Items:
    """What every note and interaction on a page shares (URL patterns, translated words,
    date formats, the CSRF field), looked up once per tag rather than once per item."""

    def __init__(self, context):
        self.csrf = _csrf_input(context)
        self.delete, self.edit, self.edited, self.delete_note, self.delete_interaction = (
            _e(gettext(word)) for word in (DELETE, EDIT, EDITED, DELETE_NOTE, DELETE_INTERACTION)
        )
        self.datetime_format = _date_format(context, "SHORT_DATETIME_FORMAT")
        self.date_format = _date_format(context, "DATE_FORMAT")
        # get_FOO_display() would rebuild its choice map on every call.
        self.kinds = {key: _e(label) for key, label in InteractionKind.choices}
        self.directions = {key: _e(label) for key, label in Direction.choices}
        self.urls = {name: _e(reverse(name, kwargs={"pk": _KEY})) for name in ITEM_URLS}

    @staticmethod
    def page(context) -> "_Items":
        return _cached(context, "items", lambda: _Items(context))

    def url(self, name: str, pk: int) -> str:
        return self.urls[name].replace(_KEY_TEXT, str(pk))

    def delete_form(self, url: str, target: str, question: str) -> str:
        return (
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#{target}" hx-swap="outerHTML" '
            f'hx-confirm="{question}">{self.csrf}'
            f'<button type="submit" class="btn btn-link btn-sm p-0 text-danger">{self.delete}</button></form>'
        )

    def edit_link(self, url: str, target: str) -> str:
        return (
            f'<a class="btn btn-link btn-sm p-0" href="{url}" hx-get="{url}" hx-target="#{target}" '
            f'hx-swap="outerHTML">{self.edit}</a>'
        )

    def note(self, note) -> str:
        target = f"note-{note.pk}"
        created = timezone.localtime(note.created_at)  # the member's time zone, as the date filter would
        edited = f" <span>({self.edited})</span>" if note.edited else ""
        return (
            f'<li class="note card card-body p-2 mb-2" id="{target}">'
            f'<div class="text-prewrap">{_e(note.body)}</div>'
            '<div class="d-flex flex-wrap gap-2 align-items-center small text-body-secondary mt-1">'
            f'<time datetime="{created.isoformat()}">{_e(self.datetime_format(created))}</time>'
            f'{edited}<span class="ms-auto"></span>'
            f"{self.edit_link(self.url('contacts:note_edit', note.pk), target)}"
            f"{self.delete_form(self.url('contacts:note_delete', note.pk), target, self.delete_note)}"
            "</div></li>"
        )

    def interaction(self, interaction) -> str:
        target = f"interaction-{interaction.pk}"
        note = f'<div class="small text-prewrap mt-1">{_e(interaction.note)}</div>' if interaction.note else ""
        kind = self.kinds.get(interaction.kind) or _e(interaction.kind)
        direction = self.directions.get(interaction.direction) or _e(interaction.direction)
        delete_url = self.url("contacts:interaction_delete", interaction.pk)
        return (
            f'<li class="card card-body p-2 mb-2" id="{target}">'
            f'<div class="d-flex flex-wrap gap-2 align-items-center"><strong>{kind}</strong>'
            f'<span class="badge text-bg-light">{direction}</span>'
            f'<time class="small text-body-secondary ms-auto" datetime="{interaction.date.isoformat()}">'
            f"{_e(self.date_format(interaction.date))}</time></div>{note}"
            '<div class="d-flex gap-2 small mt-1">'
            f"{self.edit_link(self.url('contacts:interaction_edit', interaction.pk), target)}"
            f"{self.delete_form(delete_url, target, self.delete_interaction)}"
            "</div></li>"
        )


@register.simple_tag(takes_context=True)
def note_item(context, note) -> SafeString:
    return mark_safe(_Items.page(context).note(note))  # nosec B308 B703 (every value escaped by _e)


@register.simple_tag(takes_context=True)
def note_items(context, notes) -> SafeString:
    """All of a contact's notes: one tag for the list, not one per note."""
    items = _Items.page(context)
    return mark_safe("".join(items.note(note) for note in notes))  # nosec B308 B703 (escaped by _e)


@register.simple_tag(takes_context=True)
def interaction_item(context, interaction) -> SafeString:
    return mark_safe(_Items.page(context).interaction(interaction))  # nosec B308 B703 (every value escaped by _e)


@register.simple_tag(takes_context=True)
def interaction_items(context, interactions) -> SafeString:
    """All of a contact's interactions: one tag for the list, not one per interaction."""
    items = _Items.page(context)
    return mark_safe("".join(items.interaction(interaction) for interaction in interactions))  # nosec B308 B703
