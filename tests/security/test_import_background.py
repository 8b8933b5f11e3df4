"""Starting an import needs background work: with the broker (a real Redis URL nobody
listens on) down, the upload is refused clearly, in the member's language, and nothing is
kept: no job, no file, no contact."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, ImportJob
from tests.io import files

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = [files.person(n) for n in range(1, 6)]


def upload(client, **headers):
    data = files.connections_2023(PEOPLE)
    return client.post(reverse("contacts:import"), {"file": SimpleUploadedFile("Connections.csv", data)}, headers=headers)


def kept_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_starting_an_import_with_the_broker_down_is_a_clear_503_and_changes_nothing(owner, owner_client, dead_redis, settings):
    owner.profile.language = "en"
    owner.profile.save()

    response = upload(owner_client)

    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Background work is unavailable right now" in html and "Nothing was changed" in html
    assert ImportJob.objects.count() == 0
    assert Contact.objects.count() == 0
    assert kept_files(settings) == []


def test_the_refusal_is_in_the_members_language_and_a_fragment_for_htmx(owner, owner_client, dead_redis, settings):
    owner.profile.language = "nl"
    owner.profile.save()

    response = upload(owner_client, HX_Request="true")

    assert response.status_code == 503
    html = response.content.decode()
    assert "<html" not in html
    assert "Achtergrondwerk" in html
    assert ImportJob.objects.count() == 0 and kept_files(settings) == []


def test_with_the_broker_up_the_import_is_queued_after_commit_and_the_file_kept_for_it(owner, owner_client, filesystem_broker, settings):
    response = upload(owner_client)

    job = ImportJob.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == reverse("contacts:import_job", args=[job.pk])
    assert job.state == ImportJob.State.QUEUED
    assert len(kept_files(settings)) == 1
    queued = list(filesystem_broker.glob("*.msg"))
    assert len(queued) == 1 and "contacts.tasks.run_import" in queued[0].read_text()
