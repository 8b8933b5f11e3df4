"""Requests at the same moment, each on its own database connection: how the suite
proves that a double click, two tabs or six parallel POSTs make one decision. Real
concurrent writers need PostgreSQL (SQLite's in-memory test database answers "table is
locked" instead of waiting), so the tests using this run in CI's PostgreSQL pass."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def parallel(test):
    """Mark a test that runs real concurrent writers (PostgreSQL only)."""
    test = pytest.mark.django_db(transaction=True)(test)
    test = pytest.mark.skipif(not ON_POSTGRESQL, reason="parallel writers need PostgreSQL (CI's second run)")(test)
    return pytest.mark.postgres(test)


def post_at_once(user, url: str, data: dict, *, times: int = 6, **headers) -> list:
    """`times` clients (signed in as `user`, or anonymous for None) POST `url` at once;
    their status codes, or the exception a request raised, sorted."""
    barrier = threading.Barrier(times)
    statuses: list = []

    def worker():
        client = Client()
        if user is not None:
            client.force_login(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, data, **headers).status_code)
        except Exception as error:  # reported in the assertion, never swallowed
            statuses.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(statuses, key=str)
