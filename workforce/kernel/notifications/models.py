"""The outbox of every message WPQ sends or keeps, and each person's choice of digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import User, enum_column
from workforce.kernel.notifications.constants import DigestFrequency, MessageStatus


class OutboxMessage(db.Model):
    """One message to one person: a reminder, a digest of reminders, or a password-reset link.

    `key` is unique (rule, record, recipient and occasion), so a reminder is recorded once however
    many rounds find it, and a failed send is retried from this row until it is sent.
    """

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    #: The rule that produced it ("supervision-overdue"), "digest" or "password-reset".
    rule: Mapped[str] = mapped_column(String(60), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: The address used, as it was when the message was recorded.
    email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: The path of the page where the thing is done.
    link: Mapped[str | None] = mapped_column(String(300))
    #: Which record the message is about (a record type and id, never a case reference).
    record_type: Mapped[str | None] = mapped_column(String(60))
    record_id: Mapped[str | None] = mapped_column(String(60))
    #: What makes this occurrence distinct (a due date, a review point, a registration year).
    occasion: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus, name="message_status"))
    #: "smtp", "notify" or None (kept in the app).
    channel: Mapped[str | None] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: When a round claimed it for sending (a claim older than the stale limit is taken over).
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The digest message that carried this reminder.
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification_outbox.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    recipient: Mapped[User] = relationship()

    def __str__(self) -> str:
        return f"Message {self.id} ({self.rule})"


class NotificationPreference(db.Model):
    """How a person wants their reminders: each at once, or grouped in a daily or weekly digest."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    frequency: Mapped[DigestFrequency] = mapped_column(enum_column(DigestFrequency, name="digest_frequency"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    user: Mapped[User] = relationship()

    __audit_name__ = "Notification preference"

    def __str__(self) -> str:
        return f"Reminders for {self.user}"
