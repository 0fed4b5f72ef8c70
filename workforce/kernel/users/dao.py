"""Queries about users."""

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.kernel.models import User
from workforce.kernel.roles import Role


def list_users_query(role: Role | None = None, search: str | None = None, include_deactivated=False) -> Select:
    query = select(User).options(selectinload(User.managed_teams), selectinload(User.team)).order_by(User.name)
    if role is not None:
        query = query.where(User.role == role)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern)))
    if not include_deactivated:
        query = query.where(User.deactivated_at.is_(None))
    return query


def list_users(**filters) -> list[User]:
    return list(db.session.execute(list_users_query(**filters)).scalars())


def get_user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar()


def count_users() -> int:
    return db.session.execute(select(func.count()).select_from(User)).scalar_one()
