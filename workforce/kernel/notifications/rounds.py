"""One round of reminders: find, record, (build digests,) send. A round is a job and commits as it goes.

It commits after recording the new reminders and after each send, so a stopped round loses nothing and a
sent message is never sent again: each message is claimed by a compare-and-set before it is sent, and a
second round running at the same time skips what the first has claimed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, update

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.notifications import dao, services
from workforce.kernel.notifications.channels import ChannelError, OutgoingMessage, configured_channel
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.notifications.rules import collect


@dataclass
class RoundReport:
    recorded: int = 0
    digests: int = 0
    sent: int = 0
    failed: int = 0
    kept: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(message_id: int, now: datetime, stale_before: datetime) -> bool:
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            or_(
                OutboxMessage.status.in_((MessageStatus.PENDING, MessageStatus.FAILED)),
                (OutboxMessage.status == MessageStatus.SENDING) & (OutboxMessage.claimed_at < stale_before),
            ),
        )
        .values(status=MessageStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_pending(report: RoundReport | None = None, now: datetime | None = None, only_ids=None) -> RoundReport:
    """Send every pending or failed message (or only those given) once; commit each outcome."""
    report = report or RoundReport()
    now = now or clock.now()
    channel = configured_channel()
    stale_before = now - timedelta(minutes=int(services.setting("notifications.stale_claim_minutes")))
    ids = dao.sendable_ids(stale_before) if only_ids is None else list(only_ids)
    for message_id in ids:
        if not _claim(message_id, now, stale_before):
            continue
        message = db.session.get(OutboxMessage, message_id)
        db.session.refresh(message)
        if channel is None:
            message.status = MessageStatus.KEPT
            message.channel = None
            report.kept += 1
            db.session.commit()
            continue
        message.attempts = (message.attempts or 0) + 1
        message.last_attempt_at = clock.now()
        message.channel = channel.name
        try:
            channel.send(
                OutgoingMessage(
                    to=message.email,
                    subject=message.subject,
                    body=message.body,
                    kind=message.rule,
                    reference=str(message.id),
                )
            )
        except ChannelError as error:
            message.status = MessageStatus.FAILED
            message.last_error = str(error)[:500]
            report.failed += 1
            report.errors.append(str(error))
        else:
            message.status = MessageStatus.SENT
            message.sent_at = clock.now()
            message.last_error = None
            if message.rule == "password-reset":
                # The link is a secret: once it has gone, the outbox keeps only that it was sent.
                message.body = "A password-reset link was sent (removed from the outbox once sent)."
            report.sent += 1
        db.session.commit()
    return report


def send_round(on: date | None = None, *, digests: bool = False, now: datetime | None = None) -> RoundReport:
    """Record today's new reminders, build the digests that are due when asked, and send what is waiting."""
    now = now or clock.now()
    on = on or now.date()
    report = RoundReport()
    report.recorded = len(services.record_reminders(collect(on), now))
    if digests:
        report.digests = len(services.build_digests(on, now))
    db.session.commit()
    return deliver_pending(report, now)
