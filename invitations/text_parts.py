"""The parts of an invitation text: the greeting and the name after it, the signature,
stock phrases, and the words that are the member's own.

The text is read once into folded words with their offsets (netwerk.lib.textnorm), and
every function here walks that word list a bounded number of times: phrase look-ups are
dictionary hits on a phrase's first word. invitations.personalization decides with these
parts; the composer shows the stock ones.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from netwerk.lib.textnorm import Token, fold, leet, scan

from .stock_phrases import CLOSINGS, FILLER, GREETINGS, STOCK_PHRASES

# The longest text any check accepts (forms refuse longer ones with a message); the
# check reads no further.
MAX_TEXT_LENGTH = 5000

NAME_MASK = "name"
SPECIFIC_MASK = "_"

_NAME_PARTICLES = frozenset({"de", "van", "der", "den", "het", "ten", "ter", "la", "le", "du", "von", "di", "da", "el", "al"})
# Capitalised words that are not names or topics.
_COMMON_CAPITALS = frozenset({"i", "id", "im", "ive", "ill", "linkedin", "ik", "je", "u", "we", "hi", "hoi"})
_MAX_NAME_WORDS = 4
_MAX_NAME_LENGTH = 300


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


def match_at(words: list[str], i: int, index: dict[str, list[tuple[str, ...]]]) -> int:
    """Length of the longest phrase of `index` starting at word i (0 for none)."""
    for phrase in index.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


# --- one text, analysed once -------------------------------------------------------------


@dataclass
class Text:
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
    length = match_at(words, 0, _GREETING_INDEX)
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


def analyse(text: str, recipient_names: Iterable[str]) -> Text:
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
    return Text(tokens, words, body_end, greeting_end, frozenset(recipient_words | greeting_names))


def masked_words(analysis: Text, *, specific: bool = False) -> list[str]:
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


def shingles(analysis: Text) -> frozenset[tuple[str, str]]:
    words = masked_words(analysis, specific=True)
    return frozenset(zip(words, words[1:], strict=False))


# --- what the composer shows, what counts as the member's own ------------------------


def stock_spans(analysis: Text) -> tuple[tuple[int, int], ...]:
    """Offsets of the greeting (with the name), stock phrases and the signature."""
    tokens, words = analysis.tokens, [leet(w) for w in analysis.words]
    spans: list[tuple[int, int]] = []
    if analysis.greeting_end:
        spans.append((tokens[0].start, tokens[analysis.greeting_end - 1].end))
    i = analysis.greeting_end
    while i < analysis.body_end:
        length = match_at(words, i, _STOCK_INDEX)
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


def own_words(analysis: Text) -> list[str]:
    """The words that are the member's own: not greeting, name, signature, stock or filler."""
    words = [leet(w) for w in analysis.words]
    own: list[str] = []
    i = analysis.greeting_end
    while i < analysis.body_end:
        length = match_at(words, i, _STOCK_INDEX)
        if length and i + length <= analysis.body_end:
            i += length
            continue
        word = words[i]
        name = analysis.words[i] in analysis.names
        if word not in _FILLER and not name and (len(word) > 1 or analysis.words[i].isdigit()):
            own.append(word)
        i += 1
    return own
