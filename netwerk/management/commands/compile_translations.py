"""Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python (polib).

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may lack;
the install step runs this instead, so the Dutch pages work everywhere."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) to .mo files without GNU gettext."
    # The install step runs this before any database exists (CI's PostgreSQL database is
    # created later); the model checks would connect to it (GeneratedField asks the server
    # its version).
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
