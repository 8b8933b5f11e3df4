from datetime import date

import pytest
from django.urls import reverse

from contacts.models import Contact, ContactLabel, ContactSource, ContactStatus, Note
from contacts.views import PAGE_SIZE
from tests.factories import ContactFactory, LabelFactory, NoteFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [contact.first_name for contact in response.context["contacts"]]


def listing(client, **params):
    return client.get(reverse("contacts:list"), params)


def test_search_covers_name_company_position_and_notes(owner_client, owner):
    ContactFactory(owner=owner, first_name="Anne", last_name="Smit", company="ASML", position="Recruiter")
    ContactFactory(owner=owner, first_name="Bram", last_name="Bos", company="Picnic", position="CTO")
    noted = ContactFactory(owner=owner, first_name="Cleo", last_name="Kok", company="KLM", position="Piloot")
    NoteFactory(contact=noted, body="Wil koffie drinken over datamigraties")
    assert names(listing(owner_client, q="smit")) == ["Anne"]
    assert names(listing(owner_client, q="picn")) == ["Bram"]
    assert names(listing(owner_client, q="recruit")) == ["Anne"]
    assert names(listing(owner_client, q="DATAMIGRATIE")) == ["Cleo"]
    assert names(listing(owner_client, q="cleo piloot")) == ["Cleo"]
    assert names(listing(owner_client, q="nobody-has-this")) == []


def test_search_treats_percent_and_underscore_literally(owner_client, owner):
    ContactFactory(owner=owner, first_name="Anne", company="100% Zeker")
    ContactFactory(owner=owner, first_name="Bram", company="Honderd")
    assert names(listing(owner_client, q="%")) == ["Anne"]
    assert names(listing(owner_client, q="_")) == []


def test_search_never_finds_another_members_contacts_or_notes(owner_client, owner, outsider):
    theirs = ContactFactory(owner=outsider, first_name="Zoë", company="Geheim BV")
    NoteFactory(contact=theirs, body="geheim")
    assert names(listing(owner_client, q="geheim")) == []


def assert_search_text_current(owner) -> None:
    """Every contact of `owner` carries the search text its fields and notes make now (the
    database keeps it, migration 0004; compared ignoring case, since SQLite's UPPER leaves
    non-ASCII letters alone)."""
    for contact in Contact.objects.filter(owner=owner):
        notes = Note.objects.filter(contact=contact, owner=owner).order_by("id").values_list("body", flat=True)
        expected = " ".join((contact.first_name, contact.last_name, contact.company, contact.position))
        expected += "".join("\n" + body for body in notes)
        assert contact.search_text.upper() == expected.upper(), contact.pk
        assert contact.notes_text == "".join("\n" + body for body in notes), contact.pk


def test_search_follows_notes_added_edited_and_deleted(owner_client, owner):
    anne = ContactFactory(owner=owner, first_name="Anne", last_name="Smit", company="ASML", position="CTO")
    ContactFactory(owner=owner, first_name="Bram", last_name="Bos", company="KLM", position="CTO")
    htmx = {"HX-Request": "true"}
    owner_client.post(reverse("contacts:note_create", kwargs={"pk": anne.pk}), {"body": "Koffie over datamigraties"}, headers=htmx)
    assert names(listing(owner_client, q="datamigratie")) == ["Anne"]
    note = Note.objects.get(contact=anne)
    owner_client.post(reverse("contacts:note_edit", kwargs={"pk": note.pk}), {"body": "Lunch over robotica"}, headers=htmx)
    assert names(listing(owner_client, q="datamigratie")) == []
    assert names(listing(owner_client, q="robotica")) == ["Anne"]
    second = NoteFactory(contact=anne, body="Kent iedereen bij Picnic")
    assert names(listing(owner_client, q="robotica picnic")) == ["Anne"]
    assert_search_text_current(owner)
    owner_client.post(reverse("contacts:note_delete", kwargs={"pk": note.pk}), headers=htmx)
    assert names(listing(owner_client, q="robotica")) == []
    assert names(listing(owner_client, q="picnic")) == ["Anne"]
    Note.objects.filter(pk=second.pk).update(body="Verhuisd naar Eindhoven")  # a QuerySet.update, no save()
    assert names(listing(owner_client, q="picnic")) == []
    assert names(listing(owner_client, q="eindhoven")) == ["Anne"]
    Note.objects.filter(contact=anne).delete()
    assert names(listing(owner_client, q="eindhoven")) == []
    assert sorted(names(listing(owner_client, q="cto"))) == ["Anne", "Bram"]
    assert_search_text_current(owner)


