"""The import stores a website, e-mail address or phone number only when the contact
form would accept it (the same fields decide, contacts.validation): a value that fails
is left out of its row, the row is imported, and the report names line, field and
value. Values stored before this rule leave the contact into a private note, so every
contact stays editable."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from contacts.exporting import write_contacts_csv
from contacts.forms import ContactForm
from contacts.models import Contact
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "website": "javascript:alert(document.cookie)",
    "email": "p1@example.org,p2@example.org",
    "private_email": "aïcha-bakker-00018@example.org",
    "phone": "not a phone",
}


def netwerk_csv(**details) -> bytes:
    """A contacts CSV as Netwerk exports it, with `details` on its one row."""
    exporter = UserFactory(username="exporter")
    ContactFactory(owner=exporter, first_name="Aïcha", last_name="Bakker", profile_url="", **details)
    buffer = io.StringIO()
    write_contacts_csv(exporter, buffer)
    return buffer.getvalue().encode()


def test_refused_values_are_left_out_and_reported_while_the_row_imports(owner, import_bytes):
    report = import_bytes(netwerk_csv(**HOSTILE), "netwerk-contacts.csv")

    contact = Contact.objects.get(owner=owner)
    assert (contact.website, contact.email, contact.private_email, str(contact.phone or "")) == ("", "", "", "")
    assert report.contacts.created == 1 and report.contacts.skipped == 0
    assert sorted((item.line, item.reason, item.detail) for item in report.left_out) == sorted(
        (2, name, value) for name, value in HOSTILE.items()
    )
    assert any("http or https" in line and "javascript:" in line for line in report.summary_lines())


def test_the_command_prints_each_value_it_left_out(owner, tmp_path):
    path = tmp_path / "netwerk-contacts.csv"
    path.write_bytes(netwerk_csv(website="javascript:alert(1)"))
    out = io.StringIO()
    call_command("import_linkedin", "owner", str(path), stdout=out)
    assert "left out netwerk-contacts.csv line 2: website “javascript:alert(1)”" in out.getvalue()


def test_the_page_lists_the_values_it_left_out(owner_client, owner, django_capture_on_commit_callbacks):
    upload = io.BytesIO(netwerk_csv(email="p1@example.org,p2@example.org"))
    upload.name = "netwerk-contacts.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("contacts:import"), {"file": upload})
    html = owner_client.get(response["Location"]).content.decode()
    assert "Values left out" in html
    assert "line 2: e-mail address “p1@example.org,p2@example.org”" in html


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("website", "javascript:alert(1)"),
        ("website", "data:text/html,<script>"),
        ("website", "ftp://example.org/file"),
        ("website", "https://example.org/path"),
        ("website", "example.org"),
        ("email", "p1@example.org,p2@example.org"),
        ("email", "aïcha-bakker-00018@example.org"),
        ("email", "anne@bücher.example"),
        ("email", "anne@example.org"),
        ("email", "Anne <anne@example.org>"),
        ("private_email", "not an address"),
        ("phone", "not a phone"),
        ("phone", "06-12345678"),
        ("phone", "+44 20 7946 0958"),
        ("phone", "12"),
    ],
)
def test_the_form_and_the_import_agree(owner, import_bytes, name, value):
    form = ContactForm(data={"first_name": "Aïcha", "source": "manual", name: value}, owner=owner)
    form_accepts = form.is_valid()
    assert form_accepts or list(form.errors) == [name]

    report = import_bytes(netwerk_csv(**{name: value}), "netwerk-contacts.csv")

    imported = Contact.objects.get(owner=owner)
    stored = str(getattr(imported, name) or "")
    assert bool(stored) == form_accepts
    assert bool(report.left_out) == (not form_accepts)
    if form_accepts:
        assert stored == str(form.cleaned_data[name])


def test_values_stored_before_the_rule_move_into_a_note_and_the_contact_stays_editable(owner_client, owner):
    migration = importlib.import_module("contacts.migrations.0005_contact_details_pass_the_form_checks")
    stuck = ContactFactory(owner=owner, first_name="Aïcha", profile_url="", **HOSTILE)
    fine = ContactFactory(owner=owner, first_name="Bram", website="https://bram.example", phone="+31612345678")

    migration.move_refused_details_into_notes(apps, None)

    stuck.refresh_from_db()
    assert (stuck.website, stuck.email, stuck.private_email, str(stuck.phone or "")) == ("", "", "", "")
    notes = sorted(stuck.notes.values_list("body", flat=True))
    assert len(notes) == 4 and all(any(value in note for note in notes) for value in HOSTILE.values())
    fine.refresh_from_db()
    assert (fine.website, str(fine.phone)) == ("https://bram.example", "+31612345678") and not fine.notes.exists()

    form = ContactForm(instance=stuck, owner=owner)
    data = {key: value for key, value in form.initial.items() if value not in (None, [])}
    data["how_we_met"] = "Op de borrel"
    response = owner_client.post(reverse("contacts:edit", args=[stuck.pk]), data)
    assert response.status_code == 302


def test_the_import_page_says_what_happens_to_odd_rows_and_bad_files(owner_client):
    html = owner_client.get(reverse("contacts:import")).content.decode()
    assert "If anything in the file is wrong, nothing is imported" not in html
    assert "refused whole: nothing is imported" in html
    assert "are skipped and listed by line" in html


def test_the_command_imports_around_skipped_rows_and_lists_them_with_status_0(owner, tmp_path):
    from tests.io import files

    path = tmp_path / "Connections.csv"
    path.write_bytes(files.connections_2023([files.person(n) for n in range(3)], hidden=1))
    out = io.StringIO()
    call_command("import_linkedin", "owner", str(path), stdout=out)  # raises on a non-zero exit
    assert "3 created" in out.getvalue()
    assert "skipped Connections.csv line" in out.getvalue() and "hidden profile" in out.getvalue()
