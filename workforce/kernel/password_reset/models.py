"""Password-reset links: only a hash of each token is kept, so the table cannot be used to reset anyone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import User


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 of the token in the link, hex.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now, index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: When the link was used, or made void by a later reset: a link works once.
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The address the request came from (kept with the audit trail's note).
    requested_from: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()

    __audit_name__ = "Password reset"

    def __str__(self) -> str:
        return f"Password reset {self.id}"
