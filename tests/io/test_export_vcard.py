"""vCard 4.0 of all contacts in one file."""

from datetime import date

import vobject
from django.urls import reverse

from contacts.models import ContactLabel
from tests.factories import ContactFactory, LabelFactory, NoteFactory


def test_every_contact_is_one_vcard_4_with_its_details(owner, owner_client, outsider):
    anne = ContactFactory(
        owner=owner, first_name="Anne", last_name="de Vries, Jr.", company="ACME; BV", position="CEO",
        email="anne@example.nl", phone="+31612345678", profile_url="https://www.linkedin.com/in/anne",
        connected_on=date(2022, 9, 9), how_we_met="Borrel",
    )
    ContactLabel.objects.create(contact=anne, label=LabelFactory(owner=owner, name="Klanten"))
    NoteFactory(owner=owner, contact=anne, body="Regel 1\nRegel 2")
    ContactFactory(owner=owner, first_name="Oud", last_name="Archief", status="archived")
    ContactFactory(owner=outsider, first_name="Xylofoon-Geheim")

    response = owner_client.get(reverse("contacts:export_vcard"))

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert "Xylofoon-Geheim" not in text
    cards = list(vobject.readComponents(text))
    assert len(cards) == 2
    card = next(c for c in cards if c.fn.value == "Anne de Vries, Jr.")
    assert card.version.value == "4.0"
    assert (card.n.value.family, card.n.value.given) == ("de Vries, Jr.", "Anne")
    assert card.org.value == ["ACME; BV"]
    assert card.title.value == "CEO"
    assert card.email.value == "anne@example.nl"
    assert card.tel.value == "+31612345678"
    assert card.url.value == "https://www.linkedin.com/in/anne"
    assert card.categories.value == ["Klanten"]
    assert card.note.value == "Borrel\n\nRegel 1\nRegel 2"
    assert text.splitlines()[1] == "VERSION:4.0"


def test_every_address_number_and_profile_with_its_type(owner, owner_client):
    from contacts.models import ContactMethod

    anne = ContactFactory(owner=owner, first_name="Anne", last_name="Bos", email="anne@werk.nl",
                          private_email="anne@thuis.nl", phone="+31201234567", profile_url="", website="")
    ContactMethod.objects.create(owner=owner, contact=anne, kind="phone", type="mobile", label="zakelijk",
                                 value="+31612345678", key="+31612345678")
    ContactMethod.objects.create(owner=owner, contact=anne, kind="profile", type="mastodon", value="https://m.nl/@anne",
                                 key="https://m.nl/@anne")
    text = b"".join(owner_client.get(reverse("contacts:export_vcard")).streaming_content).decode()
    card = next(vobject.readComponents(text))
    emails = {line.value: line.params.get("TYPE") for line in card.contents["email"]}
    assert emails == {"anne@werk.nl": ["work"], "anne@thuis.nl": ["home"]}
    phones = {line.value: (line.params.get("TYPE"), line.params.get("X-ABLABEL")) for line in card.contents["tel"]}
    assert phones == {"+31201234567": (["voice"], None), "+31612345678": (["cell"], ["zakelijk"])}
    assert [line.value for line in card.contents["url"]] == ["https://m.nl/@anne"]
