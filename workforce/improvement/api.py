"""The improvement plan (workforce.improvement) in the API: plans, strands, actions and plan measures.

Everyone the plan pages admit reads it (`improvement.view`, committee viewers included). As in the pages,
committee viewers see no names (action owners and who signed off are left out) and plan measures are rated on
published periods only; the other roles see the latest period, provisional or published. A plan measure's
rating comes from `workforce.improvement.figures.measure_figures`, the function the pages and the committee
pack use, so the API gives the same Blue/Green/Amber/Red as they do.
"""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields, validate
from marshmallow.utils import missing
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workforce.api.resources import Filter, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter
from workforce.improvement import dao
from workforce.improvement.constants import ActionStatus, Direction, ImprovementPermission, Rating
from workforce.improvement.figures import measure_figures
from workforce.improvement.models import Action, ImprovementPlan, PlanMeasure, Strand
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.measures import Polarity
from workforce.kernel.permissions import user_can

NAMES = ("owner_id", "signed_off_by_id")


class Computed(fields.Nested):
    """A nested object computed from the record by `function` (the OpenAPI description refers to its schema)."""

    def __init__(self, nested, function, **kwargs):
        super().__init__(nested, **kwargs)
        self.function = function

    def get_value(self, obj, attr, accessor=None, default=missing):
        return self.function(obj)


class PlanSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    strand_ids = fields.Function(
        lambda plan: [strand.id for strand in plan.strands],
        required=True,
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    created_at = UtcDateTime(required=True)


class StrandSchema(Schema):
    id = fields.Integer(required=True)
    plan_id = fields.Integer(required=True)
    title = fields.String(required=True)
    position = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)


class ActionSchema(Schema):
    id = fields.Integer(required=True)
    strand_id = fields.Integer(required=True)
    title = fields.String(required=True)
    due_date = fields.Date(required=True)
    status = Code(ActionStatus, required=True, metadata={"description": "Where the action is"})
    rating = Code(Rating, required=True, metadata={"description": "How it is going: Blue is delivered and signed off"})
    signed_off_at = UtcDateTime(allow_none=True, required=True)
    updated_at = fields.Function(
        lambda action: clock.as_utc(action.updates[0].written_at).isoformat() if action.updates else None,
        required=True,
        allow_none=True,
        metadata={"type": "string", "format": "date-time", "description": "The latest progress update"},
    )
    created_at = UtcDateTime(required=True)
    #: Names of people: not for committee viewers.
    owner_id = fields.Integer()
    signed_off_by_id = fields.Integer(allow_none=True)


class PlanMeasureRatingSchema(Schema):
    month = fields.Date(allow_none=True, required=True, metadata={"description": "The reporting period rated"})
    value = fields.Float(allow_none=True, required=True)
    expected = fields.Float(allow_none=True, required=True, metadata={"description": "The trajectory's value"})
    rating = Code(Rating, allow_none=True, required=True)
    computed_rating = Code(Rating, allow_none=True, required=True, metadata={"description": "Before any override"})
    overridden = fields.Boolean(required=True)
    direction_month = Code(Direction, allow_none=True, required=True)
    direction_year = Code(Direction, allow_none=True, required=True)


class PlanMeasureSchema(Schema):
    id = fields.Integer(required=True)
    strand_id = fields.Integer(required=True)
    measure_id = fields.String(required=True, metadata={"description": "The measure's id in /api/v1/measures"})
    title = fields.Function(
        lambda pm: registry().measures.get(pm.measure_id).title if pm.measure_id in registry().measures else None,
        required=True,
        allow_none=True,
        metadata={"type": "string"},
    )
    polarity = Code(Polarity, required=True)
    baseline_value = fields.Float(required=True)
    baseline_date = fields.Date(required=True)
    target_value = fields.Float(required=True)
    target_date = fields.Date(required=True)
    tolerance_percent = fields.Float(required=True)
    trajectory = fields.Function(
        lambda pm: dict(pm.trajectory or {}),
        required=True,
        metadata={"type": "object", "description": 'Values set per month, {"YYYY-MM": value}'},
    )
    latest = Computed(PlanMeasureRatingSchema, lambda pm: latest_rating(pm), required=True)


def published_only() -> bool:
    """Committee viewers (and anyone without `improvement.view-provisional`) see published periods only."""
    return not user_can(ImprovementPermission.VIEW_PROVISIONAL)


