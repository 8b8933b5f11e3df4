"""Every member reaches the admin for their own contacts and labels, and removing a
contact there archives it with a reason (reversible), never deletes it."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Contact, ContactStatus, Label, LabelKind
from netwerk.accounts.models import Profile, User
from reviews.models import Action, ReviewDecision
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contacts_contact_changelist"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def member(db):
    """A plain member, made the way sign-up makes one: no flags set by hand."""
    user = User.objects.create_user("gewoon", "gewoon@example.nl", PASSWORD)
    Profile.objects.filter(user=user).update(language="en")
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def test_a_new_member_reaches_the_admin_with_their_own_log_in(member_client, member, outsider):
    ContactFactory(owner=member, first_name="Mijn")
    ContactFactory(owner=outsider, first_name="Andermans")
    index = member_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse(CHANGELIST) in index.content.decode()
    changelist = member_client.get(reverse(CHANGELIST))
    assert [contact.first_name for contact in changelist.context["cl"].result_list] == ["Mijn"]


def test_the_admin_log_in_page_lets_a_member_in(client, member):
    response = client.post(
        reverse("admin:login"), {"username": "gewoon", "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_a_member_sees_no_members_groups_or_permissions(member_client):
    html = member_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:accounts_user_changelist") not in html
    assert "/admin/auth/group/" not in html
    assert member_client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_members_from_before_are_made_staff_by_the_data_migration(member):
    User.objects.filter(pk=member.pk).update(is_staff=False)
    migration = importlib.import_module("netwerk.accounts.migrations.0004_members_use_the_admin")
    migration.make_members_staff(global_apps, None)
    member.refresh_from_db()
    assert member.is_staff


def test_seed_demo_member_reaches_the_admin(client):
    call_command("seed_demo", contacts=3, username="demo2", stdout=open("/dev/null", "w"))
    response = client.post(reverse("admin:login"), {"username": "demo2", "password": "netwerk-demo"})
    assert response.status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 200


def test_seed_demo_gives_an_older_demo_member_the_admin(client):
    UserFactory(username="demo3", is_staff=False)
    call_command("seed_demo", contacts=0, username="demo3", stdout=open("/dev/null", "w"))
    assert User.objects.get(username="demo3").is_staff


# --- removing is archiving with a reason ----------------------------------------------


def test_no_delete_action_and_no_delete_page_for_contacts(member_client, member):
    contact = ContactFactory(owner=member)
    html = member_client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="delete_selected"' not in html
    assert 'value="archive_with_reason"' in html
    member_client.post(
        reverse(CHANGELIST), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [contact.pk], "post": "yes"}
    )
    response = member_client.post(reverse("admin:contacts_contact_delete", args=[contact.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.ACTIVE
    change = member_client.get(reverse("admin:contacts_contact_change", args=[contact.pk])).content.decode()
    assert reverse("admin:contacts_contact_delete", args=[contact.pk]) not in change


def test_archive_action_asks_for_a_reason_then_archives_with_it(member_client, member):
    contacts = ContactFactory.create_batch(3, owner=member)
    chosen = [str(contacts[0].pk), str(contacts[1].pk)]
    asked = member_client.post(reverse(CHANGELIST), {"action": "archive_with_reason", ACTION_CHECKBOX_NAME: chosen})
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    no_reason = member_client.post(
        reverse(CHANGELIST), {"action": "archive_with_reason", ACTION_CHECKBOX_NAME: chosen, "apply": "1"}
    )
    assert no_reason.status_code == 200 and no_reason.context["form"].errors["reason"]
    assert not Contact.objects.filter(status=ContactStatus.ARCHIVED).exists()
    done = member_client.post(
        reverse(CHANGELIST),
        {
            "action": "archive_with_reason",
            ACTION_CHECKBOX_NAME: chosen,
            "reason": "one_sided",
            "note": "Alleen vragen",
            "apply": "1",
        },
        follow=True,
    )
    assert "2 contacts archived" in done.content.decode()
    archived = Contact.objects.filter(status=ContactStatus.ARCHIVED)
    assert set(archived) == set(contacts[:2])
    assert all(contact.archived_at for contact in archived)
    decisions = ReviewDecision.objects.filter(owner=member, action=Action.REMOVE)
    assert {(d.contact_id, d.reason, d.note) for d in decisions} == {
        (contacts[0].pk, "one_sided", "Alleen vragen"),
        (contacts[1].pk, "one_sided", "Alleen vragen"),
    }


def test_archived_in_the_admin_leaves_the_review_label_and_can_be_restored(member_client, member):
    contact = ContactFactory(owner=member)
    review = Label.objects.get(owner=member, kind=LabelKind.REVIEW)
    contact.labels.add(review)
    member_client.post(
        reverse(CHANGELIST),
        {"action": "archive_with_reason", ACTION_CHECKBOX_NAME: [contact.pk], "reason": "other", "apply": "1"},
    )
    assert not review.contacts.filter(pk=contact.pk).exists()
    member_client.post(reverse(CHANGELIST), {"action": "restore_from_archive", ACTION_CHECKBOX_NAME: [contact.pk]})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACTIVE and contact.archived_at is None
    assert ReviewDecision.objects.filter(contact=contact, action=Action.RESTORE).count() == 1


def test_archive_action_with_an_unknown_reason_changes_nothing(member_client, member):
    contact = ContactFactory(owner=member)
    response = member_client.post(
        reverse(CHANGELIST),
        {"action": "archive_with_reason", ACTION_CHECKBOX_NAME: [contact.pk], "reason": "verveeld", "apply": "1"},
    )
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.ACTIVE


def test_archive_across_all_never_touches_another_members_contacts(member_client, member, outsider):
    mine = ContactFactory(owner=member)
    theirs = ContactFactory(owner=outsider)
    member_client.post(
        reverse(CHANGELIST),
        {
            "action": "archive_with_reason",
            "select_across": "1",
            ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk],
            "reason": "other",
            "apply": "1",
        },
    )
    assert Contact.objects.get(pk=mine.pk).status == ContactStatus.ARCHIVED
    assert Contact.objects.get(pk=theirs.pk).status == ContactStatus.ACTIVE
    assert not ReviewDecision.objects.filter(owner=outsider).exists()


def test_status_cannot_be_changed_on_the_change_form(member_client, member):
    contact = ContactFactory(owner=member, first_name="Anne")
    member_client.post(
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        {
            "first_name": "Anne",
            "source": "manual",
            "status": "archived",
            "contact_labels-TOTAL_FORMS": "0",
            "contact_labels-INITIAL_FORMS": "0",
            "methods-TOTAL_FORMS": "0",
            "methods-INITIAL_FORMS": "0",
        },
    )
    assert Contact.objects.get(pk=contact.pk).status == ContactStatus.ACTIVE


@pytest.mark.parametrize("count", [5, 120])
def test_archiving_all_takes_constant_queries(member_client, member, count, django_assert_max_num_queries):
    ContactFactory.create_batch(count, owner=member)
    with django_assert_max_num_queries(16):
        member_client.post(
            reverse(CHANGELIST),
            {
                "action": "archive_with_reason",
                "select_across": "1",
                ACTION_CHECKBOX_NAME: ["0"],
                "reason": "other",
                "apply": "1",
            },
        )
    assert Contact.objects.filter(owner=member, status=ContactStatus.ARCHIVED).count() == count
