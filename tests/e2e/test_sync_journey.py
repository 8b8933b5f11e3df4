"""A member keeps Netwerk in step with LinkedIn, in chromium: two exports uploaded through
the import page, the second one's report naming what changed (a new connection, a job
change, someone no longer connected, an archived contact still to remove), and the
removal ticked off on the worklist. The member reads Dutch (the default). Each step is screenshotted at 1280 and 375 px."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact, ContactStatus, ImportJob, LinkedInRemoval
from tests.e2e.journeys import follow, go_to, log_in, upload_linkedin_export
from tests.factories import UserFactory
from tests.io.files import connections_2023, export_zip, person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_exports_report_what_changed_and_a_removal_is_ticked_off(journey):
    member = UserFactory(username="joris")
    log_in(journey, "joris")
    go_to(journey, "contacts:list")
    follow(journey, reverse("contacts:import"))

    people = [person(n) for n in range(1, 6)]
    first = export_zip({"Connections.csv": connections_2023(people)})
    upload_linkedin_export(journey, "Basic_LinkedInDataExport_11-01-2026.zip", first, "application/zip")
    expect(journey.page.locator("[data-sync-notice]")).to_contain_text("De eerste volledige LinkedIn-export")
    journey.shot("the first export")

    archived = Contact.objects.get(owner=member, profile_url=people[4]["url"])
    archived.status, archived.archived_at = ContactStatus.ARCHIVED, timezone.now()
    archived.save()
    newer = [dict(p) for p in people[1:]] + [person(9)]
    newer[0].update(company="Rabobank", position="Recruiter")
    follow(journey, reverse("contacts:import"))
    second = export_zip({"Connections.csv": connections_2023(newer)})
    upload_linkedin_export(journey, "Basic_LinkedInDataExport_11-20-2026.zip", second, "application/zip")
    job = ImportJob.objects.filter(owner=member).order_by("-created_at").first()
    expect(journey.page).to_have_url(journey.url(reverse("contacts:import_job", kwargs={"pk": job.pk})))

    report = journey.page.locator("#import-job")
    expect(report.locator("[data-sync-group=new] a")).to_have_text("Voornaam9 Achternaam 9")
    expect(report.locator("[data-sync-group=job_changes] a").first).to_have_text("Voornaam2 Achternaam 2")
    expect(report.locator("[data-sync-group=disconnected] a").first).to_have_text("Voornaam1 Achternaam 1")
    expect(report.locator("[data-sync-group=to_remove] a").first).to_have_text("Voornaam5 Achternaam 5")
    journey.shot("the second export's report")
    journey.axe()

    report.locator("[data-sync-group=job_changes] a").first.click()
    expect(journey.page.locator("[data-job-change]")).to_contain_text("was Functie 2 bij Bedrijf 2 tot")
    journey.shot("a contact's earlier job")

    journey.goto(reverse("contacts:import_job", kwargs={"pk": job.pk}))
    journey.page.locator("[data-sync-group=to_remove]").get_by_role("link", name="Open de lijst met te verwijderen connecties").click()
    row = journey.page.locator("#removal-worklist tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Openen op LinkedIn")).to_have_attribute("href", people[4]["url"])
    journey.shot("the removal worklist")
    journey.axe()
    with journey.page.expect_navigation():
        row.get_by_role("button", name="Verwijderd op LinkedIn").click()
    expect(row).to_contain_text("wacht op de volgende export")
    assert LinkedInRemoval.objects.get(contact=archived).ticked_at is not None
    journey.shot("a removal ticked off")
