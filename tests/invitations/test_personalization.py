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
        "I'd like to add you to my professional network on LinkedIn. - Guido Bakker",
        "I'd like to add you to my professional network on LinkedIn.\n\u2013 Guido",
        "I'd like to add you to my professional network on LinkedIn.\n\nGuido de Wit",
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


# --- not fooled: invisible characters, look-alikes, digits, other languages -----------------

INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "BOM": "\ufeff",
    "soft hyphen": "\u00ad",
    "variation selector": "\ufe0f",
    "left-to-right mark": "\u200e",
    "Hangul filler": "\u3164",
    "combining grapheme joiner": "\u034f",
}


def between_letters(text, char):
    return char.join(text)


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_between_the_letters_do_not_hide_a_default(char):
    assert codes(between_letters(EN_DEFAULT, char)) == ["default_text"]
    dutch = "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn."
    assert codes(between_letters(dutch, char)) == ["default_text"]


def test_invisible_characters_everywhere_at_once():
    text = "".join(ch + "\u200b\u200d\u2060\ufeff\u00ad" for ch in EN_DEFAULT)
    assert codes(text, limit=1000) == ["default_text"]


@pytest.mark.parametrize(
    "text",
    [
        # Cyrillic а е о р с і у in place of the Latin letters.
        "I'd likе tо аdd yоu tо my рrоfеssiоnаl nеtwоrk оn LinkеdIn.",
        "Ik wіl jе grааg tоеvоеgеn ааn mіjn рrоfеssіоnеlе nеtwеrk ор LіnkеdІn.",
        # Greek omicron and full-width / mathematical letters.
        "I'd like tο add yοu tο my prοfessiοnal netwοrk οn LinkedIn.",
        "Ｉ'ｄ ｌｉｋｅ ｔｏ ａｄｄ ｙｏｕ to my professional network on LinkedIn.",
        "I'd like to 𝐚𝐝𝐝 𝐲𝐨𝐮 to my professional network on LinkedIn.",
    ],
)
def test_look_alike_letters_from_other_scripts_do_not_hide_a_default(text):
    assert codes(text) == ["default_text"]


@pytest.mark.parametrize(
    "text",
    [
        "1'd l1k3 t0 4dd y0u t0 my pr0f3ss10n4l n3tw0rk 0n L1nk3dIn",
        "I'd lik3 to 4dd you to my prof3ssion4l n3twork on Link3dIn.",
        "1k w1l j3 gr44g t03v03g3n 44n m1jn pr0f3ss10n3l3 n3tw3rk 0p L1nk3d1n",
    ],
)
def test_digits_used_as_letters_do_not_hide_a_default(text):
    assert codes(text) == ["default_text"]


@pytest.mark.parametrize(
    "text,code",
    [
        (" ".join(EN_DEFAULT), "default_text"),
        (".".join(EN_DEFAULT.replace(" ", "")), "default_text"),
        ("Hi Anne, " + " ".join("I'd like to add you to my professional network"), "near_default"),
    ],
)
def test_letters_spread_out_do_not_hide_a_default(text, code):
    assert codes(text, limit=1000) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
        "Me gustaría añadirte a mi red profesional en LinkedIn.",
        "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
        "Gostaria de adicionar você à minha rede profissional no LinkedIn.",
        "Jag skulle vilja lägga till dig i mitt professionella nätverk på LinkedIn.",
        "Chciałbym dodać Cię do mojej sieci zawodowej na LinkedIn.",
        "Я хотел бы добавить вас в свою профессиональную сеть на LinkedIn.",
        "Sizi LinkedIn'deki profesyonel ağıma eklemek istiyorum.",
    ],
)
def test_linkedins_default_in_its_other_interface_languages(text):
    assert text in PLATFORM_DEFAULTS
    assert codes(text) == ["default_text"]
    assert codes("Hallo Anne, " + text) == ["near_default"]


def test_every_default_language_is_folded_to_a_distinct_non_empty_form():
    forms = standard_texts()
    assert all(forms) and len(forms) == len(set(forms))
    assert len(forms) >= 30


# --- generic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hoi Marieke, leuk om te connecten! Groet, Guido",
        "Hi Marieke, let's connect!",
        "Hi Marieke, let's connect! Great profile.",
        "Hey Marieke, I came across your profile and would love to connect. Best, Guido",
        "Beste Marieke, graag wil ik je toevoegen aan mijn netwerk. Met vriendelijke groet, Guido",
        "Hoi Marieke! Ik ben altijd op zoek naar uitbreiden van mijn netwerk. Groetjes",
        "Hi Marieke, your work is inspiring, let's connect",
        "Hallo Marieke, leuk profiel! Laten we connecten.",
        "Hi Marieke, l3t's c0nnect!",
        "Hi Marieke, let\u200b's con\u00adnect!",
        "Hi Marieke,\n\nGreat talk!\n\nGuido",
        "Hallo Marieke, ich würde mich freuen, dich in meinem Netzwerk zu haben.",
    ],
)
def test_greeting_name_stock_phrases_and_sign_off_with_nothing_left_is_generic(text):
    assert codes(text, recipient_name="Marieke Jansen") == ["generic"]


