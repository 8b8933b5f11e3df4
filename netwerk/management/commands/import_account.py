"""python manage.py import_account USERNAME PATH [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from netwerk.restore import RestoreError, restore_account


class Command(BaseCommand):
    help = (
        "Restore an account export (the zip of export_contacts --format account, or the export page) into a "
        "member's account: all or nothing, rows already there matched rather than repeated."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="say what would be restored; change nothing")

    def handle(self, *args, username: str, path: str, dry_run: bool, **options) -> None:
        member = get_user_model().objects.filter(username=username).first()
        if member is None:
            raise CommandError(f"No member with username {username!r}.")
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{source}: no such file.")
        with translation.override(member.profile.language), source.open("rb") as stream:
            try:
                report = restore_account(member, stream, dry_run=dry_run)
            except RestoreError as error:
                raise CommandError(f"{source.name}: {error} Nothing was restored.")
        verb = "Would add" if dry_run else "Added"
        for name, added, matched in report.rows:
            self.stdout.write(f"{name}: {verb.lower()} {added}, {matched} already there")
        for label, count in report.left_out.items():
            self.stdout.write(f"{label}: {count} left out")
        self.stdout.write(f"{verb} {report.added} rows.")
