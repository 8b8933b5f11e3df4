"""Demo data for `seed_demo`: a LinkedIn export imported the way a member would, so the
import page shows a past import and triage has imported invitations waiting."""

import io
import zipfile

from django.utils import timezone

from .importing import import_linkedin_export
from .models import ImportJob

INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    '"Sanne de Vries",Demo,"8/26/25, 8:56 PM","Hoi! We spraken elkaar op de Netwerkborrel Utrecht over datamigraties.",'
    "INCOMING,https://www.linkedin.com/in/demo-sanne-de-vries,\n"
    '"Recruiter Rob",Demo,"9/1/25, 9:05 AM",,INCOMING,https://www.linkedin.com/in/demo-recruiter-rob,\n'
    'Demo,"Noor Visser","10/3/25, 11:30 AM","Leuk je te spreken bij Computaal; laten we contact houden.",'
    "OUTGOING,,https://www.linkedin.com/in/demo-noor-visser\n"
)
CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Noor,Visser,https://www.linkedin.com/in/demo-noor-visser,,Computaal,Data analist,04 Oct 2025\n"
    ",,,,,,09 Sep 2022\n"
)


def seed_import(owner) -> ImportJob:
    """Import a small LinkedIn export for the demo member and record it as a past import."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", CONNECTIONS)
        archive.writestr("Invitations.csv", INVITATIONS)
    filename = "Basic_LinkedInDataExport_demo.zip"
    report = import_linkedin_export(owner=owner, stream=buffer, filename=filename)
    return ImportJob.objects.create(
        owner=owner,
        filename=filename,
        state=ImportJob.State.DONE,
        rows_total=report.rows,
        rows_done=report.rows,
        report=report.as_dict(),
        finished_at=timezone.now(),
    )
