"""One person, one contact, in chromium: the member imports a CSV from another address
book (saying what its columns hold), finds the duplicate it made on "Possible
duplicates", merges the two choosing a value, sees the merged-away address kept on the
contact page, undoes the merge, and says another pair are different people. Each step is
screenshotted at 1280 and 375 px; no console error and no CSP violation on the way; axe
on every new page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contacts.models import Contact, ContactMethod, Merge, NotSamePerson
from tests.e2e.journeys import follow, go_to, log_in, submit, upload_linkedin_export
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS_BOOK = (
    "Voornaam,Achternaam,Bedrijf,Functie,E-mailadres\n"
    "J.,de vries,ACME B.V.,CTO,jan.devries@gmail.com\n"
    "Eva,Smit,Globex,,eva@globex.nl\n"
).encode()


def test_import_find_merge_undo_and_different_people(journey):
    member = UserFactory(username="noor")
    jan = ContactFactory(owner=member, first_name="Jan", last_name="de Vries", company="Acme", position="",
                         email="jan@acme.nl", profile_url="https://www.linkedin.com/in/jandevries")
    # Two Eva Smits nobody wrote a company for.
    evas = [ContactFactory(owner=member, first_name="Eva", last_name="Smit", company="", email="", profile_url="")
            for _ in range(2)]
    log_in(journey, "noor")
    page = journey.page

    # Any CSV: the columns page, guessed from the Dutch column names.
    journey.goto(reverse("contacts:import"))
    upload_linkedin_export(journey, "adresboek.csv", ADDRESS_BOOK)
    expect(page.locator("select[name=column-4]")).to_have_value("email")
    journey.shot("what the columns hold")
    journey.axe()
    submit(journey)
    expect(page.locator("main")).to_contain_text("adresboek.csv")
    assert Contact.objects.filter(owner=member).count() == 5

    # The scan ran after the import; the pair is listed side by side.
    journey.goto(reverse("contacts:duplicates"))
    imported = Contact.objects.get(owner=member, first_name="J.")
    pair = page.locator(f"[data-pair='{jan.pk}-{imported.pk}']")
    expect(pair).to_be_visible()
    journey.shot("possible duplicates")
    journey.axe()

    # Merge: keep Jan, take the imported position.
    follow(journey, reverse("contacts:merge", args=[jan.pk, imported.pk]))
    page.locator("input[name=position][value=other]").check()
    journey.shot("merge, choosing per field")
    journey.axe()
    submit(journey)
    expect(page).to_have_url(journey.url(reverse("contacts:detail", args=[jan.pk])))
    expect(page.locator("#ways-to-reach")).to_contain_text("jan.devries@gmail.com")
    assert not Contact.objects.filter(pk=imported.pk).exists()
    jan.refresh_from_db()
    assert jan.position == "CTO" and jan.email == "jan@acme.nl"
    journey.shot("merged, the other address kept")

    # Undo from the merges page.
    journey.goto(reverse("contacts:merges"))
    journey.axe()
    record = Merge.objects.get(owner=member)
    with page.expect_navigation():
        page.locator(f"form[action='{reverse('contacts:merge_undo', args=[record.pk])}'] button").click()
    expect(page).to_have_url(journey.url(reverse("contacts:detail", args=[imported.pk])))
    assert Contact.objects.filter(pk=imported.pk, email="jan.devries@gmail.com").exists()
    assert not ContactMethod.objects.filter(contact=jan).exists()
    journey.shot("undone")

    # The two Eva Smits: not the same person, never proposed again.
    journey.goto(reverse("contacts:duplicates"))
    eva_pair = page.locator(f"[data-pair='{evas[0].pk}-{evas[1].pk}']")
    expect(eva_pair).to_be_visible()
    with page.expect_navigation():
        eva_pair.locator("button[formaction]").click()
    expect(eva_pair).to_have_count(0)
    expect(page.locator(f"[data-pair='{jan.pk}-{imported.pk}']")).to_be_visible()
    assert NotSamePerson.objects.filter(owner=member, first=evas[0], second=evas[1]).exists()
    journey.shot("said to be different")


def test_ways_to_reach_on_the_contact_page(journey):
    member = UserFactory(username="noor")
    anne = ContactFactory(owner=member, first_name="Anne", last_name="Bos", email="anne@werk.nl", profile_url="")
    log_in(journey, "noor")
    page = journey.page
    journey.goto(reverse("contacts:detail", args=[anne.pk]))
    section = page.locator("#ways-to-reach")
    section.locator("[name=kind]").select_option("phone")
    section.locator("[name=type]").select_option("mobile")
    section.locator("[name=value]").fill("06-12345678")
    section.locator("[name=label]").fill("privé")
    submit(journey, "#ways-to-reach form[action]")
    expect(section.locator("a[href='tel:+31612345678']")).to_be_visible()
    journey.shot("a mobile number added")
    journey.axe()

    # The same number again, typed otherwise: refused, naming the field, nothing added.
    section.locator("[name=kind]").select_option("phone")
    section.locator("[name=value]").fill("+31 6 1234 5678")
    with journey.refused(422):
        submit(journey, "#ways-to-reach form[action]")
    expect(page.locator("main .invalid-feedback")).to_be_visible()
    journey.shot("the same number refused")
    assert ContactMethod.objects.filter(contact=anne).count() == 1

    journey.goto(reverse("contacts:detail", args=[anne.pk]))
    with page.expect_navigation():
        section.locator("button[formaction]").click()
    expect(section.locator("[data-method]")).to_have_count(0)
