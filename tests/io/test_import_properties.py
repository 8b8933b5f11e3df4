"""Property-based: whatever bytes arrive, only the import's own error escapes, and on
that error the database is exactly as it was."""

import io
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.importing import import_linkedin_export
from contacts.linkedin import ImportFileError
from tests.factories import ContactFactory
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 8)]
VALID = {
    "connections_2023": files.connections_2023(PEOPLE, hidden=1),
    "connections_2018": files.connections_2018(PEOPLE),
    "spreadsheet": files.connections_spreadsheet(PEOPLE),
    "invitations": files.invitations(files.INVITATION_ROWS),
    "zip": files.export_zip({"Connections.csv": files.connections_2023(PEOPLE), "Invitations.csv": files.invitations(files.INVITATION_ROWS)}),
}
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def import_or_refuse(owner, data: bytes, filename: str) -> None:
    before = snapshot()
    try:
        import_linkedin_export(owner=owner, stream=io.BytesIO(data), filename=filename)
    except ImportFileError as error:
        assert str(error)  # a message, in words
        assert snapshot() == before


@pytest.fixture
def member(owner, outsider):
    ContactFactory(owner=owner, company="Bestaand BV", profile_url=PEOPLE[0]["url"])
    ContactFactory(owner=outsider)
    return owner


@HYPOTHESIS
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise_anything_but_the_import_error(member, data):
    import_or_refuse(member, data, "Connections.csv")


@HYPOTHESIS
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_after_a_real_header_never_raise_anything_else(member, data):
    import_or_refuse(member, files.PREAMBLE.encode() + files.HEADER_2023.encode() + b"\n" + data, "Connections.csv")


@st.composite
def mangled(draw):
    """A real export with bytes flipped, cut, duplicated or inserted."""
    kind = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[kind])
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "duplicate"]))
        at = rng.randrange(len(data)) if data else 0
        if operation == "flip" and data:
            data[at] = rng.randrange(256)
        elif operation == "cut":
            del data[at : at + rng.randrange(1, 40)]
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from([b'"', b",", b";", b"\r", b"\n", b"\x00", b"\xff\xfe", b"=cmd|", b"PK\x03\x04"]))
        elif operation == "truncate":
            del data[at:]
        elif operation == "duplicate":
            data[at:at] = data[at : at + 200]
    return kind, bytes(data)


@HYPOTHESIS
@given(case=mangled())
def test_mangled_exports_import_or_are_refused_whole(member, case):
    kind, data = case
    import_or_refuse(member, data, "Basic_LinkedInDataExport.zip" if kind == "zip" else f"{kind}.csv")


@HYPOTHESIS
@given(
    names=st.lists(
        st.one_of(
            st.text(min_size=1, max_size=40),
            st.sampled_from(["Connections.csv", "Invitations.csv", "Jobs/Connections.csv", "../Connections.csv", "/Invitations.csv"]),
        ),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    payload=st.binary(max_size=500),
)
def test_zips_with_arbitrary_entry_names_never_raise_anything_else(member, names, payload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            try:
                archive.writestr(name, payload)
            except (ValueError, UnicodeEncodeError):
                continue
    import_or_refuse(member, buffer.getvalue(), "export.zip")
