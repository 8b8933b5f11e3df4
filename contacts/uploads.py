"""Refusing an oversized import early: the body is never read past the limit.

`SizeLimitHandler` goes first in the request's upload handlers. A request whose
Content-Length already says it is too large is answered before any of its body is read;
one that turns out larger while streaming stops at the limit (StopUpload with the
connection reset, so Django does not read the rest either). Either way the request
carries `upload_refused_at` for the view to say so."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.http.multipartparser import MultiValueDict
from django.http.request import QueryDict

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


def import_limit() -> int:
    return settings.NETWERK_IMPORT_MAX_BYTES


def declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def declared_too_large(request: HttpRequest) -> bool:
    return declared_length(request) > import_limit() + FORM_OVERHEAD


class SizeLimitHandler(FileUploadHandler):
    """Counts the file bytes of one request and stops the upload past the import limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > import_limit() + FORM_OVERHEAD:
            self.request.upload_refused_at = 0
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > import_limit():
            self.request.upload_refused_at = self.received
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(request: HttpRequest) -> None:
    """Put the size limit in front of the request's upload handlers (before its body is read)."""
    request.upload_handlers.insert(0, SizeLimitHandler(request))
