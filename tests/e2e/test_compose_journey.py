"""A member writes an invitation on their phone (375 px wide) in Debian's chromium:
the live check answers as they type, the counter follows, the CSP stays quiet."""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from invitations.models import Invitation, InvitationState

PERSONAL = "Noor, we spoke at the Utrecht borrel about your CRM move; happy to share our migration notes."


@pytest.fixture
def phone(browser, live_server, client, owner):
    client.force_login(owner)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    # One chromium for the package: tests/e2e/conftest.py's `browser`.
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="nl-NL")
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: page.csp_errors.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
def test_writing_an_invitation_on_a_phone(phone, live_server, owner):
    page = phone
    page.goto(f"{live_server.url}/invitations/compose/")
    page.get_by_label("Naam").fill("Noor van Leeuwen")
    page.get_by_label("URL van het LinkedIn-profiel").fill("linkedin.com/in/noor-van-leeuwen")

    text = page.locator("#id_text")
    default = "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn."
    text.press_sequentially(default, delay=5)
    expect(page.locator('#personalization [data-code="default_text"]')).to_be_visible()
    expect(page.locator("#char-count")).to_have_text(str(len(default)))

    text.fill("")
    text.press_sequentially("Hoi Noor, leuk om te connecten! Groet, Guido", delay=2)
    expect(page.locator('#personalization [data-code="generic"]')).to_be_visible()
    expect(page.locator("#personalization mark.stock-part")).to_have_text(
        ["Hoi Noor", "leuk om te connecten", "Groet, Guido"]
    )

    # Pasting more than any check accepts: the field takes the first 5000 characters.
    text.fill(".best" * 1100 + "#")
    assert page.evaluate("document.getElementById('id_text').value.length") == 5000
    expect(page.locator('#personalization [data-code="too_long"]')).to_contain_text("5000 tekens")

    text.fill("")
    text.press_sequentially(PERSONAL, delay=2)
    expect(page.locator("#personalization")).to_contain_text("persoonlijke uitnodiging")
    expect(page.locator("#char-count")).to_have_text(str(len(PERSONAL)))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page.locator("#invitation-text")).to_have_text(PERSONAL)
    expect(page.get_by_role("link", name="Open het profiel")).to_have_attribute(
        "href", "https://www.linkedin.com/in/noor-van-leeuwen"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Ik heb hem verstuurd via LinkedIn").click()
    expect(page.get_by_text("Gemarkeerd als verstuurd via LinkedIn.")).to_be_visible()

    invitation = Invitation.objects.get(owner=owner)
    assert invitation.state == InvitationState.SENT
    assert page.csp_errors == []
