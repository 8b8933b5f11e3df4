"""Text as a reader sees it: words folded so that look-alike texts compare equal.

`scan(text)` walks the text once, character by character (no regular expression, so
nothing can backtrack: the work is linear in the length), and returns its words, each
with its place in the original text so that a caller can point at a part of it.

Folding, per character:
- invisible and format characters are dropped without breaking the word they sit in
  (Unicode category Cf: zero-width space / joiner / non-joiner, word joiner, BOM, soft
  hyphen, bidi marks; plus fillers that render as nothing, such as the Hangul filler);
- compatibility forms are folded (NFKC's K: full-width, ligatures, mathematical
  letters) and accents and other combining marks (category Mn/Me, which includes the
  variation selectors) are removed;
- letters from other scripts that look like Latin ones (Cyrillic а, е, о, р, с, і, у,
  Greek ο ...) are folded to their Latin skeleton, from the Unicode TR39 confusables
  table as shipped by `confusable_homoglyphs`;
- case is folded; apostrophes join ("I'd" is one word, "id").

`leet(word)` additionally folds digits used as letters (1'd l1k3 t0 4dd y0u) and merges
i and l, which look alike; meant for comparing with known standard texts only.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Render as nothing, yet are not category Cf.
_EXTRA_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e")
_APOSTROPHES = frozenset("'\u2019\u02bc\u2018`\u00b4\u2032")
# After one of these, the next word starts a sentence (or a line).
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SENTENCE_ENDS = frozenset(".!?\n\"')\u2026:;\u201d\u201c\u00bb\u00ab")
# A compatibility form longer than this (a whole Arabic phrase in one ligature, a
# squared CJK word) is cut: it never matters for comparing invitation texts, and it
# keeps the work per character of input small.
_MAX_FOLDED = 3
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "l": "i", "|": "i"})


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # folded
    start: int  # offsets in the original text: text[start:end]
    end: int
    capital: bool  # written with a capital first letter
    sentence_start: bool  # first word, or first after . ! ? : ; a quote or a line break
    after_punctuation: bool  # punctuation (not only space) between this word and the previous
    after_dash: bool  # a dash between this word and the previous ("... LinkedIn. - Anne")
    line_start: bool  # first word, or first after a line break


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter or digit it is confusable with (TR39)."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[str, str] = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [h["c"].replace("\u200e", "") for h in homoglyphs]
        ascii_targets = [t for t in targets if t and t.isascii() and t.isalnum()]
        letters = [t for t in ascii_targets if t.isalpha()]
        if letters or ascii_targets:
            table[char] = (letters or ascii_targets)[0]
    return table


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """What one non-ASCII character reads as: "" for an invisible one."""
    if char in _EXTRA_INVISIBLE or unicodedata.category(char) == "Cf":
        return ""
    confusables = _confusables()
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) in ("Mn", "Me"):
            continue
        if not part.isascii():
            part = confusables.get(part, part)
        out.append(part)
    return "".join(out)[:_MAX_FOLDED].casefold()


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def scan(text: str) -> list[Token]:
    """The words of `text`, folded, with their offsets. One pass; linear."""
    tokens: list[Token] = []
    word: list[str] = []
    start = 0
    capital = False
    sentence_end = False  # a sentence end or line break since the previous word
    seen_punctuation = False
    seen_dash = False
    seen_newline = False

    def close(end: int) -> None:
        nonlocal word, sentence_end, seen_punctuation, seen_dash, seen_newline
        if word:
            tokens.append(
                Token(
                    word="".join(word),
                    start=start,
                    end=end,
                    capital=capital,
                    sentence_start=not tokens or sentence_end,
                    after_punctuation=seen_punctuation,
                    after_dash=seen_dash,
                    line_start=not tokens or seen_newline,
                )
            )
            word = []
            sentence_end = False
            seen_punctuation = seen_dash = seen_newline = False

    word_end = 0
    for index, char in enumerate(text):
        if char.isascii():
            folded = char.lower() if char.isalnum() else char
        else:
            folded = fold_char(char)
            if not folded:
                continue  # invisible: neither a letter nor a break
        for part in folded:
            if _is_word_char(part):
                if not word:
                    # A word's start: what came between it and the previous word.
                    start = index
                    capital = char.isupper()
                word.append(part)
                word_end = index + 1
            elif part in _APOSTROPHES and word:
                continue
            else:
                close(word_end)
                if part in _SENTENCE_ENDS:
                    sentence_end = True
                if part in _DASHES:
                    seen_dash = True
                elif part == "\n":
                    seen_newline = True
                if not part.isspace():
                    seen_punctuation = True
    close(word_end)
    return tokens


def words(text: str) -> list[str]:
    return [token.word for token in scan(text)]


def fold(text: str) -> str:
    """The folded words of `text`, joined by single spaces."""
    return " ".join(words(text))


def leet(word: str) -> str:
    """Digits read as letters, i and l merged: for comparing with standard texts."""
    return word.translate(_LEET)
