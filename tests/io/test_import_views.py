"""The browser: upload, a progress bar polled with htmx, then the report; past imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, ImportJob
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 26)]


def upload(client, data: bytes, name: str):
    return client.post(reverse("contacts:import"), {"file": SimpleUploadedFile(name, data)})


def test_upload_runs_the_import_as_a_task_and_shows_the_report(owner, owner_client, django_capture_on_commit_callbacks):
    data = files.export_zip(
        {"Connections.csv": files.connections_2023(PEOPLE, hidden=2), "Invitations.csv": files.invitations(files.INVITATION_ROWS)}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(owner_client, data, "Basic_LinkedInDataExport_11-20-2026.zip")

    assert callbacks  # the import is queued after commit (the dashboard forgets its counts too)
    job = ImportJob.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == reverse("contacts:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert (job.rows_done, job.rows_total) == (30, 30)
    assert not job.upload  # the member's export is not kept once read
    assert Contact.objects.filter(owner=owner).count() == 25

    page = owner_client.get(response["Location"]).content.decode()
    assert "Imported from Connections.csv, Invitations.csv." in page
    assert "hidden profile: the row holds only a date" in page
    assert "Lines 30–31" in page
    assert "hx-trigger" not in page  # finished: no more polling


def test_a_running_import_shows_rows_done_of_total_and_keeps_polling(owner, owner_client):
    job = ImportJob.objects.create(owner=owner, filename="Connections.csv", state=ImportJob.State.RUNNING, rows_total=30000, rows_done=12000)

    response = owner_client.get(reverse("contacts:import_job", args=[job.pk]), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert "12,000 of about 30,000 rows read." in html
    assert 'value="40"' in html
    assert f'hx-get="{reverse("contacts:import_job", args=[job.pk])}"' in html and 'hx-trigger="every 1s"' in html


def test_a_failed_import_shows_the_message(owner, owner_client):
    job = ImportJob.objects.create(owner=owner, filename="x.csv", state=ImportJob.State.FAILED, error="x.csv, line 9: this row has 2 fields; the header has 7.")

    html = owner_client.get(reverse("contacts:import_job", args=[job.pk])).content.decode()

    assert "line 9: this row has 2 fields" in html


def test_a_file_that_is_not_an_export_nor_a_csv_with_a_header_is_a_400_naming_the_file(owner, owner_client):
    """(Any CSV with a header goes to the columns page: tests/io/test_address_book_pages.py.)"""
    before = snapshot()

    response = upload(owner_client, b"Anne,anne@acme.nl\n", "klanten.csv")

    assert response.status_code == 400
    assert "klanten.csv, line 1: the first line holds “anne@acme.nl”" in response.content.decode()
    assert snapshot() == before


def test_an_upload_over_the_limit_is_a_413_naming_the_limit(owner_client, settings):
    settings.NETWERK_IMPORT_MAX_BYTES = 100

    response = upload(owner_client, files.connections_2023(PEOPLE), "Connections.csv")

    assert response.status_code == 413
    assert "larger than the limit of 100" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_malformed_row_fails_the_job_with_file_and_line_and_imports_nothing(owner, owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(owner_client, files.connections_2023(PEOPLE) + b"a,b\n", "Connections.csv")

    job = ImportJob.objects.get(owner=owner)
    assert job.state == ImportJob.State.FAILED
    assert job.error == "Connections.csv, line 30: this row has 2 fields; the header has 7."
    assert Contact.objects.count() == 0


def test_the_import_page_lists_only_my_past_imports(owner, outsider, owner_client):
    ImportJob.objects.create(owner=owner, filename="mine-2025.zip", state=ImportJob.State.DONE)
    ImportJob.objects.create(owner=outsider, filename="theirs-secret.zip", state=ImportJob.State.DONE)

    html = owner_client.get(reverse("contacts:import")).content.decode()

    assert "mine-2025.zip" in html
    assert "theirs-secret.zip" not in html


def test_a_job_runs_once_even_when_the_task_is_delivered_twice(owner):
    from contacts.tasks import run_import

    job = ImportJob.objects.create(owner=owner, filename="Connections.csv", state=ImportJob.State.DONE, report={"x": 1})

    run_import.delay(job.pk)

    job.refresh_from_db()
    assert job.report == {"x": 1}


@pytest.mark.parametrize("name", ["contacts:import", "contacts:export"])
def test_pages_have_no_inline_script_or_style(owner_client, name):
    html = owner_client.get(reverse(name)).content.decode()

    assert "style=" not in html and "onclick" not in html and "<script>" not in html


def test_seed_demo_leaves_a_past_import_and_imported_invitations(db):
    from django.core.management import call_command

    from invitations.models import IncomingInvitation

    call_command("seed_demo", "--contacts", "5", "--username", "demo-io")

    job = ImportJob.objects.get(owner__username="demo-io")
    assert job.state == ImportJob.State.DONE and job.report["invitations"]["created"] == 3
    imported = IncomingInvitation.objects.filter(owner__username="demo-io", origin="imported")
    # The export's two incoming invitations wait for triage (the triage demo adds its own).
    assert {"Sanne de Vries", "Recruiter Rob"} <= set(imported.filter(state="pending").values_list("name", flat=True))
    assert job.report["invitations"]["created"] == 3


def test_the_demo_export_is_the_demo_network_so_only_a_few_are_no_longer_connected(db):
    from django.core.management import call_command

    from contacts.models import Contact
    from invitations.models import IncomingInvitation, Invitation

    call_command("seed_demo", "--contacts", "40", "--username", "demo-sync", verbosity=0)

    contacts = Contact.objects.filter(owner__username="demo-sync")
    # Three who removed the member, and the contact who invites the member again (the
    # triage demo's duplicate): an open invitation means not connected, so the export
    # lacks them and their invitation stays open for triage.
    first = contacts.filter(status="active").exclude(profile_url="").order_by("id")[0]
    reinviting = IncomingInvitation.objects.filter(owner__username="demo-sync", state="pending", name=first.full_name)
    assert reinviting.count() == 1 and first.disconnected_on is not None
    assert contacts.filter(disconnected_on__isnull=False).count() == 3 + 1
    assert contacts.filter(profile_url="https://www.linkedin.com/in/demo-noor-visser", disconnected_on=None).exists()
    assert Invitation.objects.filter(owner__username="demo-sync", state="sent").count() == 4  # still waiting
    job = ImportJob.objects.get(owner__username="demo-sync")
    assert job.report["sync"]["groups"]["disconnected"]["count"] == 4
    assert job.report["sync"]["groups"]["incoming_accepted"]["count"] == 0
