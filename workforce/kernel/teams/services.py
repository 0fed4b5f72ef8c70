"""Creating and changing service areas and teams, written to the audit trail."""

from collections.abc import Sequence

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.roles import Role
from workforce.kernel.teams import dao


class TeamError(ValueError):
    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


def find_or_create_service_area(name: str) -> ServiceArea:
    name = name.strip()
    if not name:
        raise TeamError("Enter the service area", "service_area")
    area = dao.get_service_area_by_name(name)
    if area is None:
        area = ServiceArea(name=name)
        db.session.add(area)
        audit_trail.record_created(area)
    return area


def _check_managers(managers: Sequence[User]) -> None:
    for manager in managers:
        if manager.role is not Role.TEAM_MANAGER:
            raise TeamError(f"{manager.name} is not a team manager; change their role first", "managers")


def create_team(name: str, service_area: ServiceArea, managers: Sequence[User] = ()) -> Team:
    name = name.strip()
    if not name:
        raise TeamError("Enter the team name")
    if dao.get_team_by_name(name) is not None:
        raise TeamError(f"A team called {name} already exists")
    _check_managers(managers)
    team = Team(name=name, service_area=service_area, managers=list(managers))
    db.session.add(team)
    db.session.flush()
    audit_trail.record_created(team, service_area=service_area.name, managers=[m.name for m in managers])
    return team


def update_team(
    team: Team,
    name: str,
    service_area: ServiceArea,
    managers: Sequence[User],
    opened_at_version: int | str | None = None,
) -> Team:
    """Change a team; raises EditConflict when someone else saved it since the form was opened."""
    if opened_at_version is not None:
        team.check_version(opened_at_version)
    name = name.strip()
    other = dao.get_team_by_name(name)
    if other is not None and other.id != team.id:
        raise TeamError(f"A team called {name} already exists")
    _check_managers(managers)
    before = audit_trail.snapshot(team, service_area=team.service_area.name, managers=[m.name for m in team.managers])
    team.name = name
    team.service_area = service_area
    team.managers = list(managers)
    team.version = (team.version or 1) + 1
    db.session.flush()
    audit_trail.record_updated(team, before, service_area=service_area.name, managers=[m.name for m in team.managers])
    return team


def archive_team(team: Team) -> None:
    if team.archived_at is not None:
        return
    before = audit_trail.snapshot(team)
    team.archived_at = clock.now()
    audit_trail.record_updated(team, before, action=audit_trail.Action.ARCHIVED)
