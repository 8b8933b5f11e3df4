"""LinkedIn's messages.csv as interactions: one per contact, day and direction, never
the content; the member found as the participant in every conversation; matched by
profile URL only; all or nothing; the same file again adds nothing."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from contacts.importing import import_linkedin_export
from contacts.linkedin import ImportFileError
from contacts.models import Interaction
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db
ME = "https://www.linkedin.com/in/ik-zelf"
ANNE = "https://www.linkedin.com/in/anne-smit"
BRAM = "https://www.linkedin.com/in/bram-bos"
CLEO = "https://www.linkedin.com/in/cleo-kok"
HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"


def row(conversation, sender, recipients, when, content="Geheim: niet bewaren", name="Ã‰milie"):
    return f'{conversation},,{name},{sender},x,"{",".join(recipients)}",{when},Onderwerp,"{content}",INBOX\n'


def messages_csv(*rows) -> bytes:
    return (HEADER + "".join(rows)).encode()


def run(owner, data: bytes, filename: str = "messages.csv"):
    return import_linkedin_export(owner=owner, stream=io.BytesIO(data), filename=filename)


@pytest.fixture
def people(owner):
    return {
        "anne": ContactFactory(owner=owner, first_name="Anne", profile_url=ANNE),
        "bram": ContactFactory(owner=owner, first_name="Bram", profile_url=BRAM),
        "cleo": ContactFactory(owner=owner, first_name="Cleo", profile_url=CLEO),
    }


def interactions(owner):
    return sorted(
        (i.contact.first_name, i.date.isoformat(), i.direction, i.kind, i.note)
        for i in Interaction.objects.filter(owner=owner).select_related("contact")
    )


def test_one_interaction_per_contact_day_and_direction_and_no_content(owner, people):
    data = messages_csv(
        row("c1", ME, [ANNE], "2024-05-01 10:22:33 UTC"),
        row("c1", ME, [ANNE], "2024-05-01 15:00:00 UTC"),  # same day, same direction: one
        row("c1", ANNE, [ME], "2024-05-01 16:00:00 UTC"),  # she wrote back
        row("c2", ME, [BRAM, CLEO], "2024-05-02 09:00:00 UTC"),  # to several: each
        row("c2", BRAM, [ME, CLEO], "2024-05-02 10:00:00 UTC"),  # someone else to a group: no one
    )
    report = run(owner, data)
    assert interactions(owner) == [
        ("Anne", "2024-05-01", "gave", "message", ""),
        ("Anne", "2024-05-01", "received", "message", ""),
        ("Bram", "2024-05-02", "gave", "message", ""),
        ("Cleo", "2024-05-02", "gave", "message", ""),
    ]
    assert (report.messages.read, report.messages.added, report.messages.contacts) == (5, 4, 3)
    assert not Interaction.objects.filter(note__icontains="Geheim").exists()
    again = run(owner, data)
    assert again.messages.added == 0 and Interaction.objects.count() == 4


def test_the_day_is_the_members_own(owner, people):
    owner.profile.time_zone = "Pacific/Auckland"
    owner.profile.save()
    run(owner, messages_csv(row("c1", ME, [ANNE], "2024-05-01 20:00:00 UTC")))
    assert interactions(owner) == [("Anne", "2024-05-02", "gave", "message", "")]


def test_people_who_are_not_contacts_and_another_members_contacts_are_counted_and_left(owner, people):
    other = UserFactory()
    ContactFactory(owner=other, profile_url="https://www.linkedin.com/in/vreemde")
    report = run(owner, messages_csv(
        row("c1", ME, ["https://www.linkedin.com/in/vreemde"], "2024-05-01 10:00:00 UTC"),
        row("c2", ME, [ANNE], "2024-05-01 10:00:00 UTC"),
    ))
    assert report.messages.others == 1
    assert not Interaction.objects.filter(owner=other).exists()
    assert Interaction.objects.filter(owner=owner).count() == 1


def test_columns_that_do_not_match_are_refused_naming_the_ones_expected(owner, people):
    with pytest.raises(ImportFileError, match="CONVERSATION ID, FROM, SENDER PROFILE URL") as refused:
        import_linkedin_export(
            owner=owner, stream=io.BytesIO(b"CONVERSATION ID,FROM,DATE\nc1,x,2024\n"), filename="messages.csv"
        )
    assert "messages.csv" in str(refused.value) or "header" in str(refused.value)
    assert not Interaction.objects.exists()


def test_a_file_where_no_one_is_in_every_conversation_is_refused_and_nothing_added(owner, people):
    data = messages_csv(row("c1", ANNE, [BRAM], "2024-05-01 10:00:00 UTC"), row("c2", CLEO, [ME], "2024-05-01 10:00:00 UTC"))
    with pytest.raises(ImportFileError, match="which participant is you"):
        run(owner, data)
    assert not Interaction.objects.exists()


def test_a_bad_row_later_in_the_file_leaves_nothing_behind(owner, people):
    data = messages_csv(row("c1", ME, [ANNE], "2024-05-01 10:00:00 UTC")) + b'c2,,x,"unterminated\n'
    with pytest.raises(ImportFileError):
        run(owner, data)
    assert not Interaction.objects.exists()


def test_messages_csv_inside_the_export_zip_and_through_the_command(owner, people, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("messages.csv", messages_csv(row("c1", ME, [ANNE], "2024-05-01 10:00:00 UTC")))
        archive.writestr("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                         f"Anne,Smit,{ANNE},,,,01 Jan 2024\n")
    path = tmp_path / "Basic_LinkedInDataExport_05-02-2024.zip"
    path.write_bytes(buffer.getvalue())
    out = io.StringIO()
    call_command("import_linkedin", owner.username, str(path), stdout=out)
    assert "1 interactions added" in out.getvalue() or "1 interactie" in out.getvalue()
    assert interactions(owner) == [("Anne", "2024-05-01", "gave", "message", "")]
    with pytest.raises(CommandError):
        bad = tmp_path / "messages.csv"
        bad.write_bytes(b"CONVERSATION ID,FROM\nx,y\n")
        call_command("import_linkedin", owner.username, str(bad))


def test_messages_end_inactive_and_move_keep_in_touch(owner, people):
    from contacts import touch

    anne = people["anne"]
    anne.keep_in_touch_days = 30
    anne.save()
    touch.refresh(owner_id=owner.pk, contact_ids=[anne.pk])
    run(owner, messages_csv(row("c1", ME, [ANNE], "2099-01-01 10:00:00 UTC")))
    anne.refresh_from_db()
    assert anne.touch_due_on.isoformat() == "2099-01-31"


def test_a_large_file_reports_progress_while_it_reads(owner, people):
    seen = []
    rows = [row(f"c{n % 3}", ME, [(ANNE, BRAM, CLEO)[n % 3]], f"2020-01-{1 + n % 28:02d} 10:00:00 UTC") for n in range(5001)]
    report = import_linkedin_export(
        owner=owner, stream=io.BytesIO(messages_csv(*rows)), filename="messages.csv", progress=seen.append
    )
    assert seen and seen[0] >= 5000
    assert report.messages.read == 5001 and Interaction.objects.count() == report.messages.added == 3 * 28


def test_the_profile_url_in_the_members_settings_wins(owner, people):
    """A file where Anne is in every conversation too: without the setting Netwerk could
    not tell; with it, the member's own URL decides."""
    owner.profile.linkedin_profile_url = "https://www.linkedin.com/in/Ik-Zelf/"
    owner.profile.save()
    run(owner, messages_csv(
        row("c1", ME, [ANNE], "2024-05-01 10:00:00 UTC"),
        row("c2", ANNE, [ME, BRAM], "2024-05-02 10:00:00 UTC"),
        row("c3", ANNE, [ME], "2024-05-03 10:00:00 UTC"),
    ))
    assert interactions(owner) == [
        ("Anne", "2024-05-01", "gave", "message", ""), ("Anne", "2024-05-03", "received", "message", ""),
    ]


def test_the_settings_refuse_a_profile_url_that_is_not_linkedins(owner):
    from netwerk.accounts.forms import ProfileForm

    form = ProfileForm(instance=owner.profile)
    data = {name: form.initial.get(name) for name in form.fields}
    data.update({"linkedin_profile_url": "https://example.com/me", "weekly_suggestions": 5})
    bound = ProfileForm(data, instance=owner.profile)
    assert not bound.is_valid() and "linkedin_profile_url" in bound.errors
