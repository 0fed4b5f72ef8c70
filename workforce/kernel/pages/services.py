"""Changes a user makes to their own account."""

from flask_login import login_user

from workforce.kernel import audit_trail, passwords
from workforce.kernel.auth import sessions
from workforce.kernel.auth.services import new_session_token
from workforce.kernel.models import User


def change_own_password(user: User, new_password: str) -> None:
    before = audit_trail.snapshot(user)
    user.password_hash = passwords.hash_password(new_password)
    user.session_token = new_session_token()
    sessions.end_all_sessions(user, sessions.EndReason.PASSWORD_CHANGED)
    audit_trail.record_updated(user, before, action=audit_trail.Action.PASSWORD_SET)
    # Every session ended, this one included; this browser continues in a new session with a new secret.
    login_user(user)
    sessions.start_session(user)
