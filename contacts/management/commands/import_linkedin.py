"""python manage.py import_linkedin USERNAME PATH"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from contacts import vcard_import
from contacts.generic_import import VCARD, import_address_book
from contacts.importing import import_linkedin_export
from contacts.linkedin import ImportFileError


class Command(BaseCommand):
    help = (
        "Import a LinkedIn export (Connections.csv, Invitations.csv, the export's .zip, or Netwerk's own "
        "contacts CSV), or a vCard file (.vcf) from a phone, Google Contacts or Outlook, for a member. A file that is not an export is refused: nothing is imported, exit status 1. "
        "Rows LinkedIn writes oddly (hidden profiles, no name, unreadable date) are skipped and listed by line, "
        "invalid websites, e-mail addresses and phone numbers are left out of their row and listed; the rest "
        "is imported (exit status 0)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("path", type=Path)

    def handle(self, *args, username: str, path: Path, **options) -> None:
        owner = get_user_model().objects.select_related("profile").filter(username=username).first()
        if owner is None:
            raise CommandError(_("No member with username %(username)s.") % {"username": repr(username)})
        # The report speaks the member's language, as the page does.
        language = getattr(getattr(owner, "profile", None), "language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file.") % {"path": path})
            try:
                with path.open("rb") as stream:
                    if vcard_import.looks_like_vcard(stream.read(64), path.name):
                        report = import_address_book(owner=owner, kind=VCARD, data=path.read_bytes(), filename=path.name)
                    else:
                        stream.seek(0)
                        report = import_linkedin_export(owner=owner, stream=stream, filename=path.name)
            except ImportFileError as error:
                raise CommandError(_("%(error)s Nothing was imported.") % {"error": error}) from error
            for line in report.summary_lines():
                self.stdout.write(line)
