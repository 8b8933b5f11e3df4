import random

import pytest

from contacts.demo import seed_contacts
from contacts.models import Contact, Interaction, Label, LabelKind, Note

pytestmark = pytest.mark.django_db


def test_demo_contacts_are_realistic_and_stay_within_the_member(owner, outsider):
    seed_contacts(outsider, 20, rng=random.Random(1))
    seed_contacts(owner, 120, rng=random.Random(2))
    mine = Contact.objects.filter(owner=owner)
    assert mine.count() == 120
    kinds = set(Label.objects.filter(owner=owner).values_list("kind", flat=True))
    assert {LabelKind.EVENT, LabelKind.INDUSTRY, LabelKind.CLIENTS, LabelKind.REVIEW} <= kinds
    assert Label.objects.filter(owner=owner, name="Opdrachtgevers").exists()
    assert Note.objects.filter(owner=owner).exists() and Interaction.objects.filter(owner=owner).exists()
    introduced = mine.filter(introduced_by__isnull=False)
    assert introduced.exists()
    assert not introduced.exclude(introduced_by__owner=owner).exists()
    phones = [c.phone for c in mine.exclude(phone="")]
    assert phones and all(p.is_valid() and p.as_e164.startswith("+316") for p in phones)


def test_the_demo_shows_possible_duplicates_from_business_cards(owner):
    from contacts.models import DuplicatePair

    seed_contacts(owner, 60, rng=random.Random(3))
    cards = Contact.objects.filter(owner=owner, first_name__endswith=".")
    assert cards.count() == 3
    pairs = DuplicatePair.objects.filter(owner=owner)
    assert all(pairs.filter(first=card).exists() or pairs.filter(second=card).exists() for card in cards)


@pytest.mark.parametrize("day", ["2026-12-04 10:00", "2026-12-06 10:00", "2028-02-28 10:00", "2028-02-29 10:00"])
def test_the_demo_has_birthdays_some_without_a_year_and_two_this_week(owner, outsider, day):
    """Any day the demo is made on, a Sunday and 29 February too."""
    import time_machine
    from django.utils import timezone

    from contacts.demo import seed_key_dates
    from contacts.key_dates import falling_between, week_of
    from contacts.models import KeyDate

    seed_contacts(owner, 80, rng=random.Random(4))
    seed_contacts(outsider, 10, rng=random.Random(5))
    with time_machine.travel(day):
        seed_key_dates(owner, random.Random(4))
        dates = KeyDate.objects.filter(owner=owner)
        assert dates.filter(name="Verjaardag").count() == 10
        assert {row.has_year for row in dates.filter(name="Verjaardag")} == {True, False}
        assert not dates.exclude(contact__owner=owner).exists() and not KeyDate.objects.filter(owner=outsider).exists()
        assert len(falling_between([owner.pk], week_of(timezone.localdate()))) >= 2
