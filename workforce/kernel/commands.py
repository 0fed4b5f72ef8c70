"""Kernel commands: teams, users and the audit trail."""

import json

import click
from flask import Flask
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.contract import registry
from workforce.kernel.models import AuditEvent, User
from workforce.kernel.providers import LINK_STAFF_NUMBER
from workforce.kernel.roles import Role
from workforce.kernel.teams import dao as teams_dao
from workforce.kernel.teams import services as teams_services
from workforce.kernel.users import dao as users_dao
from workforce.kernel.users import services as users_services


def init_app(app: Flask) -> None:
    for group in (teams, users, audit_trail_group):
        app.cli.add_command(group)


def _acting(command: str):
    return audit_trail.acting_as(f"Command line: wpq {command}")


@click.group("teams", help="List and create teams.")
def teams():
    pass


@teams.command("list", help="Print every active team, one name per line.")
def list_teams():
    for team in teams_dao.list_teams():
        click.echo(team.name)


@teams.command("create", help="Create a team, and its service area when that is new.")
@click.argument("name")
@click.option("--service-area", "service_area", required=True, help="The service area the team belongs to.")
def create_team(name: str, service_area: str):
    with _acting("teams create"):
        try:
            area = teams_services.find_or_create_service_area(service_area)
            team = teams_services.create_team(name, area)
        except teams_services.TeamError as problem:
            db.session.rollback()
            raise click.ClickException(str(problem)) from None
        db.session.commit()
    click.echo(f"Created {team.name} in {area.name}")


def _get_user(email: str) -> User:
    user = users_dao.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no user with the email address {email}")
    return user


@click.group("users", help="Create, list and manage user accounts.")
def users():
    pass


@users.command("create", help="Create a user. Prompts for the password when --password is not given.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--team", "team_names", multiple=True, help="A team the user belongs to or manages (repeatable).")
@click.option("--password", default=None, help="At least 12 characters.")
@click.option(
    "--staff-number",
    "staff_number",
    default=None,
    help="Link the account to the staff record with this employee number.",
)
@click.option("--break-glass", is_flag=True, help="An administrator who keeps a password when local passwords are off.")
@click.option("--no-password", is_flag=True, help="No password: the person signs in with their council account.")
def create_user(
    email: str,
    name: str,
    role: str,
    team_names: tuple[str, ...],
    password: str | None,
    staff_number: str | None,
    break_glass: bool,
    no_password: bool,
):
    found = []
    for team_name in team_names:
        team = teams_dao.get_team_by_name(team_name)
        if team is None:
            raise click.ClickException(f"There is no team called {team_name}. See `wpq teams list`.")
        found.append(team)
    link = registry().provided(LINK_STAFF_NUMBER) if staff_number else None
    if staff_number and link is None:
        raise click.ClickException("Staff records are not available to link to")
    if break_glass and role != Role.ADMINISTRATOR.value:
        raise click.ClickException("Only an administrator can be a break-glass account")
    if password is None and not no_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    linked = None
    with _acting("users create"):
        try:
            user = users_services.create_user(email=email, name=name, role=Role(role), teams=found, password=password)
            user.break_glass = break_glass
            if link is not None:
                linked = link(user, staff_number)
        except ValueError as problem:
            db.session.rollback()
            raise click.ClickException(str(problem)) from None
        db.session.commit()
    click.echo(
        f"Created {user.email} ({user.role.value})" + (f", linked to the staff record of {linked}" if linked else "")
    )


@users.command("list", help="Print users: email, role, teams, status.")
@click.option("--all", "include_deactivated", is_flag=True, help="Include deactivated users.")
def list_users(include_deactivated: bool):
    for user in users_dao.list_users(include_deactivated=include_deactivated):
        teams_text = ", ".join(team.name for team in user.managed_teams) or (user.team.name if user.team else "-")
        status = "deactivated" if not user.is_active else ("locked" if user.is_locked else "active")
        click.echo(f"{user.email}\t{user.role.value}\t{teams_text}\t{status}")


@users.command("set-password", help="Set a user's password (prompts for it) and unlock the account.")
@click.argument("email")
@click.option("--password", default=None)
def set_password(email: str, password: str | None):
    user = _get_user(email)
    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _acting("users set-password"):
        try:
            users_services.set_password(user, password)
        except users_services.UserError as problem:
            db.session.rollback()
            raise click.ClickException(str(problem)) from None
        db.session.commit()
    click.echo(f"Password set for {user.email}")


@users.command("deactivate", help="Deactivate a user: they are signed out and cannot sign in.")
@click.argument("email")
def deactivate(email: str):
    user = _get_user(email)
    with _acting("users deactivate"):
        users_services.deactivate(user)
        db.session.commit()
    click.echo(f"Deactivated {user.email}")


@click.group("audit-trail", help="Read the audit trail.")
def audit_trail_group():
    pass


@audit_trail_group.command("show", help="Print the latest audit trail entries, newest first.")
@click.option("--record-type", default=None, help="Only this kind of record, for example User or Team.")
@click.option("--record-id", default=None)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(record_type: str | None, record_id: str | None, limit: int, output: str):
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if record_type:
        query = query.where(AuditEvent.record_type == record_type)
    if record_id:
        query = query.where(AuditEvent.record_id == record_id)
    for event in db.session.execute(query).scalars():
        if output == "json":
            click.echo(
                json.dumps(
                    {
                        "id": event.id,
                        "occurred_at": event.occurred_at.isoformat(),
                        "actor": event.actor_label,
                        "origin": event.origin,
                        "action": event.action,
                        "record_type": event.record_type,
                        "record_id": event.record_id,
                        "record": event.record_label,
                        "changes": event.changes,
                        "note": event.note,
                    }
                )
            )
        else:
            changed = ", ".join(
                f"{field}: {change['before']!r} -> {change['after']!r}" for field, change in event.changes.items()
            )
            click.echo(
                f"{event.occurred_at:%Y-%m-%d %H:%M:%S}  {event.actor_label} ({event.origin})  {event.action}  "
                f"{event.record_type} {event.record_id} {event.record_label}" + (f"  [{changed}]" if changed else "")
            )
