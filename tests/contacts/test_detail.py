from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Interaction, Note
from tests.factories import ContactFactory, InteractionFactory, LabelFactory, NoteFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def detail_url(contact):
    return reverse("contacts:detail", kwargs={"pk": contact.pk})


def test_notes_are_shown_newest_first_with_their_time(owner_client, owner):
    contact = ContactFactory(owner=owner)
    with time_machine.travel("2026-01-05 09:00 +00:00", tick=False):
        NoteFactory(contact=contact, body="Eerste notitie")
    with time_machine.travel("2026-03-05 09:00 +00:00", tick=False):
        NoteFactory(contact=contact, body="Tweede notitie")
    response = owner_client.get(detail_url(contact))
    assert [note.body for note in response.context["notes"]] == ["Tweede notitie", "Eerste notitie"]
    html = response.content.decode()
    assert html.index("Tweede notitie") < html.index("Eerste notitie")
    assert 'datetime="2026-03-05T10:00:00+01:00"' in html  # the member's time zone (Amsterdam)


def test_note_is_added_inline_and_the_form_comes_back_empty(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(
        reverse("contacts:note_create", kwargs={"pk": contact.pk}), {"body": "Koffie in januari"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li class="note')
    assert 'id="note-add-form"' in html and 'hx-swap-oob="true"' in html
    note = Note.objects.get()
    assert (note.owner, note.contact, note.body) == (owner, contact, "Koffie in januari")


def test_empty_note_is_a_422_shown_in_the_form(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(
        reverse("contacts:note_create", kwargs={"pk": contact.pk}), {"body": "   "}, headers=HTMX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#note-add-form"
    assert "A note cannot be empty." in response.content.decode()
    assert not Note.objects.exists()


def test_note_is_edited_inline(owner_client, owner):
    with time_machine.travel("2026-01-05 09:00 +00:00", tick=False):
        note = NoteFactory(contact=ContactFactory(owner=owner), body="Oud")
    form = owner_client.get(reverse("contacts:note_edit", kwargs={"pk": note.pk}), headers=HTMX)
    assert "<textarea" in form.content.decode()
    with time_machine.travel("2026-01-06 09:00 +00:00", tick=False):
        response = owner_client.post(
            reverse("contacts:note_edit", kwargs={"pk": note.pk}), {"body": "Nieuw"}, headers=HTMX
        )
    assert response.status_code == 200
    assert "Nieuw" in response.content.decode() and "edited" in response.content.decode()
    note.refresh_from_db()
    assert note.body == "Nieuw"


def test_note_is_deleted_inline(owner_client, owner):
    note = NoteFactory(contact=ContactFactory(owner=owner))
    response = owner_client.post(reverse("contacts:note_delete", kwargs={"pk": note.pk}), headers=HTMX)
    assert response.status_code == 200 and response.content == b""
    assert not Note.objects.exists()


def test_without_htmx_note_forms_fall_back_to_pages_and_redirects(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(reverse("contacts:note_create", kwargs={"pk": contact.pk}), {"body": "Zonder JS"})
    assert response.status_code == 302 and response["Location"] == detail_url(contact)
    note = Note.objects.get()
    assert owner_client.get(reverse("contacts:note_edit", kwargs={"pk": note.pk})).status_code == 200


def test_interaction_is_added_and_edited_inline(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(
        reverse("contacts:interaction_create", kwargs={"pk": contact.pk}),
        {"date": "2026-02-01", "kind": "referral", "direction": "gave", "note": "Voorgesteld aan inkoper"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Referral" in response.content.decode() and "I gave" in response.content.decode()
    interaction = Interaction.objects.get()
    assert (interaction.owner, interaction.date, interaction.kind) == (owner, date(2026, 2, 1), "referral")
    response = owner_client.post(
        reverse("contacts:interaction_edit", kwargs={"pk": interaction.pk}),
        {"date": "2026-02-02", "kind": "meeting", "direction": "received", "note": ""},
        headers=HTMX,
    )
    assert "Coffee or meeting" in response.content.decode()
    interaction.refresh_from_db()
    assert (interaction.kind, interaction.direction) == ("meeting", "received")


def test_bad_interaction_is_a_422_naming_the_field(owner_client, owner):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(
        reverse("contacts:interaction_create", kwargs={"pk": contact.pk}),
        {"date": "gisteren", "kind": "telepathy", "direction": "gave"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert set(response.context["interaction_form"].errors) == {"date", "kind"}
    assert not Interaction.objects.exists()


def test_interactions_are_listed_newest_first(owner_client, owner):
    contact = ContactFactory(owner=owner)
    today = date(2026, 3, 1)
    InteractionFactory(contact=contact, date=today - timedelta(days=30), note="ouder")
    InteractionFactory(contact=contact, date=today, note="nieuwer")
    response = owner_client.get(detail_url(contact))
    assert [i.note for i in response.context["interactions"]] == ["nieuwer", "ouder"]


@pytest.mark.parametrize("size", [1, 25])
def test_detail_query_count_does_not_grow_with_notes_interactions_or_labels(
    owner_client, owner, size, django_assert_max_num_queries
):
    contact = ContactFactory(owner=owner, introduced_by=ContactFactory(owner=owner))
    contact.labels.add(*[LabelFactory(owner=owner) for _ in range(size)])
    NoteFactory.create_batch(size, contact=contact)
    InteractionFactory.create_batch(size, contact=contact)
    ContactFactory.create_batch(size, owner=owner, introduced_by=contact)
    # + 1 for the dates that matter, + 1 for the sections other apps register
    # (contacts.panels: asks' help both ways)
    with django_assert_max_num_queries(8 + 1 + 1):
        response = owner_client.get(detail_url(contact))
    assert len(response.context["notes"]) == size
    assert len(response.context["introduced"]) == size


def test_detail_of_a_contact_without_introductions_skips_looking_for_them(owner_client, owner, django_assert_max_num_queries):
    contact = ContactFactory(owner=owner)
    NoteFactory.create_batch(3, contact=contact)
    # session, member, preferences, contact, labels, notes, interactions, dates that
    # matter; the help panel asks registers (contacts.panels): one query
    with django_assert_max_num_queries(8 + 1):
        response = owner_client.get(detail_url(contact))
    assert response.context["introducer"] is None and response.context["introduced"] == []


def test_detail_names_the_introducer_and_the_active_people_this_contact_introduced(owner_client, owner):
    from contacts.models import ContactStatus

    introducer = ContactFactory(owner=owner, first_name="Kees", last_name="Jansen", status=ContactStatus.ARCHIVED)
    contact = ContactFactory(owner=owner, first_name="Anne", last_name="Smit", introduced_by=introducer)
    ContactFactory(owner=owner, first_name="Bram", last_name="Bos", introduced_by=contact)
    ContactFactory(owner=owner, first_name="Cleo", last_name="Kok", introduced_by=contact, status=ContactStatus.ARCHIVED)
    ContactFactory(owner=owner, first_name="Daan", last_name="Aalders", introduced_by=contact)
    response = owner_client.get(detail_url(contact))
    assert response.context["introducer"] == introducer
    assert [person.first_name for person in response.context["introduced"]] == ["Daan", "Bram"]
    html = response.content.decode()
    assert f'href="{detail_url(introducer)}">Kees Jansen</a>' in html
    assert "Cleo" not in html
    # The introducer's own page lists the contact they introduced, though it is the
    # introducer that is archived.
    assert [p.first_name for p in owner_client.get(detail_url(introducer)).context["introduced"]] == ["Anne"]


def test_detail_speaks_the_members_language(owner_client, owner):
    from netwerk.accounts.models import Profile

    Profile.objects.filter(user=owner).update(language="nl")
    contact = ContactFactory(owner=owner)
    NoteFactory(contact=contact)
    InteractionFactory(contact=contact, kind="referral", direction="gave")
    html = owner_client.get(detail_url(contact)).content.decode()
    for dutch in ("Deze notitie verwijderen?", "Dit contactmoment verwijderen?", "Bewerken", "Privénotities"):
        assert dutch in html


def test_the_page_shows_the_latest_interactions_and_the_older_ones_on_request(owner_client, owner):
    contact = ContactFactory(owner=owner)
    start = date(2026, 1, 1)
    for day in range(12):
        InteractionFactory(contact=contact, date=start + timedelta(days=day), note=f"dag {day}")
    page = owner_client.get(detail_url(contact))
    assert [i.note for i in page.context["interactions"]] == [f"dag {day}" for day in range(11, 1, -1)]
    assert 'data-link="older-interactions"' in page.content.decode()
    everything = owner_client.get(detail_url(contact), {"interactions": "all"})
    assert len(everything.context["interactions"]) == 12
    assert 'data-link="older-interactions"' not in everything.content.decode()
    section = reverse("contacts:interactions", kwargs={"pk": contact.pk})
    partial = owner_client.get(section, {"all": "1"}, headers=HTMX)
    assert partial.status_code == 200 and len(partial.context["interactions"]) == 12
    assert partial.content.decode().lstrip().startswith("<section") or 'id="interactions"' in partial.content.decode()
    # Without htmx the section's address is the contact page at the same place.
    plain = owner_client.get(section, {"all": "1"})
    assert plain.status_code == 302 and plain["Location"].endswith("?interactions=all#interactions")


def test_a_contact_with_ten_interactions_or_fewer_offers_no_older_ones(owner_client, owner):
    contact = ContactFactory(owner=owner)
    InteractionFactory.create_batch(10, contact=contact)
    page = owner_client.get(detail_url(contact))
    assert len(page.context["interactions"]) == 10
    assert 'data-link="older-interactions"' not in page.content.decode()


def test_the_interactions_section_reloads_itself_on_the_pages_event(owner_client, owner):
    contact = ContactFactory(owner=owner)
    html = owner_client.get(detail_url(contact)).content.decode()
    section = reverse("contacts:interactions", kwargs={"pk": contact.pk})
    assert f'hx-get="{section}" hx-trigger="interactions-changed from:body"' in html


def test_the_interactions_section_is_only_read(owner_client, owner, django_user_model):
    contact = ContactFactory(owner=owner)
    section = reverse("contacts:interactions", kwargs={"pk": contact.pk})
    assert owner_client.post(section, headers=HTMX).status_code == 405
    other = ContactFactory(owner=django_user_model.objects.create_user("ander", "ander@example.nl", "x-Secret-2026"))
    assert owner_client.get(reverse("contacts:interactions", kwargs={"pk": other.pk}), headers=HTMX).status_code == 404
