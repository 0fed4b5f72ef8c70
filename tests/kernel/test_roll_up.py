"""Inside `roll_up()` measures share work between scopes; every figure must be what it is outside one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope, roll_up
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
