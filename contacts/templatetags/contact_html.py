"""The repeated pieces of the contact pages (list rows, label badges, notes and
interactions), rendered in Python.

A 50-row list or a detail page with 40 notes and interactions spends most of its time
in per-item template overhead (includes, tag lookups, one reverse() per link); building
each item with format_html, reversing each URL name once per page and translating each
word once per page keeps those pages within a few times the cost of an empty page
(bench/contacts_list.py). Each piece is the one source of its markup: the full pages and
the htmx fragments both use these tags.
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from ..models import Direction, InteractionKind

register = template.Library()

# Marked for makemessages here, translated once per page by _text().
EDIT = gettext_noop("Edit")
DELETE = gettext_noop("Delete")
EDITED = gettext_noop("edited")
DELETE_NOTE = gettext_noop("Delete this note?")
DELETE_INTERACTION = gettext_noop("Delete this interaction?")

_KEY = 987654321987


def _cached(context, key, build):
    """A value computed once per page render (URL patterns, translated words)."""
    cache = context.render_context
    full_key = ("contact_html", key, get_language())
    if full_key not in cache:
        cache[full_key] = build()
    return cache[full_key]


def _url(context, name: str, pk: int) -> str:
    pattern = _cached(context, name, lambda: reverse(name, kwargs={"pk": _KEY}))
    return pattern.replace(str(_KEY), str(pk))


def _text(context, word: str) -> str:
    return _cached(context, ("text", word), lambda: gettext(word))


def _choice(context, choices, value: str) -> str:
    """A choice's translated label (get_FOO_display() rebuilds its choice map on every call)."""
    labels = _cached(context, choices.__name__, lambda: {key: str(label) for key, label in choices.choices})
    return labels.get(value, value)


def _csrf_input(context) -> SafeString:
    def build():
        request = context.get("request")
        token = get_token(request) if request is not None else ""
        return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)

    return _cached(context, "csrf", build)


def badges(contact) -> SafeString:
    labels = getattr(contact, "label_list", None)
    if labels is None:
        labels = contact.labels.all()
    return format_html_join("", '<span class="label-badge label-{}">{}</span>', ((lab.color, lab.name) for lab in labels))


@register.simple_tag
def label_options(labels, selected=()) -> SafeString:
    """<option>s for the member's labels (rendered on every list request)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((label.pk, mark_safe(" selected") if label.pk in selected else "", label.name) for label in labels),  # nosec B308 (a constant attribute)
    )


@register.simple_tag
def label_cell(contact, oob: bool = False) -> SafeString:
    return format_html(
        '<div id="labels-{}" class="d-flex flex-wrap gap-1"{}>{}</div>',
        contact.pk,
        mark_safe(' hx-swap-oob="true"') if oob else "",  # nosec B308 (a constant attribute)
        badges(contact),
    )


@register.simple_tag(takes_context=True)
def contact_rows(context, contacts) -> SafeString:
    rows = []
    for contact in contacts:
        pk = contact.pk
        rows.append(
            format_html(
                "<tr>"
                '<td><input type="checkbox" class="form-check-input" name="contacts" value="{}" form="bulk-form" '
                'id="select-{}" aria-labelledby="name-{}"></td>'
                '<td><a id="name-{}" href="{}">{}</a></td>'
                '<td class="small">{}{}</td>'
                "<td>{}</td>"
                '<td class="d-none d-sm-table-cell small">{}</td>'
                "</tr>",
                pk,
                pk,
                pk,
                pk,
                _url(context, "contacts:detail", pk),
                contact,
                contact.position,
                format_html('<br><span class="text-body-secondary">{}</span>', contact.company) if contact.company else "",
                label_cell(contact),
                formats.date_format(contact.connected_on, "SHORT_DATE_FORMAT") if contact.connected_on else "–",
            )
        )
    return mark_safe("\n".join(rows))  # nosec B308 B703 (rows built escaped)


def _delete_form(context, url: str, target: str, question: str) -> SafeString:
    return format_html(
        '<form method="post" action="{}" hx-post="{}" hx-target="#{}" hx-swap="outerHTML" hx-confirm="{}">{}'
        '<button type="submit" class="btn btn-link btn-sm p-0 text-danger">{}</button></form>',
        url,
        url,
        target,
        question,
        _csrf_input(context),
        _text(context, DELETE),
    )


def _edit_link(context, url: str, target: str) -> SafeString:
    return format_html(
        '<a class="btn btn-link btn-sm p-0" href="{}" hx-get="{}" hx-target="#{}" hx-swap="outerHTML">{}</a>',
        url,
        url,
        target,
        _text(context, EDIT),
    )


@register.simple_tag(takes_context=True)
def note_item(context, note) -> SafeString:
    target = f"note-{note.pk}"
    created = timezone.localtime(note.created_at)  # the member's time zone, as the date filter would
    return format_html(
        '<li class="note card card-body p-2 mb-2" id="{}">'
        '<div class="text-prewrap">{}</div>'
        '<div class="d-flex flex-wrap gap-2 align-items-center small text-body-secondary mt-1">'
        '<time datetime="{}">{}</time>{}<span class="ms-auto"></span>{}{}'
        "</div></li>",
        target,
        note.body,
        created.isoformat(),
        formats.date_format(created, "SHORT_DATETIME_FORMAT"),
        format_html(" <span>({})</span>", _text(context, EDITED)) if getattr(note, "edited", False) else "",
        _edit_link(context, _url(context, "contacts:note_edit", note.pk), target),
        _delete_form(
            context, _url(context, "contacts:note_delete", note.pk), target, _text(context, DELETE_NOTE)
        ),
    )


@register.simple_tag(takes_context=True)
def interaction_item(context, interaction) -> SafeString:
    target = f"interaction-{interaction.pk}"
    return format_html(
        '<li class="card card-body p-2 mb-2" id="{}">'
        '<div class="d-flex flex-wrap gap-2 align-items-center"><strong>{}</strong>'
        '<span class="badge text-bg-light">{}</span>'
        '<time class="small text-body-secondary ms-auto" datetime="{}">{}</time></div>{}'
        '<div class="d-flex gap-2 small mt-1">{}{}</div></li>',
        target,
        _choice(context, InteractionKind, interaction.kind),
        _choice(context, Direction, interaction.direction),
        interaction.date.isoformat(),
        formats.date_format(interaction.date, "DATE_FORMAT"),
        format_html('<div class="small text-prewrap mt-1">{}</div>', interaction.note) if interaction.note else "",
        _edit_link(context, _url(context, "contacts:interaction_edit", interaction.pk), target),
        _delete_form(
            context,
            _url(context, "contacts:interaction_delete", interaction.pk),
            target,
            _text(context, DELETE_INTERACTION),
        ),
    )
