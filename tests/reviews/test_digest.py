import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactStatus
from invitations.models import IncomingState, InvitationState
from netwerk.accounts.models import DigestCadence, Profile
from reviews.digest import contents, due, sending
from reviews.links import ActionLink, action_token, read_action_token
from reviews.models import Action, DeliveryState, DigestDelivery, ReviewDecision
from tests.factories import ContactFactory, IncomingInvitationFactory, InvitationFactory, UserFactory
from tests.reviews.helpers import review_contact
from tests.smtp import free_port


def make_due(user, **profile_fields):
    fields = {"next_digest_at": timezone.now() - timedelta(minutes=5), **profile_fields}
    Profile.objects.filter(user=user).update(**fields)
    user.refresh_from_db()
    return user.profile


def links_in(text):
    return re.findall(r"https?://[^\s\"<>]+", text)


def path_of(url):
    return urlsplit(url).path


def test_digest_arrives_over_smtp_with_both_parts_and_safe_links(smtp_server, client, owner, settings):
    settings.SITE_URL = "https://netwerk.example"
    Profile.objects.filter(user=owner).update(language="en")
    owner.first_name = "Anne"
    owner.save()
    jan = review_contact(owner, first_name="Jan", last_name="Janssen", days_ago=20)
    review_contact(owner, first_name="Kees", last_name="Kok", days_ago=2)
    IncomingInvitationFactory(owner=owner, name="Stranger Danger")
    InvitationFactory(owner=owner, recipient_name="Olga Old", state=InvitationState.SENT, sent_at=timezone.now() - timedelta(days=20))
    make_due(owner)

    report = sending.send_digest_batch([owner.profile.pk])

    assert report.sent == 1
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    message = received["message"]
    assert received["to"] == [owner.email]
    assert message["To"] == owner.email
    assert message["Subject"] == "Anne: 2 contacts to review"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, html):
        assert "Jan Janssen" in part and "Kees Kok" in part
        assert "Stranger Danger" in part and "Olga Old" in part
    assert text.index("Jan Janssen") < text.index("Kees Kok")  # longest under review first
    keep_links = [url for url in links_in(text) if "/review/mail/" in url]
    assert len(keep_links) == 4 and all(url.startswith("https://netwerk.example/") for url in keep_links)
    assert set(keep_links) <= set(links_in(html.replace("&amp;", "&")))

    # Follow Jan's "Remove…" link: GET only confirms, the POST from the page acts.
    bound = {read_action_token(path_of(url).rstrip("/").rsplit("/", 1)[1]): url for url in keep_links}
    remove_url = bound[ActionLink(owner.pk, jan.pk, "remove")]
    assert ActionLink(owner.pk, jan.pk, "keep") in bound
    page = client.get(path_of(remove_url))
    assert page.status_code == 200 and "Jan Janssen" in page.content.decode()
    jan.refresh_from_db()
    assert jan.status == ContactStatus.ACTIVE and not ReviewDecision.objects.exists()
    done = client.post(path_of(remove_url), {"reason": "one_sided", "note": "mail"})
    assert done.status_code == 200
    jan.refresh_from_db()
    assert jan.status == ContactStatus.ARCHIVED
    decision = ReviewDecision.objects.get()
    assert (decision.action, decision.reason, decision.via_email) == (Action.REMOVE, "one_sided", True)

    # One-click unsubscribe (RFC 8058): a POST without cookies turns the digest off.
    anonymous = client.__class__(enforce_csrf_checks=True)
    response = anonymous.post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    owner.profile.refresh_from_db()
    assert owner.profile.digest_cadence == DigestCadence.OFF and owner.profile.next_digest_at is None


def test_digest_is_in_the_members_language(smtp_server, owner):
    review_contact(owner)
    make_due(owner, language="nl")
    sending.send_digest_batch([owner.profile.pk])
    message = smtp_server.messages[0]["message"]
    assert "te beoordelen" in message["Subject"] or "beoordel" in message["Subject"].lower()
    assert "Behouden" in message.get_body(preferencelist=("plain",)).get_content()


def test_line_breaks_in_names_never_add_headers(smtp_server, owner):
    owner.first_name = "Anne\r\nBcc: evil@example.com"
    owner.save()
    review_contact(owner, first_name="Jan\r\nBcc: worse@example.com", last_name="X")
    make_due(owner)
    sending.send_digest_batch([owner.profile.pk])
    received = smtp_server.messages[0]
    assert received["to"] == [owner.email]
    assert received["message"]["Bcc"] is None
    assert "\n" not in received["message"]["Subject"]


