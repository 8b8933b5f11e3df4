import pytest
from django.utils import translation

from netwerk.accounts.models import Profile
from tests.factories import ContactFactory, UserFactory


@pytest.fixture
def owner(db):
    """The asks tests read English messages; one test checks the Dutch ones."""
    user = UserFactory(username="owner")
    Profile.objects.filter(user=user).update(language="en")
    return user


@pytest.fixture
def anna(owner):
    return ContactFactory(owner=owner, first_name="Anna", last_name="de Vries")


@pytest.fixture
def bram(owner):
    return ContactFactory(owner=owner, first_name="Bram", last_name="Bakker")


@pytest.fixture(autouse=True)
def english():
    """Services' messages are read in English here (pages follow the member's language)."""
    with translation.override("en"):
        yield
