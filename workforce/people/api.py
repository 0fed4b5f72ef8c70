"""Staff, posts and assignments (workforce.people) in the API, with the people pages' scoping and fields by role,
and the HR imports (staff with their assignments, absences), which run the import pages' own checks.

Who sees which staff: HR, administrators, senior leaders, QA officers and the academy lead see everyone;
a team manager sees staff with a current assignment in a team they manage; anyone else only themself;
committee viewers nobody (they see aggregates only).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy import false, or_, select

from workforce.api.bulk import BulkImport
from workforce.api.resources import Filter, Operator, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime
from workforce.kernel import clock
from workforce.kernel.imports import ImportReport
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import Table
from workforce.people import imports
from workforce.people.constants import (
    CensusRole,
    EmploymentType,
    Ethnicity,
    PeoplePermission,
    QualificationLevel,
    RegistrationStatus,
    Sex,
)
from workforce.people.models import Assignment, Post, StaffMember

PROTECTED_CHARACTERISTICS = ("sex", "ethnicity", "date_of_birth")


def current_assignments():
    today = clock.today()
    return select(Assignment.staff_id).where(
        Assignment.start_date <= today, or_(Assignment.end_date.is_(None), Assignment.end_date >= today)
    )


def staff_in_scope(user):
    statement = select(StaffMember)
    if user.role is Role.COMMITTEE_VIEWER:
        return statement.where(false())
    scope = scope_of(user)
    if scope.all_teams:
        return statement
    conditions = [StaffMember.user_id == user.id]
    if scope.team_ids:
        conditions.append(StaffMember.id.in_(scope.apply(current_assignments(), Assignment.team_id)))
    return statement.where(or_(*conditions))


def hidden_staff_fields(user) -> set[str]:
    if user_can(PeoplePermission.VIEW_PROTECTED_CHARACTERISTICS, user):
        return set()
    return set(PROTECTED_CHARACTERISTICS)


class StaffSchema(Schema):
    id = fields.Integer(required=True)
    employee_number = fields.String(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    swe_number = fields.String(allow_none=True, required=True)
    qualification_level = Code(QualificationLevel, allow_none=True, required=True)
    qualification_date = fields.Date(allow_none=True, required=True)
    step_up = fields.Boolean(required=True)
    frontline = fields.Boolean(required=True)
    employment_type = Code(EmploymentType, required=True)
    contracted_hours = fields.Float(required=True)
    standard_hours = fields.Float(required=True)
    fte = fields.Float(required=True)
    line_manager_id = fields.Integer(allow_none=True, required=True)
    registration_status = Code(RegistrationStatus, allow_none=True, required=True)
    registered_until = fields.Date(allow_none=True, required=True)
    user_id = fields.Integer(allow_none=True, required=True)
    archived_at = UtcDateTime(allow_none=True, required=True)
    #: Protected characteristics: only for roles with staff.view-protected-characteristics.
    sex = Code(Sex, allow_none=True)
    ethnicity = Code(Ethnicity, allow_none=True)
    date_of_birth = fields.Date(allow_none=True)


class PostSchema(Schema):
    id = fields.Integer(required=True)
    post_number = fields.String(required=True)
    team_id = fields.Integer(required=True)
    census_role = Code(CensusRole, required=True)
    job_title = fields.String(required=True)
    grade = fields.String(allow_none=True, required=True)
    budgeted_fte = fields.Float(required=True)
    case_holding = fields.Boolean(required=True)
    funded_from = fields.Date(required=True)
    funded_to = fields.Date(allow_none=True, required=True)


class AssignmentSchema(Schema):
    id = fields.Integer(required=True)
    staff_id = fields.Integer(required=True)
    post_id = fields.Integer(allow_none=True, required=True)
    team_id = fields.Integer(required=True)
    census_role = Code(CensusRole, required=True)
    employment_type = Code(EmploymentType, required=True)
    fte = fields.Float(required=True)
    case_holding = fields.Boolean(required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, required=True)
    is_leaving = fields.Boolean(required=True)


def posts_in_scope(user):
    return scope_of(user).apply(select(Post), Post.team_id)


def assignments_in_scope(user):
    own = select(StaffMember.id).where(StaffMember.user_id == user.id)
    statement = select(Assignment)
    if user.role is Role.COMMITTEE_VIEWER:
        return statement.where(false())
    scope = scope_of(user)
    if scope.all_teams:
        return statement
    conditions = [Assignment.staff_id.in_(own)]
    if scope.team_ids:
        conditions.append(Assignment.team_id.in_(sorted(scope.team_ids)))
    return statement.where(or_(*conditions))


def _name_length():
    return fields.String(validate=validate.Length(min=1, max=80))


STAFF = Resource(
    name="staff",
    area="staff",
    title="Staff",
    description=(
        "Staff records. Sex, ethnicity and date of birth appear only for roles allowed to see protected "
        "characteristics (HR and administrators)."
    ),
    schema=StaffSchema,
    query=staff_in_scope,
    id_column=StaffMember.id,
    sorts={
        "last_name": StaffMember.last_name,
        "first_name": StaffMember.first_name,
        "employee_number": StaffMember.employee_number,
        "id": StaffMember.id,
    },
    default_sort="last_name",
    filters={
        "employee_number": Filter(StaffMember.employee_number, fields.String(), "Staff with this employee number"),
        "last_name": Filter(StaffMember.last_name, _name_length(), "Last name contains", Operator.CONTAINS),
        "employment_type": Filter(
            StaffMember.employment_type,
            fields.Enum(EmploymentType, by_value=True, error_messages={"unknown": "Use one of: {choices}"}),
            "Staff with this employment type",
        ),
    },
    hidden_fields=hidden_staff_fields,
    restricted_fields=PROTECTED_CHARACTERISTICS,
)

POSTS = Resource(
    name="posts",
    area="staff",
    title="Posts",
    description="Established posts; a team manager sees the posts of the teams they manage.",
    schema=PostSchema,
    query=posts_in_scope,
    id_column=Post.id,
    sorts={"post_number": Post.post_number, "funded_from": Post.funded_from, "id": Post.id},
    default_sort="post_number",
    filters={
        "team_id": Filter(Post.team_id, Id(), "Posts in this team"),
        "case_holding": Filter(Post.case_holding, fields.Boolean(), "Case-holding posts (true) or not (false)"),
    },
    permission=PeoplePermission.VIEW_STAFF,
)

ASSIGNMENTS = Resource(
    name="assignments",
    area="staff",
    title="Assignments",
    description="Who worked in which post and team, and when; scoped like staff records.",
    schema=AssignmentSchema,
    query=assignments_in_scope,
    id_column=Assignment.id,
    sorts={"start_date": Assignment.start_date, "end_date": Assignment.end_date, "id": Assignment.id},
    default_sort="start_date",
    filters={
        "staff_id": Filter(Assignment.staff_id, Id(), "Assignments of this staff member"),
        "team_id": Filter(Assignment.team_id, Id(), "Assignments in this team"),
        **date_range(Assignment.start_date, "started", "Started"),
    },
)


def _outcome_counts(outcome: imports.ImportOutcome) -> dict[str, int]:
    return {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "assignments_created": outcome.assignments_created,
        "assignments_updated": outcome.assignments_updated,
        "leavers": outcome.leavers,
    }


def import_staff(table: Table, report: ImportReport) -> dict[str, int]:
    """The staff import page's checks and apply step, unchanged: all rows or none."""
    rows = imports.check_staff_table(table, report)
    if not report.ok:
        return {}
    return _outcome_counts(imports.apply_staff(rows))


def import_absences(table: Table, report: ImportReport) -> dict[str, int]:
    rows = imports.check_absences_table(table, report)
    if not report.ok:
        return {}
    outcome = imports.apply_absences(rows)
    return {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged}


STAFF_IMPORT = BulkImport(
    name="staff",
    area="staff",
    title="Staff and assignments",
    description=(
        "Staff records and their assignments from the HR system, matched by employee number: the same file and "
        "checks as the staff import page. Empty optional cells keep what WPQ holds; re-sending a file changes "
        "nothing."
    ),
    columns=dict(imports.STAFF_NOTES[:-1]),
    permission=PeoplePermission.IMPORT_STAFF,
    run=import_staff,
)

ABSENCES_IMPORT = BulkImport(
    name="absences",
    area="staff",
    title="Absences",
    description=(
        "Absence periods by employee number and census reason, as on the absences import page; an absence is "
        "matched by person and first day, so sending it again updates its end date."
    ),
    columns=dict(imports.ABSENCE_NOTES[:-1]),
    permission=PeoplePermission.IMPORT_STAFF,
    run=import_absences,
)
