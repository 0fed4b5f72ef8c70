from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.builders import create_user
from tests.recruitment.builders import (
    advance_to,
    complete_checks,
    create_applicant,
    create_application,
    create_vacancy,
)
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType, StartOrigin
from workforce.people.models import Assignment, StaffMember
from workforce.recruitment import services
from workforce.recruitment.constants import ApplicantSource, CheckKind, ClosureReason, StageKind, VacancyStatus
from workforce.recruitment.models import StageChange
from workforce.recruitment.services import RecruitmentError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("SW123456", "SW123456"), ("sw123456", "SW123456"), ("SW0012345", "SW12345"), (" sw 98 ", "SW98"), ("", None)],
)
def test_social_work_england_numbers_are_stored_upper_case_without_leading_zeros(typed, stored):
    assert services.normalise_swe_number(typed) == stored


@pytest.mark.parametrize("typed", ["123456", "SW", "SWABC", "SW000", "XW12345", "SW12-34"])
def test_malformed_social_work_england_numbers_are_refused(typed):
    with pytest.raises(RecruitmentError, match="SW followed by digits"):
        services.normalise_swe_number(typed)


def test_an_applicant_who_applies_again_is_recognised_by_their_social_work_england_number(db):
    first = services.record_applicant(first_name="Rae", last_name="Lamb", email="rae@example.com", swe_number="SW0042")
    again = services.record_applicant(
        first_name="Rae", last_name="Lamb-Smith", email="rae.new@example.com", swe_number="sw42"
    )
    assert again.id == first.id
    assert again.last_name == "Lamb-Smith"


def test_an_applicant_without_a_number_is_recognised_by_email(db):
    first = services.record_applicant(first_name="Jo", last_name="Ng", email="Jo.Ng@example.com")
    again = services.record_applicant(first_name="Jo", last_name="Ng", email="jo.ng@example.com")
    assert again.id == first.id


def test_one_applicant_can_apply_to_several_vacancies_but_once_to_each(db):
    applicant = create_applicant()
    vacancy = create_vacancy()
    create_application(vacancy, applicant)
    create_application(create_vacancy(), applicant)
    assert len(applicant.applications) == 2
    with pytest.raises(RecruitmentError, match="already applied"):
        services.add_application(vacancy, applicant, ApplicantSource.DIRECT_ADVERT)


def test_every_move_is_logged_with_who_and_when(db, frozen_clock):
    hr = create_user(Role.HR)
    frozen_clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    application = create_application()
    services.move_application(application, services.stage_of_kind(StageKind.SCREENING), hr, note="Strong CV")
    moves = db.session.execute(select(StageChange).where(StageChange.application_id == application.id)).scalars()
    last = list(moves)[-1]
    assert (last.from_stage.name, last.to_stage.name, last.moved_by_id, last.note) == (
        "Applied",
        "Shortlisted",
        hr.id,
        "Strong CV",
    )


def test_a_move_that_is_not_allowed_is_refused(db):
    application = create_application()
    with pytest.raises(RecruitmentError, match="cannot move from Applied to Offer"):
        services.move_application(application, services.stage_of_kind(StageKind.OFFER), None)


def test_rejection_needs_a_coded_reason_of_the_right_kind(db):
    application = create_application()
    rejected = services.stage_of_kind(StageKind.REJECTED)
    with pytest.raises(RecruitmentError, match="Select the reason"):
        services.move_application(application, rejected, None)
    with pytest.raises(RecruitmentError, match="is not a reason for rejected"):
        services.move_application(application, rejected, None, ClosureReason.ACCEPTED_ANOTHER_JOB)
    services.move_application(application, rejected, None, ClosureReason.NOT_REGISTERED)
    assert application.closure_reason is ClosureReason.NOT_REGISTERED


def test_time_in_stage_comes_from_the_log(db, frozen_clock):
    frozen_clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    application = create_application()
    frozen_clock.advance(timedelta(days=3))
    services.move_application(application, services.stage_of_kind(StageKind.SCREENING), None)
    frozen_clock.advance(timedelta(days=10))
    services.move_application(application, services.stage_of_kind(StageKind.INTERVIEW), None)
    frozen_clock.advance(timedelta(days=2))
    spans = [(stage.name, round(days, 3)) for stage, days in services.time_in_stages(application)]
    assert spans == [("Applied", 3.0), ("Shortlisted", 10.0), ("Interview", 2.0)]


def test_an_offer_cannot_be_made_to_a_rejected_applicant(db):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    services.move_application(
        application, services.stage_of_kind(StageKind.REJECTED), None, ClosureReason.INTERVIEW_PERFORMANCE
    )
    with pytest.raises(RecruitmentError, match="the application is rejected"):
        services.make_offer(application, None)
    assert application.offers == []


