"""python manage.py import_linkedin USERNAME PATH"""

import pytest
from django.core.management import ManagementUtility, call_command

from contacts.models import Contact
from tests.io import files

PEOPLE = [files.person(n) for n in range(1, 11)]


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """run_from_argv closes every connection when it ends, as a real process would;
    here that connection holds the test's transaction (PostgreSQL), so it stays open."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(*argv) -> None:
    """As `python manage.py ...` runs: exit status 1 and the message on stderr on error."""
    ManagementUtility(["manage.py", *argv]).execute()


def test_the_command_imports_and_prints_counts_and_skipped_lines(owner, tmp_path, capsys):
    path = tmp_path / "Basic_LinkedInDataExport_11-20-2026.zip"
    path.write_bytes(
        files.export_zip(
            {"Connections.csv": files.connections_2023(PEOPLE, hidden=2), "Invitations.csv": files.invitations(files.INVITATION_ROWS)}
        )
    )

    run("import_linkedin", "owner", str(path))

    out = capsys.readouterr().out
    assert "Contacts: 10 created, 0 updated, 0 unchanged, 2 skipped" in out
    assert "Invitations: 3 created, 0 updated, 0 unchanged, 0 skipped" in out
    assert "skipped Connections.csv line 15: hidden profile: the row holds only a date" in out
    assert Contact.objects.filter(owner=owner).count() == 10

    run("import_linkedin", "owner", str(path))

    assert "Contacts: 0 created, 0 updated, 10 unchanged, 2 skipped" in capsys.readouterr().out


def test_bad_input_exits_1_with_the_message_and_imports_nothing(owner, tmp_path, capsys):
    path = tmp_path / "Connections.csv"
    path.write_bytes(files.connections_2023(PEOPLE) + b"a,b\n")

    with pytest.raises(SystemExit) as exit_:
        run("import_linkedin", "owner", str(path))

    assert exit_.value.code == 1
    assert "Connections.csv, line 15: this row has 2 fields; the header has 7. Nothing was imported." in capsys.readouterr().err
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(("username", "path", "message"), [("nobody", "x.csv", "No member"), ("owner", "/no/such.csv", "no such file")])
def test_unknown_member_or_missing_file_exits_1(owner, capsys, username, path, message):
    with pytest.raises(SystemExit) as exit_:
        run("import_linkedin", username, path)

    assert exit_.value.code == 1
    assert message in capsys.readouterr().err


def test_the_command_and_the_service_are_the_same_code(owner, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(files.connections_2018(PEOPLE))

    call_command("import_linkedin", "owner", str(path))

    assert Contact.objects.filter(owner=owner).count() == 10


def test_the_command_speaks_the_members_language(owner, tmp_path, capsys):
    owner.profile.language = "nl"
    owner.profile.save()
    path = tmp_path / "Connections.csv"
    path.write_bytes(files.connections_2023(PEOPLE) + b"a,b\n")

    with pytest.raises(SystemExit):
        run("import_linkedin", "owner", str(path))

    assert "regel 15: deze regel heeft 2 velden; de kopregel heeft er 7. Er is niets geïmporteerd." in capsys.readouterr().err
