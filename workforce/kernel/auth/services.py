"""Checking a sign-in attempt and keeping the count of wrong passwords."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock, passwords
from workforce.kernel.models import User

WRONG_DETAILS = "Enter a correct email address and password"
COUNCIL_ACCOUNT_ONLY = "Sign in with your council account: passwords are for break-glass administrators only"


@dataclass(frozen=True)
class SignInOutcome:
    user: User | None
    message: str | None = None


def _time_of_day(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S") + " UTC"


def _wait_message(until: datetime) -> str:
    seconds = max(1, int((until - clock.now()).total_seconds() + 0.999))
    if seconds <= 120:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        wait = f"{(seconds + 59) // 60} minutes"
    return f"Too many wrong passwords. Wait {wait}, then try again (after {_time_of_day(until)})"


def _lock_message(until: datetime) -> str:
    return (
        "This account is locked because the password was entered wrongly "
        f"{current_app.config['SIGN_IN_LOCK_AFTER']} times in a row. "
        f"Try again after {_time_of_day(until)}, or ask an administrator to unlock it"
    )


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar()


def attempt_sign_in(email: str, password: str) -> SignInOutcome:
    """Check a password; a locked or delayed account is refused without looking at the password."""
    config = current_app.config
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        passwords.verify_password(None, password)
        return SignInOutcome(None, WRONG_DETAILS)
    if not config.get("WPQ_LOCAL_PASSWORDS", True) and not user.break_glass:
        passwords.verify_password(None, password)
        return SignInOutcome(None, COUNCIL_ACCOUNT_ONLY)
    if user.is_locked:
        until = clock.as_utc(user.locked_until)
        if user.failed_sign_ins >= config["SIGN_IN_LOCK_AFTER"]:
            return SignInOutcome(None, _lock_message(until))
        return SignInOutcome(None, _wait_message(until))
    if passwords.verify_password(user.password_hash, password):
        user.failed_sign_ins = 0
        user.locked_until = None
        user.last_signed_in_at = clock.now()
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        return SignInOutcome(user)
    return SignInOutcome(None, _record_failure(user))


def _record_failure(user: User) -> str:
    config = current_app.config
    user.failed_sign_ins += 1
    failures = user.failed_sign_ins
    if failures >= config["SIGN_IN_LOCK_AFTER"]:
        user.locked_until = clock.now() + config["SIGN_IN_LOCK_DURATION"]
        audit_trail.record(user, "locked", note=f"Locked after {failures} wrong passwords in a row")
        return _lock_message(user.locked_until)
    if failures >= config["SIGN_IN_FAILURES_BEFORE_DELAY"]:
        delays: tuple[timedelta, ...] = config["SIGN_IN_DELAYS"]
        delay = delays[min(failures - config["SIGN_IN_FAILURES_BEFORE_DELAY"], len(delays) - 1)]
        user.locked_until = clock.now() + delay
        return _wait_message(user.locked_until)
    return WRONG_DETAILS


def unlock(user: User) -> None:
    before = audit_trail.snapshot(user)
    user.failed_sign_ins = 0
    user.locked_until = None
    audit_trail.record_updated(user, before, action=audit_trail.Action.UNLOCKED)


def new_session_token() -> str:
    return secrets.token_hex(16)
