"""A job change a LinkedIn export showed is news in the next digest, at a constant number
of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import JobChange
from tests.factories import ContactFactory


@pytest.fixture(autouse=True)
def english(owner):
    """The member reads English (the default is Dutch): the assertions read the English."""
    owner.profile.language = "en"
    owner.profile.save()


def job_change(owner, n: int, days_ago: int = 0) -> JobChange:
    contact = ContactFactory(owner=owner, first_name=f"Wisselaar{n}", company="Rabobank", position="Recruiter")
    return JobChange.objects.create(
        owner=owner, contact=contact, company_before=f"Oud {n}", position_before="Analist", company="Rabobank",
        position="Recruiter", noticed_on=timezone.localdate() - timedelta(days=days_ago),
    )


def test_the_preview_lists_recent_job_changes_and_not_old_ones_or_another_members(client, owner, outsider):
    recent = job_change(owner, 1)
    old = job_change(owner, 2, days_ago=30)
    theirs = job_change(outsider, 3)
    client.force_login(owner)
    page = client.get(reverse("reviews:digest_preview")).content.decode()
    assert reverse("contacts:detail", args=[recent.contact_id]) in page
    assert "now Recruiter at Rabobank (was Analist)" in page
    assert reverse("contacts:detail", args=[old.contact_id]) not in page
    assert str(theirs.contact) not in page


def test_job_changes_cost_the_same_queries_for_1_or_20(client, owner, django_assert_max_num_queries):
    client.force_login(owner)
    job_change(owner, 0)
    client.get(reverse("reviews:digest_preview"))
    with django_assert_max_num_queries(13) as small:
        client.get(reverse("reviews:digest_preview"))
    for n in range(1, 20):
        job_change(owner, n)
    with django_assert_max_num_queries(13) as large:
        page = client.get(reverse("reviews:digest_preview")).content.decode()
    assert len(small) == len(large)
    assert "20 contacts changed jobs" in page
