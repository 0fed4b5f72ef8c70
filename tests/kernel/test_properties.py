"""Property tests (hypothesis) for the pure parts of the measures: ratios, RAG rules, directions,
trajectories and the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workforce.improvement.constants import Direction, Rating
from workforce.improvement.rules import Trajectory, direction, rate
from workforce.kernel.dates import month_start
from workforce.kernel.measures import MeasureValue, Polarity
from workforce.kernel.working_days import add_working_days, is_working_day, working_days_between

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
tolerances = st.floats(min_value=0, max_value=100, allow_nan=False)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31))
DIRECTED = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])
#: Worst first: a better value may move a rating only rightwards.
ORDER = [Rating.RED, Rating.AMBER, Rating.GREEN]


@PROPERTIES
@given(part=amounts, extra=amounts)
def test_a_rate_of_a_part_of_a_whole_lies_between_0_and_100(part, extra):
    result = MeasureValue.ratio(part, part + extra, 100)
    if part + extra == 0:
        assert result.value is None and result.not_applicable
    else:
        assert 0 <= result.value <= 100 + 1e-9


@PROPERTIES
@given(numerator=amounts)
def test_a_zero_denominator_is_not_applicable_never_zero(numerator):
    for denominator in (0, 0.0, None):
        assert MeasureValue.ratio(numerator, denominator, 100).value is None


@PROPERTIES
@given(polarity=DIRECTED, expected=values, tolerance=tolerances, first=values, second=values)
def test_a_better_value_never_gets_a_worse_rating(polarity, expected, tolerance, first, second):
    worse, better = sorted([first, second])
    if polarity is Polarity.LOWER_IS_BETTER:
        worse, better = better, worse
    assert ORDER.index(rate(better, expected, polarity, tolerance)) >= ORDER.index(
        rate(worse, expected, polarity, tolerance)
    )


@PROPERTIES
@given(polarity=DIRECTED, expected=values, value=values, narrow=tolerances, wide=tolerances)
def test_a_wider_tolerance_never_gives_a_worse_rating(polarity, expected, value, narrow, wide):
    narrow, wide = sorted([narrow, wide])
    assert ORDER.index(rate(value, expected, polarity, wide)) >= ORDER.index(rate(value, expected, polarity, narrow))


@PROPERTIES
@given(polarity=DIRECTED, expected=values, tolerance=tolerances)
def test_on_the_trajectory_is_green(polarity, expected, tolerance):
    assert rate(expected, expected, polarity, tolerance) is Rating.GREEN


@PROPERTIES
@given(expected=values, value=values, tolerance=tolerances)
def test_no_value_or_no_better_direction_has_no_rating(expected, value, tolerance):
    assert rate(None, expected, Polarity.HIGHER_IS_BETTER, tolerance) is None
    assert rate(value, expected, Polarity.NEUTRAL, tolerance) is None


@PROPERTIES
@given(polarity=DIRECTED, current=values, earlier=values)
def test_direction_of_travel_is_antisymmetric(polarity, current, earlier):
    forwards, backwards = direction(current, earlier, polarity), direction(earlier, current, polarity)
    if forwards is Direction.NO_CHANGE:
        assert backwards is Direction.NO_CHANGE
    else:
        assert {forwards, backwards} == {Direction.IMPROVING, Direction.WORSENING}


@PROPERTIES
@given(
    baseline=values,
    target=values,
    baseline_date=days,
    length=st.integers(min_value=1, max_value=2000),
    month=days,
)
def test_a_trajectory_lies_between_its_baseline_and_its_target(baseline, target, baseline_date, length, month):
    trajectory = Trajectory(baseline, baseline_date, target, baseline_date + timedelta(days=length), {})
    expected = trajectory.expected(month_start(month))
    low, high = sorted([baseline, target])
    assert low - 1e-6 * max(1, abs(low)) <= expected <= high + 1e-6 * max(1, abs(high))


@PROPERTIES
@given(first=days, span=st.integers(min_value=0, max_value=800), split=st.integers(min_value=0, max_value=800))
def test_working_days_add_up_over_a_split_period(first, span, split):
    last = first + timedelta(days=span)
    assume(split <= span)
    middle = first + timedelta(days=split)
    whole = working_days_between(first, last)
    assert whole == working_days_between(first, middle) + working_days_between(middle + timedelta(days=1), last)
    assert 0 <= whole <= span + 1
    # No more than the weekdays, and one day's span counts the day itself when it is a working day.
    assert whole <= sum(1 for offset in range(span + 1) if (first + timedelta(days=offset)).weekday() < 5)
    assert working_days_between(first, first) == int(is_working_day(first))


@PROPERTIES
@given(start=days, count=st.integers(min_value=0, max_value=300))
def test_adding_working_days_lands_on_a_working_day_that_many_working_days_on(start, count):
    end = add_working_days(start, count)
    assert working_days_between(start + timedelta(days=1), end) == count
    if count:
        assert is_working_day(end)


@PROPERTIES
@given(last=days, first=days)
def test_a_period_that_ends_before_it_starts_has_no_working_days(first, last):
    assume(last < first)
    assert working_days_between(first, last) == 0
