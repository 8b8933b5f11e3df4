"""Starting background work, or saying clearly that it cannot start.

A view that starts background work (an import, say) must not leave half a state when the
broker (Redis) is down. The pattern:

    @login_required
    @refuse_when_background_unavailable
    def import_start(request):
        ...
        with transaction.atomic():
            job = ImportJob.objects.create(...)
            enqueue_or_refuse(run_import, job.pk)
        return redirect(...)

`enqueue_or_refuse` checks the broker *inside* the transaction, before anything commits: if
the broker cannot be reached it raises `BackgroundUnavailable`, the transaction rolls back
(nothing changed) and the decorator answers a 503 page (or htmx fragment) with a translated
message. When the broker is reachable the task is queued after commit, as every task is.
"""

from collections.abc import Callable
from functools import wraps

from celery import Task, current_app
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

# A web request must not hang on a dead broker: one quick try, then refuse.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class BackgroundUnavailable(Exception):
    message = _(
        "Background work is unavailable right now, so this cannot start. Nothing was changed. "
        "Please try again in a few minutes."
    )

    def __str__(self) -> str:
        return str(self.message)


def background_available() -> bool:
    """Can a task be queued right now? (Always, when tasks run in-process.)"""
    app = current_app  # the project's Celery app (netwerk/celery.py), without importing the top package
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except (BrokerError, OSError):
        return False


def enqueue_or_refuse(task: Task, *args, **kwargs) -> None:
    """Queue `task` when the current transaction commits, or raise `BackgroundUnavailable`
    now (rolling the caller's transaction back) if the broker cannot be reached."""
    if not background_available():
        raise BackgroundUnavailable()

    def publish() -> None:
        try:
            task.apply_async(args, kwargs, retry_policy=PUBLISH_RETRY_POLICY)
        except BrokerError as error:  # the broker went away between the check and the commit
            raise BackgroundUnavailable() from error

    transaction.on_commit(publish)


def background_unavailable_response(request: HttpRequest) -> HttpResponse:
    template = "partials/background_unavailable.html" if getattr(request, "htmx", False) else "background_unavailable.html"
    response = render(request, template, {"message": BackgroundUnavailable.message}, status=503)
    response["Retry-After"] = "60"
    return response


def refuse_when_background_unavailable(view: Callable) -> Callable:
    """Answer `BackgroundUnavailable` (and a broker error from a bare `.delay()`) with a
    clear 503 instead of a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (BackgroundUnavailable, BrokerError):
            return background_unavailable_response(request)

    return wrapper
