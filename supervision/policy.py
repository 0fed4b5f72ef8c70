"""The supervision policy in force on a date, and who counts as newly qualified (LGA Standard 5)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from supervision.constants import Frequency
from supervision.models import SupervisionPolicy
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.dates import add_months
from workforce.kernel.providers import EARLY_CAREER_PERIODS, EARLY_CAREER_STATUS

#: The policy used before the council records one of its own (LGA Standard 5, 2020).
POLICY_DEFAULTS = {
    "standard_frequency": Frequency.MONTHLY,
    "newly_qualified_weekly_weeks": 6,
    "newly_qualified_fortnightly_months": 6,
    "minimum_minutes": 90,
    "long_absence_days": 28,
    "supervisor_must_be_registered": True,
}

#: Without the academy's early-career records, a worker is newly qualified for 12 months after qualifying.
NEWLY_QUALIFIED_MONTHS = 12


@dataclass(frozen=True)
class PolicyTerms:
    effective_from: date | None
    standard_frequency: Frequency
    newly_qualified_weekly_weeks: int
    newly_qualified_fortnightly_months: int
    minimum_minutes: int
    long_absence_days: int
    supervisor_must_be_registered: bool

    @classmethod
    def defaults(cls) -> PolicyTerms:
        return cls(effective_from=None, **POLICY_DEFAULTS)

    @classmethod
    def of(cls, row: SupervisionPolicy) -> PolicyTerms:
        return cls(
            effective_from=row.effective_from,
            standard_frequency=row.standard_frequency,
            newly_qualified_weekly_weeks=row.newly_qualified_weekly_weeks,
            newly_qualified_fortnightly_months=row.newly_qualified_fortnightly_months,
            minimum_minutes=row.minimum_minutes,
            long_absence_days=row.long_absence_days,
            supervisor_must_be_registered=row.supervisor_must_be_registered,
        )

    def frequency_for(self, newly_qualified_since: date | None, on: date) -> Frequency:
        """The frequency due on `on` for a worker newly qualified since that date (None: not newly qualified)."""
        if newly_qualified_since is None:
            return self.standard_frequency
        if on < newly_qualified_since + timedelta(weeks=self.newly_qualified_weekly_weeks):
            return Frequency.WEEKLY
        if on < add_months(newly_qualified_since, self.newly_qualified_fortnightly_months):
            return Frequency.FORTNIGHTLY
        return self.standard_frequency


class PolicyTimeline:
    """Every recorded policy, loaded once, answering which applies on a date."""

    def __init__(self, rows: list[SupervisionPolicy]):
        self._terms = sorted((PolicyTerms.of(row) for row in rows), key=lambda terms: terms.effective_from)
        self._starts = [terms.effective_from for terms in self._terms]
        self._defaults = PolicyTerms.defaults()

    @classmethod
    def load(cls) -> PolicyTimeline:
        return cls(list(db.session.execute(select(SupervisionPolicy)).scalars()))

    def on(self, day: date) -> PolicyTerms:
        index = bisect.bisect_right(self._starts, day)
        return self._terms[index - 1] if index else self._defaults

    def shortest_long_absence(self) -> int:
        """The fewest days any policy counts as a long absence."""
        return min(terms.long_absence_days for terms in [self._defaults, *self._terms])

    def spans(self, end: date) -> list[tuple[date | None, date, int]]:
        """(first day or None for "since the beginning", last day, minimum minutes) of each policy in force
        up to `end`, in date order."""
        bounds: list[tuple[date | None, PolicyTerms]] = [(None, self._defaults)]
        bounds += [(terms.effective_from, terms) for terms in self._terms if terms.effective_from <= end]
        spans = []
        for index, (first, terms) in enumerate(bounds):
            following = bounds[index + 1][0] if index + 1 < len(bounds) else None
            last = following - timedelta(days=1) if following is not None else end
            if first is not None and last < first:
                continue
            spans.append((first, last, terms.minimum_minutes))
        return spans


def policy_on(day: date) -> PolicyTerms:
    return PolicyTimeline.load().on(day)


#: How far apart sessions may be at each frequency, to tell which of two is the stricter (a month is the longest).
FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.FOUR_WEEKLY: 28, Frequency.MONTHLY: 31}


def stricter(policy: Frequency, agreed: Frequency | None) -> Frequency:
    """The frequency a worker is supervised at: the policy's, or the one their supervision agreement sets when
    that is more often (an agreement may ask for more than the policy, never less: LGA Employer Standard 5)."""
    if agreed is not None and FREQUENCY_DAYS[agreed] < FREQUENCY_DAYS[policy]:
        return agreed
    return policy


def next_due(after: date, frequency: Frequency) -> date:
    """The last day the next session may be held on, after one held (or a schedule starting) on `after`."""
    if frequency is Frequency.MONTHLY:
        return add_months(after, 1)
    days = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.FOUR_WEEKLY: 28}[frequency]
    return after + timedelta(days=days)


def fallback_newly_qualified(qualification_date: date | None, on: date) -> bool:
    """Qualified less than 12 months before `on`."""
    return qualification_date is not None and qualification_date <= on < add_months(
        qualification_date, NEWLY_QUALIFIED_MONTHS
    )


def newly_qualified_check() -> Callable[[int, date | None, date], bool]:
    """A function (staff_id, qualification_date, on) -> bool: the academy's answer, else the fallback.

    When a module provides every person's early-career periods at once ("early-career-periods"), they are
    read in one query and answered from memory; a schedule asks this once per session on record.
    """
    provider = registry().provided(EARLY_CAREER_STATUS)
    periods_provider = registry().provided(EARLY_CAREER_PERIODS)
    periods = periods_provider() if periods_provider is not None else None

    def check(staff_id: int, qualification_date: date | None, on: date) -> bool:
        if periods is not None:
            if staff_id in periods:
                return any(start <= on and (ended is None or on < ended) for start, ended in periods[staff_id])
        elif provider is not None:
            answer = provider(staff_id, on)
            if answer is not None:
                return bool(answer)
        return fallback_newly_qualified(qualification_date, on)

    return check
