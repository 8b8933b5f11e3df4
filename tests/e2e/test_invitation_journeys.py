"""Invitations in chromium. Outgoing, on a phone: an invitation with LinkedIn's default
text is refused, the same invitation made personal is accepted. Incoming: reply first,
record their answer, then accept. Each step is screenshotted at 1280 and 375 px; no
console error and no CSP violation on the way."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import Contact
from invitations.models import IncomingInvitation, IncomingState, Invitation, InvitationState
from tests.e2e.journeys import assert_same_page, follow, go_to, log_in, mark_page
from tests.factories import ContactFactory, IncomingInvitationFactory, LabelFactory, NoteFactory, UserFactory

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


REPLY = (
    "Hoi Pieter,\n\nDank voor je uitnodiging. Ik zag dat je bij Eneco aan de laadpalen werkt, net als mijn "
    "oud-collega Femke. Waar kennen we elkaar van? Zullen we eerst even bellen, of koffie drinken in Utrecht?"
)
THEIR_ANSWER = "We zaten samen in het panel op de Energiedag; ik wil graag sparren over jullie planningstool."


def test_triage_reply_first_record_their_answer_then_accept(journey):
    member = UserFactory(username="karin")
    ContactFactory(owner=member, first_name="Femke", last_name="Dijkstra", company="Eneco")
    energy = LabelFactory(owner=member, name="Energie", color="green")
    pieter = IncomingInvitationFactory(
        owner=member, name="Pieter Jansen", company="Eneco", position="Productmanager laadpalen",
        message="I'd like to add you to my professional network on LinkedIn.",
    )
    log_in(journey, "karin")
    go_to(journey, "invitations:triage")
    page = journey.page
    card = page.locator("#triage-card")
    expect(card.locator("#triage-name")).to_have_text("Pieter Jansen")
    expect(card.locator("[data-signal=default]")).to_be_visible()
    expect(card).to_contain_text("Femke Dijkstra")  # a colleague the member already knows
    journey.shot("an invitation with the default text")
    journey.axe()
    mark_page(journey)

    card.locator("[data-shortcut=reply-open]").click()  # "Reply first" opens the reply
    reply = card.locator(f"form[action='{reverse('invitations:incoming_reply', kwargs={'pk': pieter.pk})}']")
    reply.locator("[name=text]").fill(REPLY)
    expect(card.locator(f"#reply-check-{pieter.pk} .text-success")).to_be_visible()
    journey.shot("a personal reply passes the check")
    reply.locator("button[type=submit]").click()
    expect(card.locator(f"#reply-text-{pieter.pk}")).to_have_text(REPLY)
    pieter.refresh_from_db()
    assert (pieter.state, pieter.reply_text) == (IncomingState.AWAITING_ANSWER, REPLY)
    assert pieter.contact_id is None
    expect(page.locator("#triage-counts a[href$='state=awaiting_answer']")).to_contain_text(": 1")
    journey.shot("replied, waiting for their answer")
    journey.axe()

    answer = card.locator(f"form[action='{reverse('invitations:incoming_answer', kwargs={'pk': pieter.pk})}']")
    answer.locator("[name=their_answer]").fill(THEIR_ANSWER)
    answer.locator("[name=spoke_or_met]").check()
    journey.shot("their answer written down")
    answer.locator("button[type=submit]").click()
    expect(card.locator("blockquote").last).to_have_text(THEIR_ANSWER)
    pieter.refresh_from_db()
    assert (pieter.state, pieter.spoke_or_met) == (IncomingState.ANSWERED, True)
    journey.shot("their answer recorded: accept or decline")

    card.locator("[data-shortcut=accept]").click()
    follow_up = page.locator("#follow-up form")
    expect(follow_up).to_be_visible()
    pieter.refresh_from_db()
    assert pieter.state == IncomingState.ACCEPTED
    expect(page.locator("#triage-counts a[href$='state=accepted']")).to_contain_text(": 1")
    contact = Contact.objects.get(pk=pieter.contact_id)
    assert (contact.first_name, contact.last_name, contact.company) == ("Pieter", "Jansen", "Eneco")
    journey.shot("accepted: labels and how you know each other")
    journey.axe()

    follow_up.locator(f"[name=labels][value='{energy.pk}']").check()
    follow_up.locator("[name=how_we_know]").fill("Panel op de Energiedag 2026.")
    follow_up.locator("button[type=submit]").click()
    expect(page.locator("#follow-up .text-success")).to_be_visible()
    assert_same_page(journey)
    contact.refresh_from_db()
    assert contact.how_we_met == "Panel op de Energiedag 2026."
    assert list(contact.labels.values_list("name", flat=True)) == ["Energie"]
    journey.shot("labels and note saved")

    follow(journey, reverse("contacts:detail", kwargs={"pk": contact.pk}))
    expect(page.locator("#note-list .note").first).to_contain_text("Panel op de Energiedag 2026.")
    journey.shot("the new contact")
    assert IncomingInvitation.objects.get(pk=pieter.pk).transitions.count() == 3
