"""The reminder round and each send as jobs on the queue (`workforce.kernel.jobs`), with their schedules.

The round runs every NOTIFICATIONS_ROUND_MINUTES (15) and, with the digests, daily at NOTIFICATIONS_DIGEST_AT
(07:00 UTC). It records new reminders and hands every message waiting to be sent to a job of its own; a send
that fails is tried again by the queue (`max_attempts`, `retry_delay`), and when the queue gives up the
message is marked failed and the next round hands it over again, so it is never lost. A message handed to a
job is marked `sending` in the same transaction, so two rounds never start two jobs for it, and the send job
does nothing for a message already sent.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask, current_app
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.contract import JobKind, Schedule, registry
from workforce.kernel.jobs import JobResult, start
from workforce.kernel.notifications import dao, services
from workforce.kernel.notifications.channels import OutgoingMessage, configured_channel
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.notifications.rules import collect

ROUND = "notifications.round"
#: A kind of its own, so that the daily digests never wait behind a round of the same moment.
DIGESTS = "notifications.digests"
SEND = "notifications.send"


def run_digests(context) -> JobResult:
    return run_round(context, digests=True)


def run_round(context, digests: bool = False) -> JobResult:
    now = clock.now()
    on = date.fromisoformat(context.params["on"]) if context.params.get("on") else now.date()
    with current_app.test_request_context("/"):
        recorded = services.record_reminders(collect(on), now)
        digests = services.build_digests(on, now) if digests else []
    handed = hand_to_queue(now)
    return JobResult(
        f"Recorded {len(recorded)} reminder(s), built {len(digests)} digest(s), handed {handed} message(s) to send",
        values={"recorded": len(recorded), "digests": len(digests), "handed": handed},
    )


def hand_to_queue(now) -> int:
    """Start a send job for every message waiting (or failed, or claimed by a round that stopped)."""
    stale_before = now - timedelta(minutes=int(services.setting("notifications.stale_claim_minutes")))
    ids = dao.sendable_ids(stale_before)
    hand_over(db.session.execute(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).scalars(), now)
    return len(ids)


def hand_over(messages, now=None) -> None:
    """Mark the messages as being sent and start a send job for each; the jobs go to the queue when the
    caller commits (a request answers at once, and the same whatever it queued)."""
    now = now or clock.now()
    for message in messages:
        message.status = MessageStatus.SENDING
        message.claimed_at = now
        start(SEND, None, message_id=message.id)
    db.session.flush()


def queue_rule_now(rule_key: str) -> int:
    """Run one rule now (an immediate safeguarding concern) and hand what it finds to the queue; flushes."""
    now = clock.now()
    messages = services.record_reminders(collect(now.date(), only=[rule_key]), now)
    waiting = [message for message in messages if message.status is MessageStatus.PENDING]
    hand_over(waiting, now)
    return len(waiting)


def run_send(context) -> JobResult:
    message = db.session.get(OutboxMessage, int(context.params["message_id"]))
    if message is None or message.status in (MessageStatus.SENT, MessageStatus.KEPT, MessageStatus.IN_DIGEST):
        return JobResult("Nothing to send")
    channel = configured_channel()
    if channel is None:
        message.status = MessageStatus.KEPT
        return JobResult("Kept in the app (no channel is configured)")
    # A ChannelError rolls the job back; the queue tries again after `retry_delay`.
    channel.send(
        OutgoingMessage(
            to=message.email, subject=message.subject, body=message.body, kind=message.rule, reference=str(message.id)
        )
    )
    message.status = MessageStatus.SENT
    message.channel = channel.name
    message.attempts = (message.attempts or 0) + context.attempt
    message.last_attempt_at = message.sent_at = clock.now()
    message.last_error = None
    if message.rule == "password-reset":
        message.body = "A password-reset link was sent (removed from the outbox once sent)."
    return JobResult(f"Sent message {message.id}")


def send_failed(context, reason: str) -> None:
    """The queue has given up for now: record it; the next round hands the message over again."""
    message = db.session.get(OutboxMessage, int(context.params["message_id"]))
    if message is not None and message.status is MessageStatus.SENDING:
        message.status = MessageStatus.FAILED
        message.attempts = (message.attempts or 0) + context.attempt
        message.last_attempt_at = clock.now()
        message.last_error = reason[:500]


def init_app(app: Flask) -> None:
    modules = registry(app)
    modules.add_job(JobKind(ROUND, "Reminders round", run_round, max_attempts=2, retry_delay=60))
    modules.add_job(JobKind(DIGESTS, "Reminder digests", run_digests, max_attempts=2, retry_delay=60))
    modules.add_job(JobKind(SEND, "Send a message", run_send, max_attempts=4, retry_delay=60, on_failure=send_failed))
    minutes = int(app.config["NOTIFICATIONS_ROUND_MINUTES"])
    hour, minute = (part.lstrip("0") or "0" for part in app.config["NOTIFICATIONS_DIGEST_AT"].split(":"))
    modules.add_schedule(Schedule("notifications-round", ROUND, {"minute": f"*/{minutes}"}))
    modules.add_schedule(Schedule("notifications-digests", DIGESTS, {"hour": hour, "minute": minute}))
