"""The digest lists the removal suggestions that are new since the member's previous
digest, over real SMTP (aiosmtpd)."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from contacts.models import ContactLabel
from netwerk.accounts.models import Profile
from reviews.digest import contents, due, sending
from reviews.models import DeliveryState, DigestDelivery
from reviews.rules import Rule
from tests.factories import ContactFactory, InteractionFactory, LabelFactory
from tests.reviews.helpers import put_under_review
from tests.smtp import answering_smtp_server

WEEK = timedelta(days=7)


def quiet_contact(owner, first_name, last_name="Stil", **fields):
    """Tracked and without interaction for two years: the inactive rule (12 months by default) suggests them."""
    return ContactFactory(
        owner=owner, first_name=first_name, last_name=last_name,
        connected_on=timezone.localdate() - timedelta(days=730),
        created_at=timezone.now() - timedelta(days=730), **fields,
    )


def make_due(owner, **profile_fields):
    """The member's digest due now (a new slot each time), in English unless told."""
    fields = {"next_digest_at": timezone.now() - timedelta(minutes=5), "language": "en", **profile_fields}
    Profile.objects.filter(user=owner).update(**fields)
    owner.refresh_from_db()
    return owner.profile


def send_due_digest(owner, **profile_fields):
    return sending.send_digest_batch([make_due(owner, **profile_fields).pk])


