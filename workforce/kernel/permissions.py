"""Permission checks and the one scoping helper every list, count, chart and export goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import Select, false, or_

from workforce.kernel.contract import registry
from workforce.kernel.roles import ALL_TEAM_ROLES, Role

#: Attribute set on view functions: the permissions they check, () for any signed-in user.
PERMISSIONS_ATTRIBUTE = "_wpq_permissions"
#: Attribute set on view functions anyone may open without signing in.
PUBLIC_ATTRIBUTE = "_wpq_public"


def user_can(permission: str, user=None) -> bool:
    user = user if user is not None else current_user
    if not user or not user.is_authenticated:
        return False
    return registry().role_has(user.role, permission)


def _guard(view: Callable, permissions: tuple[str, ...]) -> Callable:
    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if permissions and not any(user_can(permission) for permission in permissions):
            abort(403)
        return view(*args, **kwargs)

    setattr(guarded, PERMISSIONS_ATTRIBUTE, permissions)
    return guarded


def permission_required(*permissions: str) -> Callable:
    """The view needs a signed-in user holding any one of the permissions; others get 403."""
    if not permissions:
        raise ValueError("Name at least one permission; use signed_in for pages every user has.")

    def decorator(view: Callable) -> Callable:
        return _guard(view, tuple(str(permission) for permission in permissions))

    return decorator


def signed_in(view: Callable) -> Callable:
    """The view is for every signed-in user, whatever their role (their home page, their account)."""
    return _guard(view, ())


def public(view: Callable) -> Callable:
    """The view is open without signing in (sign-in, accessibility statement, privacy notice)."""
    setattr(view, PUBLIC_ATTRIBUTE, True)
    return view


@dataclass(frozen=True)
class Scope:
    """What the signed-in user may see of team-owned records.

    `all_teams` for roles that see the whole council; otherwise the teams they manage. `user_id` lets
    a query add the user's own records (a social worker's own supervision, say).
    """

    all_teams: bool
    team_ids: frozenset[int]
    user_id: int | None

    def covers_team(self, team_id: int | None) -> bool:
        return self.all_teams or (team_id is not None and team_id in self.team_ids)

    def apply(self, statement: Select, team_column, *, own_column=None) -> Select:
        """Restrict `statement` to rows whose `team_column` is in scope, or whose `own_column` is the user."""
        if self.all_teams:
            return statement
        conditions = []
        if self.team_ids:
            conditions.append(team_column.in_(sorted(self.team_ids)))
        if own_column is not None and self.user_id is not None:
            conditions.append(own_column == self.user_id)
        if not conditions:
            return statement.where(false())
        return statement.where(or_(*conditions))


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope(False, frozenset(), None)
    if user.role in ALL_TEAM_ROLES:
        return Scope(True, frozenset(), user.id)
    if user.role is Role.TEAM_MANAGER:
        return Scope(False, frozenset(team.id for team in user.managed_teams), user.id)
    return Scope(False, frozenset(), user.id)


def current_scope() -> Scope:
    return scope_of(current_user)


def scoped(statement: Select, team_column, *, own_column=None, user=None) -> Select:
    """The scoping helper: `statement` restricted to what the user (default: signed in) may see."""
    scope = scope_of(user) if user is not None else current_scope()
    return scope.apply(statement, team_column, own_column=own_column)


def get_in_scope_or_404(model, record_id: int, team_of: Callable[[object], int | None]):
    """Load one record by id, or 404 when it does not exist or lies outside the user's teams."""
    from workforce.extensions import db

    record = db.session.get(model, record_id)
    if record is None or not current_scope().covers_team(team_of(record)):
        abort(404)
    return record
