"""The workforce dashboard: 24 months of figures as SVG charts with the numbers in a table, scoped."""

from datetime import UTC, date, datetime

from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_assignment, create_post
from workforce.kernel.roles import Role
from workforce.people.charts import line_chart
from workforce.people.dashboard import month_ends


def test_month_ends_are_the_24_complete_months_before_today():
    ends = month_ends(date(2026, 3, 15))
    assert len(ends) == 24
    assert ends[0] == date(2024, 3, 31) and ends[-1] == date(2026, 2, 28)


def test_a_chart_leaves_a_gap_where_a_value_is_not_applicable():
    chart = line_chart("Turnover", "%", [("Jan", 10.0), ("Feb", None), ("Mar", 12.0), ("Apr", 14.0)])
    assert len(chart.lines) == 1
    assert chart.points[1].y is None
    assert "highest 14% in Apr" in chart.description


def test_a_chart_with_no_figures_says_so():
    assert "no figures" in line_chart("Turnover", "%", [("Jan", None)]).description


def table_values(section):
    return [cell.get_text(strip=True) for cell in section.select("tbody td")]


def test_a_team_manager_sees_only_their_own_teams_figures(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 3, 15, 9, tzinfo=UTC))
    own, other = create_team("Own team"), create_team("Other team")
    create_assignment(post=create_post(own), start_date=date(2020, 1, 6))
    for _ in range(3):
        create_assignment(post=create_post(other), start_date=date(2020, 1, 6))
    client_request.login(create_team_manager(own))
    page = client_request.get("people.workforce_dashboard")
    options = [option.get_text(strip=True) for option in page.select("#scope option")]
    assert options == ["Own team"]
    section = page.select_one("#chart-inpost_fte-heading").find_parent("section")
    assert section.select_one("svg[role=img] desc")
    assert set(table_values(section)[1::2]) == {"1.0"}
    other_scope = f"team:{other.id}"
    client_request.get("people.workforce_dashboard", _query={"scope": other_scope}, _expected_status=404)
    client_request.get("people.workforce_dashboard", _query={"scope": "council"}, _expected_status=404)


def test_hr_sees_the_whole_council_and_rates_without_staff_are_not_applicable(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 3, 15, 9, tzinfo=UTC))
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.workforce_dashboard")
    assert page.select_one(".govuk-caption-l").get_text(strip=True) == "Whole council"
    section = page.select_one("#chart-turnover_rate_fte-heading").find_parent("section")
    assert "not applicable" in table_values(section)


def test_social_workers_and_committee_viewers_cannot_open_the_dashboard(client_request, db):
    for role in (Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER):
        client_request.login(create_user(role))
        client_request.get("people.workforce_dashboard", _expected_status=403)
