#!/usr/bin/env python
"""Fill locale/nl/LC_MESSAGES/django.po from JSON fragments (msgid -> Dutch msgstr).

Used while several people add strings at once: each writes its own fragment in
locale/nl/fragments/, then `manage.py makemessages -l nl` and this script bring the
catalogue up to date without merge conflicts. Prints the msgids still untranslated.
Plural entries take a list of two strings."""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def main() -> int:
    translations: dict = {}
    for fragment in sorted((ROOT / "locale" / "nl" / "fragments").glob("*.json")):
        translations.update(json.loads(fragment.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO), wrapwidth=79)
    catalogue.metadata.update(
        {
            "Language": "nl",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        value = translations.get(entry.msgid)
        if value is not None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.translated():
            missing.append(entry.msgid)
    catalogue.save(str(PO))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
