"""python manage.py export_contacts USERNAME PATH"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from contacts import hooks
from contacts.exporting import iter_vcards, write_contacts_csv


class Command(BaseCommand):
    help = (
        "Write a member's active contacts as CSV (labels, notes and private details included; "
        "Netwerk imports it again). --format vcard writes vCard 4.0, --format account the full account zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("path", help="Where to write; - for standard output (CSV and vCard only).")
        parser.add_argument("--format", choices=["csv", "vcard", "account"], default="csv")

    def handle(self, *args, username: str, path: str, format: str, **options) -> None:
        owner = get_user_model().objects.filter(username=username).first()
        if owner is None:
            raise CommandError(f"No member with username {username!r}.")
        if path == "-" and format == "account":
            raise CommandError("The account export is a zip; give a file path.")
        target = Path(path)
        if path != "-" and not target.parent.is_dir():
            raise CommandError(f"{target.parent}: no such folder.")
        if format == "account":
            if not hooks.account_export:
                raise CommandError("The account export needs the netwerk app (INSTALLED_APPS).")
            write_account_export = hooks.account_export[0]
            with target.open("wb") as out:
                counts = write_account_export(owner, out)
            self.stderr.write(f"Wrote {sum(counts.values())} rows from {len(counts)} models to {target}.")
            return
        out = sys.stdout if path == "-" else target.open("w", encoding="utf-8", newline="")
        try:
            if format == "vcard":
                count = 0
                for card in iter_vcards(owner):
                    out.write(card)
                    count += 1
            else:
                count = write_contacts_csv(owner, out)
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"Wrote {count} contacts to {path}.")
