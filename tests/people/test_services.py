"""Staff services: validation and the audit trail of every change to a person's record."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import create_team, create_user
from tests.people.builders import create_absence, create_assignment, create_post, create_staff_member
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.people import services
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    LeaverDestination,
    ReasonForLeaving,
    RegistrationStatus,
    StartOrigin,
)


def events_for(record_type, record_id):
    return list(
        db.session.execute(
            select(AuditEvent).where(AuditEvent.record_type == record_type, AuditEvent.record_id == str(record_id))
        ).scalars()
    )


def new_staff(**overrides):
    values = {
        "employee_number": "E9001",
        "first_name": "Ada",
        "last_name": "Okafor",
        "swe_number": "sw 000123",
        "employment_type": EmploymentType.PERMANENT,
        "contracted_hours": 30,
        "standard_hours": 37,
    }
    return services.create_staff_member(**{**values, **overrides})


def test_creating_a_staff_member_normalises_the_swe_number_and_is_audited(db):
    person = new_staff()
    assert person.swe_number == "SW123"
    [event] = events_for("Staff", person.id)
    assert event.action == "created"
    assert event.changes["swe_number"]["after"] == "SW123"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"swe_number": "123456"}, "swe_number"),
        ({"swe_number": "SW0"}, "swe_number"),
        ({"employee_number": "  "}, "employee_number"),
        ({"standard_hours": 0}, "standard_hours"),
        ({"contracted_hours": -1}, "contracted_hours"),
    ],
)
def test_bad_staff_values_are_refused(db, overrides, field):
    with pytest.raises(services.StaffError) as problem:
        new_staff(**overrides)
    assert problem.value.field == field


def test_an_swe_number_belongs_to_one_person(db):
    create_staff_member(swe_number="SW123")
    with pytest.raises(services.StaffError, match="already on the record"):
        new_staff(swe_number="SW0123")


def test_editing_records_before_and_after(db):
    person = create_staff_member(first_name="Sam")
    services.update_staff_member(person, first_name="Samira")
    [event] = events_for("Staff", person.id)
    assert event.changes == {"first_name": {"before": "Sam", "after": "Samira"}}


def test_a_line_manager_cannot_be_someone_they_manage(db):
    boss = create_staff_member()
    worker = create_staff_member(line_manager=boss)
    with pytest.raises(services.StaffError):
        services.set_line_manager(boss, worker)
    services.set_line_manager(worker, None)
    assert worker.line_manager is None


def test_a_leaver_ends_every_open_assignment_with_census_codes(db):
    person = create_staff_member()
    first = create_assignment(person)
    second = create_assignment(person, fte=0.2)
    services.record_leaver(
        person,
        last_day=date(2025, 9, 30),
        reason=ReasonForLeaving.RETIRED,
        destination=LeaverDestination.NON_SOCIAL_CARE_OR_BREAK,
    )
    for assignment in (first, second):
        assert assignment.end_date == date(2025, 9, 30) and assignment.is_leaving
        assert assignment.reason_for_leaving is ReasonForLeaving.RETIRED
        assert events_for("Assignment", assignment.id)[-1].note == "Left the service"


def test_ending_an_assignment_as_a_leaver_needs_reason_and_destination(db):
    assignment = create_assignment()
    with pytest.raises(services.StaffError):
        services.end_assignment(assignment, end_date=date(2025, 1, 31), leaving=True)


def test_starting_an_assignment_takes_the_post_role_and_team(db):
    post = create_post(census_role=CensusRole.SENIOR_PRACTITIONER)
    person = create_staff_member(contracted_hours=18.5)
    assignment = services.start_assignment(
        person, post=post, start_date=date(2025, 4, 1), start_origin=StartOrigin.NEWLY_QUALIFIED
    )
    assert (assignment.team, assignment.census_role, assignment.fte) == (post.team, CensusRole.SENIOR_PRACTITIONER, 0.5)
    assert events_for("Assignment", assignment.id)[0].action == "created"


def test_an_absence_cannot_overlap_another(db):
    person = create_staff_member()
    create_absence(person, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    with pytest.raises(services.StaffError):
        services.record_absence(
            person, reason=AbsenceReason.SICKNESS, start_date=date(2025, 3, 7), end_date=date(2025, 3, 10)
        )
    absence = services.record_absence(
        person, reason=AbsenceReason.SICKNESS, start_date=date(2025, 3, 10), end_date=None
    )
    services.end_absence(absence, date(2025, 3, 14))
    assert services.working_days_lost(absence) == 5


def test_a_registration_check_records_who_and_when(db):
    person = create_staff_member()
    checker = create_user(Role.HR)
    services.record_registration_check(
        person, RegistrationStatus.REGISTERED, date(2026, 11, 30), date(2025, 10, 1), checker
    )
    assert person.registration_checked_by == checker
    assert events_for("Staff", person.id)[-1].note == "Registration checked on the public register"


def test_a_registered_status_needs_a_registered_until_date(db):
    with pytest.raises(services.StaffError):
        services.record_registration_check(
            create_staff_member(), RegistrationStatus.REGISTERED, None, date(2025, 10, 1), None
        )


def test_posts_check_their_budgeted_fte_and_numbers(db):
    team = create_team()
    values = {
        "post_number": "P-1",
        "team_id": team.id,
        "census_role": CensusRole.CASE_HOLDER,
        "job_title": "Social worker",
        "budgeted_fte": 1.0,
        "funded_from": date(2024, 4, 1),
    }
    post = services.create_post(**values)
    with pytest.raises(services.StaffError):
        services.create_post(**values)
    with pytest.raises(services.StaffError):
        services.update_post(post, budgeted_fte=1.5)


def test_a_move_ends_current_assignments_the_day_before_and_is_not_a_starter_or_leaver(db):
    person = create_staff_member()
    old = create_assignment(person, start_date=date(2022, 1, 4))
    new_post = create_post(census_role=CensusRole.SENIOR_PRACTITIONER)
    new = services.move_to_post(person, new_post, date(2025, 6, 2))
    assert old.end_date == date(2025, 6, 1) and not old.is_leaving
    assert new.start_origin is None and new.census_role is CensusRole.SENIOR_PRACTITIONER
