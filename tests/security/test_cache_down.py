"""Redis down: the dashboard's cache is Redis in production; pages and writes keep working."""

import pytest
from django.urls import reverse

from contacts.models import Contact
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_writes_and_the_dashboard_work_while_the_cache_is_unreachable(owner_client, owner, settings):
    settings.CACHES = UNREACHABLE_REDIS
    contact = ContactFactory(owner=owner)
    contact.company = "Nieuw BV"
    contact.save()
    assert Contact.objects.get(pk=contact.pk).company == "Nieuw BV"
    response = owner_client.get(reverse("dashboard"))
    assert response.status_code == 200
