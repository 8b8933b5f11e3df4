from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Label, LabelKind
from netwerk.accounts.models import DigestCadence, Profile, User

pytestmark = pytest.mark.django_db


def review_labels(user):
    return list(Label.objects.filter(owner=user, kind=LabelKind.REVIEW).values_list("name", flat=True))


def test_create_user_gets_profile_and_dutch_review_label():
    user = User.objects.create_user("anne", "anne@example.nl", "pw-Anne-2026!")
    assert user.profile.language == "nl"
    assert user.profile.time_zone == "Europe/Amsterdam"
    assert user.profile.digest_cadence == DigestCadence.WEEKLY
    assert review_labels(user) == ["Verwijderen?"]


def test_createsuperuser_gets_review_label(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "pw-Root-2026!")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "root@example.nl")
    assert review_labels(User.objects.get(username="root")) == ["Verwijderen?"]


def test_admin_created_member_gets_review_label(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "bram",
            "password1": "pw-Bram-2026!x",
            "password2": "pw-Bram-2026!x",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert review_labels(User.objects.get(username="bram")) == ["Verwijderen?"]


def test_sign_up_in_english_names_the_review_label_remove(client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "cleo", "email": "cleo@example.com", "password1": "pw-Cleo-2026!x", "password2": "pw-Cleo-2026!x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    user = User.objects.get(username="cleo")
    assert user.profile.language == "en"
    assert review_labels(user) == ["Remove?"]
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_up_refuses_a_taken_address_with_a_message(client, owner):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "dup", "email": owner.email.upper(), "password1": "pw-Dup-2026!x", "password2": "pw-Dup-2026!x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(username="dup").exists()


def test_switching_language_renames_a_default_review_label(owner_client, owner):
    owner_client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert review_labels(owner) == ["Remove?"]
    assert Profile.objects.get(user=owner).language == "en"


def test_switching_language_keeps_a_review_label_the_member_renamed(owner_client, owner):
    Label.objects.filter(owner=owner, kind=LabelKind.REVIEW).update(name="Twijfel")
    owner_client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert review_labels(owner) == ["Twijfel"]


def test_pages_follow_the_member_language(owner_client, owner):
    Profile.objects.filter(user=owner).update(language="en")
    assert "Your network at a glance" in owner_client.get(reverse("dashboard")).content.decode()
    Profile.objects.filter(user=owner).update(language="nl")
    assert "Je netwerk in één oogopslag" in owner_client.get(reverse("dashboard")).content.decode()


def test_settings_saves_preferences_and_reschedules_digest(owner_client, owner):
    data = {
        "account-first_name": "Olga",
        "account-last_name": "Owner",
        "account-email": "owner@example.nl",
        "profile-language": "en",
        "profile-time_zone": "America/New_York",
        "profile-digest_cadence": "monthly",
        "profile-digest_weekday": "2",
        "profile-digest_hour": "7",
        "profile-daily_invitation_cap": "5",
        "profile-weekly_invitation_cap": "20",
        "profile-inactive_months": "12",
        "profile-weekly_suggestions": "10",
    }
    response = owner_client.post(reverse("accounts:settings"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert profile.time_zone == "America/New_York"
    local = profile.next_digest_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.weekday(), local.hour, local.day <= 7) == (2, 7, True)


def test_settings_rejects_caps_over_the_maximum(owner_client, owner):
    data = {
        "account-email": "owner@example.nl",
        "profile-language": "en",
        "profile-time_zone": "Europe/Amsterdam",
        "profile-digest_cadence": "weekly",
        "profile-digest_weekday": "0",
        "profile-digest_hour": "8",
        "profile-daily_invitation_cap": "26",
        "profile-weekly_invitation_cap": "101",
        "profile-inactive_months": "12",
    }
    response = owner_client.post(reverse("accounts:settings"), data)
    assert response.status_code == 400
    assert Profile.objects.get(user=owner).daily_invitation_cap == 10


def test_password_reset_mail_is_sent_and_reveals_nothing(client, owner):
    known = client.post(reverse("password_reset"), {"email": owner.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "/password/reset/" in mail.outbox[0].body


def test_password_reset_over_real_smtp(client, owner, smtp_server):
    client.post(reverse("password_reset"), {"email": owner.email})
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["to"] == [owner.email]
    assert "Netwerk" in received["message"]["Subject"]


class TestLoginThrottling:
    def login(self, client, username, password):
        return client.post(reverse("login"), {"username": username, "password": password})

    def test_right_password_refused_after_too_many_failures(self, client, owner, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            assert self.login(client, "owner", "wrong").status_code == 200
        response = self.login(client, "owner", "correct horse battery staple")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_unknown_and_known_usernames_get_the_same_answer(self, client, owner, settings):
        answers = []
        for username in ("owner", "ghost"):
            for _ in range(settings.AXES_FAILURE_LIMIT + 1):
                response = self.login(client, username, "wrong")
            answers.append((response.status_code, response.context["form"].non_field_errors()))
        assert answers[0] == answers[1]

    def test_correct_password_logs_in(self, client, owner):
        response = self.login(client, "owner", "correct horse battery staple")
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard")


class TestDigestSchedule:
    AMS = ZoneInfo("Europe/Amsterdam")

    def profile(self, **prefs):
        return Profile(time_zone="Europe/Amsterdam", digest_weekday=0, digest_hour=8, **prefs)

    def test_weekly_is_the_next_chosen_weekday_and_hour_locally(self):
        moment = datetime(2026, 11, 25, 12, 0, tzinfo=self.AMS)  # a Wednesday
        assert self.profile().next_digest_after(moment) == datetime(2026, 11, 30, 8, 0, tzinfo=self.AMS)

    def test_weekly_keeps_local_hour_across_daylight_saving(self):
        profile = self.profile()
        before = datetime(2026, 3, 23, 8, 0, tzinfo=self.AMS)  # Monday before DST starts on the 29th
        after = profile.digest_after_sending(before)
        assert after.astimezone(self.AMS).hour == 8
        assert (after.astimezone(UTC) - before.astimezone(UTC)).total_seconds() == 7 * 24 * 3600 - 3600

    def test_biweekly_skips_a_week_after_sending(self):
        sent = datetime(2026, 11, 30, 8, 0, tzinfo=self.AMS)
        profile = self.profile(digest_cadence=DigestCadence.BIWEEKLY)
        assert profile.digest_after_sending(sent) == datetime(2026, 12, 14, 8, 0, tzinfo=self.AMS)

    def test_monthly_is_the_first_chosen_weekday_of_the_month(self):
        moment = datetime(2026, 11, 3, 9, 0, tzinfo=self.AMS)
        profile = self.profile(digest_cadence=DigestCadence.MONTHLY)
        assert profile.next_digest_after(moment) == datetime(2026, 12, 7, 8, 0, tzinfo=self.AMS)

    def test_off_has_no_next_digest(self):
        assert self.profile(digest_cadence=DigestCadence.OFF).next_digest_after(datetime.now(self.AMS)) is None
