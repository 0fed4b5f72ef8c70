"""The kernel's sections of each role's home page."""

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.contract import HomePanel, registry
from workforce.kernel.models import AuditEvent, ServiceArea, Team, User
from workforce.kernel.roles import ALL_TEAM_ROLES, Role


def init_app(app: Flask) -> None:
    modules = registry(app)
    modules.add_home_panel(HomePanel("your-role", "home/your_role.html", frozenset(Role), your_role, order=1))
    modules.add_home_panel(
        HomePanel("administration", "home/administration.html", frozenset({Role.ADMINISTRATOR}), administration, 10)
    )
    modules.add_home_panel(
        HomePanel("your-teams", "home/your_teams.html", frozenset({Role.TEAM_MANAGER}), your_teams, 10)
    )
    modules.add_home_panel(
        HomePanel(
            "service-areas",
            "home/service_areas.html",
            ALL_TEAM_ROLES - {Role.ADMINISTRATOR},
            service_areas,
            90,
        )
    )


def your_role(user) -> dict:
    # The pages themselves are in the header's navigation, not repeated here.
    return {"role": user.role}


def administration(user) -> dict:
    by_role = dict(
        db.session.execute(
            select(User.role, func.count()).where(User.deactivated_at.is_(None)).group_by(User.role)
        ).all()
    )
    locked = db.session.execute(select(User).where(User.locked_until > clock.now()).order_by(User.name)).scalars().all()
    recent = db.session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(5)).scalars().all()
    return {"by_role": [(role, by_role.get(role, 0)) for role in Role], "locked": locked, "recent": recent}


def your_teams(user) -> dict:
    teams = (
        db.session.execute(
            select(Team)
            .options(selectinload(Team.service_area))
            .where(Team.id.in_([team.id for team in user.managed_teams]))
            .order_by(Team.name)
        )
        .scalars()
        .all()
    )
    team_ids = [team.id for team in teams]
    counts = dict(
        db.session.execute(
            select(User.team_id, func.count())
            .where(User.team_id.in_(team_ids), User.deactivated_at.is_(None))
            .group_by(User.team_id)
        ).all()
    )
    return {"teams": [(team, counts.get(team.id, 0)) for team in teams]}


def service_areas(user) -> dict:
    rows = db.session.execute(
        select(ServiceArea.name, func.count(Team.id))
        .join(Team, Team.service_area_id == ServiceArea.id)
        .where(Team.archived_at.is_(None))
        .group_by(ServiceArea.name)
        .order_by(ServiceArea.name)
    ).all()
    return {"service_areas": rows}
