"""The contract's pure function: invitations.personalization.problems."""

import pytest
from django.utils import translation

from invitations.personalization import (
    NEAR_DEFAULT_THRESHOLD,
    PLATFORM_DEFAULTS,
    REUSED_THRESHOLD,
    _comparable,
    normalize,
    problems,
    similarity,
    standard_texts,
)

ANNE = "Anne de Vries"
PERSONAL = "Anne, we spoke at the Rotterdam Tech Meetup about your Kafka pipeline; I'd love to compare notes."
EN_DEFAULT = "I'd like to add you to my professional network on LinkedIn."


def codes(text, **kwargs):
    kwargs.setdefault("recipient_name", ANNE)
    return [problem.code for problem in problems(text, **kwargs)]


def test_a_personal_text_has_no_problems():
    assert problems(PERSONAL, recipient_name=ANNE) == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "...", "!?"])
def test_no_text_is_empty(text):
    assert codes(text) == ["empty"]


@pytest.mark.parametrize("text", PLATFORM_DEFAULTS)
def test_every_platform_default_is_a_default_text(text):
    assert codes(text) == ["default_text"]


@pytest.mark.parametrize(
    "text",
    [
        "i’d LIKE to add you to my professional   network on linkedin!!",
        "I'd like to add you to my professional network on LinkedIn\n\nGroet, Anne",
        "I'd like to add you to my professional network on LinkedIn.\nBest regards,\nBram Bakker",
        "“Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.” Met vriendelijke groet",
        "Je vous invite a faire partie de mon reseau professionnel sur LinkedIn. Cordialement, Luc",
        "IK WIL U GRAAG TOEVOEGEN AAN MIJN PROFESSIONELE NETWERK OP LINKEDIN",
    ],
)
def test_case_space_punctuation_quotes_accents_and_signature_are_normalised(text):
    assert codes(text) == ["default_text"]


def test_normalise_keeps_a_closing_word_inside_a_sentence():
    assert normalize("Which day works best for you?") == "which day works best for you"


@pytest.mark.parametrize(
    "text",
    [
        "Hi Anne, I'd like to add you to my professional network on LinkedIn.",
        "Beste Anne de Vries, ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
        "I'd like to add you to my professional network on LinkedIn, Anne.",
        "On LinkedIn I'd like to add you to my professional network.",
        "I'd like to add you to my profesional netwrk on LinkedIn",
    ],
)
def test_trivial_edits_of_a_default_are_near_default(text):
    assert codes(text) == ["near_default"]


def test_near_default_threshold_both_sides():
    # Just above: the default with a few words changed scores >= the threshold.
    above = "I would like to add you to my professional network on LinkedIn."
    # Just below: the same default followed by one short sentence of the member's own.
    below = EN_DEFAULT + " Your talk on data contracts was great."
    above_score = max(similarity(_comparable(above, [ANNE]), d) for d in standard_texts())
    below_score = max(similarity(_comparable(below, [ANNE]), d) for d in standard_texts())
    assert NEAR_DEFAULT_THRESHOLD <= above_score < 100
    assert 60 < below_score < NEAR_DEFAULT_THRESHOLD
    assert codes(above) == ["near_default"]
    assert codes(below) == []


def test_operator_standard_texts_count_as_defaults(settings):
    settings.NETWERK_EXTRA_STANDARD_TEXTS = ["Let's connect and grow our networks together!"]
    assert codes("let’s connect and grow our networks together") == ["default_text"]
    assert codes("Hi Anne! Let's connect and grow our networks together.") == ["near_default"]


def test_the_members_own_standard_texts_count_as_defaults():
    own = ["Graag voeg ik je toe aan mijn netwerk van ondernemers in de regio."]
    text = "Graag voeg ik je toe aan mijn netwerk van ondernemers in de regio!"
    assert codes(text) == []
    assert codes(text, extra_defaults=own) == ["default_text"]
    assert codes("Hoi Anne, graag voeg ik je toe aan mijn netwerk van ondernemers in de regio.", extra_defaults=own) == [
        "near_default"
    ]


def test_the_same_text_sent_to_someone_else_is_reused_after_masking_names():
    old = "Hi Bram, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?"
    new = "Hi Anne, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?"
    assert codes(new, sent_before=[old]) == ["reused"]
    assert codes(new, sent_before=[(old.replace("Hi Bram, ", "Bram: "), "Bram Bakker")]) == ["reused"]


def test_names_known_only_from_the_old_recipient_are_masked():
    old = "Thanks Bram Bakker for the tour of your lab at the TU; I'd love to help with your recruiting."
    new = "Thanks Anne de Vries for the tour of your lab at the TU; I'd love to help with your recruiting."
    assert similarity(normalize(old), normalize(new)) < REUSED_THRESHOLD + 5
    assert codes(new, sent_before=[(old, "Bram Bakker")]) == ["reused"]


def test_a_different_text_is_not_reused():
    old = "Hi Bram, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?"
    assert codes(PERSONAL, sent_before=[old]) == []


def test_old_invitations_may_be_objects_with_text_and_recipient_name():
    class Old:
        text = "Sanne, your keynote at Marketing Live on podcasts was the best of the day. Let's stay in touch."
        recipient_name = "Sanne Smit"

    new = "Anne, your keynote at Marketing Live on podcasts was the best of the day. Let's stay in touch."
    assert codes(new, sent_before=[Old()]) == ["reused"]


def test_over_the_limit_is_too_long_and_says_by_how_much():
    text = PERSONAL + " " + "x" * 250
    found = problems(text, recipient_name=ANNE, limit=300)
    assert [p.code for p in found] == ["too_long"]
    assert str(len(text) - 300) in found[0].message
    assert problems(PERSONAL, recipient_name=ANNE, limit=len(PERSONAL)) == []
    assert [p.code for p in problems(PERSONAL, recipient_name=ANNE, limit=len(PERSONAL) - 1)] == ["too_long"]


def test_several_problems_at_once():
    long_default = "Hi Anne! " + EN_DEFAULT + " " * 0
    assert codes(long_default, limit=20) == ["near_default", "too_long"]


def test_messages_are_in_the_active_language():
    with translation.override("nl"):
        dutch = problems(EN_DEFAULT, recipient_name=ANNE)[0].message
    with translation.override("en"):
        english = problems(EN_DEFAULT, recipient_name=ANNE)[0].message
    assert english.startswith("This is a standard invitation text")
    assert dutch != english and "standaard" in dutch.lower()


def test_contract_signature_without_the_extra_keyword():
    assert problems("", recipient_name="x") and problems(PERSONAL, recipient_name=ANNE, sent_before=(), limit=300) == []
