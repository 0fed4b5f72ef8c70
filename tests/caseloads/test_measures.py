from datetime import date

import pytest

from tests.builders import create_service_area, create_team
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads.constants import CaseType
from workforce.caseloads.measures import band_id
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.people.constants import CensusRole, EmploymentType

SEPTEMBER = date(2025, 9, 30)


def compute(measure_id, end=SEPTEMBER, scope=None):
    return registry().measures.compute(measure_id, date(2024, 10, 1), end, scope)


@pytest.fixture
def council(db):
    """Two teams on 30 September 2025: agency, part-time, non-case-holding, leaver and unknown holders."""
    area = create_service_area()
    first, second = create_team(service_area=area), create_team(service_area=area)
    snapshot = create_snapshot(SEPTEMBER)
    permanent = create_staff_member()
    create_assignment(permanent, team=first)
    create_worker_count(snapshot, permanent, first, {CaseType.CHILD_IN_NEED: 10, CaseType.CHILD_PROTECTION: 8})
    agency = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency, team=first, employment_type=EmploymentType.AGENCY)
    create_worker_count(snapshot, agency, first, {CaseType.CHILD_IN_NEED: 12})
    part_timer = create_staff_member(contracted_hours=18.5)
    create_assignment(part_timer, team=second, fte=0.5)
    create_worker_count(snapshot, part_timer, second, {CaseType.CHILD_LOOKED_AFTER: 9})
    no_cases = create_staff_member()
    create_assignment(no_cases, team=second, census_role=CensusRole.QUALIFIED_WITHOUT_CASES)
    create_worker_count(snapshot, no_cases, second, {})
    leaver = create_staff_member()
    create_assignment(leaver, team=second, end_date=date(2025, 8, 31))
    create_worker_count(snapshot, leaver, second, {CaseType.CHILD_IN_NEED: 5})
    create_worker_count(snapshot, None, second, {CaseType.CHILD_IN_NEED: 7}, worker_identifier="E404")
    return {"area": area, "first": first, "second": second, "snapshot": snapshot}


def test_caseload_fte_counts_agency_workers_and_part_timers_and_leaves_out_non_case_holders(council):
    # Cases 18 + 12 + 9 = 39 over FTE 1 + 1 + 0.5 = 2.5; the leaver and the unknown worker are not in post.
    value = compute("caseload_fte")
    assert (value.numerator, value.denominator) == (39, 2.5)
    assert value.value == pytest.approx(15.6)


def test_cases_and_case_holders_fte_are_the_parts_of_the_average(council):
    assert compute("cases").value == 39
    assert compute("case_holders_fte").value == pytest.approx(2.5)


def test_caseload_fte_is_computed_for_each_team(council):
    assert compute("caseload_fte", scope=MeasureScope.team(council["first"].id)).value == pytest.approx(15.0)
    assert compute("caseload_fte", scope=MeasureScope.team(council["second"].id)).value == pytest.approx(18.0)


def test_caseload_fte_for_a_service_area_covers_its_teams(council):
    other_area_team = create_team()
    worker = create_staff_member()
    create_assignment(worker, team=other_area_team)
    create_worker_count(council["snapshot"], worker, other_area_team, {CaseType.EARLY_HELP: 30})
    assert compute("caseload_fte", scope=MeasureScope.service_area(council["area"].id)).value == pytest.approx(15.6)


def test_a_period_uses_the_latest_snapshot_on_or_before_its_end(council):
    later = create_snapshot(date(2025, 10, 31))
    worker = create_staff_member()
    create_assignment(worker, team=council["first"])
    create_worker_count(later, worker, council["first"], {CaseType.CHILD_IN_NEED: 20})
    assert compute("cases", end=date(2025, 10, 15)).value == 39
    assert compute("cases", end=date(2025, 10, 31)).value == 20


def test_caseload_fte_is_not_applicable_without_a_snapshot(db):
    value = compute("caseload_fte", end=date(2001, 1, 31))
    assert value.not_applicable
    assert value.denominator == 0