def test_get_on_a_link_never_changes_anything(client, owner):
    contact = review_contact(owner)
    url = reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, contact.pk, "keep")})
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert not ReviewDecision.objects.exists()
    assert client.post(url, {"note": ""}).status_code == 200
    assert ReviewDecision.objects.get().action == Action.KEEP
    assert client.post(url, {"note": ""}).status_code == 409  # already decided: nothing twice


def test_tampered_link_gets_a_friendly_page(client, owner):
    contact = review_contact(owner)
    other = review_contact(owner)
    token = action_token(owner.pk, contact.pk, "keep")
    forged = signing.dumps([owner.pk, other.pk, "remove"], salt="something else")
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.post(reverse("reviews:email_action", kwargs={"token": bad}), {"reason": "other"})
        assert response.status_code == 400
        assert "not valid" in response.content.decode() or "niet geldig" in response.content.decode()
    assert not ReviewDecision.objects.exists()


def test_expired_link_gets_a_friendly_page(client, owner):
    contact = review_contact(owner)
    with time_machine.travel(timezone.now() - timedelta(days=15)):
        token = action_token(owner.pk, contact.pk, "keep")
    response = client.post(reverse("reviews:email_action", kwargs={"token": token}), {"note": ""})
    assert response.status_code == 410
    assert not ReviewDecision.objects.exists()


def test_a_link_acts_only_for_its_own_member_contact_and_action(client, owner, outsider):
    contact = review_contact(owner)
    theirs = review_contact(outsider)
    token = action_token(owner.pk, theirs.pk, "keep")  # a link naming someone else's contact
    assert client.post(reverse("reviews:email_action", kwargs={"token": token})).status_code == 404
    keep = reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, contact.pk, "keep")})
    client.post(keep, {"reason": "one_sided"})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE  # a keep link cannot remove
    assert ReviewDecision.objects.get().action == Action.KEEP


def test_nothing_to_say_sends_nothing_unless_asked(smtp_server, owner):
    make_due(owner)
    report = sending.send_digest_batch([owner.profile.pk])
    assert (report.sent, report.empty, len(smtp_server.messages)) == (0, 1, 0)
    assert DigestDelivery.objects.get().state == DeliveryState.EMPTY
    make_due(owner, digest_when_empty=True)
    sending.send_digest_batch([owner.profile.pk])
    assert len(smtp_server.messages) == 1


def test_incoming_waiting_and_awaiting_answers_are_listed(owner):
    now = timezone.now()
    IncomingInvitationFactory(owner=owner, name="Pending Person")
    IncomingInvitationFactory(owner=owner, name="Slow Answerer", state=IncomingState.AWAITING_ANSWER, replied_at=now - timedelta(days=20))
    IncomingInvitationFactory(owner=owner, name="Fresh Reply", state=IncomingState.AWAITING_ANSWER, replied_at=now - timedelta(days=2))
    pending, awaiting = contents.incoming_waiting(owner, now)
    assert [i.name for i in pending] == ["Pending Person"]
    assert [i.name for i in awaiting] == ["Slow Answerer"]


def test_the_command_twice_sends_once(smtp_server, owner):
    review_contact(owner)
    make_due(owner)
    out = StringIO()
    call_command("send_review_digests", stdout=out)
    call_command("send_review_digests", stdout=out)
    assert len(smtp_server.messages) == 1
    assert "Digests sent: 1" in out.getvalue() and "Digests sent: 0" in out.getvalue()
    owner.profile.refresh_from_db()
    assert owner.profile.next_digest_at > timezone.now()
    assert DigestDelivery.objects.get(owner=owner).state == DeliveryState.SENT


def test_a_second_sender_with_a_stale_view_loses_the_claim(owner):
    profile = make_due(owner)
    stale = Profile.objects.get(pk=profile.pk)
    now = timezone.now()
    assert due.claim(profile, now) is not None
    assert due.claim(stale, now) is None


def test_beat_task_sends_due_digests_once(smtp_server, owner):
    from reviews.tasks import send_due_digests

    review_contact(owner)
    make_due(owner)
    send_due_digests.delay()
    send_due_digests.delay()
    assert len(smtp_server.messages) == 1


