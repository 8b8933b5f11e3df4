"""The review in chromium: a contact goes under the review label from the contact list, is
removed with a reason in the review queue and restored from the archive; and the digest,
delivered through a real SMTP server, leads by its signed link to a confirmation page whose
POST removes the contact. Each step is screenshotted at 1280 and 375 px; no console error
and no CSP violation on the way."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import ContactStatus, ensure_review_label
from netwerk.accounts.models import Profile
from reviews.models import Action, ReviewDecision
from reviews.services import put_under_review
from tests.e2e.journeys import assert_same_page, follow, go_to, link_in, log_in, mark_page
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_review_a_contact_remove_it_with_a_reason_and_restore_it(journey):
    member = UserFactory(username="mirjam")
    review_label = ensure_review_label(member)
    doubtful = ContactFactory(owner=member, first_name="Rob", last_name="Recruiter", company="Uitzendbureau")
    ContactFactory(owner=member, first_name="Sara", last_name="Smits")
    log_in(journey, "mirjam")
    go_to(journey, "contacts:list")
    page = journey.page

    page.locator(f"#select-{doubtful.pk}").check()
    page.locator("#bulk-form [name=label]").select_option(str(review_label.pk))
    page.locator("#bulk-form button[value=add]").click()
    expect(page.locator(f"#labels-{doubtful.pk} .label-badge")).to_have_text([review_label.name])
    journey.shot("put under the review label")

    go_to(journey, "reviews:queue")
    card = page.locator(f"#review-{doubtful.pk}")
    expect(card).to_be_visible()
    expect(page.locator(".review-card")).to_have_count(1)
    journey.shot("the review queue")
    journey.axe()
    mark_page(journey)

    remove = card.locator(f"form[action='{reverse('reviews:remove', kwargs={'pk': doubtful.pk})}']")
    remove.locator("[name=note]").fill("Eén keer gebeld over een vacature, verder niets.")
    journey.shot("a note written")
    remove.locator("button[name=reason][value=met_once_no_business]").click()
    decided = page.locator(f"#review-status .review-decided[data-contact='{doubtful.pk}']")
    expect(decided).to_be_visible()
    expect(card).to_have_count(0)
    expect(page.locator("#review-count")).to_have_text("0")
    assert_same_page(journey)
    doubtful.refresh_from_db()
    assert doubtful.status == ContactStatus.ARCHIVED
    decision = ReviewDecision.objects.get(contact=doubtful, action=Action.REMOVE)
    assert decision.reason == "met_once_no_business"
    journey.shot("removed: archived with the reason")
    journey.axe()

    with page.expect_navigation():
        decided.locator(f"a[href='{reverse('reviews:archive')}']").click()
    item = page.locator("main .list-group-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Rob Recruiter")
    expect(item).to_contain_text("Eén keer gebeld over een vacature")
    journey.shot("the archive keeps the reason and the note")
    journey.axe()

    restore = reverse("reviews:restore", kwargs={"pk": doubtful.pk})
    with page.expect_navigation():
        item.locator(f"form[action='{restore}'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Rob Recruiter")
    expect(page.locator("main .list-group-item")).to_have_count(0)
    doubtful.refresh_from_db()
    assert doubtful.status == ContactStatus.ACTIVE
    journey.shot("restored from the archive")

    go_to(journey, "contacts:list")
    expect(page.locator(f"#select-{doubtful.pk}")).to_be_visible()
    journey.shot("back in the contact list")


def test_digest_email_link_confirms_a_removal(journey, smtp_server, settings):
    settings.SITE_URL = journey.base_url  # the links in the e-mail point at this server
    member = UserFactory(username="hans", email="hans@example.nl", first_name="Hans")
    doubtful = ContactFactory(owner=member, first_name="Gert", last_name="Eenmalig", company="Beursvloer")
    put_under_review(user=member, contact=doubtful, now=timezone.now() - timedelta(days=3))
    Profile.objects.filter(user=member).update(next_digest_at=timezone.now() - timedelta(minutes=5))

    call_command("send_review_digests", stdout=StringIO())

    assert len(smtp_server.messages) == 1
    delivered = smtp_server.messages[0]
    assert delivered["to"] == ["hans@example.nl"]
    message = delivered["message"]
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Gert Eenmalig" in text
    # Each contact has a Keep and a Remove… link; the Remove… one is the second.
    keep, link = re.findall(re.escape(journey.base_url) + r"/review/mail/\S+", text)
    assert keep != link and link in html
    assert link_in(message, "/review/mail/") == keep

    # Not logged in: the signed link itself is the member's key to this one decision.
    journey.page.goto(link)
    page = journey.page
    expect(page.locator("h1")).to_contain_text("Gert Eenmalig")
    doubtful.refresh_from_db()
    assert doubtful.status == ContactStatus.ACTIVE  # opening the link changed nothing
    journey.shot("the confirmation page from the e-mail")
    journey.axe()

    page.locator("main form [name=reason]").select_option("one_sided")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    doubtful.refresh_from_db()
    assert doubtful.status == ContactStatus.ARCHIVED
    decision = ReviewDecision.objects.get(contact=doubtful, action=Action.REMOVE)
    assert (decision.reason, decision.via_email) == ("one_sided", True)
    journey.shot("removed through the e-mail")
    journey.axe()

    with journey.refused(409):  # the link has nothing left to do
        again = journey.page.goto(link)
        assert again.status == 409
        expect(page.locator("main")).to_contain_text("Gert Eenmalig")
    journey.shot("the link a second time")
