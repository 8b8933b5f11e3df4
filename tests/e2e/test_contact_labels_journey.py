"""On a contact's page a member adds a label and takes it off again, in place (htmx),
and picks who introduced the contact by searching; at 1280 and 375 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import Contact, ContactLabel
from tests.e2e.journeys import assert_same_page, log_in, mark_page
from tests.factories import ContactFactory, LabelFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_and_remove_a_label_on_the_contact_page(journey):
    member = UserFactory(username="labeler")
    label = LabelFactory(owner=member, name="Tech Meetup Rotterdam", color="teal")
    contact = ContactFactory(owner=member, first_name="Anne", last_name="Bakker")
    log_in(journey, "labeler")
    journey.goto(reverse("contacts:detail", kwargs={"pk": contact.pk}))
    page = journey.page
    mark_page(journey)
    page.locator("#contact-labels select[name=label]").select_option(str(label.pk))
    page.locator("#contact-labels form:has(select) button[type=submit]").click()
    expect(page.locator("#contact-labels .label-badge")).to_contain_text(["Tech Meetup Rotterdam"])
    assert_same_page(journey)
    assert ContactLabel.objects.filter(contact=contact, label=label).exists()
    journey.shot("label added on the contact page")
    journey.axe()
    page.locator("#contact-labels .label-remove").click()
    expect(page.locator("#contact-labels .label-badge")).to_have_count(0)
    assert_same_page(journey)
    assert not ContactLabel.objects.filter(contact=contact).exists()
    journey.shot("label removed on the contact page")


def test_pick_an_introducer_by_searching(journey):
    member = UserFactory(username="introducee")
    contact = ContactFactory(owner=member, first_name="Eva", last_name="Smit")
    ContactFactory(owner=member, first_name="Ruben", last_name="Bakker", company="ING", position="CTO")
    wanted = ContactFactory(owner=member, first_name="Ruben", last_name="Bakker", company="KLM", position="Piloot")
    log_in(journey, "introducee")
    journey.goto(reverse("contacts:edit", kwargs={"pk": contact.pk}))
    page = journey.page
    page.locator("#id_introduced_by").fill("ruben bakker")
    expect(page.locator("#id_introduced_by_results input[type=radio]")).to_have_count(2)
    expect(page.locator("#id_introduced_by_results")).to_contain_text("Piloot, KLM")
    journey.shot("introducer search results")
    journey.axe()
    page.locator(f"#id_introduced_by_results input[value='{wanted.pk}']").check()
    page.locator("#id_introduced_by").press("Enter")  # searching, not submitting
    expect(page).to_have_url(journey.url(reverse("contacts:edit", kwargs={"pk": contact.pk})))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert Contact.objects.get(pk=contact.pk).introduced_by_id == wanted.pk