@pytest.mark.parametrize(
    "text",
    [
        "Hoi Marieke, dank voor je talk over warmtepompen bij Eneco gisteren!",
        "Marieke, Sanne tipte je als expert in subsidieaanvragen.",
        "Hi Marieke, loved your keynote at Dutch Design Week.",
        "Hoi Marieke, leuk om te connecten! Jouw podcast over thuisbatterijen hielp me echt.",
        PERSONAL,
    ],
)
def test_a_short_but_specific_note_is_personal(text):
    assert codes(text, recipient_name="Marieke Jansen") == []


def test_generic_says_why_and_marks_the_stock_parts():
    text = "Hoi Marieke, leuk om te connecten! Groet, Guido"
    with translation.override("en"):
        (problem,) = problems(text, recipient_name="Marieke")
    assert problem.code == "generic"
    assert "Why this person" in problem.message
    with translation.override("nl"):
        assert "Waarom juist deze persoon" in problems(text, recipient_name="Marieke")[0].message
    marked = [text[start:end] for start, end in problem.spans]
    assert marked == ["Hoi Marieke", "leuk om te connecten", "Groet, Guido"]
    assert "".join(part for part, _ in problem.parts) == text
    assert [part for part, stock in problem.parts if stock] == marked


def test_generic_marks_offsets_in_the_text_as_written_with_invisible_characters():
    text = "Hi Anne, let\u200b's con\u200bnect!"
    (problem,) = problems(text, recipient_name=ANNE)
    assert [text[s:e] for s, e in problem.spans] == ["Hi Anne", "let\u200b's con\u200bnect"]


def test_a_default_is_a_default_not_also_generic():
    assert codes("I'd like to add you to my professional network on LinkedIn.") == ["default_text"]


# --- reused, however disguised ----------------------------------------------------------------

OLD = "Hi Bram, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?"


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inserted_into_an_old_text_are_still_reused(char):
    new = between_letters(OLD.replace("Bram", "Anne"), char)
    assert codes(new, sent_before=[OLD]) == ["reused"]
    assert codes(OLD.replace("Bram", "Anne"), sent_before=[between_letters(OLD, char)]) == ["reused"]


def test_look_alikes_in_a_reused_text_are_still_reused():
    new = OLD.replace("Bram", "Anne").replace("a", "а").replace("o", "о")
    assert codes(new, sent_before=[OLD]) == ["reused"]


FRAMES = {
    "en": "Hi {name}, I read your article about {topic} and it really made me think. "
    "I'd love to hear more about your work on {topic} some time. Best, Guido",
    "nl": "Beste {name}, jouw verhaal over {topic} op het congres vond ik sterk. "
    "Zullen we binnenkort koffie drinken om verder te praten? Groet, Guido",
    "short": "{name}, your post on {topic} was spot on. Coffee next week?",
}
PEOPLE = ["Anne de Vries", "Bram Bakker", "Carla Smit", "Daan Mulder", "Eva de Boer", "Finn Visser",
          "Gijs Jansen", "Hanna Bos", "Iris Meijer", "Joris de Groot", "Kim Peters"]
TOPICS = ["heat pumps", "Kafka", "urban farming in Rotterdam", "zero-knowledge proofs", "the energy transition",
          "open source licensing", "climate adaptation in cities", "remote team rituals", "battery recycling",
          "dbt", "pricing strategy for SaaS start-ups"]


@pytest.mark.parametrize("frame", FRAMES.values(), ids=FRAMES.keys())
def test_one_frame_with_name_and_topic_swapped_is_reused_from_its_second_use_on(frame):
    sent, flagged = [], []
    for person, topic in zip(PEOPLE, TOPICS, strict=True):
        text = frame.format(name=person.split()[0], topic=topic)
        flagged.append("reused" in codes(text, recipient_name=person, sent_before=sent, limit=1000))
        sent.append((text, person))
    assert flagged == [False] + [True] * 10


def test_different_personal_texts_are_not_reused():
    from invitations.demo import DEMO_INVITATIONS

    sent = []
    for name, text, *_ in DEMO_INVITATIONS:
        assert codes(text, recipient_name=name, sent_before=sent, limit=1000) == []
        sent.append((text, name))


def test_odd_inputs_never_fail():
    assert codes(PERSONAL, recipient_name=None) == []
    assert codes(PERSONAL, recipient_name="x" * 100_000, sent_before=[None, ("",), (None, None)]) == []
    assert codes(None) == ["empty"]
