"""The one place WPQ reads the time, so that tests can move it."""

from datetime import UTC, date, datetime

__all__ = ["UTC", "as_utc", "now", "today"]


def now() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def today() -> date:
    return now().date()


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time as timezone-aware UTC (SQLite gives naive values back)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
