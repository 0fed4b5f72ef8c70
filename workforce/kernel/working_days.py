"""The working-day calendar: Monday to Friday, less the bank holidays of England and Wales.

Bank holidays come from the maintained `holidays` package (England's list, which Wales shares),
including substitute days and one-off holidays such as coronations and jubilees.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_between(first: date, last: date) -> int:
    """Working days from `first` to `last`, both included; 0 when `last` is before `first`."""
    if last < first:
        return 0
    total_days = (last - first).days + 1
    full_weeks, remainder = divmod(total_days, 7)
    weekdays = full_weeks * 5 + sum(1 for offset in range(remainder) if (first.weekday() + offset) % 7 < 5)
    holidays_inside = sum(
        1
        for year in range(first.year, last.year + 1)
        for holiday in bank_holidays(year)
        if first <= holiday <= last and holiday.weekday() < 5
    )
    return weekdays - holidays_inside


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
