"""Demo data for `seed_demo`: a LinkedIn export imported the way a member would, so the
import page shows a past import and triage has imported invitations waiting."""

import csv
import io
import zipfile
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .importing import import_linkedin_export
from .models import Contact, ContactLabel, ContactStatus, ImportJob, LabelKind

INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    '"Sanne de Vries",Demo,"8/26/25, 8:56 PM","Hoi! We spraken elkaar op de Netwerkborrel Utrecht over datamigraties.",'
    "INCOMING,https://www.linkedin.com/in/demo-sanne-de-vries,\n"
    '"Recruiter Rob",Demo,"9/1/25, 9:05 AM",,INCOMING,https://www.linkedin.com/in/demo-recruiter-rob,\n'
    'Demo,"Noor Visser","10/3/25, 11:30 AM","Leuk je te spreken bij Computaal; laten we contact houden.",'
    "OUTGOING,,https://www.linkedin.com/in/demo-noor-visser\n"
)
HEADER = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
)
COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LEFT_OUT = 3  # people who removed the demo member: the sync shows them as no longer connected


def connections_csv(owner, *, not_connected: tuple[set[int], set[str]] = (set(), set())) -> str:
    """Connections.csv as LinkedIn writes it, for the demo member's own network: everyone
    with a profile but a few (under review, if any) and those `not_connected` names (by
    contact id or profile URL), plus the invitation Noor accepted and a hidden profile's
    row. A complete export marks whoever it lacks as no longer connected, so an export of
    one person would disconnect the whole demo network."""
    left_out_ids, left_out_urls = not_connected
    people = list(Contact.objects.filter(owner=owner, status=ContactStatus.ACTIVE).exclude(profile_url="")
                  .exclude(pk__in=left_out_ids).exclude(profile_url__in=left_out_urls)
                  .annotate(under_review=Exists(ContactLabel.objects.filter(contact=OuterRef("pk"),
                                                                            label__kind=LabelKind.REVIEW)))
                  .order_by("-under_review", "id"))
    gone = people[:LEFT_OUT] if len(people) > 2 * LEFT_OUT else []
    out = io.StringIO()
    out.write(HEADER)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for contact in people[len(gone):]:
        writer.writerow([contact.first_name, contact.last_name, contact.profile_url, "", contact.company,
                         contact.position, _linkedin_date(contact.connected_on or timezone.localdate())])
    writer.writerow(["Noor", "Visser", "https://www.linkedin.com/in/demo-noor-visser", "", "Computaal", "Data analist",
                     "04 Oct 2025"])
    writer.writerow(["", "", "", "", "", "", "09 Sep 2022"])
    return out.getvalue()


def _linkedin_date(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def seed_import(owner, *, not_connected: tuple[set[int], set[str]] = (set(), set())) -> ImportJob:
    """Import the demo member's LinkedIn export and record it as a past import;
    `not_connected`: contact ids and profile URLs of people with an invitation still open,
    whom the export does not list."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", connections_csv(owner, not_connected=not_connected))
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