def reference_month():
    """The latest period the user may see, once per request (the plan pages' default month)."""
    if "api_plan_month" not in g:
        period = dao.latest_period(published_only())
        g.api_plan_month = period.month if period else None
    return g.api_plan_month


def latest_rating(plan_measure: PlanMeasure) -> dict:
    month = reference_month()
    if month is None:
        return {
            "month": None,
            "value": None,
            "expected": None,
            "rating": None,
            "computed_rating": None,
            "overridden": False,
            "direction_month": None,
            "direction_year": None,
        }
    figures = measure_figures(plan_measure, month, published_only())
    current = figures.current
    return {
        "month": month,
        "value": current.value if current.available else None,
        "expected": current.expected,
        "rating": figures.rating,
        "computed_rating": figures.computed_rating,
        "overridden": figures.override_reason is not None,
        "direction_month": figures.direction_month,
        "direction_year": figures.direction_year,
    }


def hidden_names(user) -> set[str]:
    return set() if user_can(ImprovementPermission.VIEW_PROVISIONAL, user) else set(NAMES)


PLANS = Resource(
    name="improvement-plans",
    area="improvement",
    title="Improvement plans",
    description="Improvement plans and their strands.",
    schema=PlanSchema,
    query=lambda user: select(ImprovementPlan).options(selectinload(ImprovementPlan.strands)),
    id_column=ImprovementPlan.id,
    sorts={"title": ImprovementPlan.title, "id": ImprovementPlan.id},
    default_sort="id",
    permission=ImprovementPermission.VIEW_PLAN,
)

STRANDS = Resource(
    name="improvement-strands",
    area="improvement",
    title="Improvement strands",
    description="The strands of the plans (leadership, workforce, practice quality...).",
    schema=StrandSchema,
    query=lambda user: select(Strand),
    id_column=Strand.id,
    sorts={"position": Strand.position, "title": Strand.title, "id": Strand.id},
    default_sort="position",
    filters={"plan_id": Filter(Strand.plan_id, Id(), "Strands of this plan")},
    permission=ImprovementPermission.VIEW_PLAN,
)

ACTIONS = Resource(
    name="improvement-actions",
    area="improvement",
    title="Improvement actions",
    description=(
        "The actions of the strands, with status (where the action is) and rating (how it is going) kept "
        "separate; 'complete, awaiting sign-off' is a status of its own. Owners are left out for committee viewers."
    ),
    schema=ActionSchema,
    query=lambda user: select(Action).join(Strand).options(selectinload(Action.updates)),
    id_column=Action.id,
    sorts={"due_date": Action.due_date, "title": Action.title, "id": Action.id},
    default_sort="due_date",
    filters={
        "strand_id": Filter(Action.strand_id, Id(), "Actions of this strand"),
        "plan_id": Filter(Strand.plan_id, Id(), "Actions of this plan"),
        "status": Filter(Action.status, code_parameter(ActionStatus), "Actions with this status"),
        "rating": Filter(Action.rating, code_parameter(Rating), "Actions with this rating"),
        **date_range(Action.due_date, "due", "Due"),
    },
    permission=ImprovementPermission.VIEW_PLAN,
    hidden_fields=hidden_names,
    restricted_fields=NAMES,
)

PLAN_MEASURES = Resource(
    name="improvement-plan-measures",
    area="improvement",
    title="Plan measures",
    description=(
        "The measures of the strands with baseline, target, trajectory and tolerance, and `latest`: the value, "
        "the trajectory's value, the rating (overrides applied) and the direction of travel in the latest period "
        "(published periods only for committee viewers). Values by period and scope are at /api/v1/measure-values."
    ),
    schema=PlanMeasureSchema,
    query=lambda user: select(PlanMeasure).join(Strand).options(selectinload(PlanMeasure.overrides)),
    id_column=PlanMeasure.id,
    sorts={"measure_id": PlanMeasure.measure_id, "id": PlanMeasure.id},
    default_sort="id",
    filters={
        "strand_id": Filter(PlanMeasure.strand_id, Id(), "Measures of this strand"),
        "plan_id": Filter(Strand.plan_id, Id(), "Measures of this plan"),
        "measure_id": Filter(
            PlanMeasure.measure_id,
            fields.String(validate=validate.Length(min=1, max=80)),
            "Plan measures of this registry measure",
        ),
    },
    permission=ImprovementPermission.VIEW_PLAN,
)
