"""`create_signup_invitation [--note TEXT] [--days N]`: an invitation to sign up while
sign-up is invite-only (NETWERK_SIGNUP=invite); prints the link to send the person."""

from django.core.management.base import BaseCommand, CommandError

from netwerk.accounts.signup_invitations import invitation_link, make_invitation


class Command(BaseCommand):
    help = "Make a one-time sign-up invitation and print its link."

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="Who it is for (shown in the admin).")
        parser.add_argument("--days", type=int, default=14, help="Days the link works (default 14).")

    def handle(self, *args, note: str, days: int, **options) -> None:
        if not 1 <= days <= 365:
            raise CommandError("--days must be between 1 and 365.")
        invitation = make_invitation(note=note, days=days)
        self.stdout.write(invitation_link(invitation))
