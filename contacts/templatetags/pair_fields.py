"""The pairs of the possible-duplicates page, written in Python: a second fenced
exception to "markup lives in templates", for the same reason as contact_items.

bench/duplicates.py measured the page (50 pairs, about six field rows each) at 4.6x of
the baseline page with each pair as template markup (the target is 4x): each pair paid
about forty variable renders, 2,000 a page; with the field rows alone written here it was
3.9x-4.1x, and with the whole pair 3.3x-3.5x. The page around the pairs (heading, scan
state, pagination) is in templates/contacts/duplicates.html.

Every value is a plain string (never marked safe) escaped with html.escape, which is
what Django's own escape calls; the words are translated once per page and the values
worked out by contacts.views_duplicates.PairRows.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def pair_card(row: dict, words: dict) -> SafeString:
    """One pair: the reason, the answers (merge, not the same person) and both contacts
    side by side, the fields that differ marked."""
    cells = []
    for label, one, other, differs in row["fields"]:
        css = ' class="table-warning"' if differs else ""
        cells.append(
            f'<tr{css}><th scope="row" class="small text-body-secondary fw-normal">{escape(label)}</th>'
            f'<td class="text-break">{escape(one)}</td><td class="text-break">{escape(other)}</td></tr>'
        )
    return mark_safe(  # nosec B308 B703 (every value escaped)
        f'<li class="card mb-3" data-pair="{row["key"]}">'
        '<div class="card-header d-flex flex-wrap gap-2 align-items-center">'
        f'<span class="me-auto"><span class="badge text-bg-{row["badge"]}">{escape(row["reason"])}</span></span>'
        f'<a class="btn btn-sm btn-primary" href="{escape(row["merge_url"])}">{escape(words["merge"])}</a>'
        f'<button type="submit" form="pair-answers" formaction="{escape(row["different_url"])}" '
        f'class="btn btn-sm btn-outline-secondary">{escape(words["different"])}</button></div>'
        '<div class="table-responsive"><table class="table table-sm mb-0 align-top"><thead><tr>'
        f'<th scope="col" class="w-25"><span class="visually-hidden">{escape(words["field"])}</span></th>'
        f'<th scope="col"><a href="{escape(row["first_url"])}">{escape(row["first_name"])}</a></th>'
        f'<th scope="col"><a href="{escape(row["second_url"])}">{escape(row["second_name"])}</a></th>'
        f'</tr></thead><tbody>{"".join(cells)}</tbody></table></div></li>'
    )
