"""A new LinkedIn export, compared with the previous one: what changed, and the decisions
it lets Netwerk finish (contacts.sync, invitations.connections)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactStatus, JobChange, LinkedInExport, LinkedInRemoval
from invitations.models import IncomingInvitation, IncomingState, Invitation, InvitationState
from tests.factories import ContactFactory, IncomingInvitationFactory, InvitationFactory
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 11)]


def export(people, day: str = "11-20-2026") -> tuple[bytes, str]:
    """A LinkedIn data export zip named as LinkedIn names it (the date is month first)."""
    return files.export_zip({"Connections.csv": files.connections_2023(people)}), f"Basic_LinkedInDataExport_{day}.zip"


def contact(owner, person) -> Contact:
    return Contact.objects.get(owner=owner, profile_url=person["url"])


@pytest.fixture
def first(owner, import_bytes):
    import_bytes(*export(PEOPLE, "11-01-2026"))


def test_the_first_export_says_so_and_lists_no_one_as_new(owner, import_bytes):
    report = import_bytes(*export(PEOPLE, "11-01-2026"))
    assert report.sync.state == "complete" and report.sync.first
    assert report.sync.count("new") == 0
    assert LinkedInExport.objects.get(owner=owner).exported_on == date(2026, 11, 1)


def test_new_connections_since_the_previous_export(owner, first, import_bytes):
    newcomer = files.person(50)
    report = import_bytes(*export(PEOPLE + [newcomer], "11-20-2026"))
    assert report.sync.ids("new") == [contact(owner, newcomer).pk]
    assert report.sync.count("disconnected") == 0


def test_a_job_change_is_kept_with_what_came_before(owner, first, import_bytes):
    newer = [dict(p) for p in PEOPLE]
    newer[0].update(company="Rabobank", position="Recruiter")
    was = contact(owner, PEOPLE[0])
    report = import_bytes(*export(newer, "11-20-2026"))

    change = JobChange.objects.get(contact=was)
    assert (change.company_before, change.position_before) == (PEOPLE[0]["company"], PEOPLE[0]["position"])
    assert (change.company, change.position, change.owner) == ("Rabobank", "Recruiter", owner)
    assert change.noticed_on == timezone.localdate()
    assert report.sync.ids("job_changes") == [was.pk]


def test_reimporting_the_same_export_changes_nothing(owner, first, import_bytes):
    newer = [dict(p) for p in PEOPLE[1:]] + [files.person(60)]
    newer[0].update(company="Rabobank")
    import_bytes(*export(newer, "11-20-2026"))
    before = snapshot()

    report = import_bytes(*export(newer, "11-20-2026"))

    assert snapshot() == before
    assert JobChange.objects.filter(owner=owner).count() == 1
    assert report.sync.count("job_changes") == 0 and report.sync.count("new") == 0
    assert report.sync.count("disconnected") == 0


def test_an_active_contact_missing_from_a_complete_export_is_marked_then_cleared(owner, first, import_bytes):
    gone = contact(owner, PEOPLE[0])
    report = import_bytes(*export(PEOPLE[1:], "11-20-2026"))
    gone.refresh_from_db()
    assert gone.disconnected_on == timezone.localdate()
    assert gone.status == ContactStatus.ACTIVE  # marked, not archived: the member decides
    assert report.sync.ids("disconnected") == [gone.pk]

    back = import_bytes(*export(PEOPLE, "11-30-2026"))
    gone.refresh_from_db()
    assert gone.disconnected_on is None
    assert back.sync.ids("returned") == [gone.pk]


def test_the_mark_uses_the_members_time_zone(owner, first, import_bytes):
    owner.profile.time_zone = "Pacific/Kiritimati"  # UTC+14: often a day ahead
    owner.profile.save()
    import_bytes(*export(PEOPLE[1:], "11-20-2026"))
    expected = timezone.now().astimezone(__import__("zoneinfo").ZoneInfo("Pacific/Kiritimati")).date()
    assert contact(owner, PEOPLE[0]).disconnected_on == expected


def test_contacts_added_by_hand_are_never_marked(owner, first, import_bytes):
    by_hand = ContactFactory(owner=owner, first_name="Met", last_name="Hand", connected_on=None)
    import_bytes(*export(PEOPLE, "11-20-2026"))
    by_hand.refresh_from_db()
    assert by_hand.disconnected_on is None


def test_netwerks_own_csv_and_a_hand_made_file_never_mark(owner, first, import_bytes):
    own = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On,How we met\n"
        f"{PEOPLE[1]['first']},{PEOPLE[1]['last']},{PEOPLE[1]['url']},,X,Y,2020-01-01,borrel\n"
    ).encode()
    report = import_bytes(own, "netwerk-contacten.csv")
    assert report.sync.state == "not_complete"
    hand = f"First Name,Last Name,Connected On\n{PEOPLE[1]['first']},{PEOPLE[1]['last']},01 Jan 2030\n".encode()
    report = import_bytes(hand, "mijn-lijst.csv")
    assert report.sync.state == "not_complete"
    assert not Contact.objects.filter(owner=owner, disconnected_on__isnull=False).exists()
    assert any("Not a complete LinkedIn export" in line for line in report.summary_lines())


def test_an_older_export_changes_nothing_and_says_why(owner, first, import_bytes):
    import_bytes(*export(PEOPLE, "11-20-2026"))
    older = [dict(p) for p in PEOPLE[1:]]
    older[0].update(company="Oude Werkgever")
    report = import_bytes(*export(older, "10-01-2026"))
    assert report.sync.state == "older"
    assert not Contact.objects.filter(owner=owner, disconnected_on__isnull=False).exists()
    assert not JobChange.objects.filter(owner=owner).exists()
    assert contact(owner, PEOPLE[1]).company == PEOPLE[1]["company"]
    assert any("older than the newest" in line for line in report.summary_lines())


def test_a_lone_connections_csv_is_dated_by_its_latest_connection(owner, import_bytes):
    import_bytes(files.connections_2023(PEOPLE))
    older = files.connections_2023([p for p in PEOPLE if p["connected"] < max(q["connected"] for q in PEOPLE)])
    report = import_bytes(older)
    assert report.sync.state == "older"
    assert report.sync.exported_on < report.sync.newest_before


def test_archived_contacts_still_listed_go_on_the_worklist_then_are_confirmed(owner, first, import_bytes):
    archived = contact(owner, PEOPLE[0])
    archived.status, archived.archived_at = ContactStatus.ARCHIVED, timezone.now()
    archived.save()
    report = import_bytes(*export(PEOPLE, "11-20-2026"))
    removal = LinkedInRemoval.objects.get(contact=archived)
    assert removal.confirmed_on is None and report.sync.ids("to_remove") == [archived.pk]
    assert archived.pk not in report.sync.ids("disconnected")

    again = import_bytes(*export(PEOPLE, "11-20-2026"))  # the same file: one worklist row still
    assert LinkedInRemoval.objects.filter(contact=archived).count() == 1
    assert again.sync.ids("to_remove") == [archived.pk]

    removal.ticked_at = timezone.now()
    removal.save()
    done = import_bytes(*export(PEOPLE[1:], "11-30-2026"))
    removal.refresh_from_db()
    assert removal.confirmed_on == timezone.localdate()
    assert done.sync.ids("removal_confirmed") == [archived.pk]
    archived.refresh_from_db()
    assert archived.disconnected_on is None  # archived contacts are not marked


def test_a_ticked_removal_still_listed_comes_back_on_the_worklist(owner, first, import_bytes):
    archived = contact(owner, PEOPLE[0])
    archived.status = ContactStatus.ARCHIVED
    archived.save()
    import_bytes(*export(PEOPLE, "11-20-2026"))
    LinkedInRemoval.objects.filter(contact=archived).update(ticked_at=timezone.now())
    import_bytes(*export(PEOPLE, "11-30-2026"))
    assert LinkedInRemoval.objects.get(contact=archived).ticked_at is None


def test_invitations_resolved(owner, first, import_bytes):
    invitee, inviter = files.person(70), files.person(71)
    sent = InvitationFactory(
        owner=owner, recipient_name="Voornaam70", recipient_profile_url=invitee["url"], state=InvitationState.SENT,
        sent_at=timezone.now(),
    )
    waiting = IncomingInvitationFactory(owner=owner, name="Voornaam71", profile_url=inviter["url"], state=IncomingState.PENDING)
    untouched = IncomingInvitationFactory(owner=owner, name="Iemand", profile_url="https://www.linkedin.com/in/iemand")

    report = import_bytes(*export(PEOPLE + [invitee, inviter], "11-20-2026"))

    sent.refresh_from_db()
    waiting.refresh_from_db()
    untouched.refresh_from_db()
    assert sent.state == InvitationState.ACCEPTED and sent.contact == contact(owner, invitee)
    assert waiting.state == IncomingState.ACCEPTED and waiting.contact == contact(owner, inviter)
    assert "outside Netwerk" in waiting.transitions.get().note
    assert untouched.state == IncomingState.PENDING
    assert report.sync.ids("invitations_accepted") == [sent.contact_id]
    assert report.sync.ids("from_invitation") == [sent.contact_id]
    assert report.sync.ids("incoming_accepted") == [waiting.contact_id]


def test_another_members_data_is_untouched(owner, outsider, first, import_bytes):
    theirs = ContactFactory(owner=outsider, first_name="Ander", connected_on=date(2020, 1, 1))
    their_invitation = InvitationFactory(
        owner=outsider, recipient_profile_url=PEOPLE[0]["url"], state=InvitationState.SENT, sent_at=timezone.now()
    )
    their_incoming = IncomingInvitationFactory(owner=outsider, profile_url=PEOPLE[1]["url"])
    import_bytes(*export(PEOPLE[1:], "11-20-2026"))
    theirs.refresh_from_db()
    assert theirs.disconnected_on is None
    assert Invitation.objects.get(pk=their_invitation.pk).state == InvitationState.SENT
    assert IncomingInvitation.objects.get(pk=their_incoming.pk).state == IncomingState.PENDING
    assert not JobChange.objects.filter(owner=outsider).exists()
    assert not LinkedInExport.objects.filter(owner=outsider).exists()


def test_the_command_prints_the_changes(owner, first, tmp_path, capsys):
    newer = [dict(p) for p in PEOPLE[1:]] + [files.person(80)]
    newer[0].update(position="Directeur")
    data, name = export(newer, "11-20-2026")
    path = tmp_path / name
    path.write_bytes(data)
    call_command("import_linkedin", owner.username, str(path))
    out = capsys.readouterr().out
    assert "New connections since the previous export: 1" in out
    assert "Job changes: 1" in out
    assert "No longer connected: 1" in out


def test_the_result_page_links_each_group(owner, owner_client, first, import_bytes):
    from contacts.models import ImportJob

    newer = [dict(p) for p in PEOPLE[1:]] + [files.person(90)]
    newer[0].update(company="Rabobank")
    report = import_bytes(*export(newer, "11-20-2026"))
    job = ImportJob.objects.create(owner=owner, filename="x.zip", state=ImportJob.State.DONE, report=report.as_dict())
    page = owner_client.get(reverse("contacts:import_job", args=[job.pk])).content.decode()
    for person in (files.person(90), PEOPLE[1], PEOPLE[0]):
        assert reverse("contacts:detail", args=[contact(owner, person).pk]) in page
    assert "No longer connected" in page and "Job changes" in page


def archived_on_worklist(owner, n: int) -> LinkedInRemoval:
    person = files.person(200 + n)
    archived = ContactFactory(
        owner=owner, first_name=person["first"], last_name=person["last"], profile_url=person["url"],
        status=ContactStatus.ARCHIVED,
    )
    return LinkedInRemoval.objects.create(owner=owner, contact=archived, noticed_on=timezone.localdate())


@pytest.mark.parametrize("size", [1, 25])
def test_the_worklist_takes_the_same_queries_for_any_length(owner_client, owner, size, django_assert_max_num_queries):
    for n in range(size):
        archived_on_worklist(owner, n)
    with django_assert_max_num_queries(6):
        page = owner_client.get(reverse("contacts:linkedin_removals"))
    assert page.status_code == 200
    assert page.content.decode().count("Open on LinkedIn") == size


def test_a_worklist_row_is_ticked_off_by_hand_and_only_by_its_owner(owner_client, owner, outsider):
    from django.test import Client

    removal = archived_on_worklist(owner, 1)
    client = Client()
    client.force_login(outsider)
    assert client.post(reverse("contacts:linkedin_removal_tick", args=[removal.pk])).status_code == 404
    assert client.get(reverse("contacts:linkedin_removals")).content.decode().count("Open on LinkedIn") == 0
    response = owner_client.post(reverse("contacts:linkedin_removal_tick", args=[removal.pk]))
    assert response.status_code == 302
    removal.refresh_from_db()
    assert removal.ticked_at is not None
    owner_client.post(reverse("contacts:linkedin_removal_tick", args=[removal.pk]), {"undo": "1"})
    removal.refresh_from_db()
    assert removal.ticked_at is None
    assert owner_client.get(reverse("contacts:linkedin_removal_tick", args=[removal.pk])).status_code == 405


def test_the_contact_page_shows_the_earlier_job_and_the_mark(owner_client, owner, first, import_bytes):
    newer = [dict(p) for p in PEOPLE[1:]]
    newer[0].update(company="Rabobank", position="Recruiter")
    import_bytes(*export(newer, "11-20-2026"))
    moved = contact(owner, PEOPLE[1])
    page = owner_client.get(reverse("contacts:detail", args=[moved.pk])).content.decode()
    assert f"was {PEOPLE[1]['position']} at {PEOPLE[1]['company']} until" in page
    gone = contact(owner, PEOPLE[0])
    assert "No longer connected on LinkedIn since" in owner_client.get(reverse("contacts:detail", args=[gone.pk])).content.decode()
    listed = owner_client.get(reverse("contacts:list"), {"disconnected": "on"}).content.decode()
    assert reverse("contacts:detail", args=[gone.pk]) in listed
    assert reverse("contacts:detail", args=[moved.pk]) not in listed


@pytest.mark.parametrize("kind", ["older", "not_complete"])
def test_the_result_page_says_why_nobody_was_marked(owner, owner_client, first, import_bytes, kind):
    from contacts.models import ImportJob

    if kind == "older":
        import_bytes(*export(PEOPLE, "11-20-2026"))
        report = import_bytes(*export(PEOPLE[1:], "10-01-2026"))
        expected = "is older than the newest one already imported"
    else:
        report = import_bytes(f"First Name,Last Name,Connected On\nA,B,01 Jan 2030\n".encode(), "lijst.csv")
        expected = "Not a complete LinkedIn export"
    job = ImportJob.objects.create(owner=owner, filename="x", state=ImportJob.State.DONE, report=report.as_dict())
    page = owner_client.get(reverse("contacts:import_job", args=[job.pk])).content.decode()
    assert expected in page
    assert "data-sync-group" not in page


def test_a_lone_connections_csv_after_a_dated_zip_is_compared_by_its_latest_connection(owner, import_bytes):
    import_bytes(*export(PEOPLE, "12-01-2026"))  # dated later than anyone's connection
    report = import_bytes(files.connections_2023(PEOPLE[1:] + [files.person(99)]))
    assert report.sync.state == "complete"
    assert contact(owner, PEOPLE[0]).disconnected_on is not None
