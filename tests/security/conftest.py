import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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
