from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from asks import figures, services
from contacts.models import ContactLabel, ContactStatus, Contact, ensure_review_label
from reviews.rules import review_queue, suggestions_for
from tests.factories import ContactFactory, LabelFactory

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))


def ask(owner, *people, days_ago=30, **kwargs):
    return services.create_ask(
        owner=owner, text="Advice?", contacts=list(people), asked_on=TODAY - timedelta(days=days_ago), **kwargs
    )


def helped(owner, the_ask, contact, days_ago=20):
    return services.record_outcome(
        owner=owner, ask=the_ask, contact=contact, outcome="helped", on=TODAY - timedelta(days=days_ago)
    )


def test_help_balance_of_one_contact(owner, anna, bram, django_assert_num_queries):
    for days_ago in range(10, 17):
        helped(owner, ask(owner, anna, bram), anna, days_ago=days_ago)
    waiting = ask(owner, anna, days_ago=5)
    services.close_ask(owner=owner, ask=ask(owner, anna, days_ago=4))  # closed: not waiting
    services.give_favour(owner=owner, contact=anna, text="A reference", on=TODAY)
    with django_assert_num_queries(1):
        balance = figures.help_balance(owner, anna)
    assert (balance.received_count, balance.given_count, balance.balance) == (7, 1, -6)
    assert [person.day for person in balance.received] == [TODAY - timedelta(days=d) for d in range(10, 15)]
    assert balance.given[0].text == "A reference" and balance.given[0].day == TODAY
    assert [person.ask_id for person in balance.waiting] == [waiting.pk]
    assert figures.help_balance(owner, bram).received_count == 0


def test_you_owe_who_helped_with_nothing_given_back_in_six_months(owner, anna, bram):
    carla = ContactFactory(owner=owner, first_name="Carla")
    dirk = ContactFactory(owner=owner, first_name="Dirk")
    for contact in (anna, bram, carla, dirk):
        helped(owner, ask(owner, contact, days_ago=100), contact, days_ago=90)
    services.give_favour(owner=owner, contact=bram, text="Returned it", on=TODAY - timedelta(days=10))
    services.give_favour(owner=owner, contact=carla, text="Long before", on=TODAY - timedelta(days=300))
    # given before the help, but within six months: not owed yet
    services.give_favour(owner=owner, contact=dirk, text="Just before", on=TODAY - timedelta(days=95))
    owed = {helper.contact_id for helper in figures.you_owe(owner, today=TODAY)}
    assert owed == {anna.pk, carla.pk}


def test_old_help_and_archived_helpers_are_not_owed(owner, anna, bram):
    helped(owner, ask(owner, anna, days_ago=500), anna, days_ago=400)
    helped(owner, ask(owner, bram), bram)
    Contact.objects.filter(pk=bram.pk).update(status=ContactStatus.ARCHIVED)
    assert figures.you_owe(owner, today=TODAY) == []


def test_effectiveness_over_twelve_months(owner, outsider, anna, bram, django_assert_num_queries):
    carla = ContactFactory(owner=owner, first_name="Carla")
    clients = LabelFactory(owner=owner, name="Clients")
    quiet = LabelFactory(owner=owner, name="Borrel")
    ContactLabel.objects.create(contact=anna, label=clients)
    ContactLabel.objects.create(contact=bram, label=quiet)
    ContactLabel.objects.create(contact=carla, label=quiet)
    first = ask(owner, anna, bram)
    helped(owner, first, anna)
    second = ask(owner, anna, carla, due_on=TODAY - timedelta(days=1))
    services.record_outcome(owner=owner, ask=second, contact=anna, outcome="declined", on=TODAY)
    ask(owner, bram, due_on=TODAY - timedelta(days=2))  # open, unanswered, overdue
    ask(owner, carla, days_ago=400)  # outside the window
    public = ask(owner, public=True)
    services.add_person(owner=owner, ask=public, contact=bram)
    ask(outsider, ContactFactory(owner=outsider))  # someone else's
    with django_assert_num_queries(6):
        found = figures.effectiveness(owner, today=TODAY)
    assert (found.asked, found.answered, found.helped) == (5, 2, 1)
    assert (found.answered_share, found.helped_share) == (40, 20)
    assert (found.public_asks, found.public_acted) == (1, 1)
    # as many times each: the most recent help first
    assert [(h.contact_id, h.times) for h in found.top_helpers] == [(bram.pk, 1), (anna.pk, 1)]
    assert [(label.name, label.asked, label.answered) for label in found.responding_labels] == [("Clients", 2, 2)]
    assert [(label.name, label.asked) for label in found.silent_labels] == [("Borrel", 3)]
    # an open ask stays open whatever its age: the one to Carla of 400 days ago counts
    assert (found.open_unanswered, found.overdue) == (2, 1)
    assert {helper.contact_id for helper in found.owe} == {anna.pk, bram.pk}


