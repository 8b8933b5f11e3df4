"""Invitations.csv: incoming rows become pending invitations, outgoing rows sent ones."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from invitations.models import IncomingInvitation, Invitation
from tests.io import files


@pytest.mark.parametrize("with_urls", [True, False], ids=["since-2023-with-urls", "before-without-urls"])
def test_incoming_and_outgoing_rows_become_invitations(owner, import_bytes, with_urls):
    report = import_bytes(files.invitations(files.INVITATION_ROWS, with_urls=with_urls), "Invitations.csv")

    assert report.invitations.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    incoming = list(IncomingInvitation.objects.filter(owner=owner).order_by("received_at"))
    assert [(i.name, i.state, i.origin) for i in incoming] == [
        ("Sanne de Vries", "pending", "imported"),
        ("Bram Bakker", "pending", "imported"),
    ]
    assert incoming[0].message == "Hoi! We spraken elkaar op de borrel in Utrecht."
    assert incoming[1].message == ""
    assert incoming[0].profile_url == ("https://www.linkedin.com/in/sanne-de-vries" if with_urls else "")
    sent = Invitation.objects.get(owner=owner)
    assert (sent.recipient_name, sent.state, sent.origin) == ("Noor Visser", "sent", "imported")
    assert sent.text.startswith("Leuk je te spreken")
    assert sent.recipient_profile_url == ("https://www.linkedin.com/in/noor-visser" if with_urls else "")


def test_sent_at_is_read_in_the_members_own_time_zone(owner, import_bytes):
    owner.profile.time_zone = "America/New_York"
    owner.profile.save()

    import_bytes(files.invitations(files.INVITATION_ROWS), "Invitations.csv")

    received = IncomingInvitation.objects.get(owner=owner, name="Sanne de Vries").received_at
    assert received == datetime(2022, 8, 26, 20, 56, tzinfo=ZoneInfo("America/New_York"))


def test_reimporting_invitations_adds_nothing_and_a_later_export_fills_urls(owner, import_bytes):
    import_bytes(files.invitations(files.INVITATION_ROWS, with_urls=False), "Invitations.csv")
    IncomingInvitation.objects.filter(name="Bram Bakker").update(state="answered")

    report = import_bytes(files.invitations(files.INVITATION_ROWS, with_urls=True), "Invitations.csv")

    assert report.invitations.created == 0
    assert report.invitations.updated == 3  # each row gains its profile URL
    assert IncomingInvitation.objects.count() == 2 and Invitation.objects.count() == 1
    assert IncomingInvitation.objects.get(name="Bram Bakker").state == "answered"


def test_rows_with_an_unknown_direction_or_date_are_skipped_with_their_lines(owner, import_bytes):
    rows = [
        ("A B", "Me", "8/26/22, 8:56 PM", "", "SIDEWAYS", "", ""),
        ("C D", "Me", "yesterday", "", "INCOMING", "", ""),
        ("E F", "Me", "8/26/22, 8:56 PM", "", "INCOMING", "", ""),
    ]

    report = import_bytes(files.invitations(rows), "Invitations.csv")

    assert report.invitations.created == 1
    assert [(s.line, s.reason) for s in report.skipped] == [(2, "bad_direction"), (3, "bad_date")]
