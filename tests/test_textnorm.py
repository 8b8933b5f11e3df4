"""netwerk.lib.textnorm: words folded the way a reader sees them, with their offsets."""

import unicodedata

import pytest

from netwerk.lib.textnorm import fold, fold_char, leet, scan


def test_words_keep_their_offsets_in_the_text_as_written():
    text = "Hi\u200b Ánne,  l\u00adet's\ufe0f go!"
    tokens = scan(text)
    assert [t.word for t in tokens] == ["hi", "anne", "lets", "go"]
    assert [text[t.start : t.end] for t in tokens] == ["Hi", "Ánne", "l\u00adet's", "go"]
    assert [t.capital for t in tokens] == [True, True, False, False]


def test_sentence_starts_and_punctuation_between_words():
    tokens = scan("Thanks, Anne. Best\nGuido")
    assert [t.sentence_start for t in tokens] == [True, False, True, True]
    assert [t.after_punctuation for t in tokens] == [False, True, True, False]


@pytest.mark.parametrize("code", [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x2060, 0x2062, 0xFEFF, 0xE0041, 0x3164])
def test_invisible_characters_fold_to_nothing(code):
    assert fold_char(chr(code)) == ""
    assert fold(f"net{chr(code)}work") == "network"


def test_every_format_character_is_invisible():
    format_chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    assert format_chars and all(fold_char(c) == "" for c in format_chars)


@pytest.mark.parametrize(
    "written,folded",
    [
        ("аерсоуі", "aepcoyi"),  # Cyrillic
        ("ο", "o"),  # Greek omicron
        ("ＬｉｎｋｅｄＩｎ", "linkedin"),  # full width
        ("𝐋𝐢𝐧𝐤𝐞𝐝𝐈𝐧", "linkedin"),  # mathematical bold
        ("réseau", "reseau"),
        ("e\u0301e\u0308", "ee"),  # combining accents
        ("Straße", "strasse"),
    ],
)
def test_look_alikes_accents_and_compatibility_forms_fold_to_latin(written, folded):
    assert fold(written) == folded


def test_digits_used_as_letters():
    assert leet("l1k3") == leet("like") == "iike"
    assert [leet(w) for w in fold("4dd y0u t0 my n3tw0rk").split()] == ["add", "you", "to", "my", "network"]
