"""Dates that matter: which of a member's dates fall in a given week (a yearly one on its
day of this year; 29 February on the 28th when the year has none)."""

from datetime import date, timedelta

from django.db.models import Q

from .models import KeyDate


def _days_of(start: date, days: int) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(days)]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def falling_between(owner_ids, start: date, days: int = 7):
    """KeyDate rows of these members falling within `days` days from `start` (their
    contacts active), each with `falls_on`: the day it falls on in that window, and
    `years`: how many years it is that day (a birthday's age), None without a year."""
    window = _days_of(start, days)
    # Yearly dates by month (a few months at most), the exact day worked out below: one
    # condition per day of the window made the query slower to build than to run.
    months = sorted({day.month for day in window})
    rows = (
        KeyDate.objects.filter(owner__in=owner_ids, contact__status="active")
        .filter(Q(yearly=True, date__month__in=months, date__lte=window[-1])
                | Q(yearly=False, date__range=(window[0], window[-1])))
        .select_related("contact")
        .only("owner_id", "name", "date", "yearly", "contact__first_name", "contact__last_name",
              "contact__profile_url", "contact__status")
    )
    found = []
    for row in rows:
        row.falls_on = _falls_on(row, window)
        if row.falls_on is not None:
            years = row.falls_on.year - row.date.year
            row.years = years if row.yearly and row.has_year and years > 0 else None
            found.append(row)
    return sorted(found, key=lambda row: (row.falls_on, row.pk))


def _falls_on(row: KeyDate, window: list[date]) -> date | None:
    if not row.yearly:
        return row.date if window[0] <= row.date <= window[-1] else None
    for day in window:
        if (day.month, day.day) == (row.date.month, row.date.day):
            return day
        if (row.date.month, row.date.day) == (2, 29) and (day.month, day.day) == (2, 28) and not _is_leap(day.year):
            return day
    return None


def week_of(today: date) -> date:
    """The Monday of `today`'s week."""
    return today - timedelta(days=today.weekday())
