"""Changing an audit programme: the QA officer alone; every problem at once; the sample's settings fixed
(and shown with the reason) once audits exist, the type of audit once one has started; the audit trail."""

from datetime import date

import pytest
from sqlalchemy import select

from audits import sampling
from audits.constants import AuditStatus, AuditType, QuotaBasis, SamplingMethod
from audits.services import AuditError
from tests.audits.builders import create_audit, create_programme
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import date_shown, error_summary
from workforce.extensions import db as _db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role

GOOD = {
    "name": "December case audits",
    "period": "month",
    "start_date": "2026-12-01",
    "end_date": "2026-12-31",
    "due_date": "2027-01-08",
    "audit_type": "themed",
    "quota_basis": "per-team",
    "quota": "3",
    "sampling_method": "random",
    "sampling_value": "",
}


def _events(record_type, record_id):
    return (
        _db.session.execute(
            select(AuditEvent).where(AuditEvent.record_type == record_type, AuditEvent.record_id == str(record_id))
        )
        .scalars()
        .all()
    )


def test_before_the_sample_the_qa_officer_changes_everything(client_request, db):
    programme = create_programme()
    team = create_team(name="Assessment Team 1")
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.edit_programme", programme_id=programme.id)
    assert page.select_one("#name")["value"] == programme.name
    assert page.select_one("#fixed-settings") is None
    client_request.post(
        "audits.edit_programme",
        {**GOOD, "sampling_method": "team", "sampling_value": "Assessment Team 1"},
        programme_id=programme.id,
    )
    assert (programme.name, programme.start_date, programme.end_date, programme.due_date) == (
        "December case audits",
        date(2026, 12, 1),
        date(2026, 12, 31),
        date(2027, 1, 8),
    )
    assert (programme.audit_type, programme.quota_basis, programme.quota) == (AuditType.THEMED, QuotaBasis.PER_TEAM, 3)
    assert (programme.sampling_method, programme.sampling_value) == (SamplingMethod.TEAM, str(team.id))
    [event] = _events("Audit programme", programme.id)
    assert event.note == "Programme changed" and {"name", "quota", "sampling_value"} <= set(event.changes)
    page = client_request.get("audits.edit_programme", programme_id=programme.id)
    assert page.select_one("#sampling_value")["value"] == "Assessment Team 1"


def test_every_problem_is_listed_at_once_and_what_was_typed_is_kept(client_request, db):
    programme = create_programme()
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.post(
        "audits.edit_programme",
        {**GOOD, "name": "", "end_date": "2026-11-30", "quota": "0"},
        programme_id=programme.id,
        _expected_status=200,
    )
    problems = error_summary(page)
    assert "Enter the programme name" in problems
    assert "The end of the programme must be on or after its start" in problems
    assert "Enter a number from 1 to 100" in problems
    assert date_shown(page, "end_date") == "2026-11-30"
    assert page.select_one("#quota")["value"] == "0"
    assert _events("Audit programme", programme.id) == []


def test_a_theme_to_sample_on_must_name_a_team(client_request, db):
    programme = create_programme()
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.post(
        "audits.edit_programme",
        {**GOOD, "sampling_method": "team", "sampling_value": "No such team"},
        programme_id=programme.id,
        _expected_status=200,
    )
    assert error_summary(page) == ["Enter the name of a team"]
    assert programme.sampling_method is SamplingMethod.RANDOM


def test_once_audits_exist_the_samples_settings_are_shown_fixed_with_the_reason(client_request, db):
    programme = create_programme(due_date=date(2026, 11, 30))
    following = create_audit(programme=programme, due_date=date(2026, 11, 30))
    moved_by_hand = create_audit(programme=programme, due_date=date(2026, 12, 4))
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.edit_programme", programme_id=programme.id)
    fixed = page.select_one("#fixed-settings").get_text()
    assert "Number of cases" in fixed and sampling.SAMPLE_DRAWN_REASON in fixed
    assert page.select_one("#quota") is None and page.select_one("#start_date-day") is None
    assert page.select_one("#audit_type") is not None, "no audit has started, so the type can still change"
    client_request.post(
        "audits.edit_programme",
        {
            "name": "November audits",
            "end_date": "2026-11-30",
            "due_date": "2026-12-11",
            "audit_type": "closure",
            "quota": "9",
        },
        programme_id=programme.id,
    )
    assert (programme.name, programme.due_date, programme.quota) == ("November audits", date(2026, 12, 11), 2)
    assert (following.due_date, following.audit_type) == (date(2026, 12, 11), AuditType.CLOSURE)
    assert moved_by_hand.due_date == date(2026, 12, 4), "a due date changed by hand is kept"
    assert moved_by_hand.audit_type is AuditType.CLOSURE
    [event] = [event for event in _events("Case audit", following.id) if event.note == "November audits changed"]
    assert event.changes["due_date"]["after"] == "2026-12-11"


def test_once_an_audit_has_started_the_type_of_audit_is_fixed(client_request, db):
    programme = create_programme()
    audit = create_audit(programme=programme)
    audit.status = AuditStatus.IN_PROGRESS
    _db.session.commit()
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.edit_programme", programme_id=programme.id)
    assert page.select_one("#audit_type") is None
    assert sampling.AUDIT_STARTED_REASON in page.select_one("#fixed-settings").get_text()
    client_request.post(
        "audits.edit_programme",
        {"name": programme.name, "end_date": "2026-11-30", "due_date": "2026-11-30", "audit_type": "closure"},
        programme_id=programme.id,
    )
    assert programme.audit_type is AuditType.ROUTINE and audit.audit_type is AuditType.ROUTINE


def test_the_service_refuses_a_fixed_setting_with_its_reason(app, db):
    programme = create_programme()
    create_audit(programme=programme)
    with pytest.raises(AuditError) as refused, app.test_request_context():
        sampling.update_programme(programme, quota=5, end_date=date(2026, 10, 1))
    assert [message for _, message in refused.value.problems] == [
        sampling.SAMPLE_DRAWN_REASON,
        "The end of the programme must be on or after its start",
    ]


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.ACADEMY_LEAD, Role.HR, Role.SENIOR_LEADER])
def test_only_the_qa_officer_changes_a_programme(client_request, db, role):
    programme = create_programme()
    client_request.login(create_team_manager() if role is Role.TEAM_MANAGER else create_user(role))
    client_request.get("audits.edit_programme", programme_id=programme.id, _expected_status=403)
    client_request.post("audits.edit_programme", GOOD, programme_id=programme.id, _expected_status=403)
    assert programme.quota == 2
