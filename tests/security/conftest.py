import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import kombu.pools
import pytest

from netwerk.celery import app
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SECURITY_SETTING_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_", "X_FRAME_")

_DUMP = f"""
import json
from django.conf import settings
names = [n for n in dir(settings) if n.startswith({SECURITY_SETTING_PREFIXES!r})]
print(json.dumps({{n: getattr(settings, n) for n in names}}, default=str))
"""


@pytest.fixture(scope="session")
def production_security_settings() -> dict:
    """The security settings exactly as settings.py computes them with NETWERK_PRODUCTION=1
    (read from a real production-mode process, so the tests never restate them)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(NETWERK_PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(64), DEBUG="0")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _DUMP],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"], "production mode did not turn HSTS on"
    return values


@pytest.fixture
def production(settings, production_security_settings):
    """Django settings switched to production's security settings for this test."""
    for name, value in production_security_settings.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" and value else value)
    return settings


def use_broker(url: str, options: dict | None = None) -> None:
    app.conf.broker_url = url
    app.conf.broker_transport_options = options or {}
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker():
    """Tasks go through a real broker (not in-process) for the test; restored after."""
    saved = (app.conf.task_always_eager, app.conf.broker_url, dict(app.conf.broker_transport_options))
    app.conf.task_always_eager = False
    yield use_broker
    app.conf.task_always_eager = saved[0]
    use_broker(saved[1], saved[2])


@pytest.fixture
def dead_redis(real_broker):
    real_broker(f"redis://127.0.0.1:{free_port()}/0", {"max_retries": 1})


@pytest.fixture
def filesystem_broker(real_broker, tmp_path) -> Path:
    folder = tmp_path / "broker"
    (folder / "processed").mkdir(parents=True)
    real_broker(
        "filesystem://",
        {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
        },
    )
    return folder
