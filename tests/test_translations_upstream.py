"""The Dutch UI has no English or formal "u" left from Django's and axes' own strings:
locale/upstream overrides them, and every override still matches an upstream msgid."""

import re
from pathlib import Path

import axes
import django
import polib
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from netwerk.accounts.models import Profile
from tests.factories import ContactFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "locale" / "upstream" / "nl" / "LC_MESSAGES" / "django.po"

ENGLISH_LEFTOVERS = ("Select an option", "Search contact", "Access attempt", "Access failure", "Access log", "Can add")


def upstream_msgids() -> set[str]:
    """Django's English catalogues list every msgid; axes' strings are read from its source."""
    catalogues = Path(django.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po")
    msgids = {entry.msgid for path in catalogues for entry in polib.pofile(str(path))}
    for source in Path(axes.__file__).parent.glob("*.py"):
        msgids.update(re.findall(r'_\("([^"]*)"\)', source.read_text(encoding="utf-8")))
    return msgids


def test_every_override_matches_an_upstream_string_and_is_translated():
    catalogue = polib.pofile(str(OVERRIDES))
    assert catalogue.percent_translated() == 100
    stale = [entry.msgid for entry in catalogue if entry.msgid not in upstream_msgids()]
    assert stale == []


@pytest.fixture
def dutch_member(db):
    user = UserFactory(username="lid")
    Profile.objects.filter(user=user).update(language="nl")
    return user


@pytest.mark.django_db
def test_dutch_admin_pages_have_no_english(client, dutch_member):
    ContactFactory(owner=dutch_member, first_name="Anne", last_name="Smit")
    client.force_login(dutch_member)
    for url in (reverse("admin:index"), reverse("admin:contacts_contact_changelist")):
        html = client.get(url).content.decode()
        assert not [text for text in ENGLISH_LEFTOVERS if text in html], url
    assert "- Kies een optie -" in html
    assert "Zoeken in contacten" in html


@pytest.mark.django_db
def test_dutch_label_action_form_has_no_english(client, dutch_member):
    contact = ContactFactory(owner=dutch_member)
    client.force_login(dutch_member)
    response = client.post(
        reverse("admin:contacts_contact_changelist"), {"action": "add_label_action", ACTION_CHECKBOX_NAME: [contact.pk]}
    )
    assert "Select an option" not in response.content.decode()


@pytest.mark.django_db
def test_dutch_success_message_fits_any_noun(client, dutch_member):
    contact = ContactFactory(owner=dutch_member, first_name="Anne", last_name="Smit")
    client.force_login(dutch_member)
    response = client.post(
        reverse("admin:contacts_contact_change", args=[contact.pk]),
        {"first_name": "Anne", "last_name": "Smit", "source": "manual", "contact_labels-TOTAL_FORMS": "0",
         "contact_labels-INITIAL_FORMS": "0", "methods-TOTAL_FORMS": "0", "methods-INITIAL_FORMS": "0"},
        follow=True,
    )
    html = response.content.decode()
    assert "(contact) is gewijzigd." in html
    assert "De contact" not in html


@pytest.mark.django_db
def test_dutch_superuser_admin_index_names_axes_models_in_dutch(client):
    root = UserFactory(username="beheer", is_superuser=True)
    Profile.objects.filter(user=root).update(language="nl")
    client.force_login(root)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Aanmeldpogingen" in html
    assert not [text for text in ENGLISH_LEFTOVERS if text in html]


@pytest.mark.django_db
def test_dutch_sign_up_says_je_not_uw(client):
    html = client.get(reverse("accounts:signup"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Uw " not in html and " uw " not in html


@pytest.mark.django_db
def test_dutch_label_merge_page_has_no_english(client, dutch_member):
    from tests.factories import LabelFactory

    source = LabelFactory(owner=dutch_member, name="Oud")
    LabelFactory(owner=dutch_member, name="Nieuw")
    client.force_login(dutch_member)
    html = client.get(reverse("contacts:label_merge", kwargs={"pk": source.pk})).content.decode()
    assert "Select an option" not in html


@pytest.mark.django_db
def test_superuser_member_page_shows_no_english_permission_names(client):
    root = UserFactory(username="beheerder", is_superuser=True)
    Profile.objects.filter(user=root).update(language="nl")
    client.force_login(root)
    html = client.get(reverse("admin:accounts_user_change", args=[root.pk])).content.decode()
    assert "Can add" not in html and "Can change" not in html
    assert "/admin/auth/group/" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_dutch_contact_form_labels_are_capitalised(client, dutch_member):
    client.force_login(dutch_member)
    html = client.get(reverse("contacts:create")).content.decode()
    assert re.search(r'for="id_phone"[^>]*>\s*Telefoon', html)
    assert re.search(r">\s*Labels\s*<", html)
    assert not re.search(r">\s*(telefoon|labels)\s*<", html)


def test_one_wording_for_one_sided():
    from django.utils import translation

    from contacts.reciprocity import ReciprocityKind
    from reviews.models import RemovalReason

    with translation.override("nl"):
        assert str(ReciprocityKind.LABELS[ReciprocityKind.ONE_SIDED]) == str(RemovalReason.ONE_SIDED.label)
        assert str(RemovalReason.ONE_SIDED.label) == "Eenzijdig: alleen ik geef"
