"""Every registered measure lists the records behind its figure, and they add up to it, on the demo council."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.roles import Role


def _periods() -> list[tuple[date, date]]:
    """The last full month and the 12 months to it: stock and flow measures both get a real period."""
    end = clock.today().replace(day=1) - timedelta(days=1)
    return [(end.replace(day=1), end), (end.replace(year=end.year - 1) + timedelta(days=1), end)]


def _measure_ids(demo_app) -> list[str]:
    return sorted(measure.id for measure in registry(demo_app).measures)


def test_every_registered_measure_has_a_drill_down(demo_app):
    missing = [measure.id for measure in registry(demo_app).measures if measure.drill_down is None]
    assert missing == []


@pytest.fixture(scope="module")
def measure_ids(demo_app):
    return _measure_ids(demo_app)


def _disagreements(measure, start, end, scope, records) -> list[str]:
    value = measure.compute(start, end, scope)
    where = f"{measure.id} {scope.level.value} {scope.id} {start}..{end}"
    problems = []
    numerator = records.numerator.total()
    if value.numerator is None:
        if records.numerator.records:
            problems.append(f"{where}: records listed for a figure with no numerator")
    elif numerator != pytest.approx(value.numerator, abs=1e-6):
        problems.append(f"{where}: numerator {value.numerator} but the records make {numerator}")
    if value.denominator is None:
        if records.denominator is not None:
            problems.append(f"{where}: a denominator listed for a total")
    elif records.denominator is None:
        problems.append(f"{where}: no denominator records")
    elif records.denominator.total() != pytest.approx(value.denominator, abs=1e-6):
        problems.append(f"{where}: denominator {value.denominator} but the records make {records.denominator.total()}")
    return problems


def test_the_records_behind_every_measure_add_up_to_its_figure_for_the_council_every_area_and_every_team(demo):
    session = demo.database.session
    scopes = [
        MeasureScope.council(),
        *(MeasureScope.service_area(area) for area in session.execute(select(ServiceArea.id)).scalars()),
        *(MeasureScope.team(team) for team in session.execute(select(Team.id).order_by(Team.id)).scalars()),
    ]
    problems, non_empty = [], set()
    for measure in registry(demo.client_request.app).measures:
        if measure.drill_down is None:
            continue
        for start, end in _periods():
            for scope in scopes:
                records = measure.drill_down.records(start, end, scope)
                problems += _disagreements(measure, start, end, scope, records)
                listed = [*records.numerator.records, *(records.denominator.records if records.denominator else ())]
                if listed:
                    non_empty.add(measure.id)
                teams = scope.team_ids()
                problems += [
                    f"{measure.id}: {item} is outside {scope}" for item in listed if teams and item.team_id not in teams
                ]
    assert problems == []
    # The demo council has records behind every measure, so the sums compare something.
    assert sorted(set(_measure_ids(demo.client_request.app)) - non_empty) == []


def test_the_home_panel_links_each_figure_to_its_records_within_the_users_scope(demo):
    client = demo.client_request
    manager = demo.users[Role.TEAM_MANAGER]
    client.login(manager)
    home = client.get("pages.home")
    links = [a["href"] for a in home.select("a[href^='/figures/']")]
    assert links and all("level=team" in link for link in links)
    records = client.get_url(links[0])
    assert "the records behind the figure" in records.h1.get_text()
    # The council's records are not the team manager's to see.
    client.get("records.show_records", _expected_status=403, measure_key="inpost_fte")
    other_team = next(
        team for team in demo.database.session.execute(select(Team)).scalars() if team not in manager.managed_teams
    )
    client.get(
        "records.show_records",
        _expected_status=403,
        _query={"level": "team", "scope_id": other_team.id},
        measure_key="inpost_fte",
    )
