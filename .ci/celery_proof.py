"""Proves background work really runs: beat schedules the heartbeat, Redis carries it,
a separate worker process runs it and writes to PostgreSQL. Exit 1 when it does not."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from netwerk.models import WorkerHeartbeat  # noqa: E402

started = timezone.now()
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    beats = WorkerHeartbeat.objects.filter(ran_at__gte=started).count()
    if beats >= 2:
        print(f"celery: worker ran {beats} heartbeat tasks sent by beat through Redis")
        sys.exit(0)
    time.sleep(1)
print("celery: no heartbeat from the worker within 90 s (see artifacts/celery-*.log)")
sys.exit(1)
