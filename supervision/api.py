"""Supervision sessions in the API, scoped by `supervision.dao.visible_supervisions_query`, as the pages are.

A team manager sees their teams' sessions; a practice supervisor their supervisees'; a social worker their own;
council-wide roles every team's. Only current versions are listed (an amended record shows its latest version,
with `version` and `previous_version_id`). Reflective notes and the agenda's text are never in the API: the
pages show reflective notes only to the two people and their line managers.
"""

from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy.orm import selectinload

from supervision import dao
from supervision.constants import SessionStatus, SignOffMethod, SupervisionPermission, SupervisionType, Topic
from supervision.models import Supervision
from workforce.api.resources import Filter, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter


class DiscussedCaseSchema(Schema):
    case_reference = fields.String(required=True)
    decision_recorded = fields.Boolean(required=True, metadata={"description": "Recorded on the case file"})


class SupervisionActionSchema(Schema):
    id = fields.Integer(required=True)
    description = fields.String(required=True)
    owner_id = fields.Integer(required=True, metadata={"description": "Staff id of the owner"})
    due_on = fields.Date(required=True)
    completed_on = fields.Date(allow_none=True, required=True)


class SupervisionSessionSchema(Schema):
    id = fields.Integer(required=True)
    supervisee_id = fields.Integer(required=True, metadata={"description": "Staff id"})
    supervisor_id = fields.Integer(required=True, metadata={"description": "Staff id"})
    team_id = fields.Integer(required=True)
    status = Code(SessionStatus, required=True)
    supervision_type = Code(SupervisionType, required=True)
    planned_on = fields.Date(allow_none=True, required=True)
    held_on = fields.Date(allow_none=True, required=True)
    duration_minutes = fields.Integer(allow_none=True, required=True)
    agenda_set_jointly = fields.Boolean(required=True)
    topics = fields.Function(
        lambda session: list(session.topics or []),
        required=True,
        metadata={"type": "array", "items": {"type": "string", "enum": [topic.value for topic in Topic]}},
    )
    wellbeing_checked = fields.Boolean(required=True)
    supervisor_signed_at = UtcDateTime(allow_none=True, required=True)
    supervisee_signed_at = UtcDateTime(allow_none=True, required=True)
    supervisee_sign_off_method = Code(SignOffMethod, allow_none=True, required=True)
    locked_at = UtcDateTime(allow_none=True, required=True)
    version = fields.Integer(required=True)
    previous_version_id = fields.Integer(allow_none=True, required=True)
    cases = fields.List(fields.Nested(DiscussedCaseSchema), required=True)
    actions = fields.List(fields.Nested(SupervisionActionSchema), required=True)
    created_at = UtcDateTime(required=True)


def sessions_in_scope(user):
    """The supervision pages' own scoping, with each session's cases and actions loaded in one query each."""
    return dao.visible_supervisions_query(user).options(
        selectinload(Supervision.cases), selectinload(Supervision.actions)
    )


SESSIONS = Resource(
    name="supervision-sessions",
    area="supervision",
    title="Supervision sessions",
    description=(
        "Supervision sessions planned and held, with their topics, the cases discussed (references only), the "
        "actions agreed and sign-off by both people. Scoped as the supervision pages are: team managers their "
        "teams, practice supervisors their supervisees, social workers themselves."
    ),
    schema=SupervisionSessionSchema,
    query=sessions_in_scope,
    id_column=Supervision.id,
    sorts={"held_on": Supervision.held_on, "planned_on": Supervision.planned_on, "id": Supervision.id},
    default_sort="-held_on",
    filters={
        "team_id": Filter(Supervision.team_id, Id(), "Sessions in this team"),
        "supervisee_id": Filter(Supervision.supervisee_id, Id(), "Sessions of this supervisee (staff id)"),
        "supervisor_id": Filter(Supervision.supervisor_id, Id(), "Sessions with this supervisor (staff id)"),
        "status": Filter(Supervision.status, code_parameter(SessionStatus), "Sessions with this status"),
        **date_range(Supervision.held_on, "held", "Held"),
    },
    permission=SupervisionPermission.VIEW,
)
