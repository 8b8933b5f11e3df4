"""Starting background work with the broker down refuses clearly and changes nothing;
with the broker up the task is queued after commit. Real kombu transports: a Redis URL
nobody listens on, and the filesystem broker of the embedded default."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from contacts.models import Label
from netwerk.lib.background import (
    BackgroundUnavailable,
    background_available,
    enqueue_or_refuse,
    refuse_when_background_unavailable,
)
from netwerk.celery import app
from netwerk.models import WorkerHeartbeat
from netwerk.tasks import heartbeat

pytestmark = pytest.mark.django_db(transaction=True)


@refuse_when_background_unavailable
def start_work(request):
    """What an import view does: write the job, queue its task, in one transaction."""
    with transaction.atomic():
        Label.objects.create(owner=request.user, name="Started work")
        enqueue_or_refuse(heartbeat)
    return HttpResponse("started", status=202)


def post_as(member, language="en", htmx=False):
    request = RequestFactory().post("/start/", headers={"HX-Request": "true"} if htmx else {})
    request.user = member
    request.htmx = htmx
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override(language):
        return start_work(request)


def test_with_the_broker_down_starting_work_is_refused_clearly_and_changes_nothing(owner, dead_redis):
    assert background_available() is False
    labels = Label.objects.count()
    response = post_as(owner)
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Background work is unavailable right now" in html and "Nothing was changed" in html
    assert Label.objects.count() == labels
    assert WorkerHeartbeat.objects.count() == 0


def test_the_refusal_is_translated_and_has_an_htmx_fragment(owner, dead_redis):
    response = post_as(owner, language="nl", htmx=True)
    assert response.status_code == 503
    html = response.content.decode()
    assert "<html" not in html
    assert "Achtergrondwerk" in html


def test_enqueue_or_refuse_raises_before_anything_commits(owner, dead_redis):
    with pytest.raises(BackgroundUnavailable):
        with transaction.atomic():
            Label.objects.create(owner=owner, name="Half a state")
            enqueue_or_refuse(heartbeat)
    assert not Label.objects.filter(name="Half a state").exists()


def test_with_the_broker_up_the_task_is_queued_after_commit(owner, filesystem_broker):
    assert background_available() is True
    response = post_as(owner)
    assert response.status_code == 202
    assert Label.objects.filter(owner=owner, name="Started work").exists()
    queued = list(filesystem_broker.glob("*.msg"))
    assert len(queued) == 1
    assert "netwerk.tasks.heartbeat" in queued[0].read_text()


def test_nothing_is_queued_when_the_transaction_rolls_back(owner, filesystem_broker):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            enqueue_or_refuse(heartbeat)
            raise RuntimeError("the view failed after queueing")
    assert list(filesystem_broker.glob("*.msg")) == []


def test_in_process_tasks_are_always_available(owner):
    assert app.conf.task_always_eager
    assert background_available() is True
    with transaction.atomic():
        enqueue_or_refuse(heartbeat)
    assert WorkerHeartbeat.objects.count() == 1
