"""The export's .zip: CSVs at its root, subfolders ignored, and nothing dangerous opened."""

import io
import stat
import zipfile

import pytest

from contacts.linkedin import ImportFileError
from contacts.models import Contact
from invitations.models import IncomingInvitation
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 6)]


@pytest.mark.parametrize("name", ["Basic_LinkedInDataExport_11-20-2026.zip", "Complete_LinkedInDataExport_11-20-2026.zip"])
def test_basic_and_complete_exports_import_connections_and_invitations(owner, import_bytes, name):
    data = files.export_zip(
        {"Connections.csv": files.connections_2023(PEOPLE), "Invitations.csv": files.invitations(files.INVITATION_ROWS)},
        extra={
            "Profile.csv": b"First Name,Last Name\nOwner,Member\n",
            "Jobs/Job Applications.csv": b"Application Date,Company\n",
            "Jobs/Connections.csv": files.connections_2023([files.person(99)]),
            "messages.csv": b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
            b"DATE,SUBJECT,CONTENT,FOLDER\n",
        },
    )

    report = import_bytes(data, name)

    # messages.csv is read too (tests/io/test_linkedin_messages.py); this one holds none.
    assert report.files == ["Connections.csv", "Invitations.csv", "messages.csv"]
    assert report.contacts.created == 5
    assert report.invitations.created == 3
    assert not Contact.objects.filter(first_name="Voornaam99").exists()


def _zip_with(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", files.connections_2023(PEOPLE))
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("../../etc/cron.d/evil", b"x")], "a path outside the export"),
        ([("/etc/passwd", b"x")], "a path outside the export"),
        ([("Jobs/../../up.csv", b"x")], "a path outside the export"),
        ([("C:/Windows/evil.csv", b"x")], "a path outside the export"),
        ([(_link("Invitations.csv"), b"/etc/passwd")], "a link"),
        ([("bomb.csv", b"0" * (5 * 1024 * 1024))], "compressed suspiciously well"),
    ],
    ids=["dotdot", "absolute", "nested-dotdot", "drive-letter", "symlink", "ratio-bomb"],
)
def test_dangerous_zips_are_refused_before_anything_is_extracted(owner, import_bytes, entries, message):
    before = snapshot()

    with pytest.raises(ImportFileError) as caught:
        import_bytes(_zip_with(entries), "Basic_LinkedInDataExport.zip")

    assert message in str(caught.value)
    assert caught.value.filename == "Basic_LinkedInDataExport.zip"
    assert snapshot() == before


def test_too_much_unpacked_data_is_refused(owner, import_bytes, settings):
    settings.NETWERK_IMPORT_MAX_BYTES = 64 * 1024
    noise = bytes(range(256)) * 4 * 1024  # 1 MB that barely compresses

    with pytest.raises(ImportFileError) as caught:
        import_bytes(_zip_with([("Rich_Media.csv", noise)]), "Complete_LinkedInDataExport.zip")

    assert "unpacked, the zip would be" in str(caught.value)


def test_too_many_entries_are_refused(owner, import_bytes):
    with pytest.raises(ImportFileError) as caught:
        import_bytes(_zip_with([(f"Jobs/{n}.csv", b"") for n in range(2001)]), "Complete_LinkedInDataExport.zip")

    assert "holds 2002 files" in str(caught.value)


def test_a_zip_without_connections_or_invitations_is_refused(owner, import_bytes):
    with pytest.raises(ImportFileError) as caught:
        import_bytes(files.export_zip({"Profile.csv": b"First Name\nX\n"}), "export.zip")

    assert "no Connections.csv or Invitations.csv" in str(caught.value)


def test_a_truncated_zip_is_refused_and_imports_nothing(owner, import_bytes):
    data = files.export_zip({"Connections.csv": files.connections_2023(PEOPLE), "Invitations.csv": files.invitations(files.INVITATION_ROWS)})

    with pytest.raises(ImportFileError):
        import_bytes(data[: len(data) // 2], "Basic_LinkedInDataExport.zip")

    assert Contact.objects.count() == 0 and IncomingInvitation.objects.count() == 0
