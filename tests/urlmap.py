"""Enumerates the URL configuration for the access tests.

Each app's test package teaches the enumeration its URLs in `tests/<app>/url_objects.py`:
- `OBJECT_URLS`: URL name -> function(owner) that creates the owner's object(s) and
  returns the URL kwargs that address them;
- `PUBLIC_URLS`: URL names an anonymous visitor may open;
- `KWARG_URLS`: URL name -> function(owner) returning kwargs for URLs whose key is not
  one object of the member's (signed tokens, say); such URLs must be public.
A URL with kwargs that no registry knows makes the access tests fail until it is taught.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# The admin has its own access tests (tests/contacts/test_admin.py); its URLs are Django's.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    has_kwargs: bool


def iter_routes() -> Iterator[Route]:
    def walk(patterns, namespace: str | None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                full_ns = ":".join(filter(None, [namespace, ns])) or None
                yield from walk(entry.url_patterns, full_ns)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield Route(name=name, has_kwargs=bool(entry.pattern.regex.groupindex))

    seen = set()
    for route in walk(get_resolver().url_patterns, None):
        if route.name not in seen:
            seen.add(route.name)
            yield route


def registries() -> tuple[dict[str, Callable], set[str], dict[str, Callable]]:
    object_urls: dict[str, Callable] = {}
    public_urls: set[str] = set()
    kwarg_urls: dict[str, Callable] = {}
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.url_objects")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module_info.name}.url_objects":
                raise
            continue
        object_urls.update(getattr(module, "OBJECT_URLS", {}))
        public_urls.update(getattr(module, "PUBLIC_URLS", set()))
        kwarg_urls.update(getattr(module, "KWARG_URLS", {}))
    return object_urls, public_urls, kwarg_urls
