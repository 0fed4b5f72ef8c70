"""The reminder round on the job queue (immediate mode): sends by jobs, retried by the queue, never twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.kernel.notifications.council import NOW, build_council
from tests.kernel.notifications.smtp import free_port, smtp_server
from workforce.extensions import db as _db
from workforce.kernel import jobs
from workforce.kernel.contract import registry
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.jobs import DIGESTS, ROUND
from workforce.kernel.notifications.models import OutboxMessage


@pytest.fixture
def council(app, db, frozen_clock):
    frozen_clock.set(NOW)
    with app.test_request_context():
        yield build_council()


def run(kind: str) -> jobs.Job:
    job = jobs.start(kind)
    _db.session.commit()
    jobs.run_ready()
    _db.session.refresh(job)
    return job


def reminders() -> list[OutboxMessage]:
    return list(_db.session.execute(select(OutboxMessage).where(OutboxMessage.rule != "digest")).scalars())


def test_the_round_runs_every_15_minutes_and_the_digests_daily_at_seven(app):
    schedules = registry(app).schedules
    assert schedules["notifications-round"].crontab == {"minute": "*/15"}
    assert schedules["notifications-round"].kind == ROUND
    assert schedules["notifications-digests"].crontab == {"hour": "7", "minute": "0"}
    assert schedules["notifications-digests"].kind == DIGESTS


def test_the_queue_retries_a_refused_send_and_the_next_round_sends_it_once(app, council, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    job = run(ROUND)
    assert job.status is jobs.JobStatus.DONE
    assert job.result["recorded"] == 10 and job.result["handed"] == 7
    sends = list(_db.session.execute(select(jobs.Job).where(jobs.Job.kind == "notifications.send")).scalars())
    assert len(sends) == 7
    assert all(send.status is jobs.JobStatus.FAILED and send.attempts == 4 for send in sends)
    failed = [message for message in reminders() if message.status is MessageStatus.FAILED]
    assert len(failed) == 7 and all(message.attempts == 4 for message in failed)

    with smtp_server(port) as (inbox, _):
        run(ROUND)
        run(ROUND)
        run(DIGESTS)
    assert len(inbox.messages) == 8  # the seven, once each, and Lewis's digest
    assert len({message["X-WPQ-Reference"] for message in inbox.messages}) == 8
    sent = [message for message in reminders() if message.status is MessageStatus.SENT]
    assert len(sent) == 7 and all(message.attempts == 5 for message in sent)
