"""The census return built from hand-made staff, assignment, absence and caseload records."""

from datetime import date

import pytest

from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.census.builders import create_census_worker, set_council_settings
from tests.people.builders import create_absence, create_assignment, create_post, create_staff_member
from workforce.caseloads.constants import CaseType
from workforce.census.returns import AGENCY, IN_POST, LEAVER, build_return
from workforce.kernel.dates import census_year
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    LeaverDestination,
    ReasonForLeaving,
    StartOrigin,
)


def test_the_census_year_runs_from_1_october_to_30_september():
    assert census_year(2025) == (date(2024, 10, 1), date(2025, 9, 30))


def test_a_person_in_two_posts_is_one_record_in_the_more_senior_role_with_fte_summed(db):
    first = create_census_worker({"fte": 0.5, "census_role": CensusRole.CASE_HOLDER})
    create_assignment(first.staff_member, fte=0.3, census_role=CensusRole.FIRST_LINE_MANAGER)

    records = build_return(2025).records_of(IN_POST)

    assert len(records) == 1
    assert records[0].get("OrgRole") == "3"
    assert records[0].get("FTE") == "0.800000"
    assert records[0].get("FTE30") == "0.800000"


def test_the_la_level_block_has_vacancies_and_agency_figures_at_30_september(db):
    set_council_settings()
    post = create_post(budgeted_fte=1.0)
    create_post(budgeted_fte=1.0)
    agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency_worker, post=post, fte=1.0, start_origin=None)

    la_level = build_return(2025).la_level

    assert la_level["NumberOfVacancies"] == "2.00"
    assert la_level["NoAgencyFTE"] == "1.00"
    assert la_level["NoAgencyHeadcount"] == "1"
    assert la_level["RecruitmentBonus"] == "2"
    assert la_level["OtherAllowances"] == "None"


def test_agency_records_are_not_de_duplicated(db):
    agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency_worker, fte=0.5, start_date=date(2024, 11, 4), end_date=date(2025, 2, 28))
    create_assignment(agency_worker, fte=1.0, start_date=date(2025, 3, 3))

    records = build_return(2025).records_of(AGENCY)

    assert [(record.get("AgencyWorker"), record.get("FTE"), record.get("FTE30")) for record in records] == [
        ("1", "0.500000", None),
        ("1", "1.000000", "1.000000"),
    ]
    assert records[0].get("RoleEndDate") == "2025-02-28"


def test_a_leaver_has_end_date_destination_and_reason(db):
    create_census_worker(
        {
            "end_date": date(2025, 6, 30),
            "is_leaving": True,
            "leaver_destination": LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
            "reason_for_leaving": ReasonForLeaving.RESIGNATION,
        }
    )

    (record,) = build_return(2025).records_of(LEAVER)

    assert (record.get("RoleEndDate"), record.get("LeaverDestination"), record.get("ReasonLeave")) == (
        "2025-06-30",
        "1",
        "1",
    )
    assert record.get("FTE30") is None


def test_a_person_leaving_on_30_september_is_a_leaver_not_in_post(db):
    create_census_worker({"end_date": date(2025, 9, 30), "is_leaving": True})

    the_return = build_return(2025)

    assert len(the_return.records_of(LEAVER)) == 1
    assert the_return.records_of(IN_POST) == []


def test_a_starter_in_the_year_has_a_start_origin(db):
    new = create_census_worker({"start_date": date(2025, 1, 6), "start_origin": StartOrigin.NEWLY_QUALIFIED})
    old = create_census_worker({"start_date": date(2020, 1, 6)})

    records = {record.staff_id: record for record in build_return(2025).records_of(IN_POST)}
    starter, longer_serving = records[new.staff_id], records[old.staff_id]

    assert (starter.get("RoleStartDate"), starter.get("StartOrigin")) == ("2025-01-06", "1")
    assert "StartOrigin" not in longer_serving.items


def test_a_move_between_posts_in_the_year_is_not_a_start(db):
    earlier = create_census_worker({"start_date": date(2019, 4, 1), "end_date": date(2025, 1, 31)})
    create_assignment(earlier.staff_member, start_date=date(2025, 2, 1), start_origin=None)

    (record,) = build_return(2025).records_of(IN_POST)

    assert record.get("RoleStartDate") == "2025-02-01"
    assert "StartOrigin" not in record.items


def test_cases_at_30_september_come_from_the_latest_snapshot_on_or_before_it(db):
    assignment = create_census_worker({"fte": 0.5})
    old = create_snapshot(date(2025, 8, 31))
    create_worker_count(old, assignment.staff_member, counts={CaseType.CHILD_IN_NEED: 3})
    latest = create_snapshot(date(2025, 9, 30))
    create_worker_count(
        latest, assignment.staff_member, counts={CaseType.CHILD_PROTECTION: 4, CaseType.CHILD_IN_NEED: 5}
    )
    create_snapshot(date(2025, 10, 31))

    (record,) = build_return(2025).records_of(IN_POST)

    assert record.get("Cases30") == "9"
    assert record.get("FTE30") == "0.500000"


def test_working_days_lost_count_sickness_in_the_year_only_to_two_places(db):
    assignment = create_census_worker()
    # 30 September to 4 October 2024: 1 day before the year, 4 in it; then a week of training.
    create_absence(assignment.staff_member, start_date=date(2024, 9, 30), end_date=date(2024, 10, 4))
    create_absence(
        assignment.staff_member,
        reason=AbsenceReason.TRAINING,
        start_date=date(2025, 2, 3),
        end_date=date(2025, 2, 7),
    )

    (record,) = build_return(2025).records_of(IN_POST)

    assert record.get("WorkingDaysLost") == "4.00"


def test_absence_at_30_september_gives_its_reason(db):
    absent = create_census_worker()
    create_census_worker()
    create_absence(
        absent.staff_member, reason=AbsenceReason.MATERNITY_PATERNITY, start_date=date(2025, 7, 1), end_date=None
    )

    first, second = build_return(2025).records_of(IN_POST)

    assert (first.get("Absat30Sept"), first.get("ReasonAbsence")) == ("1", "MAT")
    assert (second.get("Absat30Sept"), second.get("ReasonAbsence")) == ("0", None)


def test_swe_numbers_are_normalised(db):
    create_census_worker(swe_number="sw000123")

    (record,) = build_return(2025).records_of(IN_POST)

    assert record.get("SWENo") == "SW123"


def test_the_figures_derived_from_the_xml_follow_the_dfe_formulas(db):
    from workforce.census.files import build_xml, derive_figures

    set_council_settings()
    create_census_worker({"fte": 1.0})
    create_census_worker({"fte": 0.5})
    create_census_worker(
        {
            "fte": 0.5,
            "end_date": date(2025, 3, 31),
            "is_leaving": True,
            "leaver_destination": LeaverDestination.NOT_KNOWN,
            "reason_for_leaving": ReasonForLeaving.RETIRED,
        }
    )
    agency_worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency_worker, fte=0.5, start_origin=None)

    derived = derive_figures(build_xml(build_return(2025)))

    assert (derived.fte_in_post, derived.headcount_in_post, derived.leavers_fte) == (1.5, 2, 0.5)
    assert derived.turnover_rate.value == pytest.approx(100 * 0.5 / 1.5)
    assert derived.agency_rate.value == pytest.approx(100 * 0.5 / 2.0)
    assert derived.average_caseload.not_applicable
