import pytest

from netwerk.accounts.models import Profile
from tests.factories import UserFactory


@pytest.fixture
def owner(db):
    """The contacts tests read English messages; one test checks the Dutch ones."""
    user = UserFactory(username="owner")
    Profile.objects.filter(user=user).update(language="en")
    return user
