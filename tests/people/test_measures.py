"""Workforce measures on hand-built data: every edge case the DfE census guide names (docs/people.md)."""

from datetime import date

import pytest

from tests.builders import create_team
from tests.people.builders import create_absence, create_assignment, create_post, create_staff_member
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.people.constants import AbsenceReason, CensusRole, EmploymentType, RegistrationStatus
from workforce.people.measures import headcount_by_role

YEAR_START, YEAR_END = date(2024, 10, 1), date(2025, 9, 30)


def compute(measure_id, start=YEAR_START, end=YEAR_END, scope=None):
    return registry().measures.compute(measure_id, start, end, scope)


@pytest.fixture
def team(db):
    return create_team()


def team_scope(team):
    return MeasureScope.team(team.id)


def test_part_time_fte_is_contracted_over_standard_hours(team):
    worker = create_staff_member(contracted_hours=18.5, standard_hours=37)
    create_assignment(worker, create_post(team))
    create_assignment(post=create_post(team))
    assert compute("inpost_fte", scope=team_scope(team)).value == 1.5
    assert compute("inpost_headcount", scope=team_scope(team)).value == 2


def test_a_person_who_starts_and_leaves_in_the_same_year_is_a_starter_and_a_leaver_not_in_post(team):
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team), start_date=date(2024, 11, 4), end_date=date(2025, 5, 30), is_leaving=True)
    scope = team_scope(team)
    assert compute("starters_fte", scope=scope).value == 1
    assert compute("leavers_fte", scope=scope).value == 1
    assert compute("inpost_fte", scope=scope).value == 1
    turnover = compute("turnover_rate_fte", scope=scope)
    assert (turnover.numerator, turnover.denominator, turnover.value) == (1, 1, 100)


def test_leaving_on_30_september_is_a_leaver_of_that_year_and_not_in_post_at_the_snapshot(team):
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team), end_date=YEAR_END, is_leaving=True)
    scope = team_scope(team)
    assert compute("leavers_fte", scope=scope).value == 1
    assert compute("inpost_headcount", scope=scope).value == 2
    assert compute("turnover_rate_fte", scope=scope).value == 50
    next_year = compute("leavers_fte", date(2025, 10, 1), date(2026, 9, 30), scope)
    assert next_year.value == 0


def test_agency_workers_count_in_the_agency_rate_but_never_in_post_or_turnover(team):
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team))
    agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency_worker, create_post(team))
    leaving_agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(leaving_agency_worker, create_post(team), end_date=date(2025, 3, 1), is_leaving=True)
    scope = team_scope(team)
    assert compute("inpost_fte", scope=scope).value == 3
    assert compute("inpost_headcount", scope=scope).value == 3
    assert compute("agency_fte", scope=scope).value == 1
    assert compute("agency_rate_fte", scope=scope).value == 25
    assert compute("leavers_fte", scope=scope).value == 0
    assert compute("turnover_rate_fte", scope=scope).value == 0


def test_a_post_covered_by_an_agency_worker_is_still_a_vacancy_and_marked_covered(team):
    create_assignment(post=create_post(team))
    covered = create_post(team)
    create_assignment(create_staff_member(employment_type=EmploymentType.AGENCY), covered)
    create_post(team)  # empty
    half_filled = create_post(team)
    create_assignment(create_staff_member(contracted_hours=18.5), half_filled)
    scope = team_scope(team)
    vacancy = compute("vacancy_fte", scope=scope)
    assert vacancy.value == 2.5
    rate = compute("vacancy_rate_fte", scope=scope)
    assert (rate.numerator, rate.denominator, rate.value) == (2.5, 4.0, 62.5)
    cover = compute("agency_cover_rate_fte", scope=scope)
    assert (cover.numerator, cover.denominator, cover.value) == (1, 1, 100)


def test_agency_workers_outside_vacant_posts_do_not_count_as_cover(team):
    filled = create_post(team)
    create_assignment(post=filled)
    create_assignment(create_staff_member(employment_type=EmploymentType.AGENCY), filled)
    cover = compute("agency_cover_rate_fte", scope=team_scope(team))
    assert (cover.numerator, cover.denominator, cover.value) == (0, 1, 0)


def test_a_person_in_two_posts_is_one_headcount_in_the_more_senior_role_with_fte_summed(team):
    person = create_staff_member(contracted_hours=37)
    create_assignment(person, create_post(team, census_role=CensusRole.CASE_HOLDER), fte=0.6)
    create_assignment(person, create_post(team, census_role=CensusRole.SENIOR_PRACTITIONER), fte=0.4)
    scope = team_scope(team)
    assert compute("inpost_headcount", scope=scope).value == 1
    assert compute("inpost_fte", scope=scope).value == 1.0
    assert headcount_by_role(YEAR_END, scope) == {CensusRole.SENIOR_PRACTITIONER.value: 1}


