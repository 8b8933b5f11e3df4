import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.db import transaction
from django.urls import reverse

from netwerk.models import WorkerHeartbeat
from netwerk.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_mode_refuses_to_start_without_a_real_secret_key():
    result = manage("check", NETWERK_PRODUCTION="1")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_refuses_the_development_key():
    result = manage("check", NETWERK_PRODUCTION="1", SECRET_KEY="django-insecure-" + "x" * 60)
    assert result.returncode != 0


def test_production_mode_passes_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NETWERK_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="netwerk.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_asked():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_health_reports_database_and_broker_without_secrets(client, settings):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert settings.SECRET_KEY not in response.content.decode()


@pytest.mark.django_db
def test_health_says_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


@pytest.mark.django_db
def test_every_page_gets_a_fresh_csp_nonce(owner_client):
    first = owner_client.get(reverse("dashboard"))
    second = owner_client.get(reverse("dashboard"))
    policies = [r["Content-Security-Policy"] for r in (first, second)]
    for policy in policies:
        assert "'nonce-" in policy
        assert "object-src 'none'" in policy
        assert "base-uri 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
    assert policies[0] != policies[1]


def test_pages_load_no_asset_from_another_origin():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "cdn." not in text and "//unpkg" not in text and "jsdelivr" not in text, template
        assert "<script>" not in text and "onclick=" not in text and 'style="' not in text, template


@pytest.mark.django_db(transaction=True)
def test_tasks_queued_in_a_transaction_run_after_commit():
    with transaction.atomic():
        heartbeat.delay_on_commit()
        assert WorkerHeartbeat.objects.count() == 0
    assert WorkerHeartbeat.objects.count() == 1


def test_celery_is_configured_for_json_time_limits_and_late_acks(settings):
    from netwerk.celery import app

    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.task_acks_late is True
    if settings.REDIS_URL:
        assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
    else:
        assert app.conf.broker_url.startswith("filesystem")


class TestDockerCompose:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]

    def test_has_every_service(self):
        assert {"postgres", "redis", "web", "worker", "beat", "mail"} <= set(self.services)

    def test_web_worker_and_beat_share_one_definition(self):
        images = {self.services[name].get("build", {}).get("context") for name in ("web", "worker", "beat")}
        envs = [self.services[name]["environment"] for name in ("web", "worker", "beat")]
        assert images == {"."}
        assert envs[0] == envs[1] == envs[2]

    def test_environment_names_are_the_ones_settings_read(self):
        settings_text = (ROOT / "netwerk" / "settings.py").read_text()
        for name in self.services["web"]["environment"]:
            assert f'"{name}"' in settings_text, f"{name} is set in docker-compose.yml but settings never read it"
        env = self.services["web"]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert env["EMAIL_HOST"] == "mail"

    def test_commands(self):
        assert "gunicorn" in self.services["web"]["command"] and "migrate" in self.services["web"]["command"]
        assert "collectstatic" in self.services["web"]["command"]
        assert "celery -A netwerk worker" in self.services["worker"]["command"]
        assert "celery -A netwerk beat" in self.services["beat"]["command"]
        assert self.services["beat"].get("deploy", {}).get("replicas", 1) == 1
