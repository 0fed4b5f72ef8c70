"""The academy's measures, computed on hand-built records by council, service area and team."""

from datetime import date, datetime

import pytest

from academy import careers, services
from academy.constants import Attendance, EarlyCareerOutcome, EnrolmentStatus, ReviewOutcome
from tests.academy.builders import (
    create_completion,
    create_course,
    create_cpd,
    create_early_career_record,
    create_enrolment,
    create_person,
    create_requirement,
    create_session,
)
from tests.builders import create_team
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.people.constants import CensusRole

START, END = date(2025, 10, 1), date(2026, 6, 30)


@pytest.fixture
def teams(db):
    return create_team(), create_team()


def _compute(app, measure_id, scope=None):
    return registry(app).measures.compute(measure_id, START, END, scope)


def test_every_academy_measure_is_registered(app):
    ids = {measure.id for measure in registry(app).measures if measure.module == "academy"}
    assert ids == {
        "academy_mandatory_training_compliance",
        "academy_asye_reviews_on_time",
        "academy_asye_completion",
        "academy_cpd_renewal_readiness",
        "academy_attendance_rate",
        "academy_average_confidence_change",
    }


def test_mandatory_training_compliance_counts_in_date_training_against_what_applies(app, teams):
    team_a, team_b = teams
    everyone, managers = create_course(validity_months=12), create_course(validity_months=None)
    create_requirement(everyone)
    create_requirement(managers, census_role=CensusRole.FIRST_LINE_MANAGER)
    in_date, lapsed = create_person(team_a), create_person(team_a)
    manager = create_person(team_b, census_role=CensusRole.FIRST_LINE_MANAGER)
    create_completion(in_date, everyone, date(2026, 1, 1))
    create_completion(lapsed, everyone, date(2025, 6, 30))  # expired on 30 June 2026, the end date
    create_completion(manager, managers, date(2020, 1, 1))
    council = _compute(app, "academy_mandatory_training_compliance")
    assert (council.numerator, council.denominator, council.value) == (2, 4, 50.0)
    assert _compute(app, "academy_mandatory_training_compliance", MeasureScope.team(team_a.id)).value == 50.0
    area = _compute(app, "academy_mandatory_training_compliance", MeasureScope.service_area(team_b.service_area_id))
    assert (area.numerator, area.denominator) == (1, 2)


def test_compliance_with_no_requirements_is_not_applicable(app, teams):
    create_person(teams[0])
    assert _compute(app, "academy_mandatory_training_compliance").not_applicable


def test_asye_reviews_on_time_compares_held_dates_with_due_dates(app, teams):
    record = create_early_career_record(create_person(teams[0]), start_date=date(2025, 9, 1))
    careers.record_review(record, 3, date(2025, 12, 1), ReviewOutcome.ON_TRACK)  # due 1 Dec: on time
    careers.record_review(record, 6, date(2026, 3, 5), ReviewOutcome.ON_TRACK)  # due 1 Mar: late
    # The 9-month review, due 1 June, was never held.
    value = _compute(app, "academy_asye_reviews_on_time")
    assert (value.numerator, value.denominator) == (1, 3)
    assert _compute(app, "academy_asye_reviews_on_time", MeasureScope.team(teams[1].id)).not_applicable


def test_asye_completion_counts_passes_among_decided_programmes(app, teams):
    for outcome in (EarlyCareerOutcome.PASSED, EarlyCareerOutcome.FAILED, EarlyCareerOutcome.WITHDRAWN):
        record = create_early_career_record(create_person(teams[0]), start_date=date(2025, 1, 6))
        careers.record_outcome(record, None, None, outcome, date(2026, 2, 1))
    value = _compute(app, "academy_asye_completion")
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50.0)


def test_cpd_renewal_readiness_counts_registered_people_with_two_records_and_a_peer_reflection(app, teams):
    ready, not_ready = create_person(teams[0]), create_person(teams[0])
    unregistered = create_person(teams[0], swe_number=None)
    create_cpd(ready, date(2025, 12, 1), peer_reflection=True)
    create_cpd(ready, date(2026, 6, 30))
    create_cpd(not_ready, date(2025, 11, 30), peer_reflection=True)  # last registration year
    create_cpd(not_ready, date(2026, 1, 1))
    create_cpd(unregistered, date(2026, 1, 1))
    value = _compute(app, "academy_cpd_renewal_readiness")
    assert (value.numerator, value.denominator) == (1, 2)


def test_attendance_rate_counts_present_and_late_among_places_with_attendance(app, teams):
    session = create_session(starts_at=datetime(2026, 2, 3, 9, 30), ends_at=datetime(2026, 2, 3, 12, 30))
    for attendance in Attendance:
        create_enrolment(session, create_person(teams[0]), attendance=attendance)
    create_enrolment(session, create_person(teams[0]), status=EnrolmentStatus.WAITLISTED)
    outside = create_session(starts_at=datetime(2026, 7, 1, 9, 30), ends_at=datetime(2026, 7, 1, 12, 30))
    create_enrolment(outside, create_person(teams[0]), attendance=Attendance.ABSENT)
    value = _compute(app, "academy_attendance_rate")
    assert (value.numerator, value.denominator, value.value) == (2, 4, 50.0)
    assert _compute(app, "academy_attendance_rate", MeasureScope.team(teams[1].id)).not_applicable


def test_average_confidence_change_is_the_mean_of_after_minus_before(app, teams):
    session = create_session(starts_at=datetime(2026, 2, 3, 9, 30), ends_at=datetime(2026, 2, 3, 12, 30))
    for before, after in ((2, 4), (3, 4)):
        enrolment = create_enrolment(session, create_person(teams[0]), attendance=Attendance.PRESENT)
        services.give_feedback(enrolment, before, after, 4)
    value = _compute(app, "academy_average_confidence_change")
    assert (value.numerator, value.denominator, value.value) == (3.0, 2, 1.5)


def test_compliance_counts_an_early_career_requirement_only_for_people_on_the_programme(app, teams):
    from academy.constants import EarlyCareerProgramme

    induction = create_course(validity_months=None)
    create_requirement(induction, early_career_programme=EarlyCareerProgramme.ASYE)
    newly_qualified, _experienced = create_person(teams[0]), create_person(teams[0])
    create_early_career_record(newly_qualified, start_date=date(2026, 1, 5))
    value = _compute(app, "academy_mandatory_training_compliance")
    assert (value.numerator, value.denominator) == (0, 1)
    create_completion(newly_qualified, induction, date(2026, 1, 20))
    assert _compute(app, "academy_mandatory_training_compliance").value == 100.0
