"""A member brings in their LinkedIn export through the import page, in chromium: a file
that is not an export is refused and names the file, the Connections.csv lands on a
report, and an export .zip waiting for a worker shows its progress until the report
replaces it in place. Each step is screenshotted at 1280 and 375 px."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import Contact, ImportJob
from contacts.tasks import run_import
from invitations.models import IncomingInvitation
from tests.e2e.journeys import assert_same_page, follow, go_to, log_in, mark_page, upload_linkedin_export
from tests.factories import UserFactory
from tests.io.files import INVITATION_ROWS, connections_2023, export_zip, invitations, person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_a_linkedin_export_and_read_the_report(journey):
    member = UserFactory(username="ilse")
    log_in(journey, "ilse")
    go_to(journey, "contacts:list")
    follow(journey, reverse("contacts:import"))
    journey.shot("import page")
    journey.axe()

    with journey.refused(400):
        # Neither an export nor a CSV with a header (any other goes to the columns page).
        answer = upload_linkedin_export(journey, "boodschappen.csv", b"1,2\n3,4\n")
    assert answer.status == 400
    expect(journey.page.locator("[name=file]")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(journey.page.locator("main form .invalid-feedback")).to_contain_text("boodschappen.csv")
    assert not ImportJob.objects.filter(owner=member).exists()
    journey.shot("a file that is not an export is refused")
    journey.axe()

    people = [person(n) for n in range(1, 4)]
    upload_linkedin_export(journey, "Connections.csv", connections_2023(people, hidden=1))
    job = ImportJob.objects.get(owner=member)
    expect(journey.page).to_have_url(journey.url(reverse("contacts:import_job", kwargs={"pk": job.pk})))
    report = journey.page.locator("#import-job")
    expect(report.locator(".alert-success")).to_contain_text("Connections.csv")
    expect(report.locator("tbody tr").first.locator("td").first).to_have_text("3")
    skipped = report.locator("ul li")  # the hidden profile: skipped, with its file and line
    expect(skipped).to_have_count(1)
    expect(skipped).to_contain_text("Connections.csv")
    expect(skipped.locator(".text-break")).to_contain_text("8")
    assert Contact.objects.filter(owner=member).count() == 3
    journey.shot("the report of the import")
    journey.axe()

    follow(journey, reverse("contacts:list"))
    expect(journey.page.locator("#contact-results tbody tr")).to_have_count(3)
    journey.shot("the imported contacts")

    # The full export, queued while the worker is busy: the page shows it waiting and
    # polls; when the worker has run, the report replaces the progress without a reload.
    people[0]["company"] = "Nieuwe Werkgever"
    archive = export_zip({"Connections.csv": connections_2023(people), "Invitations.csv": invitations(INVITATION_ROWS)})
    queued = ImportJob.objects.create(
        owner=member, filename="Basic_LinkedInDataExport.zip", upload=ContentFile(archive, name="export.zip")
    )
    journey.goto(reverse("contacts:import_job", kwargs={"pk": queued.pk}))
    progress = journey.page.locator("#import-job[aria-busy=true]")
    expect(progress.locator("progress")).to_be_visible()
    journey.shot("an import waiting for a worker")
    journey.axe()
    mark_page(journey)

    run_import(queued.pk)  # what the Celery worker runs

    report = journey.page.locator("#import-job")
    expect(report.locator(".alert-success")).to_contain_text("Invitations.csv")
    expect(progress).to_have_count(0)
    assert_same_page(journey)
    assert Contact.objects.get(owner=member, first_name="Voornaam1").company == "Nieuwe Werkgever"
    assert IncomingInvitation.objects.filter(owner=member).count() == 2
    journey.shot("the report replaced the progress")
    journey.axe()

    follow(journey, reverse("contacts:import"))
    expect(journey.page.locator("main table tbody tr")).to_have_count(2)
    journey.shot("both imports under past imports")
