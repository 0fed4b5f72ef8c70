"""Each kind of validation problem is reported, with the record to fix."""

from datetime import date

import pytest

from tests.caseloads.builders import create_snapshot
from tests.census.builders import create_census_worker, set_council_settings
from tests.people.builders import create_assignment, create_staff_member
from workforce.census import validation
from workforce.census.returns import IN_POST, LEAVER, build_return
from workforce.census.validation import validate
from workforce.people.constants import EmploymentType, LeaverDestination, ReasonForLeaving


def _problems(kind: str):
    return [problem for problem in validate(build_return(2025)) if problem.kind == kind]


def test_a_complete_return_has_no_problems(db):
    set_council_settings()
    create_snapshot(date(2025, 9, 30))
    create_census_worker()

    assert validate(build_return(2025)) == []


def test_the_la_code_not_set_is_reported_with_a_link_to_the_setting(db):
    set_council_settings(la_code=None)

    (problem,) = _problems(validation.LA_CODE_NOT_SET)

    assert problem.setting_endpoint == "benchmarks.choose_council"


def test_pay_items_not_set_are_reported_as_missing(db):
    problems = _problems(validation.MISSING)

    assert {problem.message for problem in problems} >= {"RecruitmentBonus is not set", "OtherAllowances is not set"}
    assert {problem.setting_endpoint for problem in problems} == {"census.pay_items"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"swe_number": None}, "SWENo is missing"),
        ({"sex": None}, "Sex is missing"),
        ({"ethnicity": None}, "Ethnicity is missing"),
        ({"date_of_birth": None}, "PersonBirthDate is missing"),
        ({"qualification_level": None}, "QualLevel is missing"),
    ],
)
def test_a_missing_item_is_reported_against_the_staff_record(db, overrides, message):
    set_council_settings()
    create_snapshot(date(2025, 9, 30))
    assignment = create_census_worker(**overrides)

    (problem,) = _problems(validation.MISSING)

    assert (problem.message, problem.staff_id, problem.record_kind) == (message, assignment.staff_id, IN_POST)


def test_a_starter_without_a_start_origin_is_reported(db):
    set_council_settings()
    create_census_worker({"start_date": date(2025, 2, 3), "start_origin": None})

    assert [problem.message for problem in _problems(validation.MISSING)] == [
        "StartOrigin is missing for a starter in the year"
    ]


@pytest.mark.parametrize(
    ("item", "value"), [("Sex", "X"), ("Ethnicity", "WXYZ"), ("OrgRole", "7"), ("ReasonAbsence", "HOL")]
)
def test_an_invalid_code_is_reported(db, item, value):
    set_council_settings()
    create_census_worker()
    the_return = build_return(2025)
    the_return.records[0].items[item] = value

    problems = [problem for problem in validate(the_return) if problem.kind == validation.INVALID_CODE]

    assert [problem.message for problem in problems] == [f"{item} {value!r} is not a census code"]


def test_an_invalid_pay_item_code_is_reported(db):
    set_council_settings(pay_code="3")

    assert len(_problems(validation.INVALID_CODE)) == 8


@pytest.mark.parametrize("number", ["123456", "SWX12", "SW0", "AB12345678901"])
def test_a_social_work_england_number_in_the_wrong_format_is_reported(db, number):
    set_council_settings()
    assignment = create_census_worker(swe_number=number)

    (problem,) = _problems(validation.SWE_FORMAT)

    assert problem.staff_id == assignment.staff_id


@pytest.mark.parametrize(
    ("leaving", "message"),
    [
        ({"reason_for_leaving": None}, "The leaver has no reason for leaving"),
        ({"leaver_destination": None}, "The leaver has no destination"),
    ],
)
def test_a_leaver_without_reason_or_destination_is_reported(db, leaving, message):
    set_council_settings()
    details = {
        "end_date": date(2025, 5, 30),
        "is_leaving": True,
        "leaver_destination": LeaverDestination.NOT_KNOWN,
        "reason_for_leaving": ReasonForLeaving.RESIGNATION,
    }
    assignment = create_census_worker({**details, **leaving})

    (problem,) = _problems(validation.LEAVER_DETAILS)

    assert (problem.message, problem.staff_id, problem.record_kind) == (message, assignment.staff_id, LEAVER)


@pytest.mark.parametrize(
    ("item", "value"),
    [("RoleStartDate", "2025-10-01"), ("RoleEndDate", "2024-09-30"), ("PersonBirthDate", "2020-01-01")],
)
def test_a_date_outside_the_year_is_reported(db, item, value):
    set_council_settings()
    create_census_worker()
    the_return = build_return(2025)
    the_return.records[0].items[item] = value

    problems = [problem for problem in validate(the_return) if problem.kind == validation.DATE_OUTSIDE_YEAR]

    assert problems
    assert problems[0].message.startswith(item)


def test_fte_over_one_across_two_posts_is_reported(db):
    set_council_settings()
    assignment = create_census_worker({"fte": 0.8})
    create_assignment(assignment.staff_member, fte=0.5)

    messages = [problem.message for problem in _problems(validation.FTE_RANGE)]

    assert messages == ["FTE 1.300000 is outside 0 to 1", "FTE30 1.300000 is outside 0 to 1"]


def test_a_case_holder_without_a_caseload_snapshot_is_reported(db):
    set_council_settings()
    create_census_worker()
    create_snapshot(date(2025, 10, 31))

    (problem,) = _problems(validation.NO_SNAPSHOT)

    assert problem.record_kind == IN_POST


def test_an_agency_worker_needs_only_their_number_and_role(db):
    set_council_settings()
    create_snapshot(date(2025, 9, 30))
    agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency_worker, start_origin=None)

    assert validate(build_return(2025)) == []
