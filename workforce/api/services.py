"""Creating and revoking API tokens, written to the audit trail. The secret is returned once, never stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

from workforce.api.auth import hash_token
from workforce.api.constants import MAX_TOKEN_DAYS, TOKEN_PREFIX
from workforce.api.models import ApiToken
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.models import User


class TokenError(ValueError):
    pass


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_token(
    user: User, name: str, scopes: list[str], days: int, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the secret, which is shown once and then only hashed."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(f"A token can last from 1 to {MAX_TOKEN_DAYS} days")
    if not scopes:
        raise TokenError("Select at least one scope")
    if not user.is_active:
        raise TokenError(f"{user.name}'s account is deactivated")
    secret = new_secret()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(secret),
        scopes=sorted(set(scopes)),
        created_by=created_by,
        expires_at=clock.now() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit_trail.record_created(token, user=user.name)
    return token, secret


def revoke_token(token: ApiToken, revoked_by: User) -> None:
    if token.revoked_at is not None:
        return
    before = audit_trail.snapshot(token)
    token.revoked_at = clock.now()
    token.revoked_by = revoked_by
    db.session.flush()
    audit_trail.record_updated(token, before, action="revoked")