def test_the_beat_schedule_runs_the_digest_every_15_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["review-digests"]
    assert entry["task"] == "reviews.send_due_digests"
    assert entry["schedule"] == timedelta(minutes=15)


def test_a_long_outage_sends_one_digest_not_a_backlog(smtp_server, owner):
    review_contact(owner)
    make_due(owner, next_digest_at=timezone.now() - timedelta(days=30))
    sending.send_digest_batch([owner.profile.pk])
    sending.send_digest_batch([owner.profile.pk])
    assert len(smtp_server.messages) == 1
    owner.profile.refresh_from_db()
    assert owner.profile.next_digest_at > timezone.now()


@pytest.fixture
def retries_run_in_turn():
    """Eager mode runs each retry in turn when errors are not propagated, as a worker would."""
    from netwerk.celery import app as celery_app

    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def test_smtp_down_retries_with_backoff_then_records_the_failure(settings, owner, retries_run_in_turn):
    review_contact(owner)
    make_due(owner)
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}
    }
    profile = owner.profile
    now = timezone.now()
    delivery = DigestDelivery.objects.create(owner=owner, slot=now, state=DeliveryState.RETRYING)
    from reviews.tasks import deliver_digest

    deliver_digest.delay(delivery.pk)  # eager: each retry runs in turn until the last one
    delivery.refresh_from_db()
    profile.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 1 + sending.DIGEST_MAX_RETRIES + 1
    assert profile.digest_failure and profile.digest_failed_at is not None


def test_a_refused_recipient_is_a_permanent_failure_shown_in_settings(smtp_server, owner, client, settings):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 No such user"

    review_contact(owner)
    make_due(owner)
    port = free_port()
    refusing = Controller(Refusing(), hostname="127.0.0.1", port=port)
    refusing.start()
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}
    }
    try:
        report = sending.send_digest_batch([owner.profile.pk])
    finally:
        refusing.stop()
    assert report.failed == 1 and smtp_server.messages == []
    assert DigestDelivery.objects.get().state == DeliveryState.FAILED
    client.force_login(owner)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "550" in page


def test_a_transient_failure_in_the_batch_is_retried_and_delivered(smtp_server, owner, settings):
    review_contact(owner)
    make_due(owner)
    real_mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    # The mail server is down when the batch connects: nothing is claimed, the batch retries.
    with pytest.raises(OSError):
        sending.send_digest_batch([owner.profile.pk])
    assert not DigestDelivery.objects.exists()
    settings.MAILERS = real_mailers
    report = sending.send_digest_batch([owner.profile.pk])
    assert report.sent == 1 and len(smtp_server.messages) == 1


def test_a_delivery_left_sending_by_a_dead_worker_is_resent_once_after_the_stale_time(smtp_server, owner, settings):
    review_contact(owner)
    make_due(owner)
    slot = owner.profile.next_digest_at
    assert due.claim(owner.profile, timezone.now()) == slot  # claimed, then the worker died
    delivery = DigestDelivery.objects.create(owner=owner, slot=slot, claimed_at=timezone.now())

    assert sending.resume_stale_deliveries(timezone.now()) == []  # a live worker may still send it
    later = timezone.now() + settings.NETWERK_DIGEST_STALE_AFTER + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert sending.resume_stale_deliveries(later) == [delivery.pk]
        assert sending.resume_stale_deliveries(later) == []  # a second beat takes it no more
        assert sending.retry_delivery(delivery.pk, last_attempt=False) == DeliveryState.SENT
        assert sending.retry_delivery(delivery.pk, last_attempt=False) is None

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2
    assert [m["to"] for m in smtp_server.messages] == [[owner.email]]
    assert smtp_server.messages[0]["message"]["Message-ID"] == sending.digest_message_id(delivery)


def test_the_beat_task_resends_what_a_dead_worker_left_and_nothing_else(smtp_server, owner, outsider, settings):
    from reviews.tasks import send_due_digests

    for member in (owner, outsider):
        review_contact(member)
    stale_at = timezone.now() - settings.NETWERK_DIGEST_STALE_AFTER - timedelta(minutes=1)
    left = DigestDelivery.objects.create(owner=owner, slot=stale_at, claimed_at=stale_at)
    done = DigestDelivery.objects.create(owner=outsider, slot=stale_at, claimed_at=stale_at, state=DeliveryState.SENT)

    send_due_digests()  # Celery runs eagerly in tests: deliver_digest runs now

    left.refresh_from_db()
    done.refresh_from_db()
    assert left.state == DeliveryState.SENT and done.state == DeliveryState.SENT
    assert [m["to"] for m in smtp_server.messages] == [[owner.email]]


