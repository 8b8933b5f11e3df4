"""Importing the settings has no side effects on disk: the embedded default's folders are
made on start-up (netwerk.apps), so tools that only read settings create nothing."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import pathlib, os
made = []
pathlib.Path.mkdir = lambda self, *a, **k: made.append(str(self))
os.makedirs = lambda name, *a, **k: made.append(str(name))
os.mkdir = lambda name, *a, **k: made.append(str(name))
os.environ.pop("REDIS_URL", None)  # the embedded default has the most folders
import netwerk.settings
print(repr(made))
"""


def test_importing_the_settings_makes_no_folder():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_start_up_makes_the_embedded_folders():
    assert settings.EMBEDDED_FOLDERS
    assert all(folder.is_dir() for folder in settings.EMBEDDED_FOLDERS)
