"""normalize_profile_url: a canonical key for every usable address, and for any other
text the one error the forms show as a field error (the import's property tests found
`https:e/x` raising a bare ValueError from Contact.save())."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Contact, InvalidProfileURL, normalize_profile_url
from tests.contacts.test_contact_pages import contact_data
from tests.factories import ContactFactory

BROKEN = ["https:e/x", "https://[::1", "http://example.com:99999/x", "linkedin.com:abc/in/x", "https://[zz]/", "http://"]

url_like = st.one_of(
    st.text(),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                ["https:", "http://", "//", "/", ":", "[", "]", "::1", "@", "?", "#", "%", "www.", "linkedin.com",
                 "in", "e", "x", "99999", "80", " ", "\t", "é", "."]
            ),
            max_size=12,
        ),
    ),
)


@given(url_like)
@settings(max_examples=400)
def test_it_returns_a_text_or_raises_only_its_own_validation_error(text):
    try:
        result = normalize_profile_url(text)
    except InvalidProfileURL as error:
        assert isinstance(error, ValidationError) and error.code == "invalid_profile_url"
        return
    assert isinstance(result, str)
    if result:  # a key is stable: normalising it again changes nothing
        assert normalize_profile_url(result) == result


@pytest.mark.parametrize("text", BROKEN)
def test_broken_hosts_and_ports_are_its_validation_error(text):
    with pytest.raises(InvalidProfileURL):
        normalize_profile_url(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("HTTP://NL.LinkedIn.com/in/Anne-de-Vries/?trk=x", "https://www.linkedin.com/in/anne-de-vries"),
        ("linkedin.com/in/bram", "https://www.linkedin.com/in/bram"),
        ("https://example.com:8443/team/", "https://example.com:8443/team"),
        ("http://[2001:db8::1]/me", "http://[2001:db8::1]/me"),
        ("  ", ""),
    ],
)
def test_usable_addresses_get_their_canonical_key(text, key):
    assert normalize_profile_url(text) == key


@pytest.mark.django_db
def test_saving_a_contact_with_a_broken_address_changes_nothing(owner):
    with pytest.raises(InvalidProfileURL):
        ContactFactory(owner=owner, profile_url="https:e/x")
    assert not Contact.objects.filter(owner=owner).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["https:e/x", "http://example.com:99999/x"])
def test_the_contact_form_shows_a_broken_address_as_a_field_error(owner_client, owner, text):
    response = owner_client.post(reverse("contacts:create"), contact_data(profile_url=text))
    assert 400 <= response.status_code < 500
    assert "profile_url" in response.context["form"].errors
    assert not Contact.objects.filter(owner=owner).exists()


@pytest.mark.django_db
def test_the_compose_and_triage_forms_show_a_broken_address_as_a_field_error(owner_client, owner):
    compose = owner_client.post(
        reverse("invitations:compose"),
        {"name": "Anne de Vries", "profile_url": "linkedin.com:abc/in/anne", "channel": "linkedin", "text": "Hoi Anne"},
    )
    assert compose.status_code == 400
    assert "profile_url" in compose.context["form"].errors
    incoming = owner_client.post(
        reverse("invitations:incoming_add"),
        {"name": "Bram Bakker", "profile_url": "http://example.com:99999/bram", "received_on": "2026-03-09"},
    )
    assert 400 <= incoming.status_code < 500
    assert "profile_url" in incoming.context["form"].errors
