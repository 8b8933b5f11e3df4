"""Is this invitation written for this one person? Tips 1 and 2 of the seed article.

`problems(text, recipient_name=..., sent_before=..., limit=...)` is a pure function: it
reads no database and no settings beyond the operator's extra standard texts, so the
compose page, the live check, the triage reply and the tests all ask the same question.

Linear, whatever the text
-------------------------
No regular expression runs here: netwerk.lib.textnorm scans the text once into folded
words with their offsets, invitations.text_parts finds the greeting, the signature and
the stock phrases in that word list, and every rule below walks it a bounded number of
times. Only the first
MAX_TEXT_LENGTH characters are read (a longer text is `too_long` anyway, and no form
accepts one), and the fuzzy scores see at most MAX_COMPARED characters.

How texts are compared
----------------------
Both sides are folded (textnorm: invisible characters dropped, compatibility forms and
accents folded, look-alike letters of other scripts mapped to Latin, case folded,
punctuation dropped) and a trailing signature ("Groet, Anne", "Best regards,\\nAnne")
is cut off. For comparing with standard texts, digits used as letters are read as
letters too ("1'd l1k3 t0 4dd y0u"). Equal forms are a `default_text`.

`near_default` catches trivial edits of a default: the greeting and the recipient's name
are masked, then rapidfuzz scores the text against each default with `fuzz.ratio`
(character edits) and `fuzz.token_sort_ratio` (reordered words); NEAR_DEFAULT_THRESHOLD
(85 of 100) or more is a near default. A greeting plus the name scores 100 after
masking, a few changed characters about 95, while a default followed by one real
sentence of the member's own scores 75 or less (the tests check both sides).

`generic`: with the greeting, the names, the signature, stock phrases ("let's connect",
"leuk om te connecten") and filler words (function words, "great", "profile",
"network") set aside, fewer than GENERIC_MIN_OWN_WORDS words are left: nothing says why
this person. The problem carries the offsets of the parts counted as stock, so the
composer can show them.

`reused` compares with the member's earlier invitations in two ways: the masked texts
score REUSED_THRESHOLD (90) or more with the fuzzy scorers, or they share one frame: the
word pairs (shingles) of both texts, with names, capitalised words inside a sentence
and numbers masked, overlap for FRAME_SHARED of the shorter text and FRAME_SHARED_LONGER
of the longer, so a template with only the name and the topic swapped is caught from its
second use on.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext
from rapidfuzz import fuzz

from netwerk.lib.textnorm import leet

from .stock_phrases import PLATFORM_DEFAULTS
from .text_parts import MAX_TEXT_LENGTH, Text, analyse, cut_at, masked_words, own_words, shingles, stock_spans

NEAR_DEFAULT_THRESHOLD = 85
REUSED_THRESHOLD = 90
# Below this many normalised characters a text is too short to call "reused": "Hi!"
# sent twice is not a template.
REUSED_MIN_LENGTH = 25
# The frame rule: at least this many word pairs in the shorter text, and this share of
# them (and of the longer text's) in common.
FRAME_MIN_SHINGLES = 6
FRAME_SHARED = 0.7
FRAME_SHARED_LONGER = 0.5
# Fewer of the member's own words than this (after stock and filler) is generic.
GENERIC_MIN_OWN_WORDS = 2

# The forms' message for a longer text (Django's max_length parameters).
TEXT_TOO_LONG_TO_CHECK = gettext_lazy(
    "This text has %(show_value)d characters; at most %(limit_value)d are accepted here. Shorten it."
)
# Fuzzy scores cost time in the product of both lengths; beyond this many characters a
# text is far over any channel limit, and its start is what a copied template shares.
MAX_COMPARED = 2000

EMPTY = "empty"
DEFAULT_TEXT = "default_text"
NEAR_DEFAULT = "near_default"
GENERIC = "generic"
REUSED = "reused"
TOO_LONG = "too_long"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    # (start, end) offsets in the checked text of the parts that counted as stock.
    spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    # The checked text cut at those spans: (part, is_stock) pairs, for showing it marked.
    parts: tuple[tuple[str, bool], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return self.message


def _comparable_of(analysis: Text) -> str:
    return " ".join(masked_words(analysis))[:MAX_COMPARED]


# --- public helpers (tests, bench, triage) ------------------------------------------------


def normalize(text: str) -> str:
    """The comparable form of an invitation text: folded, trailing signature removed."""
    analysis = analyse(text or "", ())
    return " ".join(analysis.words[: analysis.body_end])


def _default_form(text: str) -> str:
    return " ".join(leet(w) for w in normalize(text).split())


def _comparable(text: str, names: Iterable[str]) -> str:
    return _comparable_of(analyse(text or "", names))


def similarity(a: str, b: str) -> float:
    """0..100: the best of a character-edit score and a reordered-words score."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _spaceless(text: str) -> str:
    return text.replace(" ", "")


def default_similarity(a: str, b: str) -> float:
    """`similarity`, and the character-edit score with the spaces left out: letters
    spread out ("l i k e", "l.i.k.e") are the same words."""
    return max(similarity(a, b), fuzz.ratio(_spaceless(a), _spaceless(b)))


