"""API tokens: stored as a hash, with their scopes, expiry and revocation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import REDACTED, UNAUDITED, User


class ApiToken(db.Model):
    """A token an integration sends as `Authorization: Bearer ...`; it acts as its user, within its scopes."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: What the token is for ("Power BI workforce dashboard").
    name: Mapped[str] = mapped_column(String(120))
    #: The first characters of the secret, shown in lists so that people can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    #: SHA-256 of the secret: the secret itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info=REDACTED)
    #: Scopes such as "staff:read", "teams:write".
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), info=UNAUDITED)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    __audit_name__ = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    @property
    def is_expired(self) -> bool:
        return clock.as_utc(self.expires_at) <= clock.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and self.user.is_active

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.is_expired:
            return "Expired"
        return "Active"

    def allows(self, scope: str) -> bool:
        return scope in (self.scopes or [])
