"""Measures through the API: every registered measure's definition, and its values for a period and a scope.

Scopes follow the pages: anyone who may read measures gets council and service-area figures; team figures
only for teams in the user's scope (a team manager's own teams); committee viewers never team figures.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from workforce.api.constants import ApiPermission
from workforce.api.problems import ApiProblem
from workforce.api.resources import load_query
from workforce.api.schemas import Id, MeasureSchema, MeasureValueSchema
from workforce.extensions import db
from workforce.improvement.figures import suppression_threshold
from workforce.kernel import stored_figures
from workforce.kernel.contract import registry
from workforce.kernel.disclosure import Cell, suppressed_cells
from workforce.kernel.measures import MeasureScope, MeasureValue, ScopeLevel, roll_up
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.roles import Role

SCOPE = "measures:read"
#: The longest period one request may compute (each measure is one aggregate query per request).
MAX_PERIOD_DAYS = 366 * 10


class MeasureListParameters(Schema):
    module = fields.String(
        validate=validate.Length(min=1, max=40), metadata={"description": "Only measures of this module"}
    )


class MeasureValueParameters(Schema):
    start = fields.Date(
        required=True,
        error_messages={"required": "Enter the first day of the period"},
        metadata={"description": "The first day of the period (YYYY-MM-DD)"},
    )
    end = fields.Date(
        required=True,
        error_messages={"required": "Enter the last day of the period"},
        metadata={"description": "The last day of the period (YYYY-MM-DD)"},
    )
    measure = fields.String(
        validate=validate.Length(min=1, max=80),
        metadata={"description": "One measure's id; every measure when left out"},
    )
    level = fields.Enum(
        ScopeLevel,
        by_value=True,
        load_default=ScopeLevel.COUNCIL,
        error_messages={"unknown": "Use one of: {choices}"},
        metadata={"description": "council (default), service-area or team"},
    )
    scope_id = Id(metadata={"description": "The service area's or team's id (not for council)"})

    @validates_schema
    def check_period_and_scope(self, data, **kwargs):
        problems = {}
        if data["end"] < data["start"]:
            problems["end"] = ["The last day must be the same as or after the first day"]
        elif (data["end"] - data["start"]).days > MAX_PERIOD_DAYS:
            problems["end"] = ["The period must be 10 years or shorter"]
        if data["level"] is ScopeLevel.COUNCIL and data.get("scope_id") is not None:
            problems["scope_id"] = ["Leave out scope_id for council figures"]
        if data["level"] is not ScopeLevel.COUNCIL and data.get("scope_id") is None:
            problems["scope_id"] = [f"Enter the id of the {data['level'].value.replace('-', ' ')}"]
        if data.get("measure") and data["measure"] not in registry().measures:
            problems["measure"] = [f"There is no measure called {data['measure']}"]
        if problems:
            raise ValidationError(problems)


def check_access(user) -> None:
    if not user_can(ApiPermission.READ_MEASURES, user):
        raise ApiProblem(403, "Your role cannot read measures.")


def list_measures(user) -> dict:
    check_access(user)
    arguments = load_query(MeasureListParameters)
    measures = sorted(registry().measures, key=lambda measure: measure.id)
    if arguments.get("module"):
        measures = [measure for measure in measures if measure.module == arguments["module"]]
    return {"data": MeasureSchema(many=True).dump(measures), "meta": {"total": len(measures)}}


def measure_scope(user, level: ScopeLevel, scope_id: int | None) -> MeasureScope:
    """The scope asked for, if the user may see it; out-of-scope teams answer 404, like the pages."""
    if level is ScopeLevel.COUNCIL:
        return MeasureScope.council()
    if level is ScopeLevel.SERVICE_AREA:
        if db.session.get(ServiceArea, scope_id) is None:
            raise ApiProblem(404, f"There is no service area {scope_id}.")
        return MeasureScope.service_area(scope_id)
    if user.role is Role.COMMITTEE_VIEWER:
        raise ApiProblem(403, "Committee viewers see council and service-area figures only.")
    exists = db.session.execute(select(Team.id).where(Team.id == scope_id)).scalar()
    if exists is None or not scope_of(user).covers_team(scope_id):
        raise ApiProblem(404, f"There is no team {scope_id} that you may see.")
    return MeasureScope.team(scope_id)


def scope_suppressed(measure, start, end, scope: MeasureScope) -> bool:
    """Whether the pages and the pack would show this figure as [c]: computed over every service area and
    team for the same period, so the API suppresses exactly the cells they do (primary and secondary,
    `workforce.kernel.disclosure`) and no suppressed cell can be recovered by subtracting API answers."""
    cells = [
        Cell(level, scope_id, *_counts(measure.compute(start, end, MeasureScope(level, scope_id))))
        for level, model in ((ScopeLevel.SERVICE_AREA, ServiceArea), (ScopeLevel.TEAM, Team))
        for scope_id in db.session.execute(select(model.id).order_by(model.id)).scalars()
    ]
    return (scope.level, scope.id) in suppressed_cells(cells, suppression_threshold())


def _counts(value: MeasureValue) -> tuple[float | None, float | None]:
    return value.numerator, value.denominator


def measure_values(user) -> dict:
    check_access(user)
    arguments = load_query(MeasureValueParameters)
    scope = measure_scope(user, arguments["level"], arguments.get("scope_id"))
    measures = registry().measures
    chosen = [measures.get(arguments["measure"])] if arguments.get("measure") else sorted(measures, key=lambda m: m.id)
    protect = user.role is Role.COMMITTEE_VIEWER and scope.level is not ScopeLevel.COUNCIL
    if protect:
        with roll_up():  # the suppression check computes every scope: let the measures share their work
            values = _values(chosen, arguments, scope, protect)
    else:
        values = _values(chosen, arguments, scope, protect)
    return {"data": MeasureValueSchema(many=True).dump(values), "meta": {"total": len(values)}}


def _values(chosen, arguments, scope: MeasureScope, protect: bool) -> list[dict]:
    values = []
    for measure in chosen:
        result = stored_figures.figure(measure.id, arguments["start"], arguments["end"], scope)
        hidden = protect and scope_suppressed(measure, arguments["start"], arguments["end"], scope)
        shown = MeasureValue(None, None, None) if hidden else result
        values.append(
            {
                "measure": measure.id,
                "title": measure.title,
                "unit": str(measure.unit),
                "polarity": str(measure.polarity),
                "start": arguments["start"],
                "end": arguments["end"],
                "level": str(scope.level),
                "scope_id": scope.id,
                "numerator": shown.numerator,
                "denominator": shown.denominator,
                "value": shown.value,
                "suppressed": bool(hidden),
                "computed_at": result.computed_at,
            }
        )
    return values


def describe(operation, json_response, query_parameters) -> dict:
    def listing(schema) -> dict:
        return {
            "type": "object",
            "required": ["data", "meta"],
            "properties": {
                "data": {"type": "array", "items": schema},
                "meta": {"type": "object", "required": ["total"], "properties": {"total": {"type": "integer"}}},
            },
            "additionalProperties": False,
        }

    return {
        "/api/v1/measures": {
            "get": operation(
                "List measures",
                SCOPE,
                {"200": json_response(listing(MeasureSchema), "Every measure with its definition")},
                "Every measure WPQ reports, with its definition, source, unit and polarity.",
                operationId="list_measures",
                tags=["Measures"],
                parameters=query_parameters(MeasureListParameters),
            )
        },
        "/api/v1/measure-values": {
            "get": operation(
                "Measure values for a period and a scope",
                SCOPE,
                {"200": json_response(listing(MeasureValueSchema), "One value per measure")},
                "Values with their numerators and denominators. Committee viewers may ask for council and "
                "service-area figures only; team figures are limited to the teams the user may see.",
                operationId="measure_values",
                tags=["Measures"],
                parameters=query_parameters(MeasureValueParameters),
            )
        },
    }
