"""Free text as members type it: invisible characters out, line ends and spaces tidied.
Linear in the length of the text (no regular expressions)."""

import unicodedata

# Format characters (Cf: zero-width spaces and joiners, bidi overrides, the BOM) are
# invisible and make equal-looking texts differ; NUL cannot be stored by PostgreSQL.
_DROPPED_CATEGORIES = {"Cf", "Cc"}
_KEPT_CONTROLS = {"\n", "\t"}


def clean_text(value: str | None) -> str:
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    kept = [
        " " if character == "\t" else character
        for character in text
        if character in _KEPT_CONTROLS or unicodedata.category(character) not in _DROPPED_CATEGORIES
    ]
    lines = ["".join(line).strip() for line in "".join(kept).split("\n")]
    return "\n".join(lines).strip()
