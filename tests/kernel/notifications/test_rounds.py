"""Rounds of reminders against a real SMTP server: who gets what, digests, no repeats, retries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.kernel.notifications.council import NOW, TODAY, build_council
from tests.kernel.notifications.smtp import free_port, smtp_server
from workforce.extensions import db as _db
from workforce.kernel.notifications import rounds
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.models import OutboxMessage


@pytest.fixture
def council(app, db, frozen_clock):
    frozen_clock.set(NOW)
    with app.test_request_context():
        yield build_council()


def use_relay(app, monkeypatch, port: int) -> None:
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 5)


def outbox() -> list[OutboxMessage]:
    return list(_db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_round_emails_the_overdue_supervision_the_escalated_audit_and_the_expiring_training(
    app, council, monkeypatch
):
    with smtp_server() as (inbox, port):
        use_relay(app, monkeypatch, port)
        report = rounds.send_round(TODAY)

    assert report.failed == 0
    assert inbox.subjects("helen@example.gov.uk") == [
        "Lewis Worker's First aid training expires on 28 December 2026",
        "Lewis Worker's Safeguarding children training expires on 20 December 2026",
        "Supervision for Lewis Worker is 31 days overdue",
        "Supervision for Lewis Worker is 31 days overdue (due 1 November 2026)",
    ]
    assert inbox.subjects("asha@example.gov.uk") == [
        "A case-file audit in Riverside Assessment allocated to you is 22 days late"
    ]
    escalation = "A case-file audit in Riverside Assessment allocated to Asha Auditor is 22 days late"
    assert inbox.subjects("sam@example.gov.uk") == [escalation]
    assert inbox.subjects("quinn@example.gov.uk") == [escalation]
    # Lewis chose a daily digest: nothing yet.
    assert inbox.to("lewis@example.gov.uk") == []
    body = inbox.to("sam@example.gov.uk")[0].get_content()
    assert "http://localhost:5000/audits/escalations" in body
    assert council.case_reference not in body


def test_a_digest_groups_three_reminders_in_one_message(app, council, monkeypatch):
    with smtp_server() as (inbox, port):
        use_relay(app, monkeypatch, port)
        rounds.send_round(TODAY)
        assert inbox.to("lewis@example.gov.uk") == []
        report = rounds.send_round(TODAY, digests=True)

    assert report.digests == 1
    [digest] = inbox.to("lewis@example.gov.uk")
    assert digest["Subject"] == "WPQ: 3 things need you"
    lines = [line for line in digest.get_content().splitlines() if line.startswith("- ")]
    assert sorted(lines) == [
        "- Your First aid training expires on 28 December 2026: http://localhost:5000/academy/my-training",
        "- Your Safeguarding children training expires on 20 December 2026: http://localhost:5000/academy/my-training",
        "- Your supervision is 31 days overdue (due 1 November 2026): http://localhost:5000/supervision",
    ]
    held = [message for message in outbox() if message.recipient_id == council.worker.id and message.rule != "digest"]
    assert {message.status for message in held} == {MessageStatus.IN_DIGEST}
    assert len({message.digest_id for message in held}) == 1


def test_a_second_round_sends_nothing_new(app, council, monkeypatch):
    with smtp_server() as (inbox, port):
        use_relay(app, monkeypatch, port)
        rounds.send_round(TODAY, digests=True)
        first = len(inbox.messages)
        recorded = len(outbox())
        report = rounds.send_round(TODAY, digests=True)

    assert first == 8  # seven reminders sent at once and one digest
    assert (report.recorded, report.digests, report.sent) == (0, 0, 0)
    assert len(inbox.messages) == first
    assert len(outbox()) == recorded


def test_a_refused_connection_is_retried_and_then_sent_once(app, council, monkeypatch):
    port = free_port()
    use_relay(app, monkeypatch, port)
    report = rounds.send_round(TODAY)
    assert report.sent == 0 and report.failed == 7
    failed = [message for message in outbox() if message.status is MessageStatus.FAILED]
    assert len(failed) == 7
    assert all(message.attempts == 1 and "Connection refused" in message.last_error for message in failed)

    with smtp_server(port) as (inbox, _):
        report = rounds.send_round(TODAY)
        again = rounds.send_round(TODAY)

    assert (report.sent, report.failed) == (7, 0)
    assert again.sent == 0
    assert len(inbox.messages) == 7
    references = [message["X-WPQ-Reference"] for message in inbox.messages]
    assert len(set(references)) == 7
    sent = [message for message in outbox() if message.rule != "digest" and message.recipient_id != council.worker.id]
    assert all(message.status is MessageStatus.SENT and message.attempts == 2 for message in sent)


def test_without_a_channel_messages_are_kept_and_shown_in_the_app(app, council, client_request):
    report = rounds.send_round(TODAY)
    assert report.kept == 7 and report.sent == 0
    client_request.login(council.manager)
    page = client_request.get("notifications.list_messages")
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert len(rows) == 4
    assert all("Kept in the app" in row for row in rows)


def test_a_rule_switched_off_sends_nothing(app, council, monkeypatch):
    from workforce.kernel.notifications.rules import put_rule_setting, rules

    rule = next(rule for rule in rules() if rule.key == "audit-late-escalated")
    put_rule_setting(rule, "enabled", False)
    _db.session.commit()
    with smtp_server() as (inbox, port):
        use_relay(app, monkeypatch, port)
        rounds.send_round(TODAY)
    assert inbox.to("sam@example.gov.uk") == []
    assert inbox.to("asha@example.gov.uk") != []
