"""Queries about service areas and teams."""

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.permissions import Scope
from workforce.kernel.roles import Role


def list_teams(include_archived: bool = False) -> list[Team]:
    query = select(Team).order_by(Team.name)
    if not include_archived:
        query = query.where(Team.archived_at.is_(None))
    return list(db.session.execute(query).scalars())


def list_teams_in_scope_query(scope: Scope) -> Select:
    query = (
        select(Team)
        .options(selectinload(Team.service_area), selectinload(Team.managers))
        .where(Team.archived_at.is_(None))
        .order_by(Team.name)
    )
    return scope.apply(query, Team.id)


def count_members_by_team(team_ids) -> dict[int, int]:
    rows = db.session.execute(
        select(User.team_id, func.count())
        .where(User.team_id.in_(list(team_ids)), User.deactivated_at.is_(None))
        .group_by(User.team_id)
    ).all()
    return dict(rows)


def get_team_by_name(name: str) -> Team | None:
    return db.session.execute(select(Team).where(func.lower(Team.name) == name.strip().lower())).scalar()


def get_service_area_by_name(name: str) -> ServiceArea | None:
    return db.session.execute(select(ServiceArea).where(func.lower(ServiceArea.name) == name.strip().lower())).scalar()


def list_service_areas() -> list[ServiceArea]:
    return list(db.session.execute(select(ServiceArea).order_by(ServiceArea.name)).scalars())


def list_team_managers_candidates() -> list[User]:
    return list(db.session.execute(select(User).where(User.deactivated_at.is_(None)).order_by(User.name)).scalars())


def list_teams_in_scope(scope: Scope) -> list[Team]:
    return list(db.session.execute(list_teams_in_scope_query(scope)).scalars())


def list_active_team_managers() -> list[User]:
    """The active users with the team manager role, by name (who may be named a team's manager)."""
    query = select(User).where(User.role == Role.TEAM_MANAGER, User.deactivated_at.is_(None)).order_by(User.name)
    return list(db.session.execute(query).scalars())


def list_users_by_id(user_ids) -> list[User]:
    if not user_ids:
        return []
    return list(db.session.execute(select(User).where(User.id.in_(user_ids))).scalars())


def team_names() -> dict[int, str]:
    """Every team's name by id, archived or not (a record names the team it was in)."""
    return dict(db.session.execute(select(Team.id, Team.name)).all())
