from django.core.management import call_command

from asks.models import Ask, AskedPerson, Favour
from contacts.models import Direction, Interaction
from netwerk.accounts.models import User


def test_the_demo_member_has_asks_answers_and_favours(db):
    call_command("seed_demo", contacts=40, username="demo-asks", verbosity=0)
    member = User.objects.get(username="demo-asks")
    assert Ask.objects.filter(owner=member, public=True).count() == 2
    assert Ask.objects.filter(owner=member, public=False).count() == 4
    helped = AskedPerson.objects.filter(owner=member, outcome="helped")
    assert helped.exists() and all(person.interaction_id for person in helped)
    assert Favour.objects.filter(owner=member).count() == 4
    assert Interaction.objects.filter(owner=member, direction=Direction.GAVE, favour__isnull=False).count() == 4
    call_command("seed_demo", contacts=40, username="demo-asks", verbosity=0)
    assert Ask.objects.filter(owner=member).count() == 6