def test_search_follows_a_contact_renamed_by_form_update_or_bulk_update(owner_client, owner):
    from tests.contacts.test_contact_pages import contact_data

    anne = ContactFactory(owner=owner, first_name="Anne", last_name="Smit", company="ASML", position="CTO")
    NoteFactory(contact=anne, body="Oud-collega")
    response = owner_client.post(
        reverse("contacts:edit", kwargs={"pk": anne.pk}),
        contact_data(first_name="Anne", last_name="Jansen", company="Adyen", position="Recruiter", profile_url=anne.profile_url),
    )
    assert response.status_code == 302
    assert names(listing(owner_client, q="smit")) == []
    assert names(listing(owner_client, q="jansen adyen recruiter oud-collega")) == ["Anne"]
    Contact.objects.filter(pk=anne.pk).update(company="Mollie")
    assert names(listing(owner_client, q="adyen")) == []
    assert names(listing(owner_client, q="mollie")) == ["Anne"]
    anne.refresh_from_db()
    anne.position = "Directeur"
    Contact.objects.bulk_update([anne], ["position"])
    assert names(listing(owner_client, q="recruiter")) == []
    assert names(listing(owner_client, q="directeur oud-collega")) == ["Anne"]
    bulk = Contact.objects.bulk_create([Contact(owner=owner, first_name="Cleo", last_name="Kok", company="Exact")])
    assert names(listing(owner_client, q="exact")) == ["Cleo"]
    stale = Contact.objects.get(pk=bulk[0].pk)  # loaded before the note below
    NoteFactory(contact=stale, body="Zeilt elke zomer")
    stale.company = "Exact Software"
    stale.save()  # sends back the (empty) notes it loaded
    assert names(listing(owner_client, q="zeilt software")) == ["Cleo"]
    stale.notes_text = "WHATEVER A WRITER SENDS"
    stale.save()
    assert names(listing(owner_client, q="whatever")) == []
    assert names(listing(owner_client, q="zeilt")) == ["Cleo"]
    Contact.objects.filter(pk=stale.pk).update(notes_text="")
    assert names(listing(owner_client, q="zeilt")) == ["Cleo"]
    assert_search_text_current(owner)


def test_search_ignores_case_of_accented_letters(owner_client, owner):
    from django.db import connection

    ContactFactory(owner=owner, first_name="Émile", last_name="Zoë", company="Ågård", position="CTO")
    terms = ["émile", "Émile", "ÉMILE", "zoë", "Zoë"]
    if connection.vendor == "postgresql":
        # SQLite's UPPER changes ASCII letters only: its stored text keeps the ë and å of
        # "Zoë" and "Ågård" lower case, which an upper-case ë or å then does not match.
        terms += ["ZOË", "ågård", "ÅGÅRD"]
    for term in terms:
        assert names(listing(owner_client, q=term)) == ["Émile"], term


@pytest.mark.parametrize("params", [{"labels": "theirs"}, {"label": "theirs"}, {"labels": "abc"}, {"label": "99999999"}])
def test_filtering_by_a_label_that_is_not_mine_shows_an_error_and_no_contacts(owner_client, owner, outsider, params):
    mine = LabelFactory(owner=owner)
    ContactFactory(owner=owner, first_name="Anne").labels.add(mine)
    theirs = LabelFactory(owner=outsider)
    params = {key: theirs.pk if value == "theirs" else value for key, value in params.items()}
    response = listing(owner_client, **params)
    assert response.status_code == 200
    assert names(response) == []
    assert "Check the filters:" in response.content.decode()
    assert names(listing(owner_client, label=mine.pk)) == ["Anne"]


def test_label_filter_all_of_and_any_of(owner_client, owner):
    ict, event = LabelFactory(owner=owner, name="ICT"), LabelFactory(owner=owner, name="Borrel")
    both = ContactFactory(owner=owner, first_name="Both")
    only_ict = ContactFactory(owner=owner, first_name="Ict")
    ContactFactory(owner=owner, first_name="None")
    both.labels.add(ict, event)
    only_ict.labels.add(ict)
    assert sorted(names(listing(owner_client, labels=[ict.pk, event.pk], match="all"))) == ["Both"]
    assert sorted(names(listing(owner_client, labels=[ict.pk, event.pk], match="any"))) == ["Both", "Ict"]
    assert sorted(names(listing(owner_client, unlabelled="on"))) == ["None"]


