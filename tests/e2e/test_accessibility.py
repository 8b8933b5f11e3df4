"""axe-core on the main pages of a realistic network (seed_demo), at 1280 and at 375 px:
no serious or critical violation, no sideways scrolling on a phone, every field labelled."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from asks.models import Ask
from contacts.models import Contact
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.journeys import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def main_pages(contact: Contact) -> list[tuple[str, str]]:
    return [
        ("dashboard", reverse("dashboard")),
        ("contacts", reverse("contacts:list")),
        ("contact", reverse("contacts:detail", kwargs={"pk": contact.pk})),
        ("labels", reverse("contacts:labels")),
        ("import", reverse("contacts:import")),
        ("compose", reverse("invitations:compose") + f"?contact={contact.pk}"),
        ("invitations", reverse("invitations:list")),
        ("triage", reverse("invitations:triage")),
        ("review", reverse("reviews:queue")),
        ("archive", reverse("reviews:archive")),
        ("digest", reverse("reviews:digest_preview")),
        ("settings", reverse("accounts:settings")),
        ("asks", reverse("asks:list")),
        ("new ask", reverse("asks:create")),
        ("ask", reverse("asks:detail", kwargs={"pk": Ask.objects.filter(owner_id=contact.owner_id).first().pk})),
        ("favours", reverse("asks:favours")),
        ("who helps", reverse("asks:people") + "?show=owe"),
    ]


UNLABELLED_FIELDS = """() => [...document.querySelectorAll('main :is(input, select, textarea):not([type=hidden])')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.name || el.id)"""


def test_main_pages_have_no_serious_accessibility_violations(journey):
    call_command("seed_demo", contacts=60, username="demo", password=PASSWORD, stdout=StringIO())
    log_in(journey, "demo")
    contact = Contact.objects.filter(owner__username="demo").active().first()
    for name, path in main_pages(contact):
        journey.goto(path)
        assert journey.page.evaluate(UNLABELLED_FIELDS) == [], f"{name}: fields without a label"
        for viewport in ("desktop", "phone"):
            journey.page.set_viewport_size(VIEWPORTS[viewport])
            violations = journey.axe_violations()
            assert violations == [], f"axe on {name} at {viewport} width: {violations}"
        journey.page.set_viewport_size(VIEWPORTS["desktop"])
        journey.assert_no_sideways_scroll_on_a_phone()
        journey.shot(name)
