from contacts.models import Contact, ContactStatus, ImportJob, LinkedInRemoval
from django.utils import timezone


def _removal(owner) -> dict:
    contact = Contact.objects.create(
        owner=owner, first_name="Gearchiveerd", profile_url=f"https://www.linkedin.com/in/weg-{owner.pk}",
        status=ContactStatus.ARCHIVED,
    )
    return {"pk": LinkedInRemoval.objects.create(owner=owner, contact=contact, noticed_on=timezone.localdate()).pk}



OBJECT_URLS = {
    "contacts:linkedin_removal_tick": _removal,
    "contacts:import_job": lambda owner: {
        "pk": ImportJob.objects.create(
            owner=owner,
            filename="Connections.csv",
            state=ImportJob.State.DONE,
            rows_total=1,
            rows_done=1,
            report={"files": ["Connections.csv"], "contacts": {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0}},
        ).pk
    },
}
def _waiting_for_columns(owner) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lijst.csv", b"Naam,Bedrijf,E-mail\nJan de Vries,Acme,jan@acme.nl\n")
    job = ImportJob.objects.create(owner=owner, filename="lijst.csv", state=ImportJob.State.COLUMNS, upload=upload)
    return {"pk": job.pk}


OBJECT_URLS["contacts:import_columns"] = _waiting_for_columns
