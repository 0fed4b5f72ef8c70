"""Academy sessions, training records (completions and places on sessions) and the completions import, in the API.

Sessions are the academy's catalogue, open to everyone the academy pages admit. Training records are personal:
scoped as `academy.views.access.covers_staff` scopes a person's training in the pages: the academy lead, HR,
senior leaders and QA officers see everyone; a team manager the people currently in their teams; anyone else
their own. The import runs the completions import page's checks (`academy.imports.check_completions`) and
apply step unchanged.
"""

from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from academy import dao, imports
from academy.constants import AcademyPermission, Attendance, CompletionSource, DeliveryMode, EnrolmentStatus
from academy.models import Completion, Course, Enrolment, TrainingSession
from workforce.api.bulk import BulkImport
from workforce.api.resources import Filter, Operator, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter
from workforce.kernel import clock
from workforce.kernel.imports import ImportReport
from workforce.kernel.permissions import scope_of
from workforce.kernel.spreadsheets import Table


class TrainingSessionSchema(Schema):
    id = fields.Integer(required=True)
    course_id = fields.Integer(required=True)
    course = fields.Function(lambda session: session.course.title, required=True, metadata={"type": "string"})
    delivery_mode = fields.Function(
        lambda session: session.course.delivery_mode.value,
        required=True,
        metadata={"type": "string", "enum": [mode.value for mode in DeliveryMode]},
    )
    hours = fields.Function(lambda session: session.course.hours, required=True, metadata={"type": "number"})
    starts_at = UtcDateTime(required=True)
    ends_at = UtcDateTime(required=True)
    venue = fields.String(allow_none=True, required=True)
    online = fields.Boolean(required=True)
    facilitator = fields.String(required=True)
    capacity = fields.Integer(required=True)
    places_taken = fields.Integer(required=True)
    places_left = fields.Integer(required=True)
    requires_approval = fields.Boolean(required=True)
    cancelled_at = UtcDateTime(allow_none=True, required=True)


class TrainingRecordSchema(Schema):
    id = fields.Integer(required=True)
    staff_id = fields.Integer(required=True)
    course_id = fields.Integer(required=True)
    course = fields.Function(lambda completion: completion.course.title, required=True, metadata={"type": "string"})
    completed_on = fields.Date(required=True)
    expires_on = fields.Date(
        allow_none=True, required=True, metadata={"description": "The first day it no longer counts; null: no expiry"}
    )
    source = Code(CompletionSource, required=True)
    created_at = UtcDateTime(required=True)


class TrainingPlaceSchema(Schema):
    id = fields.Integer(required=True)
    session_id = fields.Integer(required=True)
    staff_id = fields.Integer(required=True)
    status = Code(EnrolmentStatus, required=True)
    attendance = Code(Attendance, allow_none=True, required=True)
    hours = fields.Float(allow_none=True, required=True, metadata={"description": "Hours attended"})
    created_at = UtcDateTime(required=True)


def _staff_in_scope(statement, user, staff_column):
    """Rows of people the user may see the training of: their teams' people today, or themself."""
    return dao.staff_in_scope(statement, scope_of(user), staff_column, clock.today())


def records_in_scope(user):
    # A completion withdrawn as recorded in error is not a training record any more.
    query = select(Completion).options(selectinload(Completion.course)).where(Completion.withdrawn_at.is_(None))
    return _staff_in_scope(query, user, Completion.staff_id)


def places_in_scope(user):
    return _staff_in_scope(select(Enrolment), user, Enrolment.staff_id)


SESSIONS = Resource(
    name="academy-sessions",
    area="academy",
    title="Academy sessions",
    description="Sessions of the academy's courses, with their capacity and places taken.",
    schema=TrainingSessionSchema,
    query=lambda user: (
        select(TrainingSession)
        .join(Course)
        .options(selectinload(TrainingSession.course), selectinload(TrainingSession.enrolments))
    ),
    id_column=TrainingSession.id,
    sorts={"starts_at": TrainingSession.starts_at, "id": TrainingSession.id},
    default_sort="starts_at",
    filters={
        "course_id": Filter(TrainingSession.course_id, Id(), "Sessions of this course"),
        "programme_id": Filter(Course.programme_id, Id(), "Sessions of this programme's courses"),
        "starts_from": Filter(TrainingSession.starts_at, fields.Date(), "Starting on or after", Operator.AT_LEAST),
        "starts_before": Filter(TrainingSession.starts_at, fields.Date(), "Starting before", Operator.AT_MOST),
    },
    permission=AcademyPermission.VIEW_ACADEMY,
)

TRAINING_RECORDS = Resource(
    name="training-records",
    area="academy",
    title="Training records",
    description=(
        "Courses completed by each person, with the date each stops counting. Scoped as the academy pages: a "
        "team manager sees the people in their teams, a worker their own."
    ),
    schema=TrainingRecordSchema,
    query=records_in_scope,
    id_column=Completion.id,
    sorts={"completed_on": Completion.completed_on, "expires_on": Completion.expires_on, "id": Completion.id},
    default_sort="-completed_on",
    filters={
        "staff_id": Filter(Completion.staff_id, Id(), "Training of this person"),
        "course_id": Filter(Completion.course_id, Id(), "Completions of this course"),
        **date_range(Completion.completed_on, "completed", "Completed"),
        "expires_to": Filter(Completion.expires_on, fields.Date(), "Expiring on or before", Operator.AT_MOST),
    },
    permission=AcademyPermission.VIEW_ACADEMY,
)

TRAINING_PLACES = Resource(
    name="training-places",
    area="academy",
    title="Training places",
    description="Places on sessions (enrolments, waitlists) and attendance; scoped like training records.",
    schema=TrainingPlaceSchema,
    query=places_in_scope,
    id_column=Enrolment.id,
    sorts={"created_at": Enrolment.created_at, "id": Enrolment.id},
    default_sort="-created_at",
    filters={
        "session_id": Filter(Enrolment.session_id, Id(), "Places on this session"),
        "staff_id": Filter(Enrolment.staff_id, Id(), "Places of this person"),
        "status": Filter(Enrolment.status, code_parameter(EnrolmentStatus), "Places with this status"),
        "attendance": Filter(Enrolment.attendance, code_parameter(Attendance), "Places with this attendance"),
    },
    permission=AcademyPermission.VIEW_ACADEMY,
)


def import_completions(table: Table, report: ImportReport) -> dict[str, int]:
    """The completions import page's checks and apply step: every row, or none."""
    checked, ready = imports.check_completions(table)
    report.total_rows = checked.total_rows
    report.problems.extend(checked.problems)
    if not report.ok:
        return {}
    return {"created": imports.apply_completions(ready)}


COMPLETIONS_IMPORT = BulkImport(
    name="training-completions",
    area="academy",
    title="Training completions",
    description=(
        "Courses people completed before WPQ (or elsewhere), as on the completions import page. A completion WPQ "
        "already holds is refused, so a file cannot be imported twice."
    ),
    columns={
        "Employee number": "the person's employee number, as in the staff records",
        "Course": "the course title, as in the academy's catalogue",
        "Completed on": "the date, today or earlier",
    },
    permission=AcademyPermission.MANAGE_ACADEMY,
    run=import_completions,
)
