"""Is this text written for one person? The personalization rules (tips 1 and 2).

This is the triage branch's minimal version of the contract function: it recognises
empty texts, texts that are exactly a platform default once normalised, and texts over
the channel's limit. The compose branch owns the full rules (near defaults, reuse);
the signature and the problem codes are the contract and are the same in both.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

PLATFORM_DEFAULTS = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to add you to my LinkedIn network.",
    "I'd like to join your LinkedIn network.",
    "Je vous invite à faire partie de mon réseau professionnel sur LinkedIn.",
    "Ik wil u graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def normalize(text: str) -> str:
    """Lower case, plain quotes, no punctuation, single spaces, no trailing signature line."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # A short last line after the message ("Anne", "- Bram de Vries") is a signature.
    if len(lines) > 1 and len(lines[-1].split()) <= 4:
        lines = lines[:-1]
    text = " ".join(lines).lower().replace("'", "")
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text)).strip()


def _standard_texts() -> set[str]:
    return {normalize(text) for text in (*PLATFORM_DEFAULTS, *settings.NETWERK_EXTRA_STANDARD_TEXTS)}


def problems(text: str, *, recipient_name: str, sent_before: Iterable[str] = (), limit: int = 300) -> list[Problem]:
    """Everything that makes `text` not (yet) a message written for `recipient_name`."""
    found: list[Problem] = []
    if not (text or "").strip():
        return [Problem("empty", _("The message is empty. Write why you want to connect with this person."))]
    if normalize(text) in _standard_texts():
        found.append(
            Problem(
                "default_text",
                _("This is a standard text. Say where you met, why this person, or what you can offer."),
            )
        )
    if len(text) > limit:
        found.append(
            Problem(
                "too_long",
                _("The message is %(count)d characters long; the limit is %(limit)d.")
                % {"count": len(text), "limit": limit},
            )
        )
    return found
