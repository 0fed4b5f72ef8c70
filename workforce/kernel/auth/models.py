"""Server-side sign-in sessions: one row per browser signed in, so that a session can really be ended."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import User


class SignInSession(db.Model):
    """A browser's sign-in. The cookie carries a random secret; only its SHA-256 digest is stored, so a copy
    of the database cannot be replayed as cookies. A session is live until `ended_at` is set."""

    __tablename__ = "sign_in_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: SHA-256 of the secret in the session cookie (hex).
    secret_digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The browser and system, from the User-Agent header, shortened.
    device: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: Updated at most once a minute (see `services.LAST_USED_PRECISION`), not on every request.
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Why it ended: signed out, password changed, deactivated, unlocked, ended by the person or an administrator.
    end_reason: Mapped[str | None] = mapped_column(String(60))
    user: Mapped[User] = relationship()
