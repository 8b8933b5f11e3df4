"""The possible-duplicates page, the merge page and the merges list, through HTTP."""

import pytest
from django.urls import reverse

from contacts import duplicates
from contacts.models import Contact, DuplicatePair, DuplicateScan, Merge, NotSamePerson
from tests.factories import ContactFactory, UserFactory


def person(owner, first="Jan", last="de Vries", company="Acme", **fields):
    fields = {"position": "", "profile_url": "", "email": "", **fields}
    return ContactFactory(owner=owner, first_name=first, last_name=last, company=company, **fields)


@pytest.fixture
def twins(owner):
    a = person(owner, email="jan@acme.nl")
    b = person(owner, first="J.", last="De vries", company="ACME B.V.", position="CTO")
    return a, b


def test_look_again_finds_the_pair_and_the_page_shows_both_side_by_side(
    owner_client, owner, twins, django_capture_on_commit_callbacks
):
    a, b = twins
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("contacts:duplicate_scan"))
    assert response.status_code == 302
    assert DuplicateScan.objects.get(owner=owner).finished_at is not None
    page = owner_client.get(reverse("contacts:duplicates"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-pair="{a.pk}-{b.pk}"' in html and "CTO" in html and "jan@acme.nl" in html
    assert reverse("contacts:merge", args=[a.pk, b.pk]) in html
    assert f'formaction="{reverse("contacts:not_same_person", args=[a.pk, b.pk])}"' in html
    assert f'href="{reverse("contacts:detail", args=[b.pk])}"' in html


def test_page_queries_do_not_grow_with_the_pairs(owner_client, owner, django_assert_max_num_queries):
    for index in range(60):
        person(owner, first=f"Naam{index}", last="Bakker", company=f"Bedrijf {index}", email=f"x{index}@acme.nl")
        person(owner, first=f"Naam{index}", last="Bakker", company=f"Bedrijf {index}")
    duplicates.refresh(owner)
    assert DuplicatePair.objects.filter(owner=owner).count() == 60
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("contacts:duplicates"))
    assert response.content.decode().count("data-pair=") == 50
    assert owner_client.get(reverse("contacts:duplicates") + "?page=2").content.decode().count("data-pair=") == 10


def test_not_the_same_person_is_never_proposed_again(owner_client, owner, twins):
    a, b = twins
    duplicates.refresh(owner)
    response = owner_client.post(reverse("contacts:not_same_person", args=[b.pk, a.pk]))
    assert response.status_code == 302
    assert NotSamePerson.objects.filter(owner=owner, first=a, second=b).exists()
    assert not DuplicatePair.objects.filter(owner=owner).exists()
    duplicates.refresh(owner)
    assert not DuplicatePair.objects.filter(owner=owner).exists()
    # Twice (a double click) is one row.
    owner_client.post(reverse("contacts:not_same_person", args=[a.pk, b.pk]))
    assert NotSamePerson.objects.filter(owner=owner).count() == 1


def test_merge_page_offers_each_differing_field_and_merges(owner_client, owner, twins):
    a, b = twins
    page = owner_client.get(reverse("contacts:merge", args=[a.pk, b.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert {"first_name", "last_name", "company", "position"} <= set(form.fields)
    assert form.fields["position"].initial == "other"  # the kept one has none
    response = owner_client.post(
        reverse("contacts:merge", args=[a.pk, b.pk]),
        {"first_name": "kept", "last_name": "kept", "company": "kept", "position": "other", "email": "kept"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[a.pk])
    a.refresh_from_db()
    assert a.position == "CTO" and not Contact.objects.filter(pk=b.pk).exists()
    # The merged-away contact's address now 404s; a second POST (double click) too.
    assert owner_client.post(reverse("contacts:merge", args=[a.pk, b.pk]), {}).status_code == 404
    assert Merge.objects.filter(owner=owner).count() == 1


def test_merge_with_itself_is_refused(owner_client, twins):
    a, _b = twins
    response = owner_client.post(reverse("contacts:merge", args=[a.pk, a.pk]), {})
    assert response.status_code == 400
    assert "cannot be merged with itself" in response.content.decode()
    assert Contact.objects.filter(pk=a.pk).exists()


def test_merge_with_another_members_contact_is_a_404_and_changes_nothing(owner_client, twins):
    a, _b = twins
    theirs = person(UserFactory(username="someone"))
    for args in ([a.pk, theirs.pk], [theirs.pk, a.pk]):
        assert owner_client.post(reverse("contacts:merge", args=args), {}).status_code == 404
    assert Contact.objects.filter(pk=theirs.pk).exists() and not Merge.objects.exists()


def test_a_bad_choice_is_a_400_naming_the_field(owner_client, twins):
    a, b = twins
    response = owner_client.post(reverse("contacts:merge", args=[a.pk, b.pk]), {"position": "both"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Contact.objects.filter(pk=b.pk).exists()


def test_merges_list_and_undo(owner_client, owner, twins):
    a, b = twins
    owner_client.post(reverse("contacts:merge", args=[a.pk, b.pk]), {})
    record = Merge.objects.get(owner=owner)
    listing = owner_client.get(reverse("contacts:merges")).content.decode()
    assert reverse("contacts:merge_undo", args=[record.pk]) in listing
    response = owner_client.post(reverse("contacts:merge_undo", args=[record.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("contacts:detail", args=[b.pk])
    assert Contact.objects.filter(pk=b.pk, position="CTO").exists()
    again = owner_client.post(reverse("contacts:merge_undo", args=[record.pk]))
    assert again.status_code == 409 and "undone already" in again.content.decode()


def test_the_contact_page_says_who_may_be_the_same_person(owner_client, owner, twins, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b = twins
    with CaptureQueriesContext(connection) as without:
        owner_client.get(reverse("contacts:detail", args=[a.pk]))
    duplicates.refresh(owner)
    with CaptureQueriesContext(connection) as with_pair:
        html = owner_client.get(reverse("contacts:detail", args=[a.pk])).content.decode()
    assert f'data-possible-duplicate="{b.pk}"' in html
    assert reverse("contacts:merge", args=[a.pk, b.pk]) in html
    assert len(with_pair) == len(without) + 1  # asked only when there is a pair
