"""The Celery app, in the ecosystem's usual shape (cookiecutter-django's config/celery_app.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")

app = Celery("netwerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
