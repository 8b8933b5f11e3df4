"""Keep in touch: rhythms per label and per contact, due counted from the last contact,
the list with its three answers, and the bad input each refuses."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contacts import services as label_services
from contacts import touch
from contacts.models import Contact, ContactLabel, ContactStatus, Interaction, JobChange, ensure_review_label
from reviews import keep_in_touch as rules
from tests.factories import ContactFactory, InteractionFactory, LabelFactory

pytestmark = pytest.mark.django_db
CONNECTED = date(2024, 1, 10)


def due(contact) -> date | None:
    return Contact.objects.values_list("touch_due_on", flat=True).get(pk=contact.pk)


def with_label(owner, contact, days):
    label = LabelFactory(owner=owner, keep_in_touch_days=days)
    label_services.add_label(owner=owner, label=label, contacts=Contact.objects.filter(pk=contact.pk))
    return label


def test_no_rhythm_means_never_due(owner):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED)
    InteractionFactory(contact=contact, date=CONNECTED)
    assert due(contact) is None


def test_the_shortest_label_rhythm_counts_and_the_contacts_own_overrides(owner):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED)
    with_label(owner, contact, 90)
    with_label(owner, contact, 30)
    assert due(contact) == CONNECTED + timedelta(days=30)

    Contact.objects.filter(pk=contact.pk).update(keep_in_touch_days=200)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    assert due(contact) == CONNECTED + timedelta(days=200)


def test_due_counts_from_the_last_contact_and_moves_back_when_it_is_deleted(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=60)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    assert due(contact) == CONNECTED + timedelta(days=60)

    last = InteractionFactory(contact=contact, date=date(2025, 3, 1))
    assert due(contact) == date(2025, 4, 30)

    response = owner_client.post(reverse("contacts:interaction_delete", args=[last.pk]))
    assert response.status_code == 302
    assert due(contact) == CONNECTED + timedelta(days=60)


def test_label_services_and_a_label_rhythm_edit_move_the_dates(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED)
    label = with_label(owner, contact, 30)
    assert due(contact) == CONNECTED + timedelta(days=30)

    response = owner_client.post(
        reverse("contacts:label_edit", args=[label.pk]),
        {"name": label.name, "color": label.color, "kind": label.kind, "keep_in_touch_days": "365"},
    )
    assert response.status_code == 302
    assert due(contact) == CONNECTED + timedelta(days=365)

    label_services.remove_label(owner=owner, label=label, contacts=Contact.objects.filter(pk=contact.pk))
    assert due(contact) is None


@pytest.mark.parametrize("days", ["0", "-5", "3651", "abc"])
def test_a_rhythm_out_of_range_is_refused_and_nothing_changes(owner, owner_client, days):
    label = LabelFactory(owner=owner, keep_in_touch_days=30)
    response = owner_client.post(
        reverse("contacts:label_edit", args=[label.pk]),
        {"name": label.name, "color": label.color, "kind": label.kind, "keep_in_touch_days": days},
    )
    assert response.status_code == 422
    assert "keep_in_touch_days" in response.context["form"].errors
    label.refresh_from_db()
    assert label.keep_in_touch_days == 30


def due_names(owner_client) -> list[str]:
    response = owner_client.get(reverse("reviews:keep_in_touch"))
    assert response.status_code == 200
    return [contact.first_name for contact in response.context["rows"]]


def test_the_list_is_longest_overdue_first_and_leaves_out_who_cannot_be_due(owner, owner_client):
    for name, days in (("Recent", 400), ("Oldest", 30), ("Middle", 200)):
        ContactFactory(owner=owner, first_name=name, connected_on=CONNECTED, keep_in_touch_days=days)
    archived = ContactFactory(owner=owner, first_name="Archived", connected_on=CONNECTED, keep_in_touch_days=1,
                              status=ContactStatus.ARCHIVED)
    doubtful = ContactFactory(owner=owner, first_name="Doubtful", connected_on=CONNECTED, keep_in_touch_days=1)
    ContactLabel.objects.create(contact=doubtful, label=ensure_review_label(owner))
    future = ContactFactory(owner=owner, first_name="Future", connected_on=date.today(), keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk)
    assert {archived.pk, doubtful.pk, future.pk} <= set(Contact.objects.filter(touch_due_on__isnull=False).values_list("pk", flat=True))

    assert due_names(owner_client) == ["Oldest", "Middle", "Recent"]


def test_another_members_contacts_never_appear(owner, outsider, owner_client):
    ContactFactory(owner=outsider, first_name="Theirs", connected_on=CONNECTED, keep_in_touch_days=1)
    touch.refresh(owner_id=outsider.pk)
    assert due_names(owner_client) == []


@pytest.fixture
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()


def test_the_list_shows_the_evidence(owner, owner_client, english):
    contact = ContactFactory(owner=owner, first_name="Anne", connected_on=CONNECTED, keep_in_touch_days=30)
    InteractionFactory(contact=contact, date=date(2024, 6, 1), kind="call", direction="received")
    contact.notes.create(owner=owner, body="Wil koffie drinken in januari")
    JobChange.objects.create(owner=owner, contact=contact, position_before="Recruiter", company_before="Rabobank",
                             position="Directeur", company="ING", noticed_on=rules.member_today(owner))
    html = owner_client.get(reverse("reviews:keep_in_touch")).content.decode()
    assert "Wil koffie drinken in januari" in html
    assert 'data-received="1"' in html
    assert "(call)" in html
    assert "was Recruiter at Rabobank" in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_takes_the_same_queries_whatever_its_length(owner, owner_client, size, django_assert_max_num_queries):
    for index in range(size):
        contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30 + index)
        InteractionFactory(contact=contact, date=CONNECTED)
        contact.notes.create(owner=owner, body="note")
    # session, member, preferences; dates that matter this week; the page; how many
    # (capped); its evidence
    with django_assert_max_num_queries(7):
        assert len(owner_client.get(reverse("reviews:keep_in_touch")).context["rows"]) == size


def answer(client, contact, action, *, htmx=False, **fields):
    data = {"contact": getattr(contact, "pk", contact), "action": action, **fields}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("reviews:touch_answer"), data, headers=headers)


def test_an_answer_for_another_members_contact_or_a_bad_one_is_refused(owner, outsider, owner_client, english):
    theirs = ContactFactory(owner=outsider, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=outsider.pk)
    for contact in (theirs, "abc", "", "99999999999999999999"):
        assert answer(owner_client, contact, "logged", kind="call").status_code == 404
    assert not Interaction.objects.exists() and due(theirs) == CONNECTED + timedelta(days=30)
    mine = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[mine.pk])
    refused = answer(owner_client, mine, "explode", htmx=True)
    assert refused.status_code == 422 and "Choose logged, snooze or skip" in refused.content.decode()
    assert answer(owner_client, mine, "logged", kind="telepathy", htmx=True).status_code == 422
    assert owner_client.get(reverse("reviews:touch_answer")).status_code == 405
    assert not Interaction.objects.exists() and due(mine) == CONNECTED + timedelta(days=30)


def test_logged_adds_an_interaction_today_and_remembers_the_kind(owner, owner_client, english):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    response = answer(owner_client, contact, "logged", kind="call", note="Bijgepraat", htmx=True)
    assert response.status_code == 200 and "Logged" in response.content.decode()
    interaction = Interaction.objects.get(contact=contact)
    assert (interaction.kind, interaction.note) == ("call", "Bijgepraat")
    assert interaction.date == rules.member_today(owner)
    assert due(contact) == rules.member_today(owner) + timedelta(days=30)
    # The next contact due offers "call" first.
    other = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[other.pk])
    assert owner_client.get(reverse("reviews:keep_in_touch")).context["log_form"].initial["kind"] == "call"


def test_a_double_click_on_logged_is_two_clicks_but_one_day(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    for _ in range(2):
        answer(owner_client, contact, "logged", kind="call")
    assert due(contact) == rules.member_today(owner) + timedelta(days=30)


def test_snooze_goes_to_next_week_or_the_chosen_day(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    today = rules.member_today(owner)
    answer(owner_client, contact, "snooze", until="")
    assert due(contact) == rules.next_week(today) and due(contact).weekday() == 0
    chosen = today + timedelta(days=40)
    answer(owner_client, contact, "snooze", until=chosen.isoformat())
    assert due(contact) == chosen
    assert not Interaction.objects.filter(contact=contact).exists()


@pytest.mark.parametrize(
    "until, message",
    [("2024-02-30", "real date"), ("1999-01-01", "after today"), ("2999-01-01", "within a year")],
)
def test_a_bad_snooze_is_refused_and_nothing_changes(owner, owner_client, english, until, message):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    response = answer(owner_client, contact, "snooze", until=until, htmx=True)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert due(contact) == CONNECTED + timedelta(days=30)


def test_skip_this_round_waits_one_rhythm_without_logging(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=45)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    response = answer(owner_client, contact, "skip")
    assert response.status_code == 302
    assert due(contact) == rules.member_today(owner) + timedelta(days=45)
    assert not Interaction.objects.filter(contact=contact).exists()


def test_an_archived_contact_cannot_be_answered(owner, owner_client):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30, status=ContactStatus.ARCHIVED)
    response = answer(owner_client, contact, "logged", kind="call", htmx=True)
    assert response.status_code == 422
    assert not Interaction.objects.filter(contact=contact).exists()


def test_today_is_the_members_own_day(owner, owner_client):
    """At 23:30 UTC on 9 March it is 10 March in Auckland and still 9 March in New York:
    a contact due on the 10th is due for a member living in Auckland only."""
    instant = datetime(2026, 3, 9, 23, 30, tzinfo=ZoneInfo("UTC"))
    contact = ContactFactory(owner=owner, connected_on=date(2026, 2, 8), keep_in_touch_days=30)  # due 2026-03-10
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    with time_machine.travel(instant, tick=False):
        owner.profile.time_zone = "America/New_York"
        owner.profile.save()
        assert due_names(owner_client) == []
        owner.profile.time_zone = "Pacific/Auckland"
        owner.profile.save()
        assert due_names(owner_client) == [contact.first_name]


def test_the_nightly_task_puts_a_stale_date_right(owner):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30)
    Contact.objects.filter(pk=contact.pk).update(touch_due_on=date(2099, 1, 1))  # as a write without signals leaves it
    from reviews.tasks import refresh_keep_in_touch

    assert refresh_keep_in_touch.delay().get() == 1
    assert due(contact) == CONNECTED + timedelta(days=30)


def test_the_contact_form_sets_a_rhythm_and_the_page_shows_it(owner, owner_client, english):
    contact = ContactFactory(owner=owner, connected_on=CONNECTED)
    response = owner_client.post(
        reverse("contacts:edit", args=[contact.pk]),
        {"first_name": contact.first_name, "last_name": contact.last_name, "source": contact.source,
         "connected_on": CONNECTED.isoformat(), "keep_in_touch_days": "14"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert due(contact) == CONNECTED + timedelta(days=14)
    html = owner_client.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert 'data-rhythm="14"' in html and "every 14 days" in html


def test_a_netwerk_csv_whose_labels_carry_a_rhythm_makes_its_contacts_due(owner):
    import io

    from contacts.importing import import_linkedin_export

    LabelFactory(owner=owner, name="Klanten", keep_in_touch_days=90)
    csv = (
        "First Name,Last Name,URL,Connected On,How we met,Labels\n"
        "Anne,Smit,https://www.linkedin.com/in/anne-smit,10 Jan 2024,Borrel,Klanten\n"
    )
    import_linkedin_export(owner=owner, stream=io.BytesIO(csv.encode()), filename="netwerk-contacts.csv")
    contact = Contact.objects.get(owner=owner, first_name="Anne")
    assert due(contact) == CONNECTED + timedelta(days=90)


def test_the_list_pages_and_a_page_past_the_end_goes_back_to_the_first(owner, owner_client):
    from reviews.views_touch import PAGE_SIZE

    for index in range(PAGE_SIZE + 3):
        ContactFactory(owner=owner, first_name=f"P{index:02d}", connected_on=CONNECTED, keep_in_touch_days=30 + index)
    touch.refresh(owner_id=owner.pk)
    first = owner_client.get(reverse("reviews:keep_in_touch"))
    assert len(first.context["rows"]) == PAGE_SIZE and first.context["page"].total == PAGE_SIZE + 3
    assert first.context["page"].has_next and f'data-due-count="{PAGE_SIZE + 3}"' in first.content.decode()
    second = owner_client.get(reverse("reviews:keep_in_touch") + "?page=2")
    assert [c.first_name for c in second.context["rows"]] == [f"P{PAGE_SIZE + i:02d}" for i in range(3)]
    assert owner_client.get(reverse("reviews:keep_in_touch") + "?page=9").status_code == 302
    assert owner_client.get(reverse("reviews:keep_in_touch") + "?page=-1").status_code == 200


def test_an_accepted_invitation_counts_as_contact(owner):
    from contacts.services import contact_for_invitation

    contact = ContactFactory(owner=owner, keep_in_touch_days=30)  # added by hand, not connected
    InteractionFactory(contact=contact, date=date(2024, 3, 1))
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    assert due(contact) == date(2024, 3, 31)
    today = rules.member_today(owner)
    contact_for_invitation(owner=owner, existing=contact, name=str(contact), source="accepted_invitation",
                           connected_on=today)
    assert due(contact) == today + timedelta(days=30)