def test_an_offer_is_made_after_interview_and_moves_the_application_to_offer(db):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    services.make_offer(application, None, date(2026, 2, 20), date(2026, 4, 6))
    assert application.stage.kind is StageKind.OFFER


def test_a_declined_offer_needs_a_reason_and_closes_the_application(db):
    application = advance_to(create_application(), StageKind.OFFER)
    offer = application.offers[0]
    with pytest.raises(RecruitmentError, match="Select why"):
        services.answer_offer(offer, False, None)
    services.answer_offer(offer, False, None, ClosureReason.COUNTER_OFFER)
    assert application.stage.kind is StageKind.OFFER_DECLINED


def test_an_interview_records_the_panel_and_a_score_per_criterion(db):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    panel = [create_user(Role.TEAM_MANAGER), create_user(Role.HR)]
    interview = services.record_interview(application, date(2026, 2, 10), panel, {"Analysis": 3, "Values": 4})
    assert interview.total_score == 7
    assert {member.id for member in interview.panel} == {member.id for member in panel}


def test_an_interview_score_must_be_from_one_to_four(db):
    application = advance_to(create_application(), StageKind.INTERVIEW)
    with pytest.raises(RecruitmentError, match="from 1 to 4"):
        services.record_interview(application, date(2026, 2, 10), [create_user(Role.HR)], {"Analysis": 5})


def test_accepting_an_offer_opens_every_pre_employment_check(db):
    application = advance_to(create_application(), StageKind.CHECKS)
    assert {check.kind for check in application.checks} == set(CheckKind)
    assert services.outstanding_checks(application) == list(CheckKind)


def test_a_start_cannot_be_confirmed_with_a_check_outstanding(db):
    application = advance_to(create_application(), StageKind.CHECKS)
    complete_checks(application, skip={CheckKind.DBS})
    with pytest.raises(RecruitmentError, match="enhanced dbs check"):
        services.confirm_start(application, "E900001", date(2026, 4, 6), None)
    assert application.staff_member is None


def test_a_start_can_be_confirmed_with_an_exception_recorded_for_the_outstanding_check(db):
    application = advance_to(create_application(), StageKind.CHECKS)
    complete_checks(application, skip={CheckKind.DBS})
    with pytest.raises(RecruitmentError, match="Enter why"):
        services.record_check_exception(application, CheckKind.DBS, " ", None)
    services.record_check_exception(application, CheckKind.DBS, "Update service check pending; risk assessed", None)
    assignment = services.confirm_start(application, "E900002", date(2026, 4, 6), None)
    assert assignment.staff_member.employee_number == "E900002"


def test_confirming_a_start_creates_the_staff_record_and_assignment_and_fills_the_vacancy(db):
    vacancy = create_vacancy(approved_on=date(2026, 1, 12))
    applicant = create_applicant(first_name="Mina", last_name="Okafor", swe_number="SW777")
    application = services.add_application(
        vacancy, applicant, ApplicantSource.FRONTLINE, StartOrigin.NEWLY_QUALIFIED, date(2026, 1, 20)
    )
    advance_to(application, StageKind.CHECKS)
    complete_checks(application)
    services.confirm_start(application, "E900003", date(2026, 4, 6), None)
    staff = db.session.execute(select(StaffMember).where(StaffMember.employee_number == "E900003")).scalar_one()
    assignment = db.session.execute(select(Assignment).where(Assignment.staff_id == staff.id)).scalar_one()
    assert (staff.first_name, staff.last_name, staff.swe_number, staff.frontline) == ("Mina", "Okafor", "SW777", True)
    assert staff.employment_type is EmploymentType.PERMANENT
    assert (assignment.post_id, assignment.team_id, assignment.start_date) == (
        vacancy.post_id,
        vacancy.team_id,
        date(2026, 4, 6),
    )
    assert assignment.start_origin is StartOrigin.NEWLY_QUALIFIED
    assert application.stage.kind is StageKind.STARTED
    assert (vacancy.status, vacancy.filled_on, vacancy.days_to_fill) == (VacancyStatus.FILLED, date(2026, 4, 6), 84)


def test_a_start_cannot_reuse_an_employee_number(db):
    from tests.people.builders import create_staff_member

    create_staff_member(employee_number="E123")
    application = advance_to(create_application(), StageKind.CHECKS)
    complete_checks(application)
    with pytest.raises(RecruitmentError, match="already in use"):
        services.confirm_start(application, "E123", date(2026, 4, 6), None)


def test_start_confirmed_is_reached_only_by_confirming_the_start(db):
    application = advance_to(create_application(), StageKind.CHECKS)
    complete_checks(application)
    with pytest.raises(RecruitmentError, match="Confirm the start"):
        services.move_application(application, services.stage_of_kind(StageKind.STARTED), None)
