"""Checking a sign-in attempt and keeping the count of wrong passwords."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock, passwords
from workforce.kernel.auth import sessions
from workforce.kernel.models import User

WRONG_DETAILS = "Enter a correct email address and password"
#: The one refusal while local passwords are turned off for everyone but break-glass administrators.
COUNCIL_ACCOUNT_ONLY = (
    "Enter a correct email address and password. Passwords are for break-glass administrators only: "
    "everyone else signs in with their council account"
)


@dataclass(frozen=True)
class SignInOutcome:
    user: User | None
    message: str | None = None


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar()


def attempt_sign_in(email: str, password: str) -> SignInOutcome:
    """Check a password. Every refusal is the same message after the same work, one argon2 verification,
    whether the email is unknown, the account deactivated, waiting, locked or the password wrong, so the
    answer does not tell which emails have accounts (OWASP Authentication Cheat Sheet, "Authentication
    and error messages"). A waiting or locked account is refused even with the right password."""
    refused = WRONG_DETAILS if current_app.config.get("WPQ_LOCAL_PASSWORDS", True) else COUNCIL_ACCOUNT_ONLY
    user = find_user_by_email(email)
    usable = user is not None and user.is_active
    if usable and not current_app.config.get("WPQ_LOCAL_PASSWORDS", True) and not user.break_glass:
        usable = False
    # The one hash on every path: the account's own, or a dummy one with the same parameters.
    matches = passwords.verify_password(user.password_hash if usable else None, password)
    if not usable:
        return SignInOutcome(None, refused)
    if user.is_locked:
        return SignInOutcome(None, refused)
    if matches:
        user.failed_sign_ins = 0
        user.locked_until = None
        user.last_signed_in_at = clock.now()
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        return SignInOutcome(user)
    _record_failure(user)
    return SignInOutcome(None, refused)


def _record_failure(user: User) -> None:
    config = current_app.config
    user.failed_sign_ins += 1
    failures = user.failed_sign_ins
    if failures >= config["SIGN_IN_LOCK_AFTER"]:
        user.locked_until = clock.now() + config["SIGN_IN_LOCK_DURATION"]
        audit_trail.record(user, "locked", note=f"Locked after {failures} wrong passwords in a row")
    elif failures >= config["SIGN_IN_FAILURES_BEFORE_DELAY"]:
        delays: tuple[timedelta, ...] = config["SIGN_IN_DELAYS"]
        user.locked_until = (
            clock.now() + delays[min(failures - config["SIGN_IN_FAILURES_BEFORE_DELAY"], len(delays) - 1)]
        )


def unlock(user: User) -> None:
    """Unlock an account; whoever caused the lock may hold a session, so every session of it ends too
    (but the administrator's own, when they unlock their own account)."""
    before = audit_trail.snapshot(user)
    user.failed_sign_ins = 0
    user.locked_until = None
    sessions.end_all_sessions(user, sessions.EndReason.UNLOCKED, keep=sessions.own_current_session(user))
    audit_trail.record_updated(user, before, action=audit_trail.Action.UNLOCKED)


def new_session_token() -> str:
    return secrets.token_hex(16)
