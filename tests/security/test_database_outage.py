"""With the database unreachable, pages answer a clean 503 (also when the error is raised
in a middleware, before any view runs) and /health/ says the database is down. The
connection is really broken (an address where no database is), no mock.
bench/pg_restart.py proves the same against a PostgreSQL that really restarts."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def database_unreachable(tmp_path):
    saved = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        # The in-memory test database lives only as long as its connection: put it aside
        # (not closed) and point Django at a file it cannot open.
        connection.ensure_connection()
        kept = connection.connection
        connection.connection = None
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        kept = None
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        if kept is None:
            connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if kept is not None:
            connection.connection = kept


@pytest.fixture
def signed_in(owner):
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client


def assert_clean_503(response):
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    # In the visitor's language (LocaleMiddleware needs no database): Dutch by default.
    assert "briefly unavailable" in html or "even niet bereikbaar" in html
    assert "Traceback" not in html and "OperationalError" not in html and "Exception" not in html


def test_a_page_answers_a_clean_503_when_the_database_is_unreachable(signed_in, tmp_path):
    with database_unreachable(tmp_path):
        # The session is read in the middleware (authentication, member preferences),
        # so the error is raised before the view: the 503 must come from there too.
        assert_clean_503(signed_in.get(reverse("dashboard")))
        assert_clean_503(signed_in.get(reverse("contacts:list"), headers={"HX-Request": "true"}))
        assert_clean_503(signed_in.post(reverse("switch_language"), {"language": "en"}))


def test_health_says_the_database_is_down(client, tmp_path):
    with database_unreachable(tmp_path):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_pages_work_again_when_the_database_is_back(signed_in, tmp_path):
    with database_unreachable(tmp_path):
        assert_clean_503(signed_in.get(reverse("dashboard")))
    assert signed_in.get(reverse("dashboard")).status_code == 200
    assert signed_in.get(reverse("health")).json()["database"] == "ok"