@pytest.mark.parametrize(
    "measure_id",
    [
        "turnover_rate_fte",
        "agency_rate_fte",
        "vacancy_rate_fte",
        "agency_cover_rate_fte",
        "absence_rate_fte",
        "days_lost_per_fte",
        "turnover_rate_fte_rolling_12_months",
        "under_two_years_service_rate",
        "leavers_within_12_months_rate",
        "registration_compliance_rate",
    ],
)
def test_a_rate_with_a_zero_denominator_is_not_applicable(team, measure_id):
    value = compute(measure_id, scope=team_scope(team))
    assert value.not_applicable
    assert value.denominator == 0


def test_working_days_lost_skip_weekends_and_bank_holidays_and_are_clipped_to_the_period(team):
    worker = create_staff_member()
    create_assignment(worker, create_post(team))
    # Friday 22 to Tuesday 26 August 2025: Monday 25 is the summer bank holiday -> 2 working days.
    create_absence(worker, start_date=date(2025, 8, 22), end_date=date(2025, 8, 26))
    # Ongoing from Monday 29 September: 29 and 30 fall in the year.
    create_absence(worker, start_date=date(2025, 9, 29), end_date=None)
    # Training is not sickness.
    create_absence(worker, reason=AbsenceReason.TRAINING, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    scope = team_scope(team)
    assert compute("working_days_lost_fte", scope=scope).value == 4
    rate = compute("absence_rate_fte", scope=scope)
    assert rate.numerator == 4
    # 1 Oct 2024 - 30 Sep 2025: 261 weekdays less 8 bank holidays = 253 working days, x 1 FTE.
    assert rate.denominator == 253
    assert rate.value == pytest.approx(400 / 253)


def test_agency_workers_sickness_is_not_counted(team):
    worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(worker, create_post(team))
    create_absence(worker, start_date=date(2025, 9, 1), end_date=date(2025, 9, 5))
    assert compute("working_days_lost_fte", scope=team_scope(team)).value == 0


def test_rolling_turnover_uses_the_12_months_to_the_end_date(team):
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(team), end_date=date(2025, 2, 14), is_leaving=True)
    create_assignment(post=create_post(team), end_date=date(2024, 2, 14), is_leaving=True)
    value = compute("turnover_rate_fte_rolling_12_months", date(2025, 6, 1), date(2025, 6, 30), team_scope(team))
    assert (value.numerator, value.denominator, value.value) == (1, 1, 100)


def test_under_two_years_service_counts_the_latest_start(team):
    create_assignment(post=create_post(team), start_date=date(2024, 1, 8))
    create_assignment(post=create_post(team), start_date=date(2015, 1, 8))
    create_assignment(post=create_post(team), start_date=date(2023, 9, 30))
    value = compute("under_two_years_service_rate", scope=team_scope(team))
    assert (value.numerator, value.denominator) == (1, 3)


def test_leavers_within_12_months_of_starting(team):
    create_assignment(post=create_post(team), start_date=date(2024, 12, 2), end_date=date(2025, 6, 30), is_leaving=True)
    create_assignment(post=create_post(team), start_date=date(2019, 12, 2), end_date=date(2025, 6, 30), is_leaving=True)
    value = compute("leavers_within_12_months_rate", scope=team_scope(team))
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50)


def test_registration_compliance_counts_registered_staff_with_a_current_period(team):
    registered = create_staff_member(
        registration_status=RegistrationStatus.REGISTERED, registered_until=date(2025, 11, 30)
    )
    lapsed = create_staff_member(registration_status=RegistrationStatus.LAPSED, registered_until=date(2024, 11, 30))
    unchecked = create_staff_member(registration_status=None)
    manager = create_staff_member(registration_status=RegistrationStatus.NOT_REQUIRED)
    for person in (registered, lapsed, unchecked, manager):
        create_assignment(person, create_post(team))
    value = compute("registration_compliance_rate", scope=team_scope(team))
    assert (value.numerator, value.denominator) == (1, 3)


def test_a_scope_counts_only_its_own_teams(team):
    other = create_team()
    create_assignment(post=create_post(team))
    create_assignment(post=create_post(other))
    assert compute("inpost_headcount", scope=team_scope(team)).value == 1
    assert compute("inpost_headcount", scope=MeasureScope.service_area(other.service_area_id)).value == 1


def test_every_measure_has_a_definition_and_source(app):
    people_measures = [measure for measure in registry(app).measures if measure.module == "people"]
    assert len(people_measures) >= 16
    assert all(measure.definition and measure.source for measure in people_measures)
