"""Numbers in query strings and URLs are the visitor's to choose: a page number past
the end, a negative one, a word, a number too big for any database column or a
thousand digits long. Every GET page answers them with a page (the last one for a page
past the end) or a 404, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, LabelFactory
from tests.security.routes import ROUTES, address

HOSTILE_NUMBERS = ["1000000000000000000", "²", "9223372036854775808", "-1", "0", "abc", "1e5", "١٢", "9" * 5000, ""]
# Query parameters that the pages read as numbers (ids or page numbers).
INTEGER_PARAMETERS = ["page", "label", "labels", "contact", "pk", "id", "week", "year", "days"]


def get_routes():
    return [route.name for route in ROUTES if route.name not in ("logout", "reviews:unsubscribe")]


@pytest.fixture
def member_with_pages(owner):
    label = LabelFactory(owner=owner, name="Klant")
    for number in range(60):
        contact = ContactFactory(owner=owner, first_name=f"P{number:02d}")
        contact.labels.add(label)
    return owner


@pytest.mark.django_db
def test_hostile_numbers_never_give_a_500(client, member_with_pages):
    """Each value in every integer parameter at once: a page that reads one of them
    and fails shows up with its URL."""
    client.force_login(member_with_pages)
    failures = hostile_requests(client.get, member_with_pages, INTEGER_PARAMETERS, HOSTILE_NUMBERS)
    assert not failures, "\n".join(failures)


def hostile_requests(send, member, names: list[str], values: list[str]) -> list[str]:
    """Each of `values` in every field of `names` at once, to every route: what failed."""
    failures = []
    for name in get_routes():
        url = address(name, member).url
        for value in values:
            try:
                response = send(url, dict.fromkeys(names, value))
            except Exception as error:  # reported with the URL, never swallowed
                failures.append(f"{send.__name__.upper()} {url} ={value[:30]}: {error!r}"[:300])
                continue
            if response.status_code >= 500:
                failures.append(f"{send.__name__.upper()} {url} ={value[:30]}: {response.status_code}")
    return failures


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1000000000000000000", "-1", "abc", "99999999999"])
def test_a_page_past_the_end_of_the_contact_list_shows_the_last_page(owner_client, member_with_pages, value):
    response = owner_client.get(reverse("contacts:list"), {"page": value})
    assert response.status_code == 200
    page = response.context["page"]
    if value in ("-1", "abc"):
        assert page.number == 1
    else:
        assert page.number == page.paginator.num_pages == 2
        assert len(response.context["contacts"]) == 10


@pytest.mark.django_db
def test_object_keys_too_big_for_the_database_are_a_404(owner_client, owner):
    from tests.urlmap import registries

    object_urls, _public, _kwargs = registries()
    failures = []
    for name in object_urls:
        kwargs = object_urls[name](owner)
        for key, value in kwargs.items():
            if isinstance(value, int):  # every object key: pk, or two contacts' ids
                kwargs[key] = 10**20
        url = reverse(name, kwargs=kwargs)
        try:
            status = owner_client.get(url).status_code
        except Exception as error:
            failures.append(f"{url}: {error!r}"[:300])
            continue
        if status != 404:
            failures.append(f"{url}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 30, "-3", "abc"])
def test_admin_label_filter_ignores_numbers_it_cannot_use(client, value):
    from tests.factories import UserFactory

    staff = UserFactory(username="staff", is_staff=True)
    ContactFactory(owner=staff, first_name="Anna")
    client.force_login(staff)
    response = client.get(reverse("admin:contacts_contact_changelist"), {"label": value})
    assert response.status_code in (200, 302)


# Names of the posted fields that hold numbers (ids of contacts, labels, asks; hours,
# weekdays, caps), filled all at once with each hostile value.
POSTED_NUMBER_FIELDS = [
    "contact", "contacts", "label", "labels", "target", "introduced_by", "person", "ask", "pk", "id", "page",
    "digest_hour", "digest_weekday", "daily_invitation_cap", "weekly_invitation_cap", "inactive_months",
    "suggestion_limit", "until", "reason", "state", "kind", "direction",
]


@pytest.mark.django_db
def test_hostile_numbers_in_posted_forms_never_give_a_500(client, member_with_pages):
    client.force_login(member_with_pages)
    values = ["9" * 30, "²", "-1", "abc", "9" * 5000]
    failures = hostile_requests(client.post, member_with_pages, POSTED_NUMBER_FIELDS, values)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 30, "-3"])
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:contacts_contact_changelist", "archive_with_reason"),
        ("admin:contacts_contact_changelist", "restore_from_archive"),
        ("admin:contacts_contact_changelist", "add_label_action"),
        ("admin:contacts_label_changelist", "delete_selected"),
    ],
)
def test_admin_actions_on_ids_no_database_holds_change_nothing(client, changelist, action, value):
    from contacts.models import Contact
    from tests.factories import UserFactory

    staff = UserFactory(username="staff", is_staff=True)
    contact = ContactFactory(owner=staff, first_name="Anna")
    client.force_login(staff)
    data = {"action": action, "_selected_action": [str(contact.pk), value], "reason": "other", "post": "yes"}
    response = client.post(reverse(changelist), data)
    assert response.status_code in (200, 302)
    contact.refresh_from_db()
    assert contact.status == "active" and Contact.objects.filter(owner=staff).count() == 1
