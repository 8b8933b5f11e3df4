"""Numbers typed by visitors (query strings, form fields read by hand).

`int()` alone is the wrong parser for them: it accepts "١٢" and " 12 ", fails on "²"
although "²".isdigit(), and turns "9" x 30 into a number no database column holds
(SQLite: "datatype mismatch", PostgreSQL: "bigint out of range": a 500). These parse
plain ASCII digits into a number a signed 64-bit column can store."""

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
# Below 10**18 a number always fits a signed 64-bit integer.
MAX_DIGITS = 18


def positive_int(value, *, default: int | None = None, too_big: int | None = None) -> int | None:
    """`value` as a whole number from 1 up; `too_big` (default: `default`) for a
    number of more than 18 digits; `default` for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not ASCII_DIGITS.fullmatch(value):
        return default
    if len(value.lstrip("0")) > MAX_DIGITS:
        return default if too_big is None else too_big
    number = int(value)
    return number if number > 0 else default
