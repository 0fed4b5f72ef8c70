"""Staff survey results: imported per team and question, suppressed under 5 responses, scoped by team."""

import io

from sqlalchemy import func, select

from tests.builders import create_team, create_team_manager, create_user
from tests.people.test_imports import as_csv
from workforce.kernel.roles import Role
from workforce.people import imports
from workforce.people.models import SurveyResult

HEADERS = list(imports.SURVEY_COLUMNS)


def survey_rows(team: str) -> list[dict]:
    return [
        {
            "SurveyDate": "2025-03-31",
            "Team": team,
            "Question": "I feel valued",
            "PercentAgreeing": "62",
            "Responses": "12",
        },
        {
            "SurveyDate": "2025-09-30",
            "Team": team,
            "Question": "I feel valued",
            "PercentAgreeing": "70",
            "Responses": "4",
        },
    ]


def import_rows(rows):
    report, loaded = imports.check_survey(as_csv(rows, HEADERS), "survey.csv")
    assert report.ok, report.problems
    return imports.apply_survey(loaded)


def test_survey_results_import_once_and_again_change_nothing(db):
    create_team("Team A")
    assert import_rows(survey_rows("Team A")).created == 2
    outcome = import_rows(survey_rows("Team A"))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert db.session.execute(select(func.count()).select_from(SurveyResult)).scalar_one() == 2


def test_an_unknown_team_and_a_bad_percentage_are_reported(db):
    rows = survey_rows("Nowhere")
    rows[1]["PercentAgreeing"] = "140"
    report, _ = imports.check_survey(as_csv(rows, HEADERS), "survey.csv")
    assert [(p.row, p.column) for p in report.sorted_problems()] == [(2, "Team"), (3, "PercentAgreeing")]


def test_results_with_fewer_than_5_responses_are_suppressed(client_request, db):
    team = create_team("Team A")
    import_rows(survey_rows("Team A"))
    client_request.login(create_team_manager(team))
    text = client_request.get("people.staff_survey").select_one("tbody").get_text()
    assert "62% (12 responses)" in text
    assert "[c] suppressed" in text
    assert "70%" not in text


def test_a_team_manager_cannot_see_another_teams_survey(client_request, db):
    own, other = create_team(), create_team()
    client_request.login(create_team_manager(own))
    client_request.get("people.staff_survey", _query={"team": other.id}, _expected_status=404)


def test_hr_uploads_survey_results_through_the_web(client_request, db):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(as_csv(survey_rows("Team A"), HEADERS)), "survey.csv")},
        _expected_status=200,
        kind="survey",
    )
    client_request.post(
        "people.confirm_import", {"token": page.select_one("input[name=token]")["value"]}, kind="survey"
    )
    assert db.session.execute(select(func.count()).select_from(SurveyResult)).scalar_one() == 2
