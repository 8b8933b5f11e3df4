"""Uploading a vCard file or any CSV through the import page, and the columns page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import ColumnMapping, Contact, ImportJob
from tests.factories import UserFactory
from tests.io.test_address_book_import import GOOGLE_CSV, GOOGLE_V4, IPHONE


def upload(client, data: bytes, name: str):
    return client.post(reverse("contacts:import"), {"file": SimpleUploadedFile(name, data)})


def test_a_vcard_upload_is_imported_in_the_background(owner, owner_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(owner_client, (IPHONE + GOOGLE_V4).encode(), "contacts.vcf")
    job = ImportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("contacts:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and not job.upload
    assert Contact.objects.filter(owner=owner).count() == 2
    assert "Imported from contacts.vcf" in owner_client.get(response["Location"]).content.decode()


def test_a_broken_vcard_is_a_400_naming_the_line(owner, owner_client):
    response = upload(owner_client, (GOOGLE_V4 + "BEGIN:VCARD\nVERSION:3.0\nno property\nEND:VCARD\n").encode(), "a.vcf")
    assert response.status_code == 400
    assert "a.vcf, line 10: this line cannot be read as a vCard property." in response.content.decode()
    assert not ImportJob.objects.exists() and not Contact.objects.exists()


def test_any_csv_waits_for_its_columns_then_imports_and_remembers(owner, owner_client, django_capture_on_commit_callbacks):
    response = upload(owner_client, GOOGLE_CSV.encode(), "google.csv")
    job = ImportJob.objects.get(owner=owner)
    assert job.state == ImportJob.State.COLUMNS
    assert response["Location"] == reverse("contacts:import_columns", args=[job.pk])
    page = owner_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "eva@globex.nl" in html and '<option value="email" selected>' in html

    bad = owner_client.post(response["Location"], {"column-0": "company", "column-3": "company"})
    assert bad.status_code == 400 and "more than one column" in bad.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.COLUMNS

    choice = {f"column-{i}": target for i, target in enumerate(
        ["full_name", "", "", "company", "position", "", "email", "", "phone", "", "note"])}
    with django_capture_on_commit_callbacks(execute=True):
        done = owner_client.post(response["Location"], choice)
    assert done["Location"] == reverse("contacts:import_job", args=[job.pk])
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.DONE
    assert set(Contact.objects.filter(owner=owner).values_list("first_name", "last_name")) == {
        ("Eva", "Smit"), ("Piet", "Jansen"), ("Joke", "de Wit")}
    # Once queued, the columns page leads to the import (a second click imports nothing more).
    assert owner_client.post(response["Location"], choice)["Location"] == done["Location"]
    # The same header next time: mapped as the member said.
    assert ColumnMapping.objects.filter(owner=owner).count() == 1
    upload(owner_client, GOOGLE_CSV.encode(), "google-2.csv")
    second = ImportJob.objects.filter(owner=owner, state=ImportJob.State.COLUMNS).get()
    columns = owner_client.get(reverse("contacts:import_columns", args=[second.pk])).context["columns"]
    assert [c["target"] for c in columns][:2] == ["full_name", ""]


def test_a_csv_without_header_is_a_400(owner, owner_client):
    response = upload(owner_client, b"Jan,jan@x.nl\nPiet,piet@x.nl\n", "lijst.csv")
    assert response.status_code == 400
    assert "lijst.csv, line 1: the first line holds" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_another_members_columns_page_is_a_404(owner, owner_client):
    other = UserFactory(username="other")
    job = ImportJob.objects.create(owner=other, filename="x.csv", state=ImportJob.State.COLUMNS)
    assert owner_client.get(reverse("contacts:import_columns", args=[job.pk])).status_code == 404
