import pytest
from django.urls import reverse

from contacts.models import Contact, ContactSource, ContactStatus
from tests.factories import ContactFactory, LabelFactory

pytestmark = pytest.mark.django_db


def contact_data(**overrides):
    data = {
        "first_name": "Anne",
        "last_name": "de Vries",
        "position": "Recruiter",
        "company": "Computaal",
        "profile_url": "",
        "email": "",
        "connected_on": "2025-03-01",
        "source": ContactSource.MANUAL,
        "website": "",
        "private_email": "",
        "phone": "",
        "how_we_met": "Netwerkborrel Utrecht",
        "introduced_by": "",
    }
    data.update(overrides)
    return data


def test_member_adds_contact_with_dutch_mobile_stored_as_e164(owner_client, owner):
    label = LabelFactory(owner=owner, name="ICT")
    response = owner_client.post(
        reverse("contacts:create"),
        contact_data(phone="06-12345678", profile_url="http://nl.linkedin.com/in/Anne-de-Vries/?trk=x", labels=[label.pk]),
    )
    contact = Contact.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", kwargs={"pk": contact.pk})
    assert contact.phone.as_e164 == "+31612345678"
    assert contact.profile_url == "https://www.linkedin.com/in/anne-de-vries"
    assert list(contact.labels.all()) == [label]


def test_invalid_phone_is_refused_with_a_message_and_nothing_saved(owner_client, owner):
    response = owner_client.post(reverse("contacts:create"), contact_data(phone="12"))
    assert response.status_code == 422
    assert "phone" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_duplicate_profile_url_of_the_same_member_is_a_clear_form_error(owner_client, owner):
    ContactFactory(owner=owner, first_name="Bram", last_name="Bakker", profile_url="https://www.linkedin.com/in/bram")
    response = owner_client.post(
        reverse("contacts:create"), contact_data(profile_url="https://LinkedIn.com/in/Bram/")
    )
    assert response.status_code == 422
    assert response.context["form"].errors["profile_url"] == [
        "You already have a contact with this profile URL: Bram Bakker."
    ]
    assert Contact.objects.filter(owner=owner).count() == 1


def test_same_profile_url_as_another_members_contact_is_fine(owner_client, owner, outsider):
    ContactFactory(owner=outsider, profile_url="https://www.linkedin.com/in/bram")
    response = owner_client.post(reverse("contacts:create"), contact_data(profile_url="linkedin.com/in/bram"))
    assert response.status_code == 302
    assert Contact.objects.filter(owner=owner, profile_url="https://www.linkedin.com/in/bram").exists()


def test_editing_keeps_own_profile_url_without_calling_it_a_duplicate(owner_client, owner):
    contact = ContactFactory(owner=owner, profile_url="https://www.linkedin.com/in/anne")
    response = owner_client.post(
        reverse("contacts:edit", kwargs={"pk": contact.pk}),
        contact_data(profile_url="https://www.linkedin.com/in/anne/", company="ASML"),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.company == "ASML"


def test_introduced_by_offers_only_own_contacts(owner_client, owner, outsider):
    mine = ContactFactory(owner=owner)
    theirs = ContactFactory(owner=outsider)
    page = owner_client.get(reverse("contacts:create"))
    choices = {pk for pk in page.context["form"].fields["introduced_by"].queryset.values_list("pk", flat=True)}
    assert choices == {mine.pk}
    response = owner_client.post(reverse("contacts:create"), contact_data(introduced_by=theirs.pk))
    assert response.status_code == 422
    assert "introduced_by" in response.context["form"].errors


def test_labels_of_another_member_cannot_be_attached(owner_client, owner, outsider):
    theirs = LabelFactory(owner=outsider)
    response = owner_client.post(reverse("contacts:create"), contact_data(labels=[theirs.pk]))
    assert response.status_code == 422
    assert not Contact.objects.exists()


def test_contact_without_name_or_profile_is_refused(owner_client):
    response = owner_client.post(reverse("contacts:create"), contact_data(first_name="", last_name=""))
    assert response.status_code == 422
    assert "Give at least a name or a profile URL." in response.content.decode()


def test_detail_shows_private_details_and_introducer(owner_client, owner):
    introducer = ContactFactory(owner=owner, first_name="Kees", last_name="Jansen")
    contact = ContactFactory(owner=owner, phone="+31612345678", introduced_by=introducer, how_we_met="BNI Amersfoort")
    page = owner_client.get(reverse("contacts:detail", kwargs={"pk": contact.pk})).content.decode()
    assert "+31 6 12345678" in page
    assert "Kees Jansen" in page
    assert "BNI Amersfoort" in page


def test_archived_contact_is_not_offered_as_introducer(owner_client, owner):
    archived = ContactFactory(owner=owner, status=ContactStatus.ARCHIVED)
    page = owner_client.get(reverse("contacts:create"))
    assert archived not in page.context["form"].fields["introduced_by"].queryset


def test_pages_have_no_inline_scripts_or_styles(owner_client, owner):
    contact = ContactFactory(owner=owner)
    for url in (
        reverse("contacts:list"),
        reverse("contacts:detail", kwargs={"pk": contact.pk}),
        reverse("contacts:edit", kwargs={"pk": contact.pk}),
        reverse("contacts:labels"),
    ):
        html = owner_client.get(url).content.decode()
        assert "style=" not in html, url
        assert " onclick=" not in html and "hx-on" not in html, url
        assert "<script>" not in html, url


def test_list_detail_and_label_cells_escape_what_members_typed(owner_client, owner):
    """The list rows, badges, notes and interactions: every typed value arrives escaped,
    in text and in attributes alike."""
    hostile = '<b>"Eve" & \'co\'</b>'
    escaped = "&lt;b&gt;&quot;Eve&quot; &amp; &#x27;co&#x27;&lt;/b&gt;"
    contact = ContactFactory(owner=owner, first_name=hostile, last_name="", company=hostile, position=hostile)
    label = LabelFactory(owner=owner, name=hostile)
    contact.labels.add(label)
    contact.notes.create(owner=owner, body=hostile)
    contact.interactions.create(owner=owner, note=hostile)
    pages = {
        "list": owner_client.get(reverse("contacts:list")).content.decode(),
        "detail": owner_client.get(reverse("contacts:detail", kwargs={"pk": contact.pk})).content.decode(),
        "bulk": owner_client.post(
            reverse("contacts:bulk_labels"),
            {"label": label.pk, "operation": "add", "contacts": [contact.pk]},
            headers={"HX-Request": "true"},
        ).content.decode(),
    }
    for name, html in pages.items():
        assert "<b>" not in html, name
        assert escaped in html, name
    assert pages["list"].count(escaped) >= 5  # name, position, company, badge, label option(s)
    assert pages["detail"].count(escaped) >= 5  # title, heading, position · company, badge, note, interaction
