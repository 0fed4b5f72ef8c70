"""Dates every module shares: calendar arithmetic (months, month ends, the census year) and how a date or a
time is shown to a person.

Built on `dateutil.relativedelta`, whose month arithmetic keeps the day of the month and falls back to the
month's last day when the month is shorter (31 January + 1 month = 28 February), which is how training
validity, retention periods, agency checks and supervision due dates are counted. Dates are shown one way
everywhere, as the GOV.UK style guide writes them ("2 December 2026", no leading zero, the month in full; a
time after a comma, on the 24-hour clock).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from workforce.kernel import clock


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), or that month's last day when it is shorter
    (31 March + 6 = 30 September)."""
    return day + relativedelta(months=months)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day + relativedelta(day=31)


def month_window(day: date) -> tuple[date, date]:
    """The first and last day of the month `day` falls in."""
    return month_start(day), month_end(day)


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def month_ends(last: date, count: int) -> list[date]:
    """The last days of `count` months, oldest first, ending with the month `last` falls in."""
    newest = month_start(last)
    return [month_end(add_months(newest, offset)) for offset in range(1 - count, 1)]


def months_between(start: date, end: date) -> list[tuple[date, date]]:
    """(first day, last day) of each calendar month overlapping `start` to `end`, clipped to them."""
    months = []
    cursor = month_start(start)
    while cursor <= end and start <= end:
        months.append((max(cursor, start), min(month_end(cursor), end)))
        cursor = add_months(cursor, 1)
    return months


def census_year(year: int) -> tuple[date, date]:
    """The DfE children's social work workforce census year ending 30 September `year`: 1 October of the
    year before to 30 September."""
    return date(year - 1, 10, 1), date(year, 9, 30)


def latest_census_year(today: date) -> int:
    """The latest census year whose census day (30 September) has come."""
    return today.year if today >= date(today.year, 9, 30) else today.year - 1


def year_before(end: date) -> date:
    """The first day of the 12 months ending on `end` (1 October for a 30 September end)."""
    return end - relativedelta(years=1) + timedelta(days=1)


def display_date(value: date | datetime | None) -> str:
    """`2 December 2026`; an empty string for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.as_utc(value)
    return f"{value.day} {value:%B %Y}"


def display_datetime(value: datetime | date | None) -> str:
    """`2 December 2026, 10:42` (UTC, the time WPQ stores); a bare date is shown as a date."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return display_date(value)
    value = clock.as_utc(value)
    return f"{display_date(value)}, {value:%H:%M}"


def display_month(value: date | datetime | None) -> str:
    """`December 2026`, for a month's figures."""
    return "" if value is None else f"{value:%B %Y}"


def init_app(app) -> None:
    app.add_template_filter(display_date, "date")
    app.add_template_filter(display_datetime, "datetime")
    app.add_template_filter(display_month, "month")
