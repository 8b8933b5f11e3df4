"""Two tabs, two clicks at once, on real PostgreSQL: an ask keeps one row per person and
one "received" interaction per answer that helped."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from asks import services
from asks.models import AskedPerson
from contacts.models import Interaction
from tests.factories import ContactFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="runs when DATABASE_URL is PostgreSQL (CI's second run)",
    ),
]


def twice_at_once(action) -> list:
    start = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            start.wait()
            outcomes.append(action())
        except services.AskRuleError as refusal:
            outcomes.append(refusal)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_adding_the_same_person_twice_at_once_adds_them_once():
    member = UserFactory()
    anna, bram = ContactFactory(owner=member), ContactFactory(owner=member)
    ask = services.create_ask(owner=member, text="Advice?", contacts=[bram])
    outcomes = twice_at_once(lambda: services.add_person(owner=member, ask=ask, contact=anna))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AskRuleError", "AskedPerson"]
    assert AskedPerson.objects.filter(ask=ask, contact=anna).count() == 1
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_recording_help_twice_at_once_keeps_one_interaction():
    member = UserFactory()
    anna = ContactFactory(owner=member)
    ask = services.create_ask(owner=member, text="Advice?", contacts=[anna])
    twice_at_once(lambda: services.record_outcome(owner=member, ask=ask, contact=anna, outcome="helped"))
    person = AskedPerson.objects.get()
    assert Interaction.objects.filter(contact=anna).count() == 1
    assert person.interaction_id == Interaction.objects.get().pk
