import logging

import pytest
from django.core.cache import cache

from netwerk.celery import app as celery_app
from tests.factories import UserFactory

pytest_plugins = ["tests.smtp"]

# aiosmtpd logs every connection at INFO from its server thread, which can outlive a
# test: pytest has closed that test's captured stream by then, and logging prints a
# "--- Logging error ---" traceback into the run. Its warnings and errors still show.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(scope="session", autouse=True)
def _celery_runs_tasks_in_process():
    """The suite runs task code in the test process (the same functions a worker runs);
    .ci/run proves a real worker and beat against Redis separately."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploads go to a temporary folder; lock-outs and caches never leak between tests.
    (pytest-django's test environment points MAILERS at Django's outbox; a test that
    wants real SMTP starts tests.smtp's server and points MAILERS at it.)"""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test process its own in-memory cache: the file/Redis cache of settings.py is
    # shared between processes, and one xdist worker's clear() would wipe the other's.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client

