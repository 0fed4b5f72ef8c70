"""Queries about API tokens."""

from __future__ import annotations

from sqlalchemy import select

from workforce.api.models import ApiToken
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.models import User


def list_tokens_of(user: User) -> list[ApiToken]:
    statement = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id)
    return list(db.session.execute(statement).scalars())


def list_all_tokens() -> list[ApiToken]:
    statement = select(ApiToken).join(ApiToken.user).order_by(User.name, ApiToken.created_at.desc(), ApiToken.id)
    return list(db.session.execute(statement).scalars())


def list_active_users() -> list[User]:
    return list(db.session.execute(select(User).where(User.deactivated_at.is_(None)).order_by(User.name)).scalars())


def available_scopes() -> list[tuple[str, str]]:
    """Every scope a token may carry, with a label: read and write per area, from what is registered."""
    modules = registry()
    labels: dict[str, str] = {"measures:read": "Read measures (definitions and values)"}
    for resource in modules.api_resources.values():
        labels.setdefault(resource.read_scope, f"Read {resource.area.replace('-', ' ')}")
        if resource.create is not None:
            labels.setdefault(resource.write_scope, f"Change {resource.area.replace('-', ' ')}")
    for bulk_import in modules.api_imports.values():
        labels.setdefault(bulk_import.scope, f"Change {bulk_import.area.replace('-', ' ')}")
    areas = {}
    for scope, label in labels.items():
        area, _, access = scope.partition(":")
        areas[(area, access != "read", scope)] = label
    return [(scope, labels[scope]) for (_, _, scope) in sorted(areas)]