def test_a_contact_who_helped_lately_is_never_suggested_for_removal(owner):
    profile = owner.profile
    long_ago = NOW - timedelta(days=3 * 365)  # tracked for years: the inactivity rule applies
    helper, silent, old_helper = (
        ContactFactory(owner=owner, connected_on=date(2020, 1, 1), created_at=long_ago) for _ in range(3)
    )
    helped(owner, ask(owner, helper, days_ago=200), helper, days_ago=200)
    helped(owner, ask(owner, old_helper, days_ago=600), old_helper, days_ago=600)
    # help is an interaction: make all three look inactive by the rule's own date
    profile.inactive_months = 1
    suggested = {s.contact.pk for s in suggestions_for(profile, NOW)}
    assert helper.pk not in suggested
    assert {silent.pk, old_helper.pk} <= suggested


def test_the_review_card_shows_how_often_they_helped(owner, owner_client, anna):
    for _ in range(3):
        helped(owner, ask(owner, anna), anna)
    ContactLabel.objects.create(contact=anna, label=ensure_review_label(owner))
    entry = review_queue(owner, NOW)[0]
    assert (entry.helped.ever, entry.helped.lately) == (3, 3)
    html = owner_client.get(reverse("reviews:queue")).content.decode()
    assert "Helped you 3 times" in html and "Someone who helped you 3 times when you asked." in html


@pytest.mark.parametrize("cached", [False, True])
def test_dashboard_tile_links_to_the_contacts_behind_each_figure(owner, owner_client, anna, bram, cached):
    helped(owner, ask(owner, anna, bram), anna)
    html = owner_client.get(reverse("dashboard")).content.decode()
    if cached:
        html = owner_client.get(reverse("dashboard")).content.decode()
    assert reverse("contacts:detail", args=[anna.pk]) in html
    assert "50%" in html and "You owe 1 person" in html
    owe = owner_client.get(reverse("asks:people"), {"show": "owe"}).context["helpers"]
    assert [helper.contact_id for helper in owe] == [anna.pk]


def test_the_help_history_sql_names_the_models_tables():
    from asks.models import Ask, AskedPerson, Favour

    for model in (Ask, AskedPerson, Favour):
        assert f"{model._meta.db_table} " in figures.HELP_HISTORY_SQL


def test_the_remove_link_from_the_digest_warns_that_they_helped(owner, client, anna):
    from reviews.links import action_token

    for _ in range(2):
        helped(owner, ask(owner, anna), anna)
    ContactLabel.objects.create(contact=anna, label=ensure_review_label(owner))
    remove = reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, anna.pk, "remove")})
    keep = reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, anna.pk, "keep")})
    assert "Someone who helped you 2 times when you asked." in client.get(remove).content.decode()
    assert "helped you" not in client.get(keep).content.decode()


def test_the_digest_reads_overdue_asks_by_each_members_own_date_and_whom_they_owe(owner, outsider, anna, django_assert_num_queries):
    theirs = ContactFactory(owner=outsider)
    late = ask(owner, anna, due_on=TODAY - timedelta(days=3))
    due_today = ask(owner, anna, due_on=TODAY)
    services.close_ask(owner=owner, ask=ask(owner, anna, due_on=TODAY - timedelta(days=5)))
    ask(owner, anna)  # no date
    their_late = ask(outsider, theirs, due_on=TODAY)
    # the outsider's day is already tomorrow: their ask due today is late for them
    helped(owner, ask(owner, anna, days_ago=40), anna, days_ago=30)
    with django_assert_num_queries(1):
        found, owed = figures.digest_asks_of_members({owner.pk: TODAY, outsider.pk: TODAY + timedelta(days=1)})
    assert [(helper.contact_id, helper.times) for helper in owed[owner.pk]] == [(anna.pk, 1)]
    assert owed[outsider.pk] == []
    assert [a.pk for a in found[owner.pk]] == [late.pk]
    assert [a.pk for a in found[outsider.pk]] == [their_late.pk]
    assert due_today.pk not in {a.pk for a in found[owner.pk]}