def test_percentage_over_threshold_counts_case_holders_in_post(council):
    # Per FTE: 18 (within: over means above 18), 12, and 18 for the part-timer; nobody over.
    assert compute("caseload_over_threshold_percent").value == 0
    worker = create_staff_member()
    create_assignment(worker, team=council["first"])
    create_worker_count(council["snapshot"], worker, council["first"], {CaseType.CHILD_PROTECTION: 19})
    value = compute("caseload_over_threshold_percent")
    assert (value.numerator, value.denominator) == (1, 4)


def test_asye_workers_within_their_protected_caseload(council):
    newly_qualified = create_staff_member(qualification_date=date(2025, 3, 1))
    create_assignment(newly_qualified, team=council["first"])
    # ASYE threshold: 90% of 18 = 16.2, so 17 cases is over it.
    create_worker_count(council["snapshot"], newly_qualified, council["first"], {CaseType.CHILD_IN_NEED: 17})
    other = create_staff_member(qualification_date=date(2025, 6, 1))
    create_assignment(other, team=council["first"])
    create_worker_count(council["snapshot"], other, council["first"], {CaseType.CHILD_IN_NEED: 12})
    value = compute("caseload_asye_within_protected_percent")
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50)


def test_asye_measure_is_not_applicable_when_nobody_is_newly_qualified(council):
    assert compute("caseload_asye_within_protected_percent").not_applicable


@pytest.mark.parametrize(
    ("band", "expected"),
    [("Under 5", 0), ("10 to 15", 1), ("15 to 20", 2), ("25 and over", 0)],
)
def test_caseload_distribution_bands_share_out_the_case_holders(council, band, expected):
    value = compute(band_id(band))
    assert (value.numerator, value.denominator) == (expected, 3)


def test_holders_on_each_month_end_equal_the_single_date_definition(db):
    """The trend's grouped query gives, for every date, what `holders_in_post` gives for that date alone:
    snapshots between month ends, two on one date (the later import counts), a superseded import, people
    leaving and starting between snapshots, two posts at once, no Social Work England number."""
    from workforce.caseloads.constants import SnapshotStatus
    from workforce.caseloads.measures import holders_in_post, holders_in_post_on_each

    area = create_service_area()
    first, second, elsewhere = create_team(service_area=area), create_team(service_area=area), create_team()
    two_posts = create_staff_member(contracted_hours=30)
    create_assignment(two_posts, team=first, fte=0.5)
    create_assignment(two_posts, team=second, fte=0.3, start_date=date(2025, 3, 1))
    leaver = create_staff_member()
    create_assignment(leaver, team=second, end_date=date(2025, 2, 14))
    starter = create_staff_member()
    create_assignment(starter, team=elsewhere, start_date=date(2025, 2, 1))
    unregistered = create_staff_member(swe_number=None)
    create_assignment(unregistered, team=first)
    people = [(two_posts, first), (leaver, second), (starter, elsewhere), (unregistered, first)]
    for day, status in [
        (date(2025, 1, 10), SnapshotStatus.IMPORTED),
        (date(2025, 2, 14), SnapshotStatus.IMPORTED),
        (date(2025, 2, 14), SnapshotStatus.IMPORTED),
        (date(2025, 3, 31), SnapshotStatus.IMPORTED),
        (date(2025, 4, 30), SnapshotStatus.SUPERSEDED),
    ]:
        snapshot = create_snapshot(day, status=status)
        for index, (person, team) in enumerate(people):
            create_worker_count(snapshot, person, team, {CaseType.CHILD_IN_NEED: day.day + index})
    ends = [date(2024, 12, 31), date(2025, 1, 31), date(2025, 2, 14), date(2025, 2, 28), date(2025, 3, 31)]
    ends.append(date(2025, 4, 30))
    for scope in (
        MeasureScope.council(),
        MeasureScope.service_area(area.id),
        MeasureScope.team(first.id),
        MeasureScope.team(elsewhere.id),
    ):
        assert holders_in_post_on_each(ends, scope) == {end: holders_in_post(end, scope) for end in ends}
    assert holders_in_post_on_each([], MeasureScope.council()) == {}
