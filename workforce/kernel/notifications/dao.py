"""Queries about the outbox and people's digest choices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select

from workforce.extensions import db
from workforce.kernel.models import User
from workforce.kernel.notifications.constants import DEFAULT_DIGEST, DigestFrequency, MessageStatus
from workforce.kernel.notifications.models import NotificationPreference, OutboxMessage


def get_preference(user: User) -> DigestFrequency:
    row = db.session.get(NotificationPreference, user.id)
    return row.frequency if row is not None else DEFAULT_DIGEST


def preferences_of(user_ids: Iterable[int]) -> dict[int, DigestFrequency]:
    ids = sorted(set(user_ids))
    stored = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stored.update(
            db.session.execute(
                select(NotificationPreference.user_id, NotificationPreference.frequency).where(
                    NotificationPreference.user_id.in_(chunk)
                )
            ).all()
        )
    return {user_id: stored.get(user_id, DEFAULT_DIGEST) for user_id in ids}


def existing_keys(keys: Iterable[str]) -> set[str]:
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(db.session.execute(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))).scalars())
    return found


def sendable_ids(stale_before: datetime) -> list[int]:
    """Messages a round should (try to) send: waiting, failed before, or claimed by a round that stopped."""
    return list(
        db.session.execute(
            select(OutboxMessage.id)
            .where(
                or_(
                    OutboxMessage.status.in_((MessageStatus.PENDING, MessageStatus.FAILED)),
                    (OutboxMessage.status == MessageStatus.SENDING) & (OutboxMessage.claimed_at < stale_before),
                )
            )
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def awaiting_digest_by_user() -> dict[int, list[OutboxMessage]]:
    grouped: dict[int, list[OutboxMessage]] = {}
    for message in db.session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.AWAITING_DIGEST)
        .order_by(OutboxMessage.recipient_id, OutboxMessage.rule, OutboxMessage.id)
    ).scalars():
        grouped.setdefault(message.recipient_id, []).append(message)
    return grouped


def list_messages_for(user: User, limit: int = 100) -> list[OutboxMessage]:
    return list(
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.recipient_id == user.id, OutboxMessage.rule != "password-reset")
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        ).scalars()
    )


def count_by_status() -> dict[MessageStatus, int]:
    return dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
