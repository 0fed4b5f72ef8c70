"""Property tests (hypothesis) for the workforce measures on generated staff records.

Each example builds a team of council-employed and agency workers with random FTEs, start and end dates
(some leaving, some in two posts) and compares the SQL measures with the DfE formulas computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import create_team
from tests.conftest import rolled_back
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.kernel.measures import MeasureScope
from workforce.people import measures
from workforce.people.constants import EmploymentType, LeaverDestination, ReasonForLeaving

ON = date(2025, 9, 30)
YEAR_START = date(2024, 10, 1)


@dataclass(frozen=True)
class Worker:
    fte: float
    agency: bool
    start: date
    end: date | None
    leaving: bool
    second_post_fte: float | None


workers = st.builds(
    Worker,
    fte=st.sampled_from([0.1, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0]),
    agency=st.booleans(),
    start=st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
    end=st.one_of(st.none(), st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 3, 31))),
    leaving=st.booleans(),
    second_post_fte=st.one_of(st.none(), st.sampled_from([0.2, 0.5])),
)


def in_post(worker: Worker) -> bool:
    return worker.start <= ON and (worker.end is None or worker.end > ON)


def build(team, worker: Worker) -> None:
    end = worker.end if worker.end is None or worker.end >= worker.start else worker.start
    employment = EmploymentType.AGENCY if worker.agency else EmploymentType.PERMANENT
    person = create_staff_member(employment_type=employment)
    leaving = worker.leaving and end is not None
    leaver = {"leaver_destination": LeaverDestination(1), "reason_for_leaving": ReasonForLeaving(1)} if leaving else {}
    create_assignment(
        person,
        create_post(team),
        fte=worker.fte,
        employment_type=employment,
        start_date=worker.start,
        end_date=end,
        is_leaving=leaving,
        **leaver,
    )
    if worker.second_post_fte is not None:
        create_assignment(
            person,
            create_post(team),
            fte=worker.second_post_fte,
            employment_type=employment,
            start_date=worker.start,
            end_date=end,
            start_origin=None,
        )


def effective(worker: Worker) -> Worker:
    end = worker.end if worker.end is None or worker.end >= worker.start else worker.start
    return Worker(
        worker.fte, worker.agency, worker.start, end, worker.leaving and end is not None, worker.second_post_fte
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(team_workers=st.lists(workers, max_size=8))
def test_the_workforce_measures_follow_the_dfe_formulas(app, team_workers):
    with rolled_back(app):
        team = create_team()
        for worker in team_workers:
            build(team, worker)
        scope = MeasureScope.team(team.id)
        actual = [effective(worker) for worker in team_workers]

        def fte(worker):
            return worker.fte + (worker.second_post_fte or 0)

        employed = [worker for worker in actual if not worker.agency and in_post(worker)]
        expected_fte = sum(fte(worker) for worker in employed)
        assert measures.fte_in_post(ON, scope) == _near(expected_fte)
        # One person in two posts counts once.
        assert measures.headcount_in_post(ON, scope) == len(employed)
        agency_fte = sum(fte(worker) for worker in actual if worker.agency and in_post(worker))
        assert measures.agency_fte_on(ON, scope) == _near(agency_fte)

        for compute in (
            measures.turnover_rate_fte,
            measures.agency_rate_fte,
            measures.vacancy_rate_fte,
            measures.agency_cover_rate_fte,
            measures.absence_rate_fte,
        ):
            result = compute(YEAR_START, ON, scope)
            if not result.denominator:
                assert result.value is None, compute.__name__
            else:
                assert result.value >= 0, compute.__name__
                assert result.value == _near(result.numerator / result.denominator * 100)

        for compute in (measures.agency_rate_fte, measures.vacancy_rate_fte, measures.agency_cover_rate_fte):
            result = compute(YEAR_START, ON, scope)
            assert result.value is None or 0 <= result.value <= 100 + 1e-9, compute.__name__

        leavers = sum(
            worker.fte for worker in actual if worker.leaving and not worker.agency and YEAR_START <= worker.end <= ON
        )
        turnover = measures.turnover_rate_fte(YEAR_START, ON, scope)
        assert turnover.numerator == _near(leavers)
        assert turnover.denominator == _near(expected_fte)
        assert (turnover.value is None) == (expected_fte == 0)


def _near(value: float):
    import pytest

    return pytest.approx(value, abs=1e-6)


def test_a_team_with_nobody_has_no_rates_rather_than_zero(db):
    scope = MeasureScope.team(create_team().id)
    for compute in (measures.turnover_rate_fte, measures.agency_rate_fte, measures.vacancy_rate_fte):
        assert compute(YEAR_START, ON, scope).value is None
    assert measures.fte_in_post(ON, scope) == 0
