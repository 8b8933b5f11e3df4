"""Is this invitation written for this one person? Tips 1 and 2 of the seed article.

`problems(text, recipient_name=..., sent_before=..., limit=...)` is a pure function: it
reads no database and no settings beyond the operator's extra standard texts, so the
compose page, the live check and the tests all ask the same question.

How texts are compared
----------------------
Both sides are *normalised* first: Unicode compatibility form, accents removed (é -> e),
curly quotes made straight and then dropped with all other punctuation, case folded,
white space collapsed, and a trailing signature ("Groet, Anne", "Best regards,\\nAnne",
"Met vriendelijke groet") cut off. Equal normalised texts are a `default_text`.

`near_default` catches trivial edits of a default: a greeting or the recipient's name
added, words reordered, a few characters changed. The greeting and the recipient's name
are masked, then rapidfuzz scores the text against each default with two scorers and
keeps the best: `fuzz.ratio` (character edits) and `fuzz.token_sort_ratio` (reordered
words). A score of NEAR_DEFAULT_THRESHOLD (85 of 100) or more is a near default. Measured
on the defaults: a greeting plus the name scores 100 after masking, three changed
characters in the 60-character English default still score about 95 and a two-word
addition ("Great talk!") about 91, while a default followed by one real sentence of the
member's own ("We met at ...", 40 characters or more) scores 75 or less; the threshold
sits between the two groups (tests/invitations/test_personalization.py checks both sides).

`reused` compares the masked text with the member's earlier invitations: the new
recipient's name is masked in the new text, and in each old text the name of its own
recipient (when the caller knows it: pass `(text, name)` pairs or objects with `.text`
and `.recipient_name`) and any name after a greeting ("Hi Bram,") are masked. A score of
REUSED_THRESHOLD (90) or more with either scorer means the same text went to someone
else: bulk by another name.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext, ngettext
from rapidfuzz import fuzz

PLATFORM_DEFAULTS = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to add you to my LinkedIn network.",
    "I'd like to join your LinkedIn network.",
    "Je vous invite à faire partie de mon réseau professionnel sur LinkedIn.",
    "Ik wil u graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
)

NEAR_DEFAULT_THRESHOLD = 85
REUSED_THRESHOLD = 90
# Below this many normalised characters a text is too short to call "reused": "Hi!"
# sent twice is not a template.
REUSED_MIN_LENGTH = 25

# Fuzzy scores cost time in the product of both lengths; beyond this many characters a
# text is far over any channel limit, and its start is what a copied template shares.
MAX_COMPARED = 2000

NAME_MASK = "NAME"

EMPTY = "empty"
DEFAULT_TEXT = "default_text"
NEAR_DEFAULT = "near_default"
REUSED = "reused"
TOO_LONG = "too_long"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})

_CLOSINGS = (
    "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
    "hartelijke groet", "hartelijke groeten", "met hartelijke groet", "groetjes", "groeten", "groet",
    "best regards", "kind regards", "warm regards", "warmest regards", "regards", "best wishes", "all the best",
    "best", "cheers", "thanks", "thank you", "many thanks", "bedankt", "dank je wel", "alvast bedankt",
    "cordialement", "bien a vous", "bien cordialement", "amities", "merci",
)
# A closing at the very end, after a sentence end or on its own line, with up to four
# words of name after it: "... on LinkedIn. Groet, Anne" or "...\nBest regards,\nAnne".
_SIGNATURE = re.compile(
    r"(?:^|(?<=[.!?\n\"')]))\s*(?:"
    + "|".join(sorted((re.escape(c) for c in _CLOSINGS), key=len, reverse=True))
    + r")\s*[,.!]*\s*(?:[^\W\d_][\w'.-]*\s*){0,4}$",
    re.IGNORECASE,
)
_GREETINGS = (
    "hi", "hello", "hey", "dear", "good morning", "good afternoon", "beste", "hoi", "hallo", "dag", "goedemorgen",
    "goedemiddag", "beste heer", "beste mevrouw", "bonjour", "cher", "chere", "salut",
)
_GREETING = re.compile(r"^(?:" + "|".join(sorted(_GREETINGS, key=len, reverse=True)) + r")\b")
# In a raw text: a greeting followed by one to three capitalised words is "greeting + a name".
_RAW_GREETING_NAME = re.compile(
    r"^\s*(?:" + "|".join(sorted(_GREETINGS, key=len, reverse=True)) + r")\s+((?:[A-ZÀ-Þ][\w'’-]*\s*){1,3})",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"de", "van", "der", "den", "het", "ten", "ter", "la", "le", "du", "von", "di", "da", "el", "al"}


def _plain(text: str) -> str:
    """Accents removed and quotes made straight; case and punctuation kept."""
    text = (text or "").translate(_QUOTES)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _fold(text: str) -> str:
    """Case, accents, quotes, punctuation and white space folded away."""
    text = _plain(text).casefold().replace("'", "")
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def normalize(text: str) -> str:
    """The comparable form of an invitation text: folded, trailing signature removed."""
    plain = _plain(text).strip()
    without_signature = _fold(_SIGNATURE.sub("", plain))
    # A text that is nothing but a closing ("Thanks!") keeps it: it is still a text.
    return without_signature or _fold(plain)


def _name_tokens(name: str) -> set[str]:
    return {t for t in _fold(name).split() if len(t) > 1 and t not in _NAME_PARTICLES}


def mask_names(normalised: str, names: Iterable[str]) -> str:
    """Replace every name (full or any part of it) with one placeholder."""
    tokens: set[str] = set()
    for name in names:
        tokens.update(_name_tokens(name))
    if not tokens:
        return normalised
    mask = NAME_MASK.lower()
    words = [mask if word in tokens else word for word in normalised.split()]
    # A particle between two parts of a name ("anne de vries") belongs to the name.
    for i in range(1, len(words) - 1):
        if words[i] in _NAME_PARTICLES and words[i - 1] == mask and words[i + 1] == mask:
            words[i] = mask
    collapsed = [word for i, word in enumerate(words) if not (word == mask and i and words[i - 1] == mask)]
    return " ".join(collapsed)


def greeting_names(text: str) -> list[str]:
    """The name written after an opening greeting ("Hi Bram de Wit," -> "Bram de Wit")."""
    match = _RAW_GREETING_NAME.match(text or "")
    return [match.group(1).strip()] if match else []


def _without_greeting(masked: str) -> str:
    stripped = _GREETING.sub("", masked).strip()
    stripped = re.sub(rf"^{NAME_MASK.lower()}\b", "", stripped).strip()
    return stripped


def similarity(a: str, b: str) -> float:
    """0..100: the best of a character-edit score and a reordered-words score."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _old_text_and_name(item) -> tuple[str, str]:
    if isinstance(item, str):
        return item, ""
    if isinstance(item, tuple | list):
        return str(item[0] or ""), str(item[1] or "") if len(item) > 1 else ""
    return str(getattr(item, "text", "") or ""), str(getattr(item, "recipient_name", "") or "")


