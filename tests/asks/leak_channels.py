"""Leak seeder of the asks app (tests/security/channels.py): asks, answers and favours
whose texts carry the member's tag, so every page and fragment is searched for them."""

from asks import services
from contacts.models import Contact


def seed_asks(member, tag: str) -> None:
    contacts = list(Contact.objects.filter(owner=member, status="active").order_by("pk")[:3])
    ask = services.create_ask(owner=member, text=f"{tag} ask for an introduction", kind="introduction", contacts=contacts[:2])
    services.record_outcome(owner=member, ask=ask, contact=contacts[0], outcome="helped", helped_with=f"{tag} helped with")
    public = services.create_ask(owner=member, text=f"{tag} public post", public=True)
    services.add_person(owner=member, ask=public, contact=contacts[1], helped_with=f"{tag} shared it")
    services.give_favour(owner=member, contact=contacts[2], text=f"{tag} favour given")


SEEDERS = {"asks": seed_asks}
