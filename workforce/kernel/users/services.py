"""Creating and changing user accounts; every change is written to the audit trail."""

from __future__ import annotations

from collections.abc import Sequence

from workforce.extensions import db
from workforce.kernel import audit_trail, clock, passwords
from workforce.kernel.auth import sessions
from workforce.kernel.auth.services import new_session_token
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.kernel.users import dao


class UserError(ValueError):
    """A user change that breaks a rule; the message is shown as it is, against `field`."""

    def __init__(self, message: str, field: str = "email"):
        super().__init__(message)
        self.field = field


def _team_fields(user: User) -> dict:
    return {
        "team": user.team.name if user.team else None,
        "managed_teams": [team.name for team in user.managed_teams],
    }


def _apply_teams(user: User, role: Role, teams: Sequence[Team]) -> None:
    """A team manager manages every team given (and belongs to the first); anyone else belongs to one."""
    if role is Role.TEAM_MANAGER:
        if not teams:
            raise UserError("Select at least one team for a team manager", "teams")
        user.managed_teams = list(teams)
        user.team = teams[0]
    else:
        if len(teams) > 1:
            raise UserError("Select one team at most; only team managers manage several teams", "teams")
        user.managed_teams = []
        user.team = teams[0] if teams else None


def create_user(*, email: str, name: str, role: Role, teams: Sequence[Team] = (), password: str | None = None) -> User:
    email = email.strip().lower()
    if dao.get_user_by_email(email) is not None:
        raise UserError(f"A user with the email address {email} already exists")
    if password is not None:
        problem = passwords.password_problem(password, email=email, name=name)
        if problem:
            raise UserError(problem, "password")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=passwords.hash_password(password) if password else None,
        session_token=new_session_token(),
        failed_sign_ins=0,
    )
    _apply_teams(user, role, teams)
    db.session.add(user)
    db.session.flush()
    audit_trail.record_created(user, **_team_fields(user))
    return user


def update_user(
    user: User, *, name: str, email: str, role: Role, teams: Sequence[Team], opened_at_version: int | str | None
) -> User:
    """Change a user; raises EditConflict when someone else saved the user since the form was opened."""
    user.check_version(opened_at_version)
    email = email.strip().lower()
    other = dao.get_user_by_email(email)
    if other is not None and other.id != user.id:
        raise UserError(f"A user with the email address {email} already exists")
    before = audit_trail.snapshot(user, **_team_fields(user))
    user.name = name.strip()
    user.email = email
    if user.role != role:
        # A new role changes what the user may see: end their current sessions.
        user.session_token = new_session_token()
        sessions.end_all_sessions(user, sessions.EndReason.ROLE_CHANGED)
    user.role = role
    _apply_teams(user, role, teams)
    if audit_trail.diff(before, audit_trail.snapshot(user, **_team_fields(user))):
        user.save_edit(opened_at_version)
    db.session.flush()
    audit_trail.record_updated(user, before, **_team_fields(user))
    return user


def set_password(user: User, password: str) -> None:
    problem = passwords.password_problem(password, email=user.email, name=user.name)
    if problem:
        raise UserError(problem, "password")
    before = audit_trail.snapshot(user)
    user.password_hash = passwords.hash_password(password)
    user.session_token = new_session_token()
    sessions.end_all_sessions(user, sessions.EndReason.PASSWORD_CHANGED)
    user.failed_sign_ins = 0
    user.locked_until = None
    audit_trail.record_updated(user, before, action=audit_trail.Action.PASSWORD_SET)


def deactivate(user: User, by: User | None = None) -> None:
    if by is not None and by.id == user.id:
        raise UserError("You cannot deactivate your own account")
    if not user.is_active:
        return
    before = audit_trail.snapshot(user)
    user.deactivated_at = clock.now()
    user.session_token = new_session_token()
    sessions.end_all_sessions(user, sessions.EndReason.DEACTIVATED)
    audit_trail.record_updated(user, before, action=audit_trail.Action.ARCHIVED)


def reactivate(user: User) -> None:
    if user.is_active:
        return
    before = audit_trail.snapshot(user)
    user.deactivated_at = None
    audit_trail.record_updated(user, before, action=audit_trail.Action.RESTORED)


def sign_out_everywhere(user: User) -> int:
    """End every session of `user` now (an administrator's action, for a lost device or a suspected
    compromise; on their own account, every session but this one); the audit trail records how many ended."""
    ended = sessions.end_all_sessions(
        user, sessions.EndReason.SIGNED_OUT_EVERYWHERE, keep=sessions.own_current_session(user)
    )
    audit_trail.record(user, "signed out everywhere", note=f"{ended} session{'' if ended == 1 else 's'} ended")
    return ended
