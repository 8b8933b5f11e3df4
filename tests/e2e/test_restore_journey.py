"""A member restores an account export in chromium: a file that is no export is refused
naming it, the preview says what would be added, and confirming restores it."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import Contact
from netwerk.export import write_account_export
from tests.e2e.journeys import follow, log_in, upload_linkedin_export
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_restore_an_account_export_after_a_preview(journey):
    old = UserFactory(username="oud")
    ContactFactory(owner=old, first_name="Anna", last_name="de Vries", profile_url="https://www.linkedin.com/in/anna-dv")
    ContactFactory(owner=old, first_name="Bram", last_name="Smit", profile_url="https://www.linkedin.com/in/bram-s")
    out = io.BytesIO()
    write_account_export(old, out)
    member = UserFactory(username="nieuw")
    log_in(journey, "nieuw")
    journey.goto(reverse("contacts:export"))
    follow(journey, reverse("restore_account"))
    journey.axe()

    with journey.refused(400):
        answer = upload_linkedin_export(journey, "foto.zip", b"PK\x03\x04 geen export", "application/zip")
    assert answer.status == 400
    expect(journey.page.locator("main .invalid-feedback")).to_contain_text("foto.zip")

    upload_linkedin_export(journey, "netwerk-account.zip", out.getvalue(), "application/zip")
    preview = journey.page.locator("[data-restore-preview]")
    expect(preview).to_contain_text("2")
    journey.shot("restore preview")
    journey.axe()
    assert not Contact.objects.filter(owner=member).exists()

    with journey.page.expect_navigation():
        journey.page.locator("[data-restore-confirm]").click()
    expect(journey.page.locator("main")).to_contain_text("Anna")
    assert Contact.objects.filter(owner=member).count() == 2
    journey.assert_no_sideways_scroll_on_a_phone()
