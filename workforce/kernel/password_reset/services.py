"""Sending and using password-reset links; the caller commits."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, url_for
from sqlalchemy import func, select, update

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel import settings as kernel_settings
from workforce.kernel.auth.services import find_user_by_email
from workforce.kernel.models import User
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.notifications.services import absolute
from workforce.kernel.password_reset.models import PasswordReset
from workforce.kernel.users import services as users_services


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email: str, requested_from: str | None = None) -> OutboxMessage | None:
    """Queue a reset link for an active local account with that address, or do nothing.

    The page answers the same either way, so nobody learns which addresses have accounts. An account
    gets at most PASSWORD_RESET_LINKS_PER_HOUR links an hour; a refused request is audited.
    """
    user = find_user_by_email(email or "")
    if user is None or not user.is_active or not user.password_hash:
        return None
    now = clock.now()
    window = now - current_app.config["PASSWORD_RESET_VALID_FOR"]
    recent = db.session.execute(
        select(func.count())
        .select_from(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.created_at > window)
    ).scalar_one()
    if recent >= current_app.config["PASSWORD_RESET_LINKS_PER_HOUR"]:
        audit_trail.record(user, "password reset refused", note=f"Too many links in the last hour ({requested_from})")
        return None
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + current_app.config["PASSWORD_RESET_VALID_FOR"],
        requested_from=(requested_from or "")[:64] or None,
    )
    db.session.add(reset)
    db.session.flush()
    audit_trail.record(user, "password reset requested", note=f"Link sent by email (request from {requested_from})")
    link = url_for("password_reset.reset_password", token=token)
    minutes = int(current_app.config["PASSWORD_RESET_VALID_FOR"].total_seconds() // 60)
    body = "\n".join(
        [
            f"Hello {user.name},",
            "",
            "Someone asked to reset the password of your WPQ account. To choose a new password, go to:",
            "",
            absolute(link),
            "",
            f"The link works once, for {minutes} minutes.",
            "If you did not ask, ignore this email: your password has not changed.",
            "",
            f"WPQ, {kernel_settings.get('council_name')}",
        ]
    )
    message = OutboxMessage(
        key=f"password-reset:{reset.id}",
        rule="password-reset",
        recipient_id=user.id,
        email=user.email,
        subject="Reset your WPQ password",
        body=body,
        link=None,
        record_type="Password reset",
        record_id=str(reset.id),
        occasion=now.isoformat()[:60],
        status=MessageStatus.PENDING,
        created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message


def find_usable(token: str) -> PasswordReset | None:
    """The reset a link's token belongs to, while it is unused, unexpired and its account active and local."""
    if not token or len(token) > 100:
        return None
    reset = db.session.execute(select(PasswordReset).where(PasswordReset.token_hash == _hash(token))).scalar()
    if reset is None or reset.used_at is not None or clock.as_utc(reset.expires_at) <= clock.now():
        return None
    user: User = reset.user
    if not user.is_active or not user.password_hash:
        return None
    return reset


def complete_reset(reset: PasswordReset, password: str) -> None:
    """Set the new password (ending every session) and use up this link and any other open one."""
    users_services.set_password(reset.user, password)
    now = clock.now()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    audit_trail.record(reset.user, "password reset by email", note=f"Reset link {reset.id} used")
