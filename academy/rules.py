"""The academy's date rules: expiry states, early-career review dates and the registration year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from academy.constants import EarlyCareerProgramme, MatrixState
from workforce.kernel import settings
from workforce.kernel.dates import add_months

#: Days before expiry when a cell turns "expiring within 90 days" and "expiring within 30 days".
EXPIRING_SOON_DAYS = 90
EXPIRING_VERY_SOON_DAYS = 30

#: Local policy with defaults (docs/academy.md): the review months of each programme, the first day the
#: Early Career Development Programme replaces the ASYE for new starters, and the 2-year limit.
ACADEMY_SETTINGS = {
    "academy_review_months": {"asye": [3, 6, 9, 12], "ecdp": [3, 6, 9, 12]},
    "academy_ecdp_from": "2027-09-01",
    "academy_early_career_limit_months": 24,
}


def setting(key: str):
    value = settings.get(key)
    return ACADEMY_SETTINGS[key] if value is None else value


def expiry_date(completed_on: date, validity_months: int | None) -> date | None:
    """The first day a completion no longer counts; None for training that does not expire."""
    return None if validity_months is None else add_months(completed_on, validity_months)


def matrix_state(expires_on: date | None, done: bool, on: date) -> MatrixState:
    """The state of one cell on a date. On the expiry date itself the training has expired."""
    if not done:
        return MatrixState.NOT_DONE
    if expires_on is None:
        return MatrixState.CURRENT
    days_left = (expires_on - on).days
    if days_left <= 0:
        return MatrixState.EXPIRED
    if days_left <= EXPIRING_VERY_SOON_DAYS:
        return MatrixState.EXPIRING_30
    if days_left <= EXPIRING_SOON_DAYS:
        return MatrixState.EXPIRING_90
    return MatrixState.CURRENT


def programme_for_start(start: date) -> EarlyCareerProgramme:
    """The early-career programme for someone starting on `start` (ECDP from the configured date)."""
    return (
        EarlyCareerProgramme.ECDP
        if start >= date.fromisoformat(setting("academy_ecdp_from"))
        else (EarlyCareerProgramme.ASYE)
    )


def review_months(programme: EarlyCareerProgramme) -> list[int]:
    return [int(month) for month in setting("academy_review_months")[programme.value]]


def shifted(due: date, pauses: Iterable[tuple[date, date]]) -> date:
    """A due date moved by every pause that begins on or before it (pauses as first and last day)."""
    for start, end in sorted(pauses):
        if start <= due:
            due = due + timedelta(days=(end - start).days + 1)
    return due


def review_due_dates(start: date, months: Sequence[int], pauses: Iterable[tuple[date, date]] = ()) -> dict[int, date]:
    """Review month -> due date: `start` plus the months, moved by pauses taken before it."""
    pauses = list(pauses)
    return {month: shifted(add_months(start, month), pauses) for month in months}


def completion_deadline(start: date, pauses: Iterable[tuple[date, date]] = ()) -> date:
    """The 2-year limit: the last day by which the programme must be completed (moved by pauses)."""
    return shifted(add_months(start, int(setting("academy_early_career_limit_months"))), pauses)


def registration_year_end(on: date) -> date:
    """Social Work England's registration year runs 1 December to 30 November: the 30 November ending it."""
    return date(on.year + 1, 11, 30) if on.month == 12 else date(on.year, 11, 30)


def registration_year(year_end: date) -> tuple[date, date]:
    return date(year_end.year - 1, 12, 1), year_end


def in_renewal_window(on: date) -> bool:
    """Renewal is open from 1 September to 30 November."""
    return date(on.year, 9, 1) <= on <= date(on.year, 11, 30)


def renewal_ready(records: Iterable[tuple[date, bool]], year_end: date) -> bool:
    """At least two CPD records in the registration year, at least one with peer reflection."""
    first, last = registration_year(year_end)
    inside = [peer for recorded_on, peer in records if first <= recorded_on <= last]
    return len(inside) >= 2 and any(inside)
