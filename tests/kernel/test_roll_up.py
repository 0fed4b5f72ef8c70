"""Inside `roll_up()` measures share work between scopes; every figure must be what it is outside one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope, roll_up, shared_by_teams
from workforce.kernel.models import ServiceArea, Team


def test_every_measure_gives_the_same_figure_at_every_scope_inside_a_roll_up(demo):
    session = demo.database.session
    end = clock.today().replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    area = session.execute(select(ServiceArea.id).order_by(ServiceArea.id)).scalars().first()
    teams = session.execute(select(Team.id).order_by(Team.id)).scalars().all()
    scopes = [
        MeasureScope.council(),
        MeasureScope.service_area(area),
        MeasureScope.team(teams[0]),
        MeasureScope.team(teams[-1]),
    ]
    measures = list(registry().measures)
    alone = {
        (measure.id, index): measure.compute(start, end, scope)
        for measure in measures
        for index, scope in enumerate(scopes)
    }
    with roll_up():
        together = {
            (measure.id, index): measure.compute(start, end, scope)
            for index, scope in enumerate(scopes)
            for measure in measures
        }
    different = [
        (key, alone[key], together[key])
        for key in alone
        if (alone[key].numerator, alone[key].denominator, alone[key].value)
        != pytest.approx((together[key].numerator, together[key].denominator, together[key].value))
    ]
    assert not different
    # The shared paths were taken: some scopes hold figures that are not all zero or not applicable.
    assert any(value.value for value in together.values())


ROWS = [(1, "a"), (2, "b"), (3, "c"), (None, "no team")]


def _rows_for(asked: list):
    def compute(teams):
        asked.append(teams)
        return [row for row in ROWS if teams is None or row[0] in teams]

    return compute


def test_outside_a_roll_up_shared_by_teams_computes_only_the_scopes_teams_every_time():
    asked = []
    compute = _rows_for(asked)
    assert shared_by_teams("rows", frozenset({2}), compute, team_of=lambda row: row[0]) == [(2, "b")]
    assert shared_by_teams("rows", frozenset({2}), compute, team_of=lambda row: row[0]) == [(2, "b")]
    assert shared_by_teams("rows", None, compute, team_of=lambda row: row[0]) == ROWS
    assert asked == [frozenset({2}), frozenset({2}), None]


def test_inside_a_roll_up_shared_by_teams_computes_every_team_once_and_keeps_each_scopes_own():
    asked = []
    compute = _rows_for(asked)
    with roll_up():
        assert shared_by_teams("rows", frozenset({1, 3}), compute, team_of=lambda row: row[0]) == [(1, "a"), (3, "c")]
        assert shared_by_teams("rows", frozenset({4}), compute, team_of=lambda row: row[0]) == []
        assert shared_by_teams("rows", None, compute, team_of=lambda row: row[0]) == ROWS
        assert shared_by_teams("other", frozenset({2}), compute, team_of=lambda row: row[0]) == [(2, "b")]
    assert asked == [None, None]
    # The roll-up's work ends with it: the next figure reads the data again.
    assert shared_by_teams("rows", frozenset({1}), compute, team_of=lambda row: row[0]) == [(1, "a")]
    assert asked == [None, None, frozenset({1})]
