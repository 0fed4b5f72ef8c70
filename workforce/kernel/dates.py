"""How WPQ shows a date or a time to a person: one way everywhere, as the GOV.UK style guide writes dates
("2 December 2026", no leading zero, the month in full; a time after a comma, 24-hour clock)."""

from datetime import date, datetime

from workforce.kernel import clock


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
