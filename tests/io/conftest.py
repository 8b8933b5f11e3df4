import io

import pytest
from django.utils import translation

from contacts.importing import import_linkedin_export


@pytest.fixture(autouse=True)
def english(request):
    """These tests read the English messages (the Dutch ones are checked by name);
    the owner, whose language the pages and the command speak, reads English too."""
    with translation.override("en"):
        if "owner" in request.fixturenames:
            owner = request.getfixturevalue("owner")
            owner.profile.language = "en"
            owner.profile.save()
        yield


@pytest.fixture
def import_bytes(owner):
    """Import bytes as if uploaded under `filename`, for the owner."""

    def run(data: bytes, filename: str = "Connections.csv", member=None):
        return import_linkedin_export(owner=member or owner, stream=io.BytesIO(data), filename=filename)

    return run
