"""The "What needs you" list, the reminder settings page, the dry run and an immediate concern."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from audits.models import CaseAudit
from tests.builders import create_team_manager
from tests.conftest import error_summary
from tests.kernel.notifications.council import NOW, build_council
from tests.kernel.notifications.smtp import smtp_server
from workforce.extensions import db as _db
from workforce.kernel.audit_trail.safety_net import not_audited
from workforce.kernel.models import AuditEvent
from workforce.kernel.notifications import dao
from workforce.kernel.notifications.constants import DigestFrequency
from workforce.kernel.notifications.models import OutboxMessage
from workforce.people.models import StaffMember


@pytest.fixture
def council(app, db, frozen_clock):
    frozen_clock.set(NOW)
    with app.test_request_context():
        yield build_council()


def what_needs_you(page) -> list[str]:
    section = page.find("section", attrs={"aria-labelledby": "what-needs-you-heading"})
    return [item.get_text(" ", strip=True) for item in section.select("li")]


def test_the_home_page_lists_what_needs_the_team_manager_counted_and_linked(council, client_request):
    client_request.login(council.manager)
    page = client_request.get("pages.home")
    assert what_needs_you(page) == [
        "Supervision overdue: Supervision for Lewis Worker is 31 days overdue (due 1 November 2026)",
        "Supervision long overdue in your teams: Supervision for Lewis Worker is 31 days overdue",
        "Training expiring: 2",
    ]
    links = [
        a["href"] for a in page.find("section", attrs={"aria-labelledby": "what-needs-you-heading"}).select("li a")
    ]
    assert links == ["/supervision/record", "/supervision/schedule?show=overdue", "/academy/matrix"]


def test_another_teams_manager_sees_nothing_of_this_team(council, client_request):
    client_request.login(create_team_manager())
    page = client_request.get("pages.home")
    assert what_needs_you(page) == []
    assert "Nothing is due, overdue or waiting for you." in page.get_text()


def test_the_head_of_service_sees_the_escalated_audit_without_its_case_reference(council, client_request):
    client_request.login(council.head_of_service)
    page = client_request.get("pages.home")
    assert what_needs_you(page) == [
        "Late case-file audits escalated to you: A case-file audit in Riverside Assessment allocated to Asha Auditor "
        "is 22 days late"
    ]
    assert council.case_reference not in page.get_text()


def test_a_person_chooses_a_weekly_digest_and_the_change_is_audited(council, client_request):
    client_request.login(council.worker)
    page = client_request.get("notifications.choose_digest")
    assert page.select_one("input[name=frequency][checked]")["value"] == "daily"
    client_request.post("notifications.choose_digest", {"frequency": "weekly"})
    assert dao.get_preference(council.worker) is DigestFrequency.WEEKLY
    event = _db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Notification preference").order_by(AuditEvent.id.desc())
    ).scalar()
    assert event.changes["frequency"] == {"before": "daily", "after": "weekly"}


def test_choosing_nothing_shows_the_error_summary(council, client_request):
    client_request.login(council.worker)
    page = client_request.post("notifications.choose_digest", {}, _expected_status=200)
    assert error_summary(page) == ["Select how often you want your reminders"]


def test_the_dry_run_lists_every_rule_with_counts_and_records_nothing(app, council):
    result = app.test_cli_runner().invoke(args=["notifications", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[2:-1]}
    assert rows["supervision-overdue"] == ["2", "2", "1", "1"]
    assert rows["supervision-overdue-escalated"] == ["1", "1", "1", "0"]
    assert rows["audit-late-escalated"] == ["2", "2", "2", "0"]
    assert rows["training-expiring"] == ["4", "4", "2", "2"]
    assert rows["asye-review-due"] == ["0", "0", "0", "0"]
    assert result.output.splitlines()[-1] == "Total: 10 found, 10 new, 7 to send now"
    assert _db.session.execute(select(OutboxMessage)).first() is None


def test_an_immediate_safeguarding_concern_is_emailed_at_once_even_to_a_digest_reader(
    app, council, client_request, monkeypatch
):
    from workforce.kernel.notifications import services

    services.set_preference(council.head_of_service, DigestFrequency.WEEKLY)
    _db.session.commit()
    with smtp_server() as (inbox, port):
        monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
        client_request.login(council.auditor)
        audit = _db.session.execute(select(CaseAudit)).scalar_one()
        client_request.post(
            "audits.raise_concern", {"description": "The child CR777123 disclosed harm at home."}, audit_id=audit.id
        )
    subjects = {str(message["To"]): " ".join(str(message["Subject"]).split()) for message in inbox.messages}
    concern = "An immediate safeguarding concern was raised in a case-file audit in Riverside Assessment"
    assert subjects == {"sam@example.gov.uk": concern, "helen@example.gov.uk": concern}
    for message in inbox.messages:
        assert "CR777123" not in message.get_content() and "disclosed" not in message.get_content()


def test_what_needs_you_is_kept_between_requests_and_shows_a_saved_record_on_the_next_one(council, client_request):
    from datetime import date

    from tests.supervision.builders import create_supervision

    client_request.login(council.manager)
    first = what_needs_you(client_request.get("pages.home"))
    assert first[0].startswith("Supervision overdue")
    assert what_needs_you(client_request.get("pages.home")) == first
    lewis = _db.session.execute(select(StaffMember).where(StaffMember.last_name == "Worker")).scalar_one()
    with not_audited("test data built by the builders"):
        create_supervision(lewis, held_on=date(2026, 12, 1), team_id=council.team.id)
        _db.session.commit()
    after = what_needs_you(client_request.get("pages.home"))
    assert not any(item.startswith("Supervision overdue") for item in after)
    assert "Training expiring: 2" in after
