import io

import pytest

from contacts.importing import import_linkedin_export


@pytest.fixture
def import_bytes(owner):
    """Import bytes as if uploaded under `filename`, for the owner."""

    def run(data: bytes, filename: str = "Connections.csv", member=None):
        return import_linkedin_export(owner=member or owner, stream=io.BytesIO(data), filename=filename)

    return run
