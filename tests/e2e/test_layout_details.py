"""Layout details at 1280 and 375 px: the decisions chart's week labels do not overlap;
on a phone the labels table and the import history are cards with every cell on screen;
keyboard hints are hidden on a touch screen without a keyboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ImportJob
from reviews.models import RemovalReason
from reviews.services import put_under_review, remove_contact
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.journeys import log_in
from tests.factories import ContactFactory, LabelFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Boxes of the elements matched by `selector` (only the visible ones), in CSS pixels.
BOXES = """(selector) => [...document.querySelectorAll(selector)]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}))"""


def overlapping(boxes: list[dict]) -> list[tuple[dict, dict]]:
    pairs = []
    for index, first in enumerate(boxes):
        for second in boxes[index + 1 :]:
            apart = (
                first["right"] <= second["left"]
                or second["right"] <= first["left"]
                or first["bottom"] <= second["top"]
                or second["bottom"] <= first["top"]
            )
            if not apart:
                pairs.append((first, second))
    return pairs


def test_decision_chart_week_labels_do_not_overlap(journey):
    member = UserFactory(username="grafiek")
    now = timezone.now()
    for weeks_back in range(12):
        moment = now - timedelta(weeks=weeks_back)
        contact = ContactFactory(owner=member)
        put_under_review(user=member, contact=contact, now=moment)
        remove_contact(user=member, contact=contact, reason=RemovalReason.OTHER, now=moment)
    log_in(journey, "grafiek")
    page = journey.page
    for size in VIEWPORTS.values():
        page.set_viewport_size(size)
        labels = page.evaluate(BOXES, "svg[aria-labelledby^='chart-decisions'] text.chart-label")
        assert len(labels) >= 12, labels
        assert overlapping(labels) == [], size
    journey.shot("decisions chart")


def test_labels_table_and_import_history_are_cards_on_a_phone(journey):
    member = UserFactory(username="kaartjes")
    for index in range(3):
        LabelFactory(owner=member, name=f"Een nogal lang label nummer {index} voor de telefoon", description="Uitleg")
    ImportJob.objects.create(
        owner=member,
        filename="Complete_LinkedInDataExport_12-03-2026_met_een_heel_lange_naam.zip",
        state=ImportJob.State.DONE,
        rows_total=285,
        rows_done=285,
    )
    log_in(journey, "kaartjes")
    page = journey.page
    page.set_viewport_size(VIEWPORTS["phone"])
    for path, needed in (
        (reverse("contacts:labels"), "table td"),
        (reverse("contacts:import"), "table td"),
    ):
        journey.goto(path)
        cells = page.evaluate(BOXES, needed)
        assert cells, path
        width = VIEWPORTS["phone"]["width"]
        off_screen = [cell for cell in cells if cell["right"] > width + 0.5 or cell["left"] < -0.5]
        assert off_screen == [], path
        # A card: the cells of one row stack, so a row is taller than one line.
        display = page.evaluate("() => getComputedStyle(document.querySelector('table tbody tr')).display")
        assert display == "block", path
        journey.shot(f"cards {path}")
    journey.goto(reverse("contacts:labels"))
    counts = page.locator("table td[data-label] a[href*='labels=']")
    assert counts.count() == 4 and all(counts.nth(i).is_visible() for i in range(4))


def test_keyboard_hints_are_hidden_on_a_touch_screen(browser, live_server):
    member = UserFactory(username="touch")
    contact = ContactFactory(owner=member)
    put_under_review(user=member, contact=contact)
    for touch, visible in ((False, True), (True, False)):
        context = browser.new_context(
            viewport=VIEWPORTS["phone"], base_url=live_server.url, has_touch=touch, is_mobile=touch, locale="nl-NL"
        )
        page = context.new_page()
        page.goto(reverse("login"))
        page.locator("[name=username]").fill("touch")
        page.locator("[name=password]").fill("correct horse battery staple")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        page.goto(reverse("reviews:queue"))
        assert page.evaluate("() => matchMedia('(hover: none) and (pointer: coarse)').matches") is touch
        hints = page.locator("#review-keys")
        assert hints.count() == 1
        assert hints.is_visible() is visible
        context.close()


def test_contacts_table_rows_are_cards_on_a_phone(journey):
    member = UserFactory(username="lijstje")
    label = LabelFactory(owner=member, name="Netwerkborrel Utrecht met een lange naam", color="teal")
    for index in range(3):
        contact = ContactFactory(
            owner=member,
            first_name=f"Maximiliaan{index}",
            last_name="van der Heijden-Wijnberg",
            position="Senior interim projectleider digitale transformatie",
            company="Gemeente Utrecht",
            connected_on=timezone.localdate() - timedelta(days=400),
        )
        contact.labels.add(label)
    log_in(journey, "lijstje")
    journey.goto(reverse("contacts:list"))
    page = journey.page
    page.set_viewport_size(VIEWPORTS["phone"])
    width = VIEWPORTS["phone"]["width"]
    cells = page.evaluate(BOXES, "#contact-results tbody td, #contact-results .label-badge")
    assert cells
    assert [cell for cell in cells if cell["right"] > width + 0.5 or cell["left"] < -0.5] == []
    connected = page.locator("#contact-results tbody td[data-label]").filter(has_text=str(timezone.localdate().year - 1))
    assert connected.count() >= 1 and connected.first.is_visible()
    journey.shot("contacts as cards")
