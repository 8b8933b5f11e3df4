"""A member sees their digest now (the preview page), asks for one by e-mail ("send me
one now", or `send_review_digests --member`), and the schedule stays as it was."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from netwerk.accounts.models import Profile
from reviews.models import DigestDelivery, DigestOnDemand
from tests.reviews.helpers import review_contact

pytestmark = pytest.mark.django_db


def schedule_of(user) -> tuple:
    profile = Profile.objects.get(user=user)
    return profile.next_digest_at, profile.digest_cadence


def test_the_preview_shows_the_members_own_digest_and_nobody_elses(client, owner, outsider):
    review_contact(owner, first_name="Mine", last_name="Contact")
    review_contact(outsider, first_name="Theirs", last_name="Contact")
    client.force_login(owner)
    response = client.get(reverse("reviews:digest_preview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mine Contact" in page and "Theirs Contact" not in page
    assert "1 contact to review" in page or "1 contact te beoordelen" in page  # the subject line


def test_the_preview_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("reviews:digest_preview"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_send_now_mails_both_parts_and_leaves_the_schedule_alone(client, owner, smtp_server):
    review_contact(owner, first_name="Jan", last_name="Janssen")
    before = schedule_of(owner)
    client.force_login(owner)

    response = client.post(reverse("reviews:digest_send"), {"from": "settings"})

    assert response.status_code == 302 and response["Location"] == reverse("accounts:settings")
    (received,) = smtp_server.messages
    assert received["to"] == [owner.email]
    message = received["message"]
    assert "Jan Janssen" in message.get_body(("plain",)).get_content()
    assert "Jan Janssen" in message.get_body(("html",)).get_content()
    assert message["List-Unsubscribe"].startswith("<http")
    assert schedule_of(owner) == before
    assert not DigestDelivery.objects.exists()  # what the next digest counts as new is unchanged


def test_send_now_sends_even_when_there_is_nothing_to_say(client, owner, smtp_server):
    client.force_login(owner)
    client.post(reverse("reviews:digest_send"))
    assert len(smtp_server.messages) == 1


def test_a_double_click_sends_one_e_mail_and_a_minute_later_another(client, owner, smtp_server):
    client.force_login(owner)
    client.post(reverse("reviews:digest_send"))
    second = client.post(reverse("reviews:digest_send"), follow=True)
    assert len(smtp_server.messages) == 1
    assert "less than a minute ago" in second.content.decode() or "minder dan een minuut" in second.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        client.post(reverse("reviews:digest_send"))
    assert len(smtp_server.messages) == 2


def test_send_now_takes_only_a_post_with_a_csrf_token(client, owner, smtp_server):
    client.force_login(owner)
    assert client.get(reverse("reviews:digest_send")).status_code == 405
    strict = client.__class__(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post(reverse("reviews:digest_send")).status_code == 403
    assert smtp_server.messages == []


def test_send_now_with_the_mail_server_down_says_so_and_records_nothing(client, owner, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}
    }
    client.force_login(owner)
    response = client.post(reverse("reviews:digest_send"), follow=True)
    assert response.status_code == 200
    assert "mail server" in response.content.decode() or "mailserver" in response.content.decode()
    assert not DigestOnDemand.objects.exists()  # so trying again at once is not refused


def test_send_now_without_an_address_says_what_is_missing(client, owner, smtp_server):
    owner.email = ""
    owner.save()
    client.force_login(owner)
    response = client.post(reverse("reviews:digest_send"), follow=True)
    assert "no e-mail address" in response.content.decode() or "geen e-mailadres" in response.content.decode()
    assert smtp_server.messages == []


def test_settings_offer_send_now_and_the_preview(client, owner):
    client.force_login(owner)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert f'action="{reverse("reviews:digest_send")}"' in page
    assert f'href="{reverse("reviews:digest_preview")}"' in page


def test_the_command_sends_one_members_digest_and_keeps_their_schedule(owner, outsider, smtp_server):
    review_contact(owner)
    review_contact(outsider)
    before = schedule_of(owner)
    out = StringIO()
    call_command("send_review_digests", "--member", owner.username, stdout=out)
    assert [received["to"] for received in smtp_server.messages] == [[owner.email]]
    assert schedule_of(owner) == before and not DigestDelivery.objects.exists()
    assert owner.username in out.getvalue()


def test_the_command_names_an_unknown_member_and_sends_nothing(smtp_server, db):
    with pytest.raises(CommandError, match="nobody-here"):
        call_command("send_review_digests", "--member", "nobody-here")
    assert smtp_server.messages == []


def test_the_preview_reads_the_same_number_of_queries_for_1_or_25_contacts(client, owner, django_assert_max_num_queries):
    client.force_login(owner)
    review_contact(owner)
    client.get(reverse("reviews:digest_preview"))  # the session and the review label exist from here on
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("reviews:digest_preview")).status_code == 200
    for index in range(24):
        review_contact(owner, days_ago=index)
    with django_assert_max_num_queries(12) as large:
        assert client.get(reverse("reviews:digest_preview")).status_code == 200
    assert len(small) == len(large)
