"""The RAG rule, the trajectory and the direction of travel (docs/improvement.md)."""

from datetime import date

import pytest

from workforce.improvement.constants import Direction, Rating
from workforce.improvement.rules import Trajectory, direction, rate
from workforce.kernel.measures import Polarity

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


@pytest.mark.parametrize(
    ("value", "expected", "polarity", "rating"),
    [
        # Higher is better: trajectory 50, Amber down to 45 (10% of 50).
        (50, 50, HIGHER, Rating.GREEN),
        (60, 50, HIGHER, Rating.GREEN),
        (46, 50, HIGHER, Rating.AMBER),
        (45, 50, HIGHER, Rating.AMBER),
        (44.9, 50, HIGHER, Rating.RED),
        # Lower is better: trajectory 20, Amber up to 22.
        (20, 20, LOWER, Rating.GREEN),
        (15, 20, LOWER, Rating.GREEN),
        (21, 20, LOWER, Rating.AMBER),
        (22, 20, LOWER, Rating.AMBER),
        (22.1, 20, LOWER, Rating.RED),
    ],
)
def test_a_measure_is_green_on_trajectory_amber_within_tolerance_and_red_beyond(value, expected, polarity, rating):
    assert rate(value, expected, polarity, 10) == rating


def test_the_tolerance_is_set_per_measure():
    assert rate(44, 50, HIGHER, 20) is Rating.AMBER
    assert rate(44, 50, HIGHER, 10) is Rating.RED


def test_a_measure_with_no_figure_or_no_better_direction_is_not_rated():
    assert rate(None, 50, HIGHER, 10) is None
    assert rate(40, 50, Polarity.NEUTRAL, 10) is None


def test_the_trajectory_is_a_straight_line_from_baseline_to_target_read_at_the_month_end():
    line = Trajectory(10.0, date(2025, 1, 31), 20.0, date(2025, 12, 31), {})
    assert line.expected(date(2025, 1, 1)) == 10.0
    assert line.expected(date(2025, 12, 1)) == 20.0
    assert line.expected(date(2026, 6, 1)) == 20.0
    midway = line.expected(date(2025, 7, 1))
    assert midway == pytest.approx(10 + 10 * (date(2025, 7, 31) - date(2025, 1, 31)).days / 334)


def test_a_value_set_for_a_period_replaces_the_straight_line():
    line = Trajectory(10.0, date(2025, 1, 31), 20.0, date(2025, 12, 31), {"2025-07": 12.0})
    assert line.expected(date(2025, 7, 1)) == 12.0


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "expected"),
    [
        (12, 10, HIGHER, Direction.IMPROVING),
        (8, 10, HIGHER, Direction.WORSENING),
        (8, 10, LOWER, Direction.IMPROVING),
        (12, 10, LOWER, Direction.WORSENING),
        (10, 10, LOWER, Direction.NO_CHANGE),
        (12, 10, Polarity.NEUTRAL, Direction.UP),
        (None, 10, HIGHER, Direction.NOT_AVAILABLE),
        (10, None, HIGHER, Direction.NOT_AVAILABLE),
    ],
)
def test_direction_of_travel_follows_the_polarity(current, earlier, polarity, expected):
    assert direction(current, earlier, polarity) is expected
