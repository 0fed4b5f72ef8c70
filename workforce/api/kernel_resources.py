"""The kernel's records in the API: teams (scoped, created by administrators) and users (administrators)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy import select

from workforce.api.bulk import BulkImport
from workforce.api.problems import ApiProblem
from workforce.api.resources import Filter, Operator, Resource
from workforce.api.schemas import Id, TeamInputSchema, TeamSchema, UserSchema
from workforce.extensions import db
from workforce.kernel.imports import ImportReport, load_rows, report_duplicates, require_headers
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Permission, Role
from workforce.kernel.spreadsheets import Table
from workforce.kernel.teams import dao as teams_dao
from workforce.kernel.teams import services as teams_services


def teams_in_scope(user):
    return scope_of(user).apply(select(Team), Team.id)


def create_team(data: dict) -> Team:
    managers = []
    if data["manager_ids"]:
        found = db.session.execute(select(User).where(User.id.in_(data["manager_ids"]))).scalars().all()
        missing = sorted(set(data["manager_ids"]) - {user.id for user in found})
        if missing:
            raise ApiProblem(422, "The record is not valid.", {"manager_ids": [f"There is no user {missing[0]}"]})
        managers = list(found)
    try:
        area = teams_services.find_or_create_service_area(data["service_area"])
        return teams_services.create_team(data["name"], area, managers)
    except teams_services.TeamError as problem:
        name = {"managers": "manager_ids"}.get(problem.field, problem.field)
        raise ApiProblem(422, "The record is not valid.", {name: [str(problem)]}) from None


TEAMS = Resource(
    name="teams",
    area="teams",
    title="Teams",
    description="Teams and their service areas; a team manager sees the teams they manage.",
    schema=TeamSchema,
    query=teams_in_scope,
    id_column=Team.id,
    sorts={"name": Team.name, "id": Team.id, "created_at": Team.created_at},
    default_sort="name",
    filters={
        "service_area_id": Filter(Team.service_area_id, Id(), "Teams in this service area"),
        "name": Filter(Team.name, fields.String(validate=validate.Length(max=120)), "Name contains", Operator.CONTAINS),
    },
    permission=Permission.VIEW_TEAMS,
    input_schema=TeamInputSchema,
    create=create_team,
    write_permission=Permission.MANAGE_TEAMS,
)

USERS = Resource(
    name="users",
    area="users",
    title="Users",
    description="User accounts, their roles and teams (administrators only).",
    schema=UserSchema,
    query=lambda user: select(User),
    id_column=User.id,
    sorts={"name": User.name, "email": User.email, "id": User.id},
    default_sort="name",
    filters={
        "role": Filter(
            User.role,
            fields.Enum(Role, by_value=True, error_messages={"unknown": "Use one of: {choices}"}),
            "Users with this role",
        ),
        "team_id": Filter(User.team_id, Id(), "Users who belong to this team"),
    },
    permission=Permission.MANAGE_USERS,
)


class TeamRowSchema(Schema):
    name = fields.String(
        required=True, error_messages={"required": "Enter the team name", "null": "Enter the team name"}
    )
    service_area = fields.String(
        required=True, error_messages={"required": "Enter the service area", "null": "Enter the service area"}
    )


TEAM_COLUMNS = {"Team": "name", "Service area": "service_area"}


def import_teams(table: Table, report: ImportReport) -> dict[str, int]:
    """Teams from a file with the columns Team and Service area: new teams only, all or none."""
    if not require_headers(table, report, TEAM_COLUMNS):
        return {}
    rows = load_rows(table, TeamRowSchema(), TEAM_COLUMNS, report)
    report_duplicates(rows, lambda row: row.data["name"].strip().lower(), "Team", report)
    for row in rows:
        if teams_dao.get_team_by_name(row.data["name"]) is not None:
            report.add(row.number, "Team", row.data["name"], f"A team called {row.data['name']} already exists")
    if not report.ok:
        return {}
    for row in rows:
        area = teams_services.find_or_create_service_area(row.data["service_area"])
        teams_services.create_team(row.data["name"], area)
    return {"created": len(rows)}


TEAMS_IMPORT = BulkImport(
    name="teams",
    area="teams",
    title="Teams",
    description="Create teams, with their service areas, from a list. Existing team names are refused.",
    columns={"Team": "The team's name", "Service area": "Its service area (created if new)"},
    permission=Permission.MANAGE_TEAMS,
    run=import_teams,
)
