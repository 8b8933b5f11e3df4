"""Dutch is complete: every string in the catalogue translated, none fuzzy, and the
catalogue covers every string the code and templates mark."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_dutch_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"


def test_dutch_catalogue_covers_every_marked_string(tmp_path):
    """makemessages over a copy of the sources: every msgid it finds is in the catalogue."""
    tree = tmp_path / "src"
    tree.mkdir()
    for path in ROOT.iterdir():
        if path.name in {"manage.py", "templates"} or (path / "__init__.py").exists() or path.name == "netwerk":
            if path.is_dir():
                shutil.copytree(path, tree / path.name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
            else:
                shutil.copy(path, tree / path.name)
    shutil.rmtree(tree / "tests", ignore_errors=True)
    (tree / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location", "-v0"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    assert result.returncode == 0, result.stderr
    extracted = {e.msgid for e in polib.pofile(str(tree / "locale/nl/LC_MESSAGES/django.po")) if e.msgid}
    known = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    assert sorted(extracted - known) == [], "run makemessages -l nl and translate the new strings"
