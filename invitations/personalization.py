"""Is this invitation written for this one person? Tips 1 and 2 of the seed article.

`problems(text, recipient_name=..., sent_before=..., limit=...)` is a pure function: it
reads no database and no settings beyond the operator's extra standard texts, so the
compose page, the live check, the triage reply and the tests all ask the same question.

Linear, whatever the text
-------------------------
No regular expression runs here: netwerk.lib.textnorm scans the text once into folded
words with their offsets, and every rule below walks that word list a bounded number of
times (phrase look-ups are dictionary hits on the first word). Only the first
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

from netwerk.lib.textnorm import Token, fold, leet, scan

from .stock_phrases import CLOSINGS, FILLER, GREETINGS, PLATFORM_DEFAULTS, STOCK_PHRASES

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

# The longest text any check accepts (forms refuse longer ones with a message); the
# check reads no further.
MAX_TEXT_LENGTH = 5000
# The forms' message for a longer text (Django's max_length parameters).
TEXT_TOO_LONG_TO_CHECK = gettext_lazy(
    "This text has %(show_value)d characters; at most %(limit_value)d are accepted here. Shorten it."
)
# Fuzzy scores cost time in the product of both lengths; beyond this many characters a
# text is far over any channel limit, and its start is what a copied template shares.
MAX_COMPARED = 2000

NAME_MASK = "name"
SPECIFIC_MASK = "_"

EMPTY = "empty"
DEFAULT_TEXT = "default_text"
NEAR_DEFAULT = "near_default"
GENERIC = "generic"
REUSED = "reused"
TOO_LONG = "too_long"

_NAME_PARTICLES = frozenset({"de", "van", "der", "den", "het", "ten", "ter", "la", "le", "du", "von", "di", "da", "el", "al"})
# Capitalised words that are not names or topics.
_COMMON_CAPITALS = frozenset({"i", "id", "im", "ive", "ill", "linkedin", "ik", "je", "u", "we", "hi", "hoi"})
_MAX_NAME_WORDS = 4
_MAX_NAME_LENGTH = 300


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


# --- phrases as word tuples, indexed by their first word ------------------------------


def _phrase_index(phrases: Iterable[str], *, digits_as_letters: bool = False) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(leet(w) if digits_as_letters else w for w in fold(phrase).split())
        if words:
            index.setdefault(words[0], []).append(words)
    for candidates in index.values():
        candidates.sort(key=len, reverse=True)
    return index


_GREETING_INDEX = _phrase_index(GREETINGS)
_CLOSING_INDEX = _phrase_index(CLOSINGS)
# Stock and filler are compared with digits read as letters ("l3t's c0nnect").
_STOCK_INDEX = _phrase_index((*STOCK_PHRASES, *CLOSINGS), digits_as_letters=True)
_FILLER = frozenset(leet(w) for w in fold(" ".join(FILLER)).split())
_CLOSING_LENGTHS = sorted({len(p) for candidates in _CLOSING_INDEX.values() for p in candidates})


def _match_at(words: list[str], i: int, index: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest phrase of `index` starting at word i (0 for none)."""
    for phrase in index.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


# --- one text, analysed once -------------------------------------------------------------


@dataclass
class _Text:
    tokens: list[Token]
    words: list[str]
    body_end: int  # tokens from here on are the signature
    greeting_end: int  # tokens before this are the greeting and the name after it
    names: frozenset[str]  # name words to mask (recipient's and the greeting's)


def _name_words(name: str | None) -> set[str]:
    # A name is short; a huge one is cut like a huge text.
    return {w for w in fold((name or "")[:_MAX_NAME_LENGTH]).split() if len(w) > 1 and w not in _NAME_PARTICLES}


def _signature_start(tokens: list[Token], words: list[str]) -> int:
    """Index of the first token of a trailing signature, or len(tokens): a closing that
    starts a sentence or a line, followed by at most four words of name; or just a name
    (capitalised words) on the last line or after a dash ("... LinkedIn. - Anne")."""
    n = len(tokens)
    best = n
    for names in range(0, min(_MAX_NAME_WORDS, n) + 1):
        tail = tokens[n - names :] if names else []
        if not all(t.word[0].isalpha() for t in tail):
            break
        capitalised = all(t.capital or t.word in _NAME_PARTICLES for t in tail)
        if names > 1 and not capitalised:
            break
        if tail and tail[0].capital and (tail[0].after_dash or tail[0].line_start) and n - names > 0:
            best = min(best, n - names)
        for length in _CLOSING_LENGTHS:
            start = n - names - length
            if start < 0:
                break
            candidates = _CLOSING_INDEX.get(words[start], ())
            if tokens[start].sentence_start and tuple(words[start : n - names]) in candidates:
                best = min(best, start)
    return best


def _greeting_end(tokens: list[Token], words: list[str], recipient_words: set[str]) -> tuple[int, set[str]]:
    """Tokens of an opening greeting with the name after it ("Hi Bram de Wit,")."""
    if not tokens:
        return 0, set()
    length = _match_at(words, 0, _GREETING_INDEX)
    if not length:
        return 0, set()
    names: set[str] = set()
    end = length
    while end < len(tokens) and end - length < 3:
        token = tokens[end]
        if end > length and token.after_punctuation:
            break
        is_name = token.word in recipient_words or (
            token.capital and token.word not in _COMMON_CAPITALS and token.word[0].isalpha()
        )
        if not (is_name or (end > length and token.word in _NAME_PARTICLES)):
            break
        if token.word not in _NAME_PARTICLES:
            names.add(token.word)
        end += 1
    return end, names