def test_a_delivery_taken_back_too_often_is_recorded_as_failed_not_resent(smtp_server, owner):
    stale_at = timezone.now() - timedelta(days=1)
    delivery = DigestDelivery.objects.create(
        owner=owner, slot=stale_at, claimed_at=stale_at, attempts=sending.DIGEST_MAX_RETRIES + 1
    )
    assert sending.resume_stale_deliveries(timezone.now()) == []
    delivery.refresh_from_db()
    owner.profile.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and owner.profile.digest_failure
    assert smtp_server.messages == []


def test_each_digest_is_marked_sent_right_after_its_own_handoff(smtp_server, db, monkeypatch):
    """A worker killed after the first handoff must find the first delivery already sent."""
    ids = _members_with_review(3, 1)
    states_seen = []
    real_send = sending._deliver

    def watch(mailer, delivery, profile, content, now):
        states_seen.append(sorted(DigestDelivery.objects.values_list("state", flat=True)))
        return real_send(mailer, delivery, profile, content, now)

    monkeypatch.setattr(sending, "_deliver", watch)
    assert sending.send_digest_batch(ids).sent == 3
    assert states_seen == [
        ["sending", "sending", "sending"],
        ["sending", "sending", "sent"],
        ["sending", "sent", "sent"],
    ]
    message_ids = {m["message"]["Message-ID"] for m in smtp_server.messages}
    assert len(message_ids) == 3


def _members_with_review(count_members, count_contacts):
    ids = []
    for _ in range(count_members):
        user = UserFactory()
        for index in range(count_contacts):
            review_contact(user, days_ago=index, connected_on=timezone.localdate())
        ContactFactory(owner=user)
        ContactFactory(  # a suggestion: tracked for two years without an interaction
            owner=user,
            connected_on=timezone.localdate() - timedelta(days=730),
            created_at=timezone.now() - timedelta(days=730),
        )
        IncomingInvitationFactory(owner=user)
        InvitationFactory(owner=user, state=InvitationState.SENT, sent_at=timezone.now() - timedelta(days=30))
        ids.append(make_due(user).pk)
    return ids


# Ten for the review, triage and invitations parts, one for the asks part (overdue asks
# and whom the member owes, one UNION query for the whole batch).
PER_DIGEST_QUERIES = 10 + 1


def test_queries_per_digest_stay_constant_and_at_most_eleven(db, smtp_server, django_assert_max_num_queries):
    one = _members_with_review(1, 1)
    with django_assert_max_num_queries(PER_DIGEST_QUERIES) as small:
        assert sending.send_digest_batch(one).sent == 1
    many = _members_with_review(1, 25)
    with django_assert_max_num_queries(PER_DIGEST_QUERIES) as large:
        assert sending.send_digest_batch(many).sent == 1
    assert len(small) == len(large)


def test_a_batch_reads_its_contents_once_for_all_members(db, smtp_server, django_assert_max_num_queries):
    ids = _members_with_review(6, 3)
    # Per batch: profiles, one insert of the claims, five content queries; per member: the
    # claim, its `handed_off` mark before the final dot and its `sent` mark after the 250.
    with django_assert_max_num_queries(7 + 1 + 3 * 6):  # + 1: the asks part, once per batch
        assert sending.send_digest_batch(ids).sent == 6


def test_the_next_digest_keeps_the_local_hour_across_daylight_saving(owner):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    amsterdam = ZoneInfo("Europe/Amsterdam")
    slot = datetime(2027, 3, 22, 8, 0, tzinfo=amsterdam)  # Monday 08:00 CET, a week before summer time
    profile = make_due(owner, time_zone="Europe/Amsterdam", digest_weekday=0, digest_hour=8, next_digest_at=slot)
    with time_machine.travel(slot + timedelta(minutes=10), tick=False):
        assert due.claim(profile, timezone.now()) == slot
    profile.refresh_from_db()
    upcoming = profile.next_digest_at.astimezone(amsterdam)
    assert (upcoming.date().isoformat(), upcoming.hour) == ("2027-03-29", 8)
    assert profile.next_digest_at - slot == timedelta(days=7) - timedelta(hours=1)
