from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per heartbeat task a Celery worker ran: proof that background work runs."""

    ran_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-ran_at"]
