"""Staff survey results per team and question, tracked over time; small teams' results are suppressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import settings
from workforce.kernel.permissions import permission_required
from workforce.people import dao
from workforce.people.constants import PeoplePermission
from workforce.people.models import SurveyResult
from workforce.people.views import blueprint

#: Local policy (Analysis Function guidance on disclosure control): results from fewer responses than
#: this are never shown.
SURVEY_SETTINGS = {"staff_survey_minimum_responses": 5}


def minimum_responses() -> int:
    value = settings.get("staff_survey_minimum_responses")
    return int(value) if value is not None else SURVEY_SETTINGS["staff_survey_minimum_responses"]


@dataclass(frozen=True)
class ShownResult:
    survey_date: date
    question: str
    responses: int
    #: None when suppressed.
    percent_agreeing: float | None

    @property
    def suppressed(self) -> bool:
        return self.percent_agreeing is None


def results_for_team(team_id: int) -> list[ShownResult]:
    """A team's results, newest survey first; the percentage is withheld below the minimum responses."""
    minimum = minimum_responses()
    rows = db.session.execute(
        select(SurveyResult)
        .where(SurveyResult.team_id == team_id)
        .order_by(SurveyResult.survey_date.desc(), SurveyResult.question)
    ).scalars()
    return [
        ShownResult(
            row.survey_date,
            row.question,
            row.responses,
            row.percent_agreeing if row.responses >= minimum else None,
        )
        for row in rows
    ]


@blueprint.route("/staff-survey")
@permission_required(PeoplePermission.VIEW_WORKFORCE_DASHBOARD)
def staff_survey():
    teams = dao.list_teams_for_user(current_user)
    if not teams:
        abort(404)
    wanted = request.args.get("team", type=int) or teams[0].id
    team = next((team for team in teams if team.id == wanted), None)
    if team is None:
        abort(404)
    results = results_for_team(team.id)
    dates = sorted({result.survey_date for result in results}, reverse=True)
    questions = sorted({result.question for result in results})
    table = {(result.question, result.survey_date): result for result in results}
    return render_template(
        "people/survey.html",
        teams=teams,
        team=team,
        dates=dates,
        questions=questions,
        table=table,
        minimum=minimum_responses(),
    )
