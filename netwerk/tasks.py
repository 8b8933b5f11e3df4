from celery import shared_task
from django.utils import timezone

from netwerk.models import WorkerHeartbeat


@shared_task(name="netwerk.tasks.heartbeat", ignore_result=True)
def heartbeat() -> int:
    """Record that a worker ran a task: beat sends it, CI and /health/ read it."""
    return WorkerHeartbeat.objects.create(ran_at=timezone.now()).pk
