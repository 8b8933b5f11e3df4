"""The error pages speak the visitor's language, without touching the database."""

import pytest
from django.db import OperationalError
from django.utils import translation

from netwerk.views import server_error


def render_error(rf, error: Exception, language: str):
    with translation.override(language):
        try:
            raise error
        except Exception:
            return server_error(rf.get("/"))


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "De database is even niet bereikbaar"), ("en", "The database cannot be reached right now")],
)
def test_unreachable_database_page_in_the_visitors_language(rf, language, text):
    # No django_db mark: pytest-django makes any database access here an error.
    response = render_error(rf, OperationalError("connection refused"), language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(("language", "text"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")])
def test_server_error_page_in_the_visitors_language(rf, language, text):
    response = render_error(rf, ValueError("bug"), language)
    assert response.status_code == 500
    assert text in response.content.decode()