def bodies(received):
    message = received["message"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def suggestion_lines(text):
    """The names listed in the suggestion section of the plain-text digest."""
    section = re.split(r"suggestions? for “", text, maxsplit=1)[1].split("Suggestions never act", 1)[0]
    return [line[2:].split(":")[0] for line in section.splitlines() if line.startswith("- ")]


def test_the_second_digest_lists_only_the_new_suggestion(smtp_server, owner):
    quiet_contact(owner, "Anna")
    assert send_due_digest(owner).sent == 1
    first_text, first_html = bodies(smtp_server.messages[0])
    assert suggestion_lines(first_text) == ["Anna Stil"]
    assert "1 suggestion for “Verwijderen?”:" in first_text and " since " not in first_text  # the first: all new
    assert "Anna Stil" in first_html

    with time_machine.travel(timezone.now() + WEEK):
        quiet_contact(owner, "Bram")
        assert send_due_digest(owner).sent == 1
    text, html = bodies(smtp_server.messages[1])
    assert suggestion_lines(text) == ["Bram Stil"]
    assert "1 new suggestion for “Verwijderen?” since " in text
    assert "1 earlier suggestion is still open." in text
    assert "Bram Stil" in html and "Anna Stil" not in html and "1 earlier suggestion is still open." in html
    first, second = DigestDelivery.objects.order_by("slot")
    assert second.new_since == first.slot
    assert sorted(second.suggested[Rule.INACTIVE]) == sorted(first.suggested[Rule.INACTIVE] + second.new_suggestions)


def test_nothing_new_says_so_and_still_counts_the_open_suggestions(smtp_server, owner):
    quiet_contact(owner, "Anna")
    quiet_contact(owner, "Bram")
    send_due_digest(owner)
    with time_machine.travel(timezone.now() + WEEK):
        assert send_due_digest(owner).sent == 1  # still worth sending: two suggestions are open
    text, html = bodies(smtp_server.messages[1])
    assert suggestion_lines(text) == []
    assert "No new suggestions for “Verwijderen?” since " in text
    assert "2 earlier suggestions are still open." in text and "2 earlier suggestions are still open." in html


def test_more_new_suggestions_than_listed_are_counted(smtp_server, owner):
    for index in range(contents.FIRST_SUGGESTIONS + 2):
        quiet_contact(owner, f"Persoon{index}")
    send_due_digest(owner)
    text, html = bodies(smtp_server.messages[0])
    assert len(suggestion_lines(text)) == contents.FIRST_SUGGESTIONS + 1  # five names and "and 2 more"
    assert "- and 2 more" in text and "and 2 more" in html
    assert len(DigestDelivery.objects.get().new_suggestions) == contents.FIRST_SUGGESTIONS + 2


def test_a_suggestion_that_went_away_and_came_back_is_new_again(smtp_server, owner):
    anna = quiet_contact(owner, "Anna")
    send_due_digest(owner)
    with time_machine.travel(timezone.now() + WEEK):
        talk = InteractionFactory(contact=anna)  # in touch again: no suggestion, nothing to say
        assert send_due_digest(owner).empty == 1
    with time_machine.travel(timezone.now() + 2 * WEEK):
        talk.delete()  # (as if a year had passed without contact)
        assert send_due_digest(owner).sent == 1
    assert len(smtp_server.messages) == 2
    text, _html = bodies(smtp_server.messages[1])
    assert suggestion_lines(text) == ["Anna Stil"]
    assert "1 new suggestion for “Verwijderen?” since " in text


def test_a_contact_suggested_for_another_reason_too_is_new(smtp_server, owner):
    anna = quiet_contact(owner, "Anna")
    send_due_digest(owner)
    with time_machine.travel(timezone.now() + WEEK):
        ContactLabel.objects.create(contact=anna, label=LabelFactory(owner=owner, restricts_contact=True))
        send_due_digest(owner)
    text, _html = bodies(smtp_server.messages[1])
    assert suggestion_lines(text) == ["Anna Stil"]
    assert "Your contract restricts contact" in text


def test_a_suggestion_put_under_review_leaves_the_list_and_the_record(smtp_server, owner):
    anna = quiet_contact(owner, "Anna")
    quiet_contact(owner, "Bram")
    send_due_digest(owner)
    with time_machine.travel(timezone.now() + WEEK):
        put_under_review(anna)
        send_due_digest(owner)
    text, _html = bodies(smtp_server.messages[1])
    assert "1 contact is under “Verwijderen?”" in text and "No new suggestions" in text
    assert "1 earlier suggestion is still open." in text
    assert anna.pk not in DigestDelivery.objects.order_by("slot").last().suggested[Rule.INACTIVE]


def test_a_digest_that_failed_never_counts_as_said(smtp_server, owner, settings):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 No such user"

    quiet_contact(owner, "Anna")
    with answering_smtp_server(settings, Refusing()):
        assert send_due_digest(owner).failed == 1
    with time_machine.travel(timezone.now() + WEEK):
        assert send_due_digest(owner).sent == 1
    text, _html = bodies(smtp_server.messages[0])
    assert suggestion_lines(text) == ["Anna Stil"]
    assert " since " not in text  # no digest reached the member before: all new


def test_a_retry_lists_what_the_first_attempt_did(smtp_server, owner, settings):
    class TryLater:
        async def handle_DATA(self, server, session, envelope):
            return "451 Try again later"

    anna = quiet_contact(owner, "Anna")
    with answering_smtp_server(settings, TryLater()):
        report = sending.send_digest_batch([make_due(owner).pk])
    assert report.retrying == 1 and smtp_server.messages == []
    delivery = DigestDelivery.objects.get()
    assert delivery.state == DeliveryState.RETRYING and delivery.new_suggestions == [anna.pk]

    # Before the retry the suggestions change: the retry still says what was recorded.
    quiet_contact(owner, "Bram")
    assert sending.retry_delivery(delivery.pk, last_attempt=False) == DeliveryState.SENT
    text, html = bodies(smtp_server.messages[0])
    assert suggestion_lines(text) == ["Anna Stil"] and "Bram Stil" not in html
    assert smtp_server.messages[0]["message"]["Message-ID"] == sending.digest_message_id(delivery)

    # Bram was never said, so the next digest lists him as new.
    with time_machine.travel(timezone.now() + WEEK):
        send_due_digest(owner)
    text, _html = bodies(smtp_server.messages[1])
    assert suggestion_lines(text) == ["Bram Stil"]


def test_a_resend_after_a_dead_worker_lists_the_same_suggestions(smtp_server, owner, settings):
    anna = quiet_contact(owner, "Anna")
    profile = make_due(owner)
    now = timezone.now()
    due_now = [p for p in contents.with_previous_digest(Profile.objects.filter(pk=profile.pk)) if due.looks_due(p, now)]
    content = contents.bulk_digest_content(due_now, now)[owner.pk]
    slot = due.claim(profile, now)
    delivery = content.record_on(DigestDelivery(owner=owner, slot=slot, claimed_at=now))
    delivery.save()  # claimed and recorded, then the worker died before sending
    quiet_contact(owner, "Bram")
    later = now + settings.NETWERK_DIGEST_STALE_AFTER + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert sending.resume_stale_deliveries(later) == [delivery.pk]
        assert sending.retry_delivery(delivery.pk, last_attempt=False) == DeliveryState.SENT
    text, _html = bodies(smtp_server.messages[0])
    assert suggestion_lines(text) == ["Anna Stil"]
    assert DigestDelivery.objects.get().new_suggestions == [anna.pk]


def test_since_is_the_previous_digest_day_in_the_members_time_zone(smtp_server, owner):
    # Monday 1 March 2027 08:00 in Auckland is still Sunday 28 February in UTC.
    first_slot = datetime(2027, 2, 28, 19, 0, tzinfo=UTC)
    quiet_contact(owner, "Anna")
    zone = {"time_zone": "Pacific/Auckland", "digest_weekday": 0, "digest_hour": 8}
    with time_machine.travel(first_slot + timedelta(minutes=3), tick=False):
        assert send_due_digest(owner, next_digest_at=first_slot, **zone).sent == 1
    owner.profile.refresh_from_db()
    second_slot = owner.profile.next_digest_at
    assert second_slot == first_slot + WEEK
    with time_machine.travel(second_slot + timedelta(minutes=3), tick=False):
        quiet_contact(owner, "Bram")
        assert send_due_digest(owner, next_digest_at=second_slot, **zone).sent == 1
    text, html = bodies(smtp_server.messages[1])
    assert "1 new suggestion for “Verwijderen?” since March 1, 2027:" in text
    assert "since March 1, 2027" in html and "February 28" not in text + html


def test_the_new_suggestions_speak_dutch(smtp_server, owner):
    quiet_contact(owner, "Anna")
    send_due_digest(owner, language="nl")
    with time_machine.travel(timezone.now() + WEEK):
        quiet_contact(owner, "Bram")
        send_due_digest(owner, language="nl")
    text, _html = bodies(smtp_server.messages[1])
    assert "1 nieuwe suggestie voor “Verwijderen?” sinds " in text
    assert "1 eerdere suggestie staat nog open." in text


def test_a_second_digest_with_a_record_costs_no_extra_query(db, smtp_server, owner, django_assert_max_num_queries):
    for index in range(3):
        quiet_contact(owner, f"Persoon{index}")
    put_under_review(ContactFactory(owner=owner))
    send_due_digest(owner)
    with time_machine.travel(timezone.now() + WEEK):
        for index in range(20):
            quiet_contact(owner, f"Nieuw{index}")
        make_due(owner)
        with django_assert_max_num_queries(10 + 1):  # + 1: the asks part (overdue asks, whom you owe)
            assert sending.send_digest_batch([owner.profile.pk]).sent == 1
    assert DigestDelivery.objects.order_by("slot").last().new_suggestions


def test_the_digest_suggests_no_more_than_the_weekly_number(smtp_server, owner):
    """Right after a big import the e-mail does not say "280 suggestions": it counts and
    records the member's weekly number, most telling first, like the review page."""
    for index in range(40):
        quiet_contact(owner, f"Persoon{index}")
    send_due_digest(owner, weekly_suggestions=7)
    text, html = bodies(smtp_server.messages[0])
    assert "7 suggestions for “Verwijderen?”:" in text and "40 suggestions" not in text
    assert "- and 2 more" in text and "and 2 more" in html  # five names, then the rest of the seven
    assert len(DigestDelivery.objects.get().new_suggestions) == 7
