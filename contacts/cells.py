"""One cell of an imported CSV as a value: dates in LinkedIn's three styles, profile URLs,
and the apostrophe our own export puts before a would-be formula."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .models import normalize_profile_url

# A formula-injection guard on export writes a leading apostrophe; our own format strips it.
NEUTRALISED_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "januari"),
            ("feb", "february", "februari"),
            ("mar", "march", "mrt", "maart"),
            ("apr", "april"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "augustus"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-./]([A-Za-z]+)\.?[ \-./](\d{2}|\d{4})$")
US_DATE_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
ISO_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def parse_date(value: str) -> date | None:
    """A date as LinkedIn or a spreadsheet wrote it: `09 Sep 2022`, `1/8/18, 6:14 PM`,
    `9-Sep-22`, `2022-09-09`. None when it is none of those."""
    value = value.strip()
    if not value:
        return None
    moment = parse_datetime_parts(value)
    return moment[0] if moment else None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def parse_datetime_parts(value: str) -> tuple[date, tuple[int, int, int]] | None:
    value = value.strip()
    try:
        if match := DAY_MONTH_YEAR.match(value):
            month = MONTHS.get(match.group(2).lower())
            if month is None:
                return None
            return date(_year(match.group(3)), month, int(match.group(1))), (0, 0, 0)
        if match := US_DATE_TIME.match(value):
            month, day, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
            hour, minute, second = int(match.group(4) or 0), int(match.group(5) or 0), int(match.group(6) or 0)
            meridiem = (match.group(7) or "").lower()
            if meridiem:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if meridiem == "pm" else 0)
            if hour > 23 or minute > 59 or second > 59:
                return None
            return date(year, month, day), (hour, minute, second)
        if match := ISO_DATE_TIME.match(value):
            hour, minute, second = int(match.group(4) or 0), int(match.group(5) or 0), int(match.group(6) or 0)
            if hour > 23 or minute > 59 or second > 59:
                return None
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), (hour, minute, second)
    except ValueError:
        return None
    return None


def parse_sent_at(value: str, zone: ZoneInfo) -> datetime | None:
    """`8/26/22, 8:56 PM` as written in the member's own time zone, made aware."""
    parts = parse_datetime_parts(value)
    if parts is None:
        return None
    day, (hour, minute, second) = parts
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)


LINKEDIN_PROFILE_PREFIX = "https://www.linkedin.com/in/"
UNUSUAL_URL_CHARACTERS = re.compile(r"[?#\s\\;]")


def read_profile_url(value: str) -> str | None:
    """The normalised profile URL, or None when it is not a URL at all (`https:e/x`).

    LinkedIn's own exports write URLs that are already in normal form; recognising
    those saves parsing 30,000 URLs (a property test proves both ways agree)."""
    if (
        value.startswith(LINKEDIN_PROFILE_PREFIX)
        and value.islower()
        and value[-1] != "/"
        and not UNUSUAL_URL_CHARACTERS.search(value)
    ):
        return value
    try:
        return normalize_profile_url(value)
    except ValueError:
        return None


def unneutralise(value: str) -> str:
    if value[:1] == "'" and value[1:2] in NEUTRALISED_PREFIXES:
        return value[1:]
    return value
