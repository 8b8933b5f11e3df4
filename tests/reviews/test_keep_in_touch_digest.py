"""Keep in touch in the weekly e-mail: a section with the first few due, Done and Snooze
links that follow the digest's link rules, one e-mail still, none with nothing to say,
and the same queries for one contact due or twenty."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts import touch
from contacts.models import Contact, ContactStatus, Interaction
from netwerk.accounts.models import Profile
from reviews import keep_in_touch as rules
from reviews.digest import sending
from reviews.links import action_token
from tests.factories import ContactFactory, UserFactory
from tests.reviews.test_digest_mail import parts

CONNECTED = date(2024, 1, 10)


@pytest.fixture(autouse=True)
def english(owner):
    owner.profile.language = "en"
    owner.profile.save()


def due_contact(owner, **fields) -> Contact:
    contact = ContactFactory(owner=owner, connected_on=CONNECTED, keep_in_touch_days=30, **fields)
    touch.refresh(owner_id=owner.pk, contact_ids=[contact.pk])
    return contact


def send_now(user) -> None:
    Profile.objects.filter(user=user).update(next_digest_at=timezone.now() - timedelta(minutes=5))
    # The batch takes profile ids, which need not equal the user's id.
    assert sending.send_digest_batch([user.profile.pk]).sent == 1


def touch_links(text: str) -> list[str]:
    prefix = reverse("reviews:email_action", kwargs={"token": "x"}).removesuffix("x/")
    return re.findall(rf"https?://\S+{re.escape(prefix)}\S+/", text)


def test_the_digest_lists_who_is_due_with_done_and_snooze_links(smtp_server, owner):
    due_contact(owner, first_name="Anne", company="ASML")
    for index in range(6):
        due_contact(owner, first_name=f"Later{index}")
    ContactFactory(owner=owner, first_name="Rhythmless", connected_on=CONNECTED)

    send_now(owner)

    assert len(smtp_server.messages) == 1
    text, html = parts(smtp_server.messages[0])
    assert "7 contacts are due for contact" in text and "Time to get in touch" in html
    assert "Anne" in text and "(ASML)" in text and "Rhythmless" not in text
    assert "and 2 more" in text
    assert len(touch_links(text)) == 10  # Done and Snooze for the first five


def test_nothing_due_and_nothing_else_sends_nothing(smtp_server, owner):
    ContactFactory(owner=owner, connected_on=date.today(), keep_in_touch_days=30)
    touch.refresh(owner_id=owner.pk)
    Profile.objects.filter(user=owner).update(next_digest_at=timezone.now() - timedelta(minutes=5))
    assert sending.send_digest_batch([owner.profile.pk]).sent == 0
    assert smtp_server.messages == []


def test_one_due_or_twenty_cost_the_same_queries(owner, client, django_assert_max_num_queries):
    client.force_login(owner)
    due_contact(owner)
    client.get(reverse("reviews:digest_preview"))
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("reviews:digest_preview"))
    for _ in range(19):
        due_contact(owner)
    with django_assert_max_num_queries(14) as large:
        page = client.get(reverse("reviews:digest_preview")).content.decode()
    assert len(small) == len(large)
    assert "20 contacts are due for contact" in page


def link(owner, contact, action) -> str:
    return reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, contact.pk, action)})


def test_a_done_link_confirms_on_get_and_logs_once_on_post(owner):
    contact = due_contact(owner)
    browser = Client()
    url = link(owner, contact, "touch_done")

    page = browser.get(url)
    assert page.status_code == 200 and "In touch with" in page.content.decode()
    assert not Interaction.objects.filter(contact=contact).exists()

    done = browser.post(url, {"kind": "call", "note": ""})
    assert done.status_code == 200
    assert Interaction.objects.get(contact=contact).kind == "call"
    again = browser.post(url, {"kind": "call", "note": ""})
    assert again.status_code == 409 and "used already" in again.content.decode()
    assert Interaction.objects.filter(contact=contact).count() == 1


def test_a_snooze_link_moves_the_contact_to_next_week(owner):
    contact = due_contact(owner)
    response = Client().post(link(owner, contact, "touch_snooze"))
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.touch_due_on == rules.next_week(rules.member_today(owner))


def test_a_link_for_someone_no_longer_due_changes_nothing(owner):
    contact = due_contact(owner)
    contact.interactions.create(owner=owner, date=rules.member_today(owner), kind="call")
    response = Client().post(link(owner, contact, "touch_done"), {"kind": "call"})
    assert response.status_code == 409 and "Nothing was changed" in response.content.decode()
    assert Interaction.objects.filter(contact=contact).count() == 1

    archived = due_contact(owner, status=ContactStatus.ARCHIVED)
    assert Client().post(link(owner, archived, "touch_snooze")).status_code == 409


def test_a_link_cannot_act_on_another_members_contact_or_be_forged(owner):
    other = UserFactory()
    theirs = due_contact(other)
    forged = reverse("reviews:email_action", kwargs={"token": action_token(owner.pk, theirs.pk, "touch_done")})
    assert Client().post(forged, {"kind": "call"}).status_code == 404
    tampered = link(owner, due_contact(owner), "touch_done")[:-4] + "xyz/"
    assert Client().get(tampered).status_code in (400, 404)
    assert not Interaction.objects.exists()


def test_a_birthday_this_week_says_how_old_on_one_line_of_the_text_e_mail(smtp_server, owner):
    from contacts.models import KeyDate

    today = timezone.localdate()
    contact = ContactFactory(owner=owner, first_name="Anne", last_name="Bos", connected_on=CONNECTED)
    born = today.replace(year=today.year - 40, day=28 if (today.month, today.day) == (2, 29) else today.day)
    KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=born)

    send_now(owner)

    text, html = parts(smtp_server.messages[0])
    line = next(line for line in text.splitlines() if "Anne Bos" in line)
    assert line.startswith("- ") and ", Verjaardag (40 years): http" in line
    assert "Verjaardag (40 years)" in html
