"""On the contact list a member labels several contacts at once, and on a contact's page
adds a private note: both with htmx, in place, in chromium. Each step is screenshotted at
1280 and 375 px; no console error and no CSP violation on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import ContactLabel, Note
from tests.e2e.journeys import assert_same_page, follow, go_to, log_in, mark_page
from tests.factories import ContactFactory, LabelFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = [("Anne", "Bakker"), ("Bram", "de Boer"), ("Cleo", "Dekker"), ("Daan", "Jansen"), ("Eva", "Smit")]


def test_label_contacts_in_bulk_then_add_a_note(journey):
    member = UserFactory(username="wim")
    meetup = LabelFactory(owner=member, name="Tech Meetup Rotterdam", color="teal")
    contacts = [ContactFactory(owner=member, first_name=first, last_name=last) for first, last in NAMES]
    log_in(journey, "wim")
    go_to(journey, "contacts:list")
    page = journey.page
    expect(page.locator("#contact-results tbody tr")).to_have_count(len(NAMES))
    journey.shot("contact list")
    journey.axe()
    mark_page(journey)

    bulk = page.locator("#bulk-form")
    bulk.locator("[name=label]").select_option(str(meetup.pk))
    with journey.refused(422):
        bulk.locator("button[value=add]").click()
        expect(page.locator("#bulk-status .alert-danger")).to_be_visible()
    assert not ContactLabel.objects.filter(label=meetup).exists()
    journey.shot("no contact selected: refused in place")

    chosen, others = contacts[:3], contacts[3:]
    for contact in chosen:
        page.locator(f"#select-{contact.pk}").check()
    journey.shot("three contacts selected")
    bulk.locator("button[value=add]").click()
    expect(page.locator("#bulk-status .alert-success")).to_contain_text("3")
    for contact in chosen:
        expect(page.locator(f"#labels-{contact.pk} .label-badge")).to_have_text([meetup.name])
    for contact in others:
        expect(page.locator(f"#labels-{contact.pk} .label-badge")).to_have_count(0)
    assert_same_page(journey)
    assert set(ContactLabel.objects.filter(label=meetup).values_list("contact_id", flat=True)) == {
        c.pk for c in chosen
    }
    journey.shot("label added in place")
    journey.axe()

    # Taken off one again: untick the two who keep it.
    for contact in chosen[1:]:
        page.locator(f"#select-{contact.pk}").uncheck()
    bulk.locator("button[value=remove]").click()
    expect(page.locator(f"#labels-{chosen[0].pk} .label-badge")).to_have_count(0)
    expect(page.locator(f"#labels-{chosen[1].pk} .label-badge")).to_have_text([meetup.name])
    assert_same_page(journey)
    assert ContactLabel.objects.filter(label=meetup).count() == 2
    journey.shot("label removed from one")

    contact = chosen[1]
    follow(journey, reverse("contacts:detail", kwargs={"pk": contact.pk}))
    expect(page.locator("h1")).to_contain_text(str(contact))
    expect(page.locator("#note-list .note")).to_have_count(0)
    journey.shot("contact page")
    journey.axe()
    mark_page(journey)

    text = "Sprak hem op de meetup over datamigraties; stuurt me zijn slides."
    page.locator("#note-add-form [name=body]").fill(text)
    # Dragging the field's corner gives it an inline height (CSSOM, which the CSP allows);
    # the swap that resets the form must not copy that style attribute (which it forbids).
    page.locator("#note-add-form [name=body]").evaluate("(field) => { field.style.height = '8rem'; }")
    journey.shot("note typed in a taller field")
    page.locator("#note-add-form button[type=submit]").click()
    note = page.locator("#note-list .note").first
    expect(note).to_contain_text(text)
    expect(page.locator("#note-add-form [name=body]")).to_have_value("")
    expect(page.locator("#note-list .empty-hint")).to_be_hidden()
    assert_same_page(journey)
    assert list(Note.objects.filter(contact=contact).values_list("body", flat=True)) == [text]
    journey.shot("note added in place")
    journey.axe()

    page.locator("#note-add-form [name=body]").fill("Koffie in januari.")
    page.locator("#note-add-form button[type=submit]").click()
    expect(page.locator("#note-list .note")).to_have_count(2)
    expect(page.locator("#note-list .note").first).to_contain_text("Koffie in januari.")
    journey.shot("the newest note on top")
