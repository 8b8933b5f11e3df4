"""The weekly review as a quick ritual, in chromium: twenty decisions by keyboard (keep,
snooze and remove with each of the four reasons), at most two keys a decision, the next
card always where the last one was (the page never scrolls), one status line that is
replaced rather than stacked; and a suggestion put under review joins the queue and its
count without a reload."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact, ContactStatus
from reviews.models import Action, RemovalReason, ReviewDecision
from tests.e2e.journeys import assert_same_page, go_to, log_in, mark_page
from tests.factories import ContactFactory, UserFactory
from tests.reviews.helpers import review_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASONS = list(RemovalReason.values)
# Each decision and the keys it takes: b keeps, s snoozes, r then a digit removes.
PLAN = [("keep", ["b"]), ("snooze", ["s"])] + [(f"remove:{reason}", ["r", str(i)]) for i, reason in enumerate(REASONS, 1)]


class CountingKeyboard:
    def __init__(self, page):
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)


def _top_card_position(page) -> dict:
    return page.evaluate(
        """() => {
            const card = document.querySelector('.review-card');
            return {scrollY: window.scrollY, top: card ? card.getBoundingClientRect().top : null,
                    height: window.innerHeight};
        }"""
    )


def test_twenty_decisions_by_keyboard_two_keys_at_most_and_no_scrolling(journey):
    member = UserFactory(username="ritueel")
    for index in range(20):
        review_contact(member, first_name=f"Persoon{index:02d}", last_name="Twijfel", days_ago=40 - index)
    log_in(journey, "ritueel")
    go_to(journey, "reviews:queue")
    page = journey.page
    expect(page.locator(".review-card")).to_have_count(20)
    expect(page.locator("#review-count")).to_have_text("20")
    mark_page(journey)
    first = _top_card_position(page)
    assert first["scrollY"] == 0 and 0 <= first["top"] < first["height"], first
    keyboard = CountingKeyboard(page)

    expected = {}
    for number in range(20):
        decision, keys = PLAN[number % len(PLAN)]
        card = page.locator(".review-card").first
        name = card.locator("h3").inner_text()
        expected[name] = decision
        before = keyboard.presses
        for key in keys:
            keyboard.press(key)
        expect(page.locator(".review-card")).to_have_count(19 - number)
        assert keyboard.presses - before <= 2
        status = page.locator("#review-status")
        expect(status.locator(".review-decided")).to_have_count(1)  # replaced, never stacked
        expect(status).to_contain_text(name)
        expect(page.locator("#review-count")).to_have_text(str(19 - number))
        position = _top_card_position(page)
        assert position["scrollY"] == 0, f"decision {number + 1}: the page scrolled"
        if number < 19:
            # The next card takes the decided one's place, in view, with the focus.
            assert position["top"] == first["top"], f"decision {number + 1}: the next card moved"
            expect(page.locator(".review-card").first).to_be_focused()
        if number in (0, 2):
            journey.shot(f"after decision {number + 1}")

    assert keyboard.presses == sum(len(PLAN[n % len(PLAN)][1]) for n in range(20)) <= 40
    assert_same_page(journey)
    expect(page.locator(".review-decided")).to_have_count(1)
    journey.shot("twenty decisions later")
    journey.axe()

    decisions = {d.contact_name: d for d in ReviewDecision.objects.filter(owner=member)}
    assert len(decisions) == 20
    for name, planned in expected.items():
        decision = decisions[name]
        action, _colon, reason = planned.partition(":")
        assert decision.action == action, name
        assert decision.reason == reason, name
    removed = Contact.objects.filter(owner=member, status=ContactStatus.ARCHIVED).count()
    assert removed == sum(1 for planned in expected.values() if planned.startswith("remove"))
    assert {d.reason for d in decisions.values() if d.action == Action.REMOVE} == set(REASONS)


def test_enter_on_the_reason_list_removes_and_the_note_goes_along(journey):
    member = UserFactory(username="notitie")
    contact = review_contact(member, first_name="Nina", last_name="Notitie")
    review_contact(member, first_name="Otto", last_name="Ander")
    log_in(journey, "notitie")
    go_to(journey, "reviews:queue")
    page = journey.page
    note = page.locator(f"#remove-note-{contact.pk}")
    note.fill("Alleen recruiters")
    note.press("Enter")  # not a removal yet: Enter in the note goes to the reasons
    first_reason = page.locator(f"#review-{contact.pk} [data-reason-digit='1']")
    expect(first_reason).to_be_focused()
    assert not ReviewDecision.objects.exists()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.locator("#review-status")).to_contain_text("Nina Notitie")
    decision = ReviewDecision.objects.get()
    assert (decision.reason, decision.note) == (REASONS[1], "Alleen recruiters")


@pytest.mark.parametrize("journey", ["desktop", "phone"], indirect=True)
def test_a_suggestion_joins_the_queue_and_its_count_without_a_reload(journey):
    member = UserFactory(username="suggestie")
    long_ago = timezone.now() - timedelta(days=800)
    quiet = ContactFactory(owner=member, first_name="Stijn", last_name="Stil", created_at=long_ago)
    log_in(journey, "suggestie")
    go_to(journey, "reviews:queue")
    page = journey.page
    expect(page.locator("#review-count")).to_have_text("0")
    expect(page.locator("#review-empty")).to_be_visible()
    mark_page(journey)
    page.locator(f"#suggestion-{quiet.pk} button[type=submit]").click()
    expect(page.locator(f"#review-{quiet.pk}.review-card")).to_be_visible()
    expect(page.locator("#review-count")).to_have_text("1")
    expect(page.locator(f"#suggestion-{quiet.pk}")).to_have_count(0)
    expect(page.locator("#review-empty")).to_have_count(0)
    expect(page.locator("#review-status")).to_contain_text("Stijn Stil")
    assert_same_page(journey)
    journey.shot("a suggestion joined the queue")
    # And it can be decided at once, by keyboard.
    page.keyboard.press("b")
    expect(page.locator(".review-card")).to_have_count(0)
    expect(page.locator("#review-count")).to_have_text("0")
    assert ReviewDecision.objects.filter(contact=quiet, action=Action.KEEP).exists()
