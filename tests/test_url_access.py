"""Ownership and log-in, proven for every URL the project has, now and later.

The URL configuration is enumerated (tests/urlmap.py); each app teaches it how to
build its objects. A new URL with a key and no registry entry fails here."""

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.urls import reverse

from tests.urlmap import iter_routes, registries

OBJECT_URLS, PUBLIC_URLS, KWARG_URLS = registries()
ROUTES = list(iter_routes())
MEMBER_APPS = ("accounts", "contacts", "invitations", "asks", "reviews")


def snapshot() -> dict:
    """Every row of every member-data model, to prove a request changed nothing."""
    state = {}
    for app_label in MEMBER_APPS:
        for model in apps.get_app_config(app_label).get_models():
            state[model._meta.label] = sorted(
                (repr(sorted(model_to_dict(row).items(), key=lambda kv: kv[0])) for row in model.objects.all())
            )
    return state


def test_every_url_with_a_key_is_taught_to_the_access_tests():
    untaught = [
        route.name
        for route in ROUTES
        if route.has_kwargs and route.name not in OBJECT_URLS and route.name not in KWARG_URLS
    ]
    assert untaught == [], (
        "These URLs take a key but no tests/<app>/url_objects.py says how to build their object: "
        f"{untaught}. Add them to OBJECT_URLS (member objects) or KWARG_URLS (public, e.g. signed links)."
    )


def test_urls_with_non_object_keys_are_public():
    assert set(KWARG_URLS) <= PUBLIC_URLS


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_changes_nothing(client, owner, outsider, name, method):
    kwargs = OBJECT_URLS[name](owner)
    url = reverse(name, kwargs=kwargs)
    client.force_login(outsider)
    before = snapshot()
    response = getattr(client, method)(url, {"name": "x", "text": "x", "body": "x", "label": "1"})
    assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code} to an outsider"
    assert snapshot() == before, f"{method.upper()} {url} by an outsider changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(r.name for r in ROUTES if r.name not in PUBLIC_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_login(client, owner, name, method):
    builder = OBJECT_URLS.get(name)
    url = reverse(name, kwargs=builder(owner) if builder else None)
    before = snapshot()
    response = getattr(client, method)(url)
    assert response.status_code == 302, f"{method.upper()} {url} answered {response.status_code} to anonymous"
    assert response["Location"].startswith(reverse("login")), response["Location"]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_URLS - set(KWARG_URLS) - {"logout", "switch_language"}))
def test_public_pages_open_for_anonymous_visitors(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
