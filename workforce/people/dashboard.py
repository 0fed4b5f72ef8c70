"""The workforce dashboard: 24 months of the headline measures, scoped to what the user may see."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import clock, dates, freshness
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import ALL_TEAM_ROLES
from workforce.people import dao
from workforce.people.charts import line_chart
from workforce.people.constants import PeoplePermission
from workforce.people.views import blueprint

MONTHS = 24
#: The dashboard's measures; rates over a month use the 12 months to its last day.
DASHBOARD_MEASURES = (
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "absence_rate_fte",
)


def month_ends(last: date, count: int = MONTHS) -> list[date]:
    """The last days of `count` months, oldest first, ending with the last complete month before `last`."""
    return dates.month_ends(dates.add_months(dates.month_start(last), -1), count)


def scope_choices(user) -> list[tuple[str, str, MeasureScope]]:
    """(value, label, scope) the user may pick: council-wide roles any level, team managers their teams."""
    teams = dao.list_teams_for_user(user)
    choices = []
    if user.role in ALL_TEAM_ROLES:
        choices.append(("council", "Whole council", MeasureScope.council()))
        areas = db.session.execute(select(ServiceArea).order_by(ServiceArea.name)).scalars()
        choices += [(f"service-area:{area.id}", area.name, MeasureScope.service_area(area.id)) for area in areas]
    choices += [(f"team:{team.id}", team.name, MeasureScope.team(team.id)) for team in teams]
    return choices


def monthly_series(measure, ends: list[date], scope: MeasureScope) -> list[tuple[str, float | None]]:
    """(month, value to one decimal place) of a measure over the 12 months to each month's end."""
    series = []
    for end in ends:
        value = measure.compute(dates.year_before(end), end, scope).value
        series.append((end.strftime("%b %Y"), None if value is None else round(value, 1)))
    return series


@blueprint.route("/workforce-dashboard")
@permission_required(PeoplePermission.VIEW_WORKFORCE_DASHBOARD)
def workforce_dashboard():
    choices = scope_choices(current_user)
    if not choices:
        abort(404)
    wanted = request.args.get("scope") or choices[0][0]
    chosen = next((choice for choice in choices if choice[0] == wanted), None)
    if chosen is None:
        abort(404)
    ends = month_ends(clock.today())
    charts = []
    measures = registry().measures
    for measure_id in DASHBOARD_MEASURES:
        measure = measures.get(measure_id)
        series = freshness.kept(
            ("people.dashboard", measure_id, tuple(ends), chosen[2]),
            lambda measure=measure: monthly_series(measure, ends, chosen[2]),
        )
        charts.append((measure, line_chart(measure.title, str(measure.unit), series)))
    return render_template(
        "people/dashboard.html", charts=charts, choices=choices, chosen=chosen, first=ends[0], last=ends[-1]
    )