def _analyse(text: str, recipient_names: Iterable[str]) -> _Text:
    tokens = scan(text[:MAX_TEXT_LENGTH])
    words = [t.word for t in tokens]
    recipient_words: set[str] = set()
    for name in recipient_names:
        recipient_words |= _name_words(name)
    body_end = _signature_start(tokens, words)
    if body_end == 0:
        # A text that is nothing but a closing ("Thanks!") keeps it: it is still a text.
        body_end = len(tokens)
    greeting_end, greeting_names = _greeting_end(tokens[:body_end], words[:body_end], recipient_words)
    return _Text(tokens, words, body_end, greeting_end, frozenset(recipient_words | greeting_names))


def _masked(analysis: _Text, *, specific: bool = False) -> list[str]:
    """The body's words after the greeting, names masked (and, with `specific`, the
    words that make a frame specific: capitalised ones inside a sentence, numbers)."""
    out: list[str] = []
    tokens = analysis.tokens[analysis.greeting_end : analysis.body_end]
    for i, token in enumerate(tokens):
        word = token.word
        if word in analysis.names:
            word = NAME_MASK
        elif (
            word in _NAME_PARTICLES
            and out
            and out[-1] == NAME_MASK
            and i + 1 < len(tokens)
            and tokens[i + 1].word in analysis.names
        ):
            word = NAME_MASK
        elif specific and (
            any(c.isdigit() for c in word)
            or (token.capital and not token.sentence_start and word not in _COMMON_CAPITALS)
        ):
            word = SPECIFIC_MASK
        if word == NAME_MASK and out and out[-1] == NAME_MASK:
            continue
        out.append(leet(word))
    if out and out[0] == NAME_MASK:
        out = out[1:]
    return out


def _comparable_of(analysis: _Text) -> str:
    return " ".join(_masked(analysis))[:MAX_COMPARED]


def _shingles(analysis: _Text) -> frozenset[tuple[str, str]]:
    words = _masked(analysis, specific=True)
    return frozenset(zip(words, words[1:], strict=False))


# --- public helpers (tests, bench, triage) ------------------------------------------------


def normalize(text: str) -> str:
    """The comparable form of an invitation text: folded, trailing signature removed."""
    analysis = _analyse(text or "", ())
    return " ".join(analysis.words[: analysis.body_end])


def _default_form(text: str) -> str:
    return " ".join(leet(w) for w in normalize(text).split())


def _comparable(text: str, names: Iterable[str]) -> str:
    return _comparable_of(_analyse(text or "", names))


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
    analysis = _analyse(text[:MAX_COMPARED], [name])
    return _comparable_of(analysis), _shingles(analysis)


def same_frame(a: frozenset, b: frozenset) -> bool:
    """Do two texts share one frame (word pairs with the specific words masked)?"""
    shorter, longer = sorted((len(a), len(b)))
    if shorter < FRAME_MIN_SHINGLES:
        return False
    shared = len(a & b)
    return shared >= FRAME_SHARED * shorter and shared >= FRAME_SHARED_LONGER * longer


def stock_spans(analysis: _Text) -> tuple[tuple[int, int], ...]:
    """Offsets of the greeting (with the name), stock phrases and the signature."""
    tokens, words = analysis.tokens, [leet(w) for w in analysis.words]
    spans: list[tuple[int, int]] = []
    if analysis.greeting_end:
        spans.append((tokens[0].start, tokens[analysis.greeting_end - 1].end))
    i = analysis.greeting_end
    while i < analysis.body_end:
        length = _match_at(words, i, _STOCK_INDEX)
        if length and i + length <= analysis.body_end:
            spans.append((tokens[i].start, tokens[i + length - 1].end))
            i += length
        else:
            i += 1
    if analysis.body_end < len(tokens):
        spans.append((tokens[analysis.body_end].start, tokens[-1].end))
    return tuple(spans)


def cut_at(text: str, spans: Iterable[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """`text` as (part, is_stock) pairs, the parts inside `spans` marked."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        if start > at:
            parts.append((text[at:start], False))
        parts.append((text[start:end], True))
        at = end
    if at < len(text):
        parts.append((text[at:], False))
    return tuple(parts)


def own_words(analysis: _Text) -> list[str]:
    """The words that are the member's own: not greeting, name, signature, stock or filler."""
    words = [leet(w) for w in analysis.words]
    own: list[str] = []
    i = analysis.greeting_end
    while i < analysis.body_end:
        length = _match_at(words, i, _STOCK_INDEX)
        if length and i + length <= analysis.body_end:
            i += length
            continue
        word = words[i]
        name = analysis.words[i] in analysis.names
        if word not in _FILLER and not name and (len(word) > 1 or analysis.words[i].isdigit()):
            own.append(word)
        i += 1
    return own


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
    analysis = _analyse(text, [recipient_name])
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
        shingles = _shingles(analysis)
        for item in sent_before:
            old_text, old_name = _old_text_and_name(item)
            old, old_shingles = _comparable_old(old_text, old_name)
            fuzzy = len(comparable) >= REUSED_MIN_LENGTH and old and similarity(comparable, old) >= REUSED_THRESHOLD
            if fuzzy or same_frame(shingles, old_shingles):
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
