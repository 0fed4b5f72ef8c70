"""Measures through the API: definitions, and values by period and scope within what the token's user may see."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.api.builders import api_client, assert_problem
from tests.builders import create_team, create_team_manager, create_user
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.measures import Measure, MeasureValue, Polarity, Source, Unit
from workforce.kernel.models import Team
from workforce.kernel.roles import Role

SCOPES = ["measures:read"]


def count_teams(start, end, scope):
    """Teams in the scope: enough of a measure to see which scope the API asked for."""
    statement = select(func.count(Team.id))
    team_ids = scope.team_ids()
    if team_ids is not None:
        statement = statement.where(Team.id.in_(sorted(team_ids)))
    return MeasureValue.total(db.session.execute(statement).scalar_one())


@pytest.fixture
def measure(app, db, monkeypatch):
    registered = Measure(
        "test_team_count",
        "Teams",
        "The number of teams in the scope.",
        Source.LOCAL,
        Unit.COUNT,
        Polarity.NEUTRAL,
        count_teams,
        module="tests",
    )
    measures = registry(app).measures
    monkeypatch.setitem(measures._measures, registered.id, registered)
    return registered


def values(api, **query):
    response = api.get("/api/v1/measure-values", start="2025-04-01", end="2026-03-31", **query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["data"]


def test_measures_are_listed_with_their_definitions(client, measure):
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    listed = {item["id"]: item for item in api.get("/api/v1/measures").get_json()["data"]}
    assert listed["test_team_count"] == {
        "id": "test_team_count",
        "title": "Teams",
        "definition": "The number of teams in the scope.",
        "source": "Local measure",
        "unit": "count",
        "polarity": "neither",
        "module": "tests",
        "census_comparable": False,
    }


def test_council_values_for_a_period(client, measure):
    create_team()
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    [value] = values(api, measure="test_team_count")
    total = db.session.execute(select(func.count(Team.id))).scalar_one()
    assert value["level"] == "council" and value["scope_id"] is None
    assert value["value"] == total and value["start"] == "2025-04-01" and value["end"] == "2026-03-31"


def test_a_team_managers_token_reads_their_teams_values_but_not_another_teams(client, measure):
    ours, theirs = create_team(), create_team()
    api = api_client(client, create_team_manager(ours), SCOPES)
    [value] = values(api, measure="test_team_count", level="team", scope_id=ours.id)
    assert value["value"] == 1 and value["scope_id"] == ours.id
    response = api.get("/api/v1/measure-values", start="2025-04-01", end="2026-03-31", level="team", scope_id=theirs.id)
    assert_problem(response, 404)


def test_a_committee_viewers_token_reads_council_and_service_area_values_but_not_teams(client, measure):
    team = create_team()
    api = api_client(client, create_user(Role.COMMITTEE_VIEWER), SCOPES)
    assert values(api, measure="test_team_count")
    [area] = values(api, measure="test_team_count", level="service-area", scope_id=team.service_area_id)
    # One team is a count below 5: suppressed for the committee as on its pages.
    assert (area["value"], area["numerator"], area["suppressed"]) == (None, None, True)
    leader = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    [area] = values(leader, measure="test_team_count", level="service-area", scope_id=team.service_area_id)
    assert (area["value"], area["suppressed"]) == (1, False)
    response = api.get("/api/v1/measure-values", start="2025-04-01", end="2026-03-31", level="team", scope_id=team.id)
    assert_problem(response, 403)


def test_a_social_worker_cannot_read_measures(client, measure):
    api = api_client(client, create_user(Role.SOCIAL_WORKER), SCOPES)
    assert_problem(api.get("/api/v1/measures"), 403)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"end": "2025-01-01"}, {"start": ["Enter the first day of the period"]}),
        (
            {"start": "2025-02-01", "end": "2025-01-01"},
            {"end": ["The last day must be the same as or after the first day"]},
        ),
        ({"start": "2025-02-30", "end": "2025-03-01"}, {"start": ["Not a valid date."]}),
        ({"start": "2025-01-01", "end": "2025-03-01", "level": "team"}, {"scope_id": ["Enter the id of the team"]}),
        (
            {"start": "2025-01-01", "end": "2025-03-01", "scope_id": "3"},
            {"scope_id": ["Leave out scope_id for council figures"]},
        ),
        (
            {"start": "2025-01-01", "end": "2025-03-01", "measure": "nope"},
            {"measure": ["There is no measure called nope"]},
        ),
        (
            {"start": "2025-01-01", "end": "2025-03-01", "level": "ward"},
            {"level": ["Use one of: council, service-area, team"]},
        ),
    ],
)
def test_invalid_measure_value_requests_are_422_problems(client, measure, query, errors):
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    body = assert_problem(api.get("/api/v1/measure-values", **query), 422)
    assert body["errors"] == errors


def test_an_unknown_service_area_is_404(client, measure):
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    query = {"start": "2025-01-01", "end": "2025-03-01", "level": "service-area", "scope_id": 999999}
    assert_problem(api.get("/api/v1/measure-values", **query), 404)


def test_values_keep_not_applicable_as_null(client, app, monkeypatch):
    measure = Measure(
        "test_empty_ratio",
        "Empty",
        "A ratio with no denominator.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        lambda start, end, scope: MeasureValue.ratio(0, 0, 100),
        module="tests",
    )
    monkeypatch.setitem(registry(app).measures._measures, measure.id, measure)
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    [value] = values(api, measure="test_empty_ratio")
    assert value["value"] is None and value["denominator"] == 0
    assert date.fromisoformat(value["start"]) == date(2025, 4, 1)
