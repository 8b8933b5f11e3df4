"""Create a demo member with realistic data, so a newcomer sees Netwerk at work."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from asks.demo import seed_asks
from contacts.demo import seed_contacts, seed_key_dates
from contacts.demo_io import seed_import
from invitations.compose.demo import seed_outgoing_invitations
from invitations.connections import still_open
from invitations.triage.demo import seed_incoming_invitations
from netwerk.accounts.models import User
from reviews.demo import seed_reviews

DEMO_PASSWORD = "netwerk-demo"


class Command(BaseCommand):
    help = "Create a demo member with contacts, labels, notes, interactions and invitations."

    def add_arguments(self, parser):
        parser.add_argument("--contacts", type=int, default=300, help="How many contacts (default 300).")
        parser.add_argument("--username", default="demo", help="The demo member's username (default demo).")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="The demo member's password.")

    def handle(self, *args, contacts: int, username: str, password: str, **options) -> None:
        if contacts < 0 or contacts > 100_000:
            raise CommandError("--contacts must be between 0 and 100000.")
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.nl", "first_name": "Demo", "email_verified": True}
            )
            if created:
                user.set_password(password)
                user.save()
            elif not user.is_staff:
                # A member made before every member was staff still gets the admin.
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            rng = random.Random(f"netwerk-demo-{username}")
            if created or not user.contacts.exists():
                seed_contacts(user, contacts, rng=rng)
                seed_key_dates(user, rng)
                seed_reviews(user, rng=rng)
            if not user.asks.exists():
                seed_asks(user, rng=rng)
            if not user.invitations.exists():
                seed_outgoing_invitations(user, rng)
            # Before the import, which brings incoming invitations of its own: the triage
            # demo only seeds a member who has none yet.
            seed_incoming_invitations(user, rng)
            if created:
                # People with an invitation still open are not connected yet: the export
                # lacks them, so the sync leaves their invitations open.
                seed_import(user, not_connected=still_open(user))
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo member created. Log in as {username} / {password}"))
            self.stdout.write("The bulk label editor (the admin) is at /admin/ with the same log-in.")
        else:
            self.stdout.write(f"Demo member {username} already exists (password unchanged).")