def test_source_and_connected_on_range(owner_client, owner):
    ContactFactory(owner=owner, first_name="Old", connected_on=date(2019, 1, 1), source=ContactSource.IMPORTED)
    ContactFactory(owner=owner, first_name="New", connected_on=date(2025, 6, 1), source=ContactSource.IMPORTED)
    ContactFactory(owner=owner, first_name="Hand", connected_on=date(2025, 6, 1), source=ContactSource.MANUAL)
    assert sorted(names(listing(owner_client, source=ContactSource.IMPORTED))) == ["New", "Old"]
    assert sorted(names(listing(owner_client, connected_from="2025-01-01"))) == ["Hand", "New"]
    assert names(listing(owner_client, connected_to="2020-01-01")) == ["Old"]


def test_reversed_date_range_is_explained_not_a_crash(owner_client, owner):
    ContactFactory(owner=owner)
    response = listing(owner_client, connected_from="2025-01-01", connected_to="2024-01-01")
    assert response.status_code == 200
    assert "The end of the range lies before its start." in response.content.decode()


def test_sorting(owner_client, owner):
    ContactFactory(owner=owner, first_name="A", last_name="Zwart", company="Bol", connected_on=date(2020, 1, 1))
    ContactFactory(owner=owner, first_name="B", last_name="Aalders", company="Adyen", connected_on=date(2024, 1, 1))
    assert names(listing(owner_client, sort="name")) == ["B", "A"]
    assert names(listing(owner_client, sort="-name")) == ["A", "B"]
    assert names(listing(owner_client, sort="company")) == ["B", "A"]
    assert names(listing(owner_client, sort="-connected")) == ["B", "A"]
    assert names(listing(owner_client, sort="connected")) == ["A", "B"]


def test_archived_contacts_are_left_out_of_list_counts_and_label_counts(owner_client, owner):
    label = LabelFactory(owner=owner, name="ICT")
    active = ContactFactory(owner=owner, first_name="Active")
    archived = ContactFactory(owner=owner, first_name="Archived", status=ContactStatus.ARCHIVED)
    active.labels.add(label)
    archived.labels.add(label)
    response = listing(owner_client)
    assert names(response) == ["Active"]
    assert response.context["page"].paginator.count == 1
    labels_page = owner_client.get(reverse("contacts:labels"))
    assert {lab.name: lab.contact_count for lab in labels_page.context["labels"]}["ICT"] == 1


def test_pages_hold_fifty_contacts(owner_client, owner):
    ContactFactory.create_batch(PAGE_SIZE + 3, owner=owner)
    first = listing(owner_client)
    assert len(first.context["contacts"]) == PAGE_SIZE == 50
    assert len(listing(owner_client, page=2).context["contacts"]) == 3


@pytest.mark.parametrize("params", [{}, {"sort": "-connected"}, {"q": "anne"}, {"labels": "label"}, {"q": "anne", "labels": "label"}])
def test_the_total_and_the_pages_agree_with_or_without_a_search(owner_client, owner, params):
    """Without a search the total is a subquery of its own, with one a window over the
    matches (page_with_total): either way the same total, pages and last page."""
    label = LabelFactory(owner=owner)
    for index in range(PAGE_SIZE + 5):
        contact = ContactFactory(owner=owner, first_name=f"Anne{index:02}")
        if index % 2 == 0:
            contact.labels.add(label)
    ContactFactory.create_batch(3, owner=owner, first_name="Zoë", last_name="Bos", company="KLM", position="CTO")
    ContactFactory(owner=owner, first_name="Anne-archived", status=ContactStatus.ARCHIVED).labels.add(label)
    params = {key: label.pk if value == "label" else value for key, value in params.items()}
    expected = Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE)
    if "q" in params:
        expected = expected.filter(first_name__startswith="Anne")
    if "labels" in params:
        expected = expected.filter(labels=label)
    total = expected.count()
    first = listing(owner_client, **params)
    assert first.context["page"].paginator.count == total
    assert len(first.context["contacts"]) == min(total, PAGE_SIZE)
    last_page = (total - 1) // PAGE_SIZE + 1
    beyond = listing(owner_client, page=last_page + 3, **params)
    assert beyond.context["page"].number == last_page
    assert beyond.context["page"].paginator.count == total
    assert len(beyond.context["contacts"]) == total - (last_page - 1) * PAGE_SIZE
    nothing = listing(owner_client, q="nobody-has-this", **{k: v for k, v in params.items() if k != "q"})
    assert nothing.context["page"].paginator.count == 0 and nothing.context["contacts"] == []


def test_htmx_search_returns_only_the_results_fragment(owner_client, owner):
    ContactFactory(owner=owner, first_name="Anne")
    response = owner_client.get(
        reverse("contacts:list"), {"q": "anne"}, headers={"HX-Request": "true", "HX-Target": "contact-results"}
    )
    html = response.content.decode()
    assert html.startswith('<section id="contact-results"')
    assert "<nav" not in html.split("contact-results", 1)[0]
    assert "Anne" in html


