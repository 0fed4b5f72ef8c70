"""`wpq measures`: every registered measure with its value, numerator and denominator."""

import json
from datetime import date

from tests.builders import create_team
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.people.constants import EmploymentType


def test_wpq_measures_prints_every_measure_as_json_for_a_team(app, db):
    team = create_team("Assessment Team 9")
    create_assignment(post=create_post(team))
    create_assignment(create_staff_member(employment_type=EmploymentType.AGENCY), create_post(team))
    create_assignment(post=create_post(create_team()))
    result = app.test_cli_runner().invoke(
        args=["measures", "--date", "2025-09-30", "--scope", "team:Assessment Team 9", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["start"] == date(2024, 10, 1).isoformat()
    figures = {row["id"]: row for row in payload["measures"]}
    assert figures["inpost_headcount"]["value"] == 1
    assert figures["agency_rate_fte"] == {**figures["agency_rate_fte"], "numerator": 1, "denominator": 2, "value": 50}
    assert figures["turnover_rate_fte"]["value"] == 0


def test_wpq_measures_prints_a_table_with_not_applicable_rates(app, db):
    result = app.test_cli_runner().invoke(args=["measures", "--date", "2025-09-30"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("turnover_rate_fte "))
    assert "n/a" in line


def test_wpq_measures_refuses_an_unknown_team(app, db):
    result = app.test_cli_runner().invoke(args=["measures", "--date", "2025-09-30", "--scope", "team:Nowhere"])
    assert result.exit_code != 0
    assert "no team called" in result.output