@lru_cache(maxsize=1)
def _platform_forms() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in (_default_form(t) for t in PLATFORM_DEFAULTS) if f))


def standard_texts(extra_defaults: Iterable[str] = ()) -> list[str]:
    """Platform defaults, the operator's standard texts and the member's own, in the
    form they are compared in."""
    extra = [*getattr(settings, "NETWERK_EXTRA_STANDARD_TEXTS", ()), *extra_defaults]
    forms = [*_platform_forms(), *(_default_form(t) for t in extra if t and t.strip())]
    return [f for f in dict.fromkeys(forms) if f]


def _old_text_and_name(item) -> tuple[str, str]:
    if isinstance(item, str):
        return item, ""
    if isinstance(item, tuple | list):
        return str(item[0] or ""), str(item[1] or "") if len(item) > 1 else ""
    return str(getattr(item, "text", "") or ""), str(getattr(item, "recipient_name", "") or "")


@lru_cache(maxsize=4096)
def _comparable_old(text: str, name: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """An earlier invitation, comparable (fuzzy form and frame shingles). Cached: the
    live check compares the same history on every pause in typing."""
    analysis = analyse(text[:MAX_COMPARED], [name])
    return _comparable_of(analysis), shingles(analysis)


def same_frame(a: frozenset, b: frozenset) -> bool:
    """Do two texts share one frame (word pairs with the specific words masked)?"""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < FRAME_MIN_SHINGLES:
        return False
    shared = len(a & b)
    return shared >= FRAME_SHARED * shorter and shared >= FRAME_SHARED_LONGER * longer


def message_signal(text: str, *, recipient_name: str) -> str:
    """For a message someone sent: "none", "default" (a standard or generic text) or
    "personal". Stored with the message, so no page runs the check on each view."""
    found = {p.code for p in problems(text, recipient_name=recipient_name, limit=MAX_TEXT_LENGTH * 2)}
    if EMPTY in found:
        return "none"
    if found & {DEFAULT_TEXT, NEAR_DEFAULT, GENERIC}:
        return "default"
    return "personal"


# --- the check ---------------------------------------------------------------------------------


def problems(
    text: str,
    *,
    recipient_name: str,
    sent_before: Iterable = (),
    limit: int = 300,
    extra_defaults: Iterable[str] = (),
) -> list[Problem]:
    """What keeps this text from being a personal invitation to `recipient_name`.

    `sent_before`: texts this member already sent to other people (strings, or
    `(text, recipient_name)` pairs, or objects with `.text` and `.recipient_name`).
    `limit`: the channel's character limit. `extra_defaults`: more standard texts (the
    member's own old templates). An empty list means the text is fine."""
    text = (text or "").replace("\r\n", "\n").strip()
    analysis = analyse(text, [recipient_name])
    if not analysis.tokens:
        return [Problem(EMPTY, gettext("Write a message: an invitation without one is a default invitation."))]

    found: list[Problem] = []
    defaults = standard_texts(extra_defaults)
    default_form = " ".join(leet(w) for w in analysis.words[: analysis.body_end])
    comparable = _comparable_of(analysis)
    if default_form in defaults or _spaceless(default_form) in {_spaceless(d) for d in defaults}:
        found.append(
            Problem(DEFAULT_TEXT, gettext("This is a standard invitation text. Write why you invite this person."))
        )
    elif comparable and any(default_similarity(comparable, d) >= NEAR_DEFAULT_THRESHOLD for d in defaults):
        found.append(
            Problem(
                NEAR_DEFAULT,
                gettext(
                    "This is a standard text with a greeting, a name or a few words changed. "
                    "Say where you met, why this person, or what you can offer."
                ),
            )
        )
    elif len(own_words(analysis)) < GENERIC_MIN_OWN_WORDS:
        spans = stock_spans(analysis)
        found.append(
            Problem(
                GENERIC,
                gettext(
                    "This could go to anyone: without the greeting and the stock phrases, hardly anything is left. "
                    "Why this person? Say where you met, what of their work caught your eye, or who you both know."
                ),
                spans=spans,
                parts=cut_at(text, spans),
            )
        )

    if len(comparable) >= REUSED_MIN_LENGTH or len(analysis.tokens) >= FRAME_MIN_SHINGLES:
        frame = shingles(analysis)
        for item in sent_before:
            old_text, old_name = _old_text_and_name(item)
            old, old_shingles = _comparable_old(old_text, old_name)
            fuzzy = len(comparable) >= REUSED_MIN_LENGTH and old and similarity(comparable, old) >= REUSED_THRESHOLD
            if fuzzy or same_frame(frame, old_shingles):
                found.append(
                    Problem(
                        REUSED,
                        gettext(
                            "You already sent (nearly) this text to someone else. "
                            "One text for many people is a bulk invitation: write this one for this person."
                        ),
                    )
                )
                break

    if len(text) > limit:
        found.append(
            Problem(
                TOO_LONG,
                ngettext(
                    "The text has %(count)d characters; the limit is %(limit)d. Remove %(over)d character.",
                    "The text has %(count)d characters; the limit is %(limit)d. Remove %(over)d characters.",
                    len(text) - limit,
                )
                % {"count": len(text), "limit": limit, "over": len(text) - limit},
            )
        )
    return found