def standard_texts(extra_defaults: Iterable[str] = ()) -> list[str]:
    """Platform defaults, the operator's standard texts and the member's own, normalised."""
    texts = [*PLATFORM_DEFAULTS, *getattr(settings, "NETWERK_EXTRA_STANDARD_TEXTS", ()), *extra_defaults]
    return [n for n in dict.fromkeys(normalize(t) for t in texts if t and t.strip()) if n]


def _comparable(text: str, names: Iterable[str]) -> str:
    return _without_greeting(mask_names(normalize(text), names))


@lru_cache(maxsize=4096)
def _comparable_old(text: str, name: str) -> str:
    """An earlier invitation, comparable. Cached: the live check compares the same
    history on every pause in typing."""
    return _comparable(text[:MAX_COMPARED], [name, *greeting_names(text)])


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
    if not normalize(text):
        return [Problem(EMPTY, gettext("Write a message: an invitation without one is a default invitation."))]

    found: list[Problem] = []
    defaults = standard_texts(extra_defaults)
    normalised = normalize(text)
    names = [recipient_name, *greeting_names(text)]
    comparable = _comparable(text[:MAX_COMPARED], names)
    if normalised in defaults:
        found.append(
            Problem(DEFAULT_TEXT, gettext("This is a standard invitation text. Write why you invite this person."))
        )
    elif comparable and any(similarity(comparable, default) >= NEAR_DEFAULT_THRESHOLD for default in defaults):
        found.append(
            Problem(
                NEAR_DEFAULT,
                gettext(
                    "This is a standard text with a greeting, a name or a few words changed. "
                    "Say where you met, why this person, or what you can offer."
                ),
            )
        )

    if len(comparable) >= REUSED_MIN_LENGTH:
        for item in sent_before:
            old_text, old_name = _old_text_and_name(item)
            old = _comparable_old(old_text, old_name)
            if old and similarity(comparable, old) >= REUSED_THRESHOLD:
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
