"""Bad input: a clear message naming the file and the line, and nothing imported."""

import pytest

from contacts.linkedin import ImportFileError
from contacts.models import Contact
from invitations.models import IncomingInvitation
from tests.factories import ContactFactory
from tests.io import files
from tests.test_url_access import snapshot

PEOPLE = [files.person(n) for n in range(1, 30)]


@pytest.fixture
def unchanged_database(owner, outsider):
    ContactFactory(owner=owner, company="Bestaand BV")
    ContactFactory(owner=outsider)
    before = snapshot()
    yield
    assert snapshot() == before


def error_of(import_bytes, data: bytes, filename: str = "Connections.csv") -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        import_bytes(data, filename)
    return caught.value


def test_a_row_with_too_many_fields_names_file_and_line_and_imports_nothing(unchanged_database, import_bytes):
    good = files.connections_2023(PEOPLE).decode()
    broken = good + "Laat,Komer,https://www.linkedin.com/in/laat,,ACME,CEO,01 Jan 2020,extra,cells\n"

    error = error_of(import_bytes, broken.encode())

    assert (error.filename, error.line) == ("Connections.csv", 34)
    assert str(error) == "Connections.csv, line 34: this row has 9 fields; the header has 7."


def test_text_that_is_not_utf8_names_its_line(unchanged_database, import_bytes):
    data = files.connections_2023(PEOPLE[:3]) + "Zoë,Müller,,,Café,Chef,01 Jan 2020\n".encode("latin-1")

    error = error_of(import_bytes, data)

    assert error.line == 8
    assert "UTF-8" in str(error)


def test_an_unterminated_quote_is_a_malformed_row(unchanged_database, import_bytes):
    data = files.connections_2023(PEOPLE[:2]) + b'"Open,quote,,,,,01 Jan 2020\n'

    error = error_of(import_bytes, data)

    assert error.line == 7
    assert "cannot be read as CSV" in str(error)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 not a csv at all",
        b"Name,Company\nAnne,ACME\n",
        b"\x00\x01\x02\x03" * 100,
        "Voornaam;Bedrijf\nAnne;ACME\n".encode(),
    ],
    ids=["pdf", "other-csv", "binary", "other-semicolon-csv"],
)
def test_a_file_that_is_not_a_linkedin_export_is_refused(unchanged_database, import_bytes, data):
    error = error_of(import_bytes, data, "upload.csv")

    assert error.filename == "upload.csv"
    assert "is this a LinkedIn export?" in str(error) or "UTF-8" in str(error) or "NUL" in str(error)


def test_an_empty_file_is_refused(unchanged_database, import_bytes):
    assert "empty" in str(error_of(import_bytes, b""))


def test_a_file_over_the_size_limit_is_refused(unchanged_database, import_bytes, settings):
    settings.NETWERK_IMPORT_MAX_BYTES = 1000

    error = error_of(import_bytes, files.connections_2023(PEOPLE))

    assert "the limit is" in str(error)


def test_more_rows_than_the_limit_is_refused_whole(unchanged_database, import_bytes, settings):
    settings.NETWERK_IMPORT_MAX_ROWS = 10

    error = error_of(import_bytes, files.connections_2023(PEOPLE))

    assert error.line == 15  # the 11th data row
    assert "more than 10 rows" in str(error)


def test_a_bad_invitations_file_in_a_zip_undoes_the_good_connections(owner, import_bytes):
    data = files.export_zip(
        {"Connections.csv": files.connections_2023(PEOPLE), "Invitations.csv": files.invitations(files.INVITATION_ROWS) + b"x,y\n"}
    )

    error = error_of(import_bytes, data, "Basic_LinkedInDataExport.zip")

    assert (error.filename, error.line) == ("Invitations.csv", 5)
    assert Contact.objects.count() == 0
    assert IncomingInvitation.objects.count() == 0


def test_errors_are_translated(unchanged_database, import_bytes):
    from django.utils import translation

    with translation.override("nl"):
        message = str(error_of(import_bytes, b"Name,Company\nAnne,ACME\n", "upload.csv"))

    assert "LinkedIn-export" in message
