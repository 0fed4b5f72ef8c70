"""Token authentication: who is calling, with which scopes, as which user (and so with which team scope)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_login import AnonymousUserMixin

from workforce.api.constants import TOKEN_PREFIX
from workforce.api.models import ApiToken
from workforce.api.problems import ApiProblem
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.permissions import PERMISSIONS_ATTRIBUTE

#: Set on API view functions: they authenticate with a token, not a session (the architecture test
#: checks these answer 401 problem details instead of sending people to sign in).
TOKEN_ATTRIBUTE = "_wpq_api_token"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip().startswith(TOKEN_PREFIX):
        return None
    return secret.strip()


def rate_limit_key() -> str:
    """Rate limits count per token (its hash), so one busy integration does not slow the others."""
    secret = presented_token()
    if secret:
        return "api-token:" + hash_token(secret)
    return "api-anonymous:" + (request.remote_addr or "unknown")


def find_token(secret: str) -> ApiToken | None:
    return db.session.execute(db.select(ApiToken).where(ApiToken.token_hash == hash_token(secret))).scalar()


def ignore_session_on_api_requests() -> None:
    """API requests never use the browser session: the caller is the token's user, or nobody."""
    if request.path.startswith("/api/"):
        g._login_user = AnonymousUserMixin()


def current_token() -> ApiToken:
    return g.api_token


def authenticate() -> ApiToken:
    secret = presented_token()
    if secret is None:
        raise ApiProblem(401)
    token = find_token(secret)
    if token is None:
        raise ApiProblem(401, "The token is not recognised.")
    if token.revoked_at is not None:
        raise ApiProblem(401, "The token has been revoked.")
    if token.is_expired:
        raise ApiProblem(401, "The token has expired.")
    if not token.user.is_active:
        raise ApiProblem(401, "The token's user account is deactivated.")
    g.api_token = token
    # Flask-Login's current_user becomes the token's user, so the kernel's scoping helpers apply unchanged.
    g._login_user = token.user
    return token


def touch(token: ApiToken) -> None:
    """Record when a token was last used, at most once a minute (it is shown on the token pages)."""
    now = clock.now()
    last = clock.as_utc(token.last_used_at)
    if last is None or (now - last).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()


def token_required(view: Callable) -> Callable:
    """The view needs a valid token; the view itself checks the token's scopes and the user's permissions."""

    @wraps(view)
    def authenticated(*args, **kwargs):
        touch(authenticate())
        return view(*args, **kwargs)

    # Marked as checked, for the kernel's deny-by-default; permission checks happen per resource.
    setattr(authenticated, PERMISSIONS_ATTRIBUTE, ())
    setattr(authenticated, TOKEN_ATTRIBUTE, True)
    return authenticated


def require_scope(scope: str) -> None:
    if not current_token().allows(scope):
        raise ApiProblem(403, f"The token does not have the scope {scope}.")
