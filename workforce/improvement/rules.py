"""The rules behind a plan measure's figures: trajectory, RAG rating and direction of travel (docs/improvement.md).

Pure functions of values and dates, so the rules are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workforce.improvement.constants import Direction, Rating
from workforce.kernel.dates import month_end, month_key
from workforce.kernel.measures import Polarity


def month_has_ended(month: date, today: date) -> bool:
    """A reporting month can be published (frozen) only once its last day is over."""
    return month_end(month) < today


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
