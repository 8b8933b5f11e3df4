"""Leak channels of import and export (tests/security/channels.py): the CSV export, the
vCard export, the account export zip (every file inside) and the import report."""

import io
import zipfile
from collections.abc import Iterator
from datetime import date

from django.core.files.base import ContentFile
from django.urls import reverse

from contacts.importing import run_import_job
from contacts.models import Contact, ImportJob
from tests.io import files


def seed_import(member, tag: str) -> None:
    """A real import of a Connections.csv with the member's tag in every name, one row
    imported twice (the report names the duplicate) and one broken row."""
    people = [
        {
            "first": f"{tag}Imported{n}",
            "last": f"{tag}Person{n}",
            "url": f"https://www.linkedin.com/in/{tag.lower()}-imported-{n}",
            "email": f"{tag.lower()}{n}@example.nl",
            "company": f"{tag} Imported Company",
            "position": f"{tag} Imported position",
            "connected": date(2021, 3, 1 + n),
        }
        for n in range(3)
    ]
    data = files.connections_2023(people + people[:1], hidden=1)
    job = ImportJob.objects.create(owner=member, filename=f"{tag}-Connections.csv")
    job.upload.save("Connections.csv", ContentFile(data), save=True)
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.error


def _download(client, name: str) -> bytes:
    response = client.get(reverse(name))
    assert response.status_code == 200, f"{name} answered {response.status_code}"
    return b"".join(response.streaming_content)


def _own_contact(member) -> str:
    return Contact.objects.owned_by(member).order_by("pk").values_list("first_name", flat=True).first().lower()


def contacts_csv(client, member) -> Iterator[tuple[str, bytes]]:
    content = _download(client, "contacts:export_csv")
    assert _own_contact(member).encode() in content.lower(), "the CSV export holds none of the member's contacts"
    yield "GET contacts:export_csv", content


def contacts_vcard(client, member) -> Iterator[tuple[str, bytes]]:
    content = _download(client, "contacts:export_vcard")
    assert _own_contact(member).encode() in content.lower(), "the vCard export holds none of the member's contacts"
    yield "GET contacts:export_vcard", content


def account_export(client, member) -> Iterator[tuple[str, bytes]]:
    """Every file inside the zip, read and searched on its own (compressed bytes hide text)."""
    content = _download(client, "contacts:export_account")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert names, "the account export is empty"
        everything = b""
        for name in names:
            data = archive.read(name)
            everything += data
            yield f"account export: {name}", data
    assert _own_contact(member).encode() in everything.lower(), "the account export holds none of the member's contacts"


def import_reports(client, member) -> Iterator[tuple[str, bytes]]:
    jobs = list(ImportJob.objects.owned_by(member))
    assert jobs, "the member has no import to report on"
    for job in jobs:
        url = reverse("contacts:import_job", args=[job.pk])
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            yield f"GET {url} {headers}", response.content
    page = client.get(reverse("contacts:import"))
    assert job.filename.lower().encode() in page.content.lower(), "the import page lists none of the member's imports"
    yield "GET contacts:import (past imports)", page.content


SEEDERS = {"a LinkedIn import": seed_import}
CHANNELS = {
    "contacts CSV export": contacts_csv,
    "contacts vCard export": contacts_vcard,
    "account export zip": account_export,
    "import report": import_reports,
}
