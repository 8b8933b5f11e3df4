"""30,000 rows: streamed, batched, and fine on either database (speed lives in bench/)."""

import io

from hypothesis import given
from hypothesis import strategies as st

from contacts.importing import import_linkedin_export
from contacts.cells import LINKEDIN_PROFILE_PREFIX, read_profile_url
from contacts.models import Contact, ImportJob, normalize_profile_url
from tests.io import files


def test_thirty_thousand_connections_import_and_reimport(owner):
    people = [files.person(n) for n in range(30_000)]
    data = files.connections_2023(people, hidden=25)
    progress: list[int] = []

    report = import_linkedin_export(owner=owner, stream=io.BytesIO(data), filename="Connections.csv", progress=progress.append)

    assert report.contacts.as_dict() == {"created": 30_000, "updated": 0, "unchanged": 0, "skipped": 25}
    assert Contact.objects.filter(owner=owner).count() == 30_000
    assert progress == sorted(progress) and len(progress) >= 10 and progress[-1] == 30_000

    again = import_linkedin_export(owner=owner, stream=io.BytesIO(data), filename="Connections.csv")

    assert again.contacts.as_dict() == {"created": 0, "updated": 0, "unchanged": 30_000, "skipped": 25}


def test_a_job_reports_rows_done_of_total_as_it_goes(owner, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from contacts.importing import run_import_job

    people = [files.person(n) for n in range(5_000)]
    job = ImportJob.objects.create(owner=owner, filename="Connections.csv")
    job.upload.save("Connections.csv", ContentFile(files.connections_2023(people)))

    run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert (job.rows_done, job.rows_total) == (5_000, 5_000)
    assert job.finished_at is not None


@given(slug=st.text(max_size=40))
def test_recognised_linkedin_urls_are_exactly_what_normalising_gives(slug):
    url = LINKEDIN_PROFILE_PREFIX + slug
    try:
        expected = normalize_profile_url(url)
    except ValueError:
        expected = None
    assert read_profile_url(url) == expected
