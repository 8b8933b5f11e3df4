"""Calendar arithmetic with no domain."""

from datetime import date


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` months after `day`'s month (before it when
    negative): month_start(date(2026, 1, 31), -1) == date(2025, 12, 1)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
