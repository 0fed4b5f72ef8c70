"""The training matrix: states per cell, scoping by team, the filter, and the Excel export."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from academy.constants import MatrixState
from academy.matrix import build_matrix
from tests.academy.builders import create_completion, create_course, create_person, create_requirement
from tests.builders import create_team, create_team_manager, create_user
from tests.spreadsheets import table_rows
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole

TODAY = datetime(2026, 4, 1, 12, 0)


@pytest.fixture
def council(db, frozen_clock):
    """Two teams; a 36-month course done at four different times, and a course one person never did."""
    frozen_clock.set(TODAY)
    team, other_team = create_team(name="Assessment Team 1"), create_team(name="Fostering Team")
    safeguarding = create_course(title="Safeguarding children level 3", validity_months=36)
    court = create_course(title="Court skills", validity_months=None)
    create_requirement(safeguarding)
    create_requirement(court, census_role=CensusRole.CASE_HOLDER)
    people = {
        "current": create_person(team, first_name="Cara", last_name="Current"),
        "ninety": create_person(team, first_name="Nina", last_name="Ninety"),
        "thirty": create_person(team, first_name="Theo", last_name="Thirty"),
        "expired": create_person(other_team, first_name="Ed", last_name="Expired"),
        "manager": create_person(
            other_team, first_name="Mo", last_name="Manager", census_role=CensusRole.FIRST_LINE_MANAGER
        ),
    }
    create_completion(people["current"], safeguarding, date(2024, 1, 1))
    create_completion(people["ninety"], safeguarding, date(2023, 6, 30))  # expires 30 Jun 2026: 90 days
    create_completion(people["thirty"], safeguarding, date(2023, 5, 1))  # expires 1 May 2026: 30 days
    create_completion(people["expired"], safeguarding, date(2023, 4, 1))  # expires today
    create_completion(people["current"], court, date(2021, 1, 1))
    return {"team": team, "other_team": other_team, "people": people}


def _page_states(page) -> dict[str, list[str]]:
    rows = {}
    for row in page.select("table.govuk-table tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td, th")]
        rows[cells[0]] = cells[2:]
    return rows


def test_each_cell_shows_its_state_in_words(council):
    people = council["people"]
    matrix = build_matrix(scope_of(create_user(Role.ACADEMY_LEAD)), TODAY.date())
    assert [r.course.title for r in matrix.requirements] == ["Court skills", "Safeguarding children level 3"]
    states = {row.staff.last_name: [cell.state for cell in row.cells] for row in matrix.rows}
    assert states == {
        "Current": [MatrixState.CURRENT, MatrixState.CURRENT],
        "Ninety": [MatrixState.NOT_DONE, MatrixState.EXPIRING_90],
        "Thirty": [MatrixState.NOT_DONE, MatrixState.EXPIRING_30],
        "Expired": [MatrixState.NOT_DONE, MatrixState.EXPIRED],
        "Manager": [None, MatrixState.NOT_DONE],
    }
    assert people["manager"].name in [row.staff.name for row in matrix.rows]


def test_the_academy_lead_sees_everyone_in_the_matrix(council, client_request):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.training_matrix")
    assert set(_page_states(page)) == {person.name for person in council["people"].values()}
    assert _page_states(page)["Nina Ninety"][1] == "Expires within 90 days (expires 30 June 2026)"
    assert _page_states(page)["Ed Expired"][1] == "Expired (expired 1 April 2026)"
    assert page.select_one(".govuk-tag--red").get_text(strip=True).startswith("Expired")


def test_a_team_manager_sees_only_their_team_in_the_matrix(council, client_request):
    client_request.login(create_team_manager(council["team"]))
    page = client_request.get("academy.training_matrix")
    assert set(_page_states(page)) == {"Cara Current", "Nina Ninety", "Theo Thirty"}
    options = [option.get_text() for option in page.select("#team option")]
    assert "Fostering Team" not in options


def test_a_team_manager_asking_for_another_teams_matrix_gets_404(council, client_request):
    client_request.login(create_team_manager(council["team"]))
    client_request.get("academy.training_matrix", _query={"team": council["other_team"].id}, _expected_status=404)
    client_request.post("academy.export_matrix", team=council["other_team"].id, _expected_status=404)


def test_the_matrix_filters_by_team(council, client_request):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.training_matrix", _query={"team": council["other_team"].id})
    assert set(_page_states(page)) == {"Ed Expired", "Mo Manager"}


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR, Role.COMMITTEE_VIEWER])
def test_roles_without_the_matrix_are_refused(db, client_request, role):
    client_request.login(create_user(role))
    client_request.get("academy.training_matrix", _expected_status=403)


def test_the_matrix_export_opens_with_the_same_states_as_the_page(council, client_request):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page_states = _page_states(client_request.get("academy.training_matrix"))
    response = client_request.job_file("academy.export_matrix")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    rows = table_rows(workbook.worksheets[3])
    assert rows[0][:4] == ["Employee number", "Name", "Team", "Job type"]
    assert rows[0][4:] == ["Court skills (Case holder)", "Safeguarding children level 3 (Everyone)"]
    export_states = {row[1]: list(row[4:]) for row in rows[1:]}
    assert export_states == page_states


def test_a_team_managers_export_holds_only_their_team(council, client_request):
    client_request.login(create_team_manager(council["team"]))
    response = client_request.job_file("academy.export_matrix")
    rows = table_rows(load_workbook(io.BytesIO(response.data)).worksheets[3])
    assert {row[1] for row in rows[1:]} == {"Cara Current", "Nina Ninety", "Theo Thirty"}


def test_a_later_renewal_replaces_an_expired_completion(council):
    people, course = council["people"], create_course(validity_months=12)
    create_requirement(course)
    create_completion(people["expired"], course, date(2024, 1, 1))
    create_completion(people["expired"], course, date(2026, 3, 1))
    matrix = build_matrix(scope_of(create_user(Role.ACADEMY_LEAD)), TODAY.date())
    row = next(row for row in matrix.rows if row.staff == people["expired"])
    column = [r.course for r in matrix.requirements].index(course)
    assert row.cells[column].state is MatrixState.CURRENT


def test_a_requirement_for_an_early_career_programme_applies_only_while_someone_is_on_it(db):
    from academy import careers
    from academy.constants import EarlyCareerOutcome, EarlyCareerProgramme
    from tests.academy.builders import create_early_career_record

    induction = create_course(title="ASYE induction", validity_months=None)
    create_requirement(induction, early_career_programme=EarlyCareerProgramme.ASYE)
    newly_qualified, experienced = create_person(), create_person()
    record = create_early_career_record(newly_qualified, start_date=date(2025, 9, 1))
    lead = scope_of(create_user(Role.ACADEMY_LEAD))

    cells = {row.staff: row.cells[0].state for row in build_matrix(lead, date(2026, 1, 1)).rows}
    assert cells == {newly_qualified: MatrixState.NOT_DONE, experienced: None}

    careers.record_outcome(record, None, None, EarlyCareerOutcome.PASSED, date(2026, 9, 1))
    cells = {row.staff: row.cells[0].state for row in build_matrix(lead, date(2026, 9, 1)).rows}
    assert cells == {newly_qualified: None, experienced: None}


@pytest.mark.parametrize("team_filter", [False, True])
def test_the_matrix_totals_agree_with_the_cells(council, team_filter):
    from academy.matrix import matrix_counts

    scope = scope_of(create_user(Role.ACADEMY_LEAD))
    team_id = council["team"].id if team_filter else None
    expected = build_matrix(scope, TODAY.date(), team_id).counts()
    assert matrix_counts(scope, TODAY.date(), team_id) == expected
    assert sum(expected.values()) == (6 if team_filter else 9)


def test_the_matrix_totals_are_right_straight_after_a_completion_is_saved(council):
    from academy.matrix import matrix_counts

    scope = scope_of(create_user(Role.ACADEMY_LEAD))
    before = matrix_counts(scope, TODAY.date())
    safeguarding = next(r.course for r in build_matrix(scope, TODAY.date()).requirements if r.course.validity_months)
    create_completion(council["people"]["expired"], safeguarding, date(2026, 3, 1))
    after = matrix_counts(scope, TODAY.date())
    assert after[MatrixState.EXPIRED] == before[MatrixState.EXPIRED] - 1
    assert after[MatrixState.CURRENT] == before[MatrixState.CURRENT] + 1
