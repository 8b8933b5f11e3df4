"""The full account export: every model the member owns, and nobody else's data."""

import io
import json
import zipfile

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from contacts.models import ContactLabel, ImportJob
from invitations.models import IncomingTransition
from netwerk.export import MEMBER_DATA_APPS, exported_models
from tests.factories import (
    ContactFactory,
    IncomingInvitationFactory,
    InteractionFactory,
    InvitationFactory,
    LabelFactory,
    NoteFactory,
)

SECRET = "Xylofoon-Geheim-7731"


def fill(member, marker: str) -> None:
    contact = ContactFactory(owner=member, first_name=f"{marker}-contact", company=f"{marker}-company")
    ContactLabel.objects.create(contact=contact, label=LabelFactory(owner=member, name=f"{marker}-label"))
    NoteFactory(owner=member, contact=contact, body=f"{marker}-note")
    InteractionFactory(owner=member, contact=contact, note=f"{marker}-interaction")
    InvitationFactory(owner=member, recipient_name=f"{marker}-invitee", text=f"{marker}-invitation text")
    incoming = IncomingInvitationFactory(owner=member, name=f"{marker}-inviter", message=f"{marker}-message")
    IncomingTransition.objects.create(invitation=incoming, from_state="pending", to_state="answered", note=f"{marker}-transition")
    ImportJob.objects.create(owner=member, filename=f"{marker}-import.zip")


def test_every_model_of_the_member_data_apps_is_exported():
    exported = {model._meta.label for model, _lookup in exported_models()}
    every = {m._meta.label for label in MEMBER_DATA_APPS if label in {c.label for c in apps.get_app_configs()} for m in apps.get_app_config(label).get_models()}

    assert exported == every
    assert {"contacts.Contact", "contacts.Label", "contacts.ContactLabel", "contacts.Note", "contacts.Interaction",
            "invitations.Invitation", "invitations.IncomingInvitation", "invitations.IncomingTransition"} <= exported


def test_the_zip_holds_all_my_data_and_nothing_of_anyone_else(owner, outsider, owner_client):
    fill(owner, "Mijn")
    fill(outsider, SECRET)

    response = owner_client.get(reverse("contacts:export_account"))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert SECRET not in everything
    assert "outsider" not in everything
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["member"] == "owner"
    for marker in ("contact", "company", "label", "note", "interaction", "invitee", "inviter", "message", "transition", "import.zip"):
        assert f"Mijn-{marker}" in everything, marker
    assert manifest["models"]["contacts.Contact"] == 1
    assert manifest["models"]["invitations.IncomingTransition"] == 1
    users = json.loads(archive.read("accounts.user.json"))
    assert [u["fields"]["username"] for u in users] == ["owner"]
    assert "password" not in users[0]["fields"]
    assert {"contacts.csv", "contacts.vcf", "contacts.contact.json", "invitations.incomingtransition.json"} <= set(archive.namelist())


def test_the_command_writes_the_account_zip(owner, tmp_path):
    fill(owner, "Mijn")
    path = tmp_path / "account.zip"

    call_command("export_contacts", "owner", str(path), "--format", "account")

    assert "contacts.note.json" in zipfile.ZipFile(path).namelist()
