"""The check is linear in the text's length, whatever the text: counted in steps.

No timing (the machine's load would make it flaky): the steps are the Python lines run
in the check's own modules, counted with a trace function. A backtracking pattern or a
rescan from every position shows up as steps growing with the square of the length;
the check's C parts (rapidfuzz) see at most MAX_COMPARED characters."""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import invitations.personalization as personalization
import invitations.stock_phrases
import invitations.text_parts
import netwerk.lib.textnorm
from invitations.personalization import MAX_TEXT_LENGTH, problems

TRACED = {
    str(Path(module.__file__).resolve())
    for module in (personalization, invitations.stock_phrases, invitations.text_parts, netwerk.lib.textnorm)
}
PLAIN = "We met at the Utrecht borrel and talked about your move to a new CRM; happy to share notes. "
SENT_BEFORE = [
    ("Hi Bram, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?", "Bram"),
    ("Sanne, your keynote at Marketing Live on podcasts was the best of the day. Let's stay in touch.", "Sanne"),
]
# Generous: steps per character of text, plus a constant for the fixed work (defaults,
# history). Measured: about 12 per character for plain prose, 60 for the widest
# compatibility forms (one character folding to three).
STEPS_PER_CHARACTER = 100
FIXED_STEPS = 20_000
# An adversarial text may cost at most this many times a plain text of the same length.
MAX_RATIO = 6


def steps(text: str) -> int:
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename in TRACED else None

    # Warm the process-wide caches (folded defaults, earlier texts) first: they are
    # filled once per process, not once per check.
    problems(text, recipient_name="Anne de Vries", sent_before=SENT_BEFORE, limit=300)
    sys.settrace(tracer)
    try:
        problems(text, recipient_name="Anne de Vries", sent_before=SENT_BEFORE, limit=300)
    finally:
        sys.settrace(None)
    return count


def plain(length: int) -> str:
    return (PLAIN * (length // len(PLAIN) + 1))[:length]


def assert_linear(text: str) -> None:
    used = steps(text)
    assert used <= STEPS_PER_CHARACTER * len(text) + FIXED_STEPS, (len(text), used)
    baseline = steps(plain(len(text)))
    assert used <= MAX_RATIO * baseline + FIXED_STEPS // 4, (len(text), used, baseline)


# Pieces an adversary repeats: the old signature regex's poison, closings, greetings,
# stock phrases, invisible and look-alike characters, brackets, names.
PIECES = [".best", "#", " groet", ", Anne", "Hi ", "hoi ", "let's connect ", "leuk om te connecten ", "\u200b",
          "\u00ad", "\ufe0f", "а", "о", "1", "[", "]", "'", "’", "!", "\n", " ", "Anne", "de ", "Vries ",
          "I'd like to add you ", "e\u0301", "𝐚", "ﷺ", "...", "Best regards,\n"]


@st.composite
def adversarial(draw):
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
    length = draw(st.integers(min_value=1, max_value=MAX_TEXT_LENGTH))
    unit = "".join(pieces)
    return (unit * (length // len(unit) + 1))[:length]


@pytest.mark.parametrize(
    "text",
    [
        ".best" * 59 + "#",
        ".best" * (MAX_TEXT_LENGTH // 5 - 1) + "#",
        "groet " * (MAX_TEXT_LENGTH // 6),
        "Hi Anne " * (MAX_TEXT_LENGTH // 8),
        "[" * MAX_TEXT_LENGTH,
        "\u200b" * MAX_TEXT_LENGTH,
        "a\u200b" * (MAX_TEXT_LENGTH // 2),
        "let's connect " * (MAX_TEXT_LENGTH // 14),
        "x" * MAX_TEXT_LENGTH,
        "ﷺ" * MAX_TEXT_LENGTH,
    ],
    ids=["signature-poison", "signature-poison-max", "closings", "greetings", "brackets", "zero-width",
         "zero-width-between", "stock", "one-word", "widest-expansion"],
)
def test_known_adversarial_texts_are_checked_in_linear_steps(text):
    assert_linear(text)


def test_steps_grow_linearly_with_the_length():
    short, long = steps(".best" * 100 + "#"), steps(".best" * 1000 + "#")
    assert long <= 12 * short


def test_the_old_poison_is_still_judged():
    assert [p.code for p in problems(".best" * 59 + "#", recipient_name="Anne")] == ["generic"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial())
def test_repeated_adversarial_pieces_up_to_the_largest_accepted_length(text):
    assert_linear(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=MAX_TEXT_LENGTH))
def test_random_unicode_up_to_the_largest_accepted_length(text):
    assert_linear(text)


def test_longer_texts_than_any_form_accepts_are_read_no_further():
    # Import and API callers may pass more: the check reads MAX_TEXT_LENGTH characters.
    assert steps(".best" * 20_000) <= STEPS_PER_CHARACTER * MAX_TEXT_LENGTH + FIXED_STEPS


@pytest.mark.parametrize(
    "module", [personalization, invitations.stock_phrases, invitations.text_parts, netwerk.lib.textnorm]
)
def test_no_regular_expression_runs_in_the_check(module):
    # A regex engine's backtracking happens in C, where the step count cannot see it.
    source = Path(module.__file__).read_text()
    assert "import re\n" not in source and "import regex" not in source and "re.compile" not in source
