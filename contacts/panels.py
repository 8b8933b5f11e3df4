"""Sections other apps add to the contact page, without contacts knowing those apps.

An app higher up (asks, say) registers a Panel in its AppConfig.ready(): a template and
a function (request, contact) -> context dict, called once per page view. The contact
page renders every registered panel in registration order, each with its own context
as `panel`. A panel's function must take a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest, object], dict]


@dataclass(frozen=True)
class RenderedPanel:
    name: str
    template: str
    panel: dict


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add (or, under the same name, replace) a section of the contact page."""
    _panels[panel.name] = panel


def panels_for(request: HttpRequest, contact) -> list[RenderedPanel]:
    return [RenderedPanel(p.name, p.template, p.context(request, contact)) for p in _panels.values()]
