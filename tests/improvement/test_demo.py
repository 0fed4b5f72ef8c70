"""The demo improvement plan, computed through the registry from whatever measures exist."""

from datetime import date

import pytest
from sqlalchemy import func, select

from workforce.extensions import db
from workforce.improvement import dao, demo
from workforce.improvement.constants import ActionStatus, PeriodState
from workforce.improvement.models import Action, PeriodValue, ReportingPeriod
from workforce.kernel.demo import load_demo


def test_the_demo_plan_has_seven_strands_24_published_months_and_one_revision(plan_db, monkeypatch):
    monkeypatch.setitem(
        demo.STRAND_MEASURES,
        "Workforce: recruitment, retention and stability",
        ["test_team_members", "not_a_registered_measure"],
    )
    monkeypatch.setitem(demo.STRAND_MEASURES, "Practice quality", ["test_social_worker_share"])
    load_demo("small", seed=1, as_of=date(2026, 11, 15), only=["Improvement plan"])
    plan = dao.list_plans()[0]
    assert len(plan.strands) == 7
    workforce = next(strand for strand in plan.strands if strand.title.startswith("Workforce"))
    # A measure no module registers is skipped.
    assert [pm.measure_id for pm in workforce.measures] == ["test_team_members"]
    assert workforce.measures[0].baseline_date == date(2024, 11, 30)
    periods = dao.list_periods(published_only=True)
    assert len(periods) == 24
    assert (periods[-1].month, periods[0].month) == (date(2024, 11, 1), date(2026, 10, 1))
    assert all(period.state is PeriodState.PUBLISHED for period in periods)
    revised = [period for period in periods if period.revision]
    assert [period.month for period in revised] == [date(2026, 4, 1)]
    superseded = db.session.execute(select(func.count()).where(PeriodValue.superseded_at.is_not(None))).scalar_one()
    assert superseded == 1


def test_the_demo_actions_have_history_and_some_are_signed_off(plan_db):
    load_demo("small", seed=1, as_of=date(2026, 11, 15), only=["Improvement plan"])
    actions = db.session.execute(select(Action)).scalars().all()
    assert all(action.updates for action in actions)
    statuses = {action.status for action in actions}
    assert ActionStatus.SIGNED_OFF in statuses
    assert all(action.signed_off_by_id != action.owner_id for action in actions if action.signed_off_by_id)


def test_the_demo_plan_without_any_registered_measure_still_has_its_months(plan_db, monkeypatch):
    monkeypatch.setattr(demo, "STRAND_MEASURES", {})
    monkeypatch.setattr(demo, "MODULE_STRANDS", {})
    load_demo("small", seed=1, as_of=date(2026, 11, 15), only=["Improvement plan"])
    assert db.session.execute(select(func.count()).select_from(ReportingPeriod)).scalar_one() == 24
    assert not db.session.execute(select(func.count()).select_from(PeriodValue)).scalar_one()


def test_the_demo_targets_are_ones_a_council_could_set(plan_db, monkeypatch):
    from workforce.kernel.measures import Polarity

    monkeypatch.setitem(demo.STRAND_MEASURES, "Practice quality", ["test_social_worker_share"])
    load_demo("small", seed=1, as_of=date(2026, 11, 15), only=["Improvement plan"])
    plan_measure = next(pm for pm in dao.list_plan_measures() if pm.measure_id == "test_social_worker_share")
    assert 0 <= plan_measure.target_value <= 100
    assert plan_measure.polarity is Polarity.LOWER_IS_BETTER
    assert plan_measure.target_value == round(plan_measure.baseline_value * demo.LOWER_BY, 1)


@pytest.mark.parametrize(
    ("baseline", "polarity", "unit", "target"),
    [
        (0.0, "higher", "%", 35.0),
        (40.0, "higher", "%", 61.0),
        (99.5, "higher", "%", 100.0),
        (100.0, "higher", "%", 100.0),
        (15.0, "lower", "%", 12.0),
        (18.4, "lower", "count", 14.72),
        (10.0, "higher", "count", 12.0),
    ],
)
def test_demo_targets_stay_within_range_and_move_by_reachable_amounts(baseline, polarity, unit, target):
    from workforce.kernel.measures import Polarity, Unit

    polarity = Polarity.HIGHER_IS_BETTER if polarity == "higher" else Polarity.LOWER_IS_BETTER
    assert demo._target(baseline, polarity, Unit(unit)) == target


def test_every_demo_percentage_target_and_trajectory_point_is_within_range_and_better_than_the_baseline(plan_db):
    from workforce.improvement.figures import trajectory_of
    from workforce.kernel.contract import registry
    from workforce.kernel.dates import add_months
    from workforce.kernel.measures import Polarity, Unit

    load_demo("small", seed=1, as_of=date(2026, 11, 15), only=["Improvement plan"])
    plan_measures = dao.list_plan_measures()
    assert plan_measures
    measures = registry().measures
    for plan_measure in plan_measures:
        measure = measures.get(plan_measure.measure_id)
        baseline, target = plan_measure.baseline_value, plan_measure.target_value
        if measure.polarity is Polarity.HIGHER_IS_BETTER:
            assert target > baseline, plan_measure.measure_id
        else:
            assert measure.polarity is Polarity.LOWER_IS_BETTER
            assert target < baseline, plan_measure.measure_id
        if measure.unit is not Unit.PERCENT:
            continue
        trajectory = trajectory_of(plan_measure)
        month = plan_measure.baseline_date.replace(day=1)
        points = []
        while month <= plan_measure.target_date:
            points.append(trajectory.expected(month))
            month = add_months(month, 1)
        assert all(0 <= value <= 100 for value in [baseline, target, *points]), plan_measure.measure_id
        low, high = sorted((baseline, target))
        assert all(low <= value <= high for value in points), plan_measure.measure_id


def test_a_measure_already_at_its_best_is_left_out_of_the_demo_plan():
    from workforce.kernel.measures import Polarity, Unit

    assert not demo._better(
        demo._target(100.0, Polarity.HIGHER_IS_BETTER, Unit.PERCENT), 100.0, Polarity.HIGHER_IS_BETTER
    )
    assert not demo._better(demo._target(0.0, Polarity.LOWER_IS_BETTER, Unit.PERCENT), 0.0, Polarity.LOWER_IS_BETTER)
    assert demo._better(demo._target(40.0, Polarity.HIGHER_IS_BETTER, Unit.PERCENT), 40.0, Polarity.HIGHER_IS_BETTER)
