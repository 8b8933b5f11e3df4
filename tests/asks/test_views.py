import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from asks import services
from asks.models import Ask, Favour
from contacts.models import Contact, ContactStatus, Interaction
from tests.factories import ContactFactory


@pytest.fixture
def member(owner_client):
    return owner_client


def test_creating_an_ask_for_one_person(member, owner, anna):
    response = member.post(
        reverse("asks:create"),
        {"text": "Could you introduce me to the CTO?", "kind": "introduction", "asked_on": "2026-11-20", "contact": anna.pk},
    )
    ask = Ask.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("asks:detail", args=[ask.pk])
    assert list(ask.people.values_list("contact_id", flat=True)) == [anna.pk]
    page = member.get(reverse("asks:detail", args=[ask.pk])).content.decode()
    assert "Could you introduce me to the CTO?" in page and "Anna de Vries" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "Advice?", "kind": "advice", "asked_on": "2026-11-20"}, "Choose the person you ask"),
        ({"text": "", "kind": "advice", "asked_on": "2026-11-20", "public": "on"}, "This field is required"),
        ({"text": "Advice?", "kind": "gossip", "asked_on": "2026-11-20", "public": "on"}, "Select a valid choice"),
        ({"text": "Advice?", "kind": "advice", "asked_on": "20 nov", "public": "on"}, "Enter a valid date"),
        ({"text": "Advice?", "kind": "advice", "asked_on": "2026-11-20", "contact": "99999999"}, "not in your network"),
        ({"text": "Advice?", "kind": "advice", "asked_on": "2026-11-20", "contact": "9" * 40}, "less than or equal"),
    ],
)
def test_bad_asks_are_refused_with_a_message_and_nothing_saved(member, data, message):
    response = member.post(reverse("asks:create"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Ask.objects.exists()


def test_another_members_or_an_archived_contact_cannot_be_asked(member, outsider, anna):
    theirs = ContactFactory(owner=outsider, first_name="Secret", last_name="Person")
    data = {"text": "Advice?", "kind": "advice", "asked_on": "2026-11-20", "contact": theirs.pk}
    response = member.post(reverse("asks:create"), data)
    assert response.status_code == 422 and "Secret" not in response.content.decode()
    Contact.objects.filter(pk=anna.pk).update(status=ContactStatus.ARCHIVED)
    response = member.post(reverse("asks:create"), {**data, "contact": anna.pk})
    assert response.status_code == 422 and "is archived" in response.content.decode()
    assert not Ask.objects.exists()


def test_the_picker_finds_only_own_active_contacts(member, owner, outsider, anna):
    ContactFactory(owner=outsider, first_name="Anna", last_name="Elders")
    ContactFactory(owner=owner, first_name="Anna", last_name="Archief", status=ContactStatus.ARCHIVED)
    html = member.get(reverse("asks:pick"), {"q": "anna"}).content.decode()
    assert re.findall(r'name="contact" value="(\d+)"', html) == [str(anna.pk)]


def test_the_picker_leaves_out_people_already_on_the_ask(member, owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    html = member.get(reverse("asks:pick"), {"q": "a", "ask": ask.pk}).content.decode()
    assert re.findall(r'name="contact" value="(\d+)"', html) == [str(bram.pk)]


def test_the_picker_for_another_members_ask_is_a_404(member, outsider):
    theirs = services.create_ask(owner=outsider, text="Theirs", public=True)
    assert member.get(reverse("asks:pick"), {"q": "a", "ask": theirs.pk}).status_code == 404
    assert member.get(reverse("asks:pick"), {"q": "a", "ask": "x"}).status_code == 404


def test_the_picker_works_without_javascript(member, anna):
    data = {"text": "Advice?", "kind": "advice", "asked_on": "2026-11-20", "q": "vries", "find": "1"}
    response = member.post(reverse("asks:create"), data)
    assert response.status_code == 200 and f'value="{anna.pk}"' in response.content.decode()
    assert not Ask.objects.exists()


def test_adding_people_one_at_a_time_with_htmx(member, owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    response = member.post(reverse("asks:person_add", args=[ask.pk]), {"contact": bram.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Bram Bakker added" in response.content.decode()
    again = member.post(reverse("asks:person_add", args=[ask.pk]), {"contact": bram.pk}, HTTP_HX_REQUEST="true")
    assert again.status_code == 422 and "already on this ask" in again.content.decode()
    assert ask.people.count() == 2


def test_recording_an_answer(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    person = ask.people.get()
    response = member.post(reverse("asks:outcome", args=[person.pk]), {"outcome": "helped", "helped_with": "An hour on the phone"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.outcome, person.helped_with) == ("helped", "An hour on the phone")
    bad = member.post(reverse("asks:outcome", args=[person.pk]), {"outcome": "liked"})
    assert bad.status_code == 422 and "Select a valid choice" in bad.content.decode()
    person.refresh_from_db()
    assert person.outcome == "helped"


def test_no_answer_ages_visibly(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna], asked_on=timezone.localdate() - timedelta(days=20))
    html = member.get(reverse("asks:detail", args=[ask.pk])).content.decode()
    assert "No answer for 20 days" in html and "text-bg-warning" in html


def test_a_public_ask_counts_those_who_did_something(member, owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Read my e-book and comment", public=True)
    member.post(reverse("asks:person_add", args=[ask.pk]), {"contact": anna.pk})
    member.post(reverse("asks:person_add", args=[ask.pk]), {"contact": bram.pk})
    html = member.get(reverse("asks:detail", args=[ask.pk])).content.decode()
    assert "2 people did something" in html
    assert "2 people did something" in member.get(reverse("asks:list")).content.decode()


def test_removed_contact_shows_on_the_ask(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    anna.delete()
    html = member.get(reverse("asks:detail", args=[ask.pk])).content.decode()
    assert "removed contact" in html


def test_close_reopen_and_delete(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    member.post(reverse("asks:close", args=[ask.pk]))
    assert Ask.objects.get().closed_on is not None
    member.post(reverse("asks:close", args=[ask.pk]), {"reopen": "1"})
    assert Ask.objects.get().closed_on is None
    assert member.get(reverse("asks:delete", args=[ask.pk])).status_code == 200
    assert Ask.objects.exists()
    member.post(reverse("asks:delete", args=[ask.pk]))
    assert not Ask.objects.exists()


def test_post_only_urls_refuse_get(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna])
    assert member.get(reverse("asks:person_add", args=[ask.pk])).status_code == 405
    assert member.get(reverse("asks:outcome", args=[ask.people.get().pk])).status_code == 405
    assert member.get(reverse("asks:favour_create")).status_code == 404  # GET needs one of your contacts


def test_list_filters(member, owner, anna):
    today = timezone.localdate()
    late = services.create_ask(owner=owner, text="Late one", contacts=[anna], asked_on=today - timedelta(days=9), due_on=today - timedelta(days=1))
    answered = services.create_ask(owner=owner, text="Answered one", contacts=[anna])
    services.record_outcome(owner=owner, ask=answered, contact=anna, outcome="declined")
    closed = services.close_ask(owner=owner, ask=services.create_ask(owner=owner, text="Closed one", public=True))

    def listed(state):
        return [ask.pk for ask in member.get(reverse("asks:list"), {"state": state}).context["asks"]]

    assert set(listed("open")) == {late.pk, answered.pk}
    assert listed("unanswered") == [late.pk]
    assert listed("overdue") == [late.pk]
    assert listed("closed") == [closed.pk]
    assert len(listed("all")) == 3
    assert set(listed("nonsense")) == {late.pk, answered.pk}
    assert member.get(reverse("asks:list"), {"page": "99999999999999999999"}).status_code == 200


def test_contact_page_shows_help_both_ways(member, owner, anna):
    ask = services.create_ask(owner=owner, text="Candidates for our vacancy?", contacts=[anna])
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped", helped_with="Two names")
    services.give_favour(owner=owner, contact=anna, text="Read her CV")
    html = member.get(reverse("contacts:detail", args=[anna.pk])).content.decode()
    assert "They helped you 1 time; you helped them 1 time." in html
    assert "Two names" in html and "Read her CV" in html and 'data-balance="0"' in html


def test_favour_from_the_contact_page_with_htmx(member, owner, anna):
    data = {"contact": anna.pk, "from": "contact", "kind": "introduction", "text": "Introduced her to Karin", "given_on": "2026-11-30"}
    response = member.post(reverse("asks:favour_create"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="help-panel"' in response.content.decode()
    assert Favour.objects.get().text == "Introduced her to Karin"
    bad = member.post(reverse("asks:favour_create"), {**data, "text": "\u200b"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "Write what you did for them" in bad.content.decode()
    assert Favour.objects.count() == 1


def test_the_favour_form_comes_for_ones_own_active_contacts(member, owner, outsider, anna):
    url = reverse("asks:favour_create")
    assert 'name="from" value="contact"' in member.get(url, {"contact": anna.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert member.get(url, {"contact": anna.pk}).status_code == 200
    assert member.get(url, {"contact": ContactFactory(owner=outsider).pk}).status_code == 404
    assert member.get(url, {"contact": "1e9"}).status_code == 404
    Contact.objects.filter(pk=anna.pk).update(status=ContactStatus.ARCHIVED)
    assert member.get(url, {"contact": anna.pk}).status_code == 404


def test_favour_for_another_members_contact_is_refused(member, outsider):
    theirs = ContactFactory(owner=outsider)
    response = member.post(reverse("asks:favour_create"), {"contact": theirs.pk, "kind": "other", "text": "x", "given_on": "2026-11-30"})
    assert response.status_code == 422 and "not in your network" in response.content.decode()
    assert not Favour.objects.exists() and not Interaction.objects.exists()


def test_favours_page_and_delete(member, owner, anna):
    favour = services.give_favour(owner=owner, contact=anna, text="A reference")
    assert "A reference" in member.get(reverse("asks:favours")).content.decode()
    member.post(reverse("asks:favour_delete", args=[favour.pk]))
    assert not Favour.objects.exists()


def test_people_behind_the_figures(member, owner, anna, bram):
    ask = services.create_ask(owner=owner, text="Advice?", contacts=[anna, bram])
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped")
    helpers = member.get(reverse("asks:people"), {"show": "helpers"}).context["helpers"]
    assert [helper.contact_id for helper in helpers] == [anna.pk]
    owe = member.get(reverse("asks:people"), {"show": "owe"}).context["helpers"]
    assert [helper.contact_id for helper in owe] == [anna.pk]
    waiting = member.get(reverse("asks:people"), {"show": "waiting"}).context["page"].object_list
    assert [person.contact_id for person in waiting] == [bram.pk]


def test_pages_in_dutch(member, owner, anna):
    owner.profile.language = "nl"
    owner.profile.save()
    ask = services.create_ask(owner=owner, text="Advies?", contacts=[anna])
    assert "Vragen" in member.get(reverse("asks:list")).content.decode()
    html = member.get(reverse("asks:detail", args=[ask.pk])).content.decode()
    assert "Vandaag gevraagd" in html and "Nog een persoon vragen" in html


def test_query_counts_do_not_grow(member, owner, django_assert_max_num_queries):
    contacts = ContactFactory.create_batch(6, owner=owner)
    for index in range(12):
        ask = services.create_ask(owner=owner, text=f"Ask {index}", contacts=contacts[: index % 6 + 1])
        services.record_outcome(owner=owner, ask=ask, contact=contacts[0], outcome="helped")
    services.give_favour(owner=owner, contact=contacts[0], text="Favour")
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:list"))
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:detail", args=[ask.pk]))
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:favours"))
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:people"), {"show": "owe"})
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:people"), {"show": "waiting"})
    with django_assert_max_num_queries(8):
        member.get(reverse("asks:pick"), {"q": "a", "ask": ask.pk})


@pytest.mark.parametrize("size", [1, 12])
def test_contact_page_queries_do_not_grow_with_help(member, owner, anna, size, django_assert_max_num_queries):
    for index in range(size):
        ask = services.create_ask(owner=owner, text=f"Ask {index}", contacts=[anna])
        if index % 3:
            services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped")
        services.give_favour(owner=owner, contact=anna, text=f"Favour {index}")
    # session, member, preferences, contact, labels, notes, interactions, dates that
    # matter; the help panel: one
    with django_assert_max_num_queries(9):
        response = member.get(reverse("contacts:detail", args=[anna.pk]))
    panel = response.context["panels"][0].panel
    assert panel["balance"].given_count == size and len(panel["balance"].given) == min(size, 5)


def test_a_favour_saved_on_the_contact_page_asks_the_page_to_reload_its_interactions(member, owner, anna):
    data = {"contact": anna.pk, "from": "contact", "kind": "advice", "text": "Gave advice", "given_on": "2026-11-30"}
    response = member.post(reverse("asks:favour_create"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "interactions-changed" in json.loads(response["HX-Trigger"])
    assert Interaction.objects.filter(contact=anna, direction="gave").count() == 1
    refused = member.post(reverse("asks:favour_create"), {**data, "text": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "HX-Trigger" not in refused


def test_the_help_panel_deletes_the_favour_its_button_names(member, owner, outsider, anna):
    kept = services.give_favour(owner=owner, contact=anna, text="Kept")
    gone = services.give_favour(owner=owner, contact=anna, text="Gone")
    theirs = services.give_favour(owner=outsider, contact=ContactFactory(owner=outsider), text="Theirs")
    html = member.get(reverse("contacts:detail", args=[anna.pk])).content.decode()
    assert f'name="favour" value="{gone.pk}"' in html
    url = reverse("asks:favour_delete_chosen")
    response = member.post(url, {"favour": gone.pk, "from": "contact"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "interactions-changed" in json.loads(response["HX-Trigger"])
    assert list(Favour.objects.filter(owner=owner).values_list("text", flat=True)) == ["Kept"]
    assert member.post(url, {"favour": theirs.pk, "from": "contact"}).status_code == 404
    assert member.post(url, {"favour": "²"}).status_code == 404
    assert member.get(url, {"favour": kept.pk}).status_code == 405
    assert Favour.objects.filter(pk__in=[kept.pk, theirs.pk]).count() == 2