def build_contacts(owner, *, contacts: int, labels: int, notes: int):
    made_labels = [LabelFactory(owner=owner) for _ in range(labels)]
    for index in range(contacts):
        contact = ContactFactory(owner=owner, first_name=f"Anne{index}")
        contact.labels.add(*made_labels[: 1 + index % labels])
        NoteFactory.create_batch(notes, contact=contact, body="koffie")
    return made_labels


@pytest.mark.parametrize("size", [(3, 2, 1), (60, 12, 3)])
def test_list_query_count_does_not_grow_with_contacts_labels_or_notes(owner_client, owner, size, django_assert_max_num_queries):
    contacts, labels, notes = size
    made = build_contacts(owner, contacts=contacts, labels=labels, notes=notes)
    # session, member, preferences, labels, one page with its total and each row's labels
    with django_assert_max_num_queries(5):
        response = listing(owner_client, q="anne", labels=[made[0].pk], sort="name")
    assert response.status_code == 200
    assert len(response.context["contacts"]) == min(contacts, PAGE_SIZE)
    with django_assert_max_num_queries(5):
        unfiltered = listing(owner_client)
    rows = [*response.context["contacts"], *unfiltered.context["contacts"]]
    if contacts > PAGE_SIZE:  # deeper pages: the page's labels come with a query of their own
        with django_assert_max_num_queries(6):
            rows += listing(owner_client, page=2).context["contacts"]
    for row in rows:
        expected = sorted(Contact.objects.get(pk=row.pk).labels.all(), key=lambda label: label.name.lower())
        assert [label.pk for label in row.label_list] == [label.pk for label in expected]


def test_bulk_add_and_remove_label_answers_with_fresh_label_cells(owner_client, owner):
    label = LabelFactory(owner=owner, name="Opdrachtgevers", color="green")
    one, two, other = ContactFactory.create_batch(3, owner=owner)
    url = reverse("contacts:bulk_labels")
    response = owner_client.post(
        url, {"label": label.pk, "operation": "add", "contacts": [one.pk, two.pk]}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Added “Opdrachtgevers” to 2 contacts." in html
    assert f'id="labels-{one.pk}"' in html and 'hx-swap-oob="true"' in html
    assert f'id="labels-{other.pk}"' not in html
    assert set(label.contacts.all()) == {one, two}
    response = owner_client.post(
        url, {"label": label.pk, "operation": "remove", "contacts": [one.pk]}, headers={"HX-Request": "true"}
    )
    assert "Removed “Opdrachtgevers” from 1 contact." in response.content.decode()
    assert set(label.contacts.all()) == {two}


def test_bulk_label_with_nothing_selected_is_a_clear_422(owner_client, owner):
    label = LabelFactory(owner=owner)
    response = owner_client.post(
        reverse("contacts:bulk_labels"), {"label": label.pk, "operation": "add"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "Select at least one contact." in response.content.decode()
    assert not ContactLabel.objects.exists()


def test_bulk_label_refuses_another_members_label_or_contacts(owner_client, owner, outsider):
    mine = ContactFactory(owner=owner)
    theirs = ContactFactory(owner=outsider)
    their_label = LabelFactory(owner=outsider)
    my_label = LabelFactory(owner=owner)
    url = reverse("contacts:bulk_labels")
    assert owner_client.post(url, {"label": their_label.pk, "operation": "add", "contacts": [mine.pk]}).status_code == 422
    assert owner_client.post(url, {"label": my_label.pk, "operation": "add", "contacts": [theirs.pk]}).status_code == 422
    assert not ContactLabel.objects.exists()


@pytest.mark.parametrize("selected", [2, 40])
def test_bulk_label_query_count_is_constant(owner_client, owner, selected, django_assert_max_num_queries):
    label = LabelFactory(owner=owner)
    others = [LabelFactory(owner=owner) for _ in range(3)]
    contacts = ContactFactory.create_batch(selected, owner=owner)
    for contact in contacts:
        contact.labels.add(*others)
    with django_assert_max_num_queries(10):
        response = owner_client.post(
            reverse("contacts:bulk_labels"),
            {"label": label.pk, "operation": "add", "contacts": [c.pk for c in contacts]},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    assert label.contacts.count() == selected


def test_page_past_the_end_shows_the_last_page(owner_client, owner):
    ContactFactory.create_batch(PAGE_SIZE + 2, owner=owner)
    response = listing(owner_client, page=9)
    assert response.context["page"].number == 2
    assert len(response.context["contacts"]) == 2
    assert response.context["page"].paginator.count == PAGE_SIZE + 2
    assert len(listing(owner_client, page="zwei").context["contacts"]) == PAGE_SIZE
