"""The server-side session registry: starting, checking, touching and ending a person's sign-in sessions.

The signed cookie alone cannot be taken back once issued, so a copy captured before sign-out would keep
working until it expired (OWASP Session Management Cheat Sheet: "session termination must be enforced on
the server side"). Each sign-in gets a row in `sign_in_sessions`; the cookie carries a random secret whose
digest names the row, and a request is signed in only while that row is live.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import timedelta

from flask import g, request, session
from flask_login import current_user
from sqlalchemy import select, update

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.auth.models import SignInSession
from workforce.kernel.models import User

#: The cookie key holding the session's secret.
SESSION_KEY = "wpq_sid"
#: "Last used" is recorded at most this often per session, so ordinary requests write nothing.
LAST_USED_PRECISION = timedelta(minutes=1)
DEVICE_LENGTH = 200


class EndReason(enum.StrEnum):
    SIGNED_OUT = "signed out"
    ENDED_BY_USER = "ended by the person"
    PASSWORD_CHANGED = "password changed"
    DEACTIVATED = "account deactivated"
    UNLOCKED = "account unlocked"
    ROLE_CHANGED = "role changed"
    SIGNED_OUT_EVERYWHERE = "signed out everywhere by an administrator"
    TIMED_OUT = "timed out"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def device_from_user_agent(user_agent: str | None) -> str:
    """A short, readable description of the browser ("Firefox 128 on Windows"), or the raw header cut short."""
    text = (user_agent or "").replace("\x00", "").strip()
    if not text:
        return "Unknown device"
    browser = None
    for marker, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")):
        if marker in text:
            version = text.split(marker, 1)[1].split(" ", 1)[0].split(".", 1)[0]
            if name == "Safari" and "Version/" in text:
                version = text.split("Version/", 1)[1].split(" ", 1)[0].split(".", 1)[0]
            browser = f"{name} {version}".strip()
            break
    system = None
    for marker, name in (
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ):
        if marker in text:
            system = name
            break
    if browser and system:
        return f"{browser} on {system}"
    return (browser or text)[:DEVICE_LENGTH]


def start_session(user: User) -> SignInSession:
    """A new live session for `user` in this browser: the secret goes into the cookie, its digest into the row."""
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    row = SignInSession(
        user_id=user.id,
        secret_digest=_digest(secret),
        device=device_from_user_agent(request.headers.get("User-Agent") if request else None),
        started_at=now,
        last_used_at=now,
    )
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = secret
    g.sign_in_session = row
    return row


def current_session(user_id: int) -> SignInSession | None:
    """The live session the cookie names, if it belongs to `user_id`; cached for the request."""
    cached = g.get("sign_in_session")
    if cached is not None and cached.user_id == user_id and cached.ended_at is None:
        return cached
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str) or not secret:
        return None
    row = db.session.execute(
        select(SignInSession).where(
            SignInSession.secret_digest == _digest(secret),
            SignInSession.user_id == user_id,
            SignInSession.ended_at.is_(None),
        )
    ).scalar()
    if row is not None:
        g.sign_in_session = row
    return row


def user_with_session(user_id: int) -> tuple[User, SignInSession] | None:
    """The person and the live session the cookie names, read in one statement (every signed-in request asks)."""
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str) or not secret:
        return None
    row = db.session.execute(
        select(User, SignInSession)
        .join(SignInSession, SignInSession.user_id == User.id)
        .where(
            User.id == user_id,
            SignInSession.secret_digest == _digest(secret),
            SignInSession.ended_at.is_(None),
        )
    ).first()
    if row is None:
        return None
    g.sign_in_session = row[1]
    return row[0], row[1]


def own_current_session(user: User) -> SignInSession | None:
    """The session of this request when `user` is the person signed in, else None."""
    if not current_user.is_authenticated or current_user.id != user.id:
        return None
    return current_session(user.id)


def touch(row: SignInSession) -> bool:
    """Record that the session was used, at most once a minute; True when it wrote."""
    now = clock.now()
    if clock.as_utc(now) - clock.as_utc(row.last_used_at) < LAST_USED_PRECISION:
        return False
    row.last_used_at = now
    return True


def live_sessions(user: User) -> list[SignInSession]:
    statement = (
        select(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.ended_at.is_(None))
        .order_by(SignInSession.last_used_at.desc(), SignInSession.id.desc())
    )
    return list(db.session.execute(statement).scalars())


def end_session(row: SignInSession, reason: EndReason) -> None:
    if row.ended_at is None:
        row.ended_at = clock.now()
        row.end_reason = str(reason)


def end_all_sessions(user: User, reason: EndReason, keep: SignInSession | None = None) -> int:
    """End every live session of `user` at once (in SQL, so a session another worker holds ends too),
    except `keep` (the session of an administrator acting on their own account)."""
    conditions = [SignInSession.user_id == user.id, SignInSession.ended_at.is_(None)]
    if keep is not None:
        conditions.append(SignInSession.id != keep.id)
    result = db.session.execute(
        update(SignInSession)
        .where(*conditions)
        .values(ended_at=clock.now(), end_reason=str(reason))
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0
