"""The rules behind a plan measure's figures: trajectory, RAG rating and direction of travel (DESIGN §4.7).

Pure functions of values and dates, so the rules are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workforce.improvement.constants import Direction, Rating
from workforce.kernel.measures import Polarity


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = add_months(month_start(day), 1)
    return date.fromordinal(following.toordinal() - 1)


def month_has_ended(month: date, today: date) -> bool:
    """A reporting month can be published (frozen) only once its last day is over."""
    return month_end(month) < today


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


@dataclass(frozen=True)
class Trajectory:
    """Where a measure should be by each month: a straight line from baseline to target, unless a value is
    set for the month."""

    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    per_period: dict[str, float]

    def expected(self, month: date) -> float:
        key = month_key(month)
        if key in self.per_period and self.per_period[key] is not None:
            return float(self.per_period[key])
        # The line is read at the end of the month, the date the month's figure describes.
        on = month_end(month)
        if on <= self.baseline_date:
            return self.baseline_value
        if on >= self.target_date or self.target_date <= self.baseline_date:
            return self.target_value
        share = (on - self.baseline_date).days / (self.target_date - self.baseline_date).days
        return self.baseline_value + (self.target_value - self.baseline_value) * share


def rate(value: float | None, expected: float, polarity: Polarity, tolerance_percent: float) -> Rating | None:
    """Green at or better than the trajectory, Amber within the tolerance (a percentage of the trajectory
    value), Red beyond it. None when there is no value or the measure has no better direction."""
    if value is None or polarity is Polarity.NEUTRAL:
        return None
    shortfall = expected - value if polarity is Polarity.HIGHER_IS_BETTER else value - expected
    if shortfall <= 0:
        return Rating.GREEN
    if shortfall <= abs(expected) * tolerance_percent / 100:
        return Rating.AMBER
    return Rating.RED


def direction(current: float | None, earlier: float | None, polarity: Polarity) -> Direction:
    if current is None or earlier is None:
        return Direction.NOT_AVAILABLE
    if round(current, 6) == round(earlier, 6):
        return Direction.NO_CHANGE
    if polarity is Polarity.NEUTRAL:
        return Direction.UP if current > earlier else Direction.DOWN
    better = current > earlier if polarity is Polarity.HIGHER_IS_BETTER else current < earlier
    return Direction.IMPROVING if better else Direction.WORSENING
