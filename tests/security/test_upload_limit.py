"""An oversized import is refused before its body is read: a 300 MB upload streamed to
the import page is answered after reading (almost) nothing of it."""

import pytest
from django.urls import reverse

from contacts.models import Contact, ImportJob

pytestmark = pytest.mark.django_db
BOUNDARY = "netwerk-test-boundary"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english(owner):
    """The member reads English (the Dutch message is checked by tests/test_translations.py)."""
    from netwerk.accounts.models import Profile

    Profile.objects.filter(user=owner).update(language="en")


class StreamedUpload:
    """A multipart body with one file of `file_size` bytes, made up while it is read
    (nothing of that size is ever in memory). Counts the bytes read, and fails loudly
    when read past `read_at_most`: a server that takes the whole upload in."""

    def __init__(self, file_size: int, *, read_at_most: int):
        self.head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="Connections.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file_size = file_size
        self.length = len(self.head) + file_size + len(self.tail)
        self.read_at_most = read_at_most
        self.position = 0

    def _byte_slice(self, start: int, end: int) -> bytes:
        parts = []
        body_start, body_end = len(self.head), len(self.head) + self.file_size
        if start < body_start:
            parts.append(self.head[start:min(end, body_start)])
        if end > body_start and start < body_end:
            parts.append(b"a" * (min(end, body_end) - max(start, body_start)))
        if end > body_end:
            parts.append(self.tail[max(0, start - body_end):end - body_end])
        return b"".join(parts)

    def read(self, size=-1, /) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        end = min(self.length, self.position + size)
        assert end <= self.read_at_most, f"the server read {end:,} bytes of a {self.length:,}-byte upload"
        data = self._byte_slice(self.position, end)
        self.position = end
        return data

    def readline(self, size=-1, /) -> bytes:
        return self.read(size if size and size > 0 else 64 * 1024)


def post_streamed(client, body: StreamedUpload):
    return client.generic(
        "POST",
        reverse("contacts:import"),
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
    )


def test_a_300_mb_upload_is_refused_without_reading_its_body(owner, owner_client, settings):
    body = StreamedUpload(300 * MB, read_at_most=settings.NETWERK_IMPORT_MAX_BYTES + MB)
    response = post_streamed(owner_client, body)
    assert response.status_code == 413
    assert body.position == 0, f"{body.position:,} bytes were read before refusing"
    page = response.content.decode()
    assert "larger than the limit of 100.0" in page and "nothing was read or imported" in page
    assert not ImportJob.objects.exists() and not Contact.objects.exists()


def test_a_file_past_the_limit_inside_a_modest_body_stops_at_the_limit(owner_client, owner, settings):
    """Content-Length within the form's allowance, but the file itself over the limit:
    the upload handler stops counting file bytes at the limit."""
    settings.NETWERK_IMPORT_MAX_BYTES = 1 * MB
    body = StreamedUpload(1 * MB + 32 * 1024, read_at_most=2 * MB)
    response = post_streamed(owner_client, body)
    assert response.status_code == 413
    assert "nothing was read or imported" in response.content.decode()
    assert not ImportJob.objects.exists() and not Contact.objects.exists()


def test_an_upload_within_the_limit_still_reaches_the_import(owner_client, owner, settings):
    body = StreamedUpload(10 * 1024, read_at_most=10**9)
    response = post_streamed(owner_client, body)
    assert response.status_code == 400  # a file of "aaa..." is no LinkedIn export
    assert body.position == body.length
    assert "larger than the limit" not in response.content.decode()


def test_a_refused_upload_still_needs_a_member(client, settings):
    body = StreamedUpload(300 * MB, read_at_most=MB)
    response = post_streamed(client, body)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert body.position == 0
