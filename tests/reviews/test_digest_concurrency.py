"""Two senders at once on real PostgreSQL: each digest is claimed and sent exactly once."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from netwerk.accounts.models import Profile
from reviews.digest import sending
from reviews.models import DigestDelivery, DigestOnDemand
from tests.factories import UserFactory
from tests.reviews.helpers import review_contact

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs when DATABASE_URL is PostgreSQL (CI's second run)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_digest_once(smtp_server):
    ids = []
    for _ in range(12):
        user = UserFactory()
        review_contact(user)
        Profile.objects.filter(user=user).update(next_digest_at=timezone.now() - timedelta(minutes=1))
        ids.append(user.profile.pk)
    start = threading.Barrier(2)
    reports, errors = [], []

    def sender():
        try:
            start.wait()
            reports.append(sending.send_digest_batch(ids))
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(report.sent for report in reports) == 12
    assert sum(report.not_due for report in reports) == 12
    assert len(smtp_server.messages) == 12
    assert sorted(m["to"][0] for m in smtp_server.messages) == sorted(
        Profile.objects.filter(pk__in=ids).values_list("user__email", flat=True)
    )
    assert DigestDelivery.objects.count() == 12
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_six_send_now_clicks_at_once_send_one_e_mail(smtp_server, client):
    user = UserFactory()
    review_contact(user)
    start = threading.Barrier(6)
    statuses, errors = [], []

    def click():
        try:
            browser = client.__class__()
            browser.force_login(user)
            start.wait()
            statuses.append(browser.post(reverse("reviews:digest_send")).status_code)
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and statuses == [302] * 6
    assert [m["to"] for m in smtp_server.messages] == [[user.email]]
    assert DigestOnDemand.objects.count() == 1 and not DigestDelivery.objects.exists()
