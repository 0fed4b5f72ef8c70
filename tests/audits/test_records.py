"""Recording an audit: domain grades and answers, submission locks it, actions, safeguarding concerns, scoping."""

from datetime import date

import pytest

from audits import services
from audits.constants import ActionStatus, Answer, AuditStatus
from audits.models import AuditAction, SafeguardingConcern
from tests.audits.builders import create_action, create_audit, level
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def record_data(audit, grade="Good", **overrides) -> dict:
    data = {
        "audit_date": "2026-11-10",
        "period_from": "2026-05-01",
        "period_to": "2026-11-01",
        "overall_grade": str(level(audit, grade).id),
        "strengths": "Regular visits",
        "areas_for_development": "Chronology",
        "practitioner_conversation": "Agreed the findings",
        "submit": "Submit audit",
        "version": str(audit.version),
    }
    for domain in audit.template.domains:
        data[f"domain_{domain.id}"] = str(level(audit, grade).id)
        for question in domain.questions:
            data[f"question_{question.id}"] = "partly"
    return {**data, **overrides}


def test_an_auditor_submits_an_audit_and_it_is_locked(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    client_request.post("audits.record_audit", record_data(audit), audit_id=audit.id)
    db.session.refresh(audit)
    assert audit.status is AuditStatus.SUBMITTED
    assert audit.overall_grade.label == "Good"
    assert {grade.grade.label for grade in audit.domain_grades} == {"Good"}
    assert {answer.answer for answer in audit.answers} == {Answer.PARTLY}
    assert audit.audit_date == date(2026, 11, 10)
    events = AuditEvent.query.filter_by(record_type="Case audit", record_id=str(audit.id)).all()
    assert [event.note for event in events][-1] == "Submitted"
    client_request.post(
        "audits.record_audit",
        record_data(audit, "Inadequate"),
        _expected_redirect=f"/audits/{audit.id}",
        audit_id=audit.id,
    )
    db.session.refresh(audit)
    assert audit.overall_grade.label == "Good"


def test_free_text_answers_and_themes_are_recorded(client_request, db):
    services.publish_template(services.parse_template_text("Impact\n? What difference has help made?"))
    themes = services.ensure_themes()
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    question = audit.template.domains[0].questions[0]
    client_request.login(auditor)
    data = record_data(
        audit, **{f"question_{question.id}": "School attendance is up", "themes_found": [str(themes[0].id)]}
    )
    client_request.post("audits.record_audit", data, audit_id=audit.id)
    db.session.refresh(audit)
    assert [(answer.answer, answer.text) for answer in audit.answers] == [(None, "School attendance is up")]
    assert audit.themes == [themes[0]]


def test_saving_a_draft_keeps_the_audit_open(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    data = record_data(audit, overall_grade="", submit="")
    data["save"] = "Save and continue later"
    client_request.post("audits.record_audit", data, audit_id=audit.id)
    db.session.refresh(audit)
    assert audit.status is AuditStatus.IN_PROGRESS
    page = client_request.get("audits.record_audit", audit_id=audit.id)
    assert page.select_one("textarea[name=strengths]").get_text().strip() == "Regular visits"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"audit_date": ""}, "Enter the date of the audit"),
        ({"overall_grade": ""}, "Select the overall grade"),
        ({"practitioner_conversation": ""}, "Enter a summary of the conversation with the practitioner"),
        ({"period_to": "2026-01-01"}, "The end of the period reviewed must be on or after its start"),
        ({"audit_date": "10/11/2026"}, "Date of the audit must be a real date"),
    ],
)
def test_an_incomplete_audit_cannot_be_submitted(client_request, db, change, message):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    page = client_request.post(
        "audits.record_audit", record_data(audit, **change), _expected_status=200, audit_id=audit.id
    )
    assert error_summary(page) == [message]
    assert page.select_one("textarea[name=strengths]").get_text().strip() == "Regular visits"
    db.session.refresh(audit)
    assert audit.status is AuditStatus.ALLOCATED


def test_a_domain_left_ungraded_stops_submission(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    first = audit.template.domains[0]
    page = client_request.post(
        "audits.record_audit", record_data(audit, **{f"domain_{first.id}": ""}), _expected_status=200, audit_id=audit.id
    )
    assert error_summary(page) == [f"Select a grade for {first.title}"]


def test_only_the_allocated_auditor_records_the_audit(client_request):
    audit = create_audit()
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.get("audits.record_audit", audit_id=audit.id, _expected_status=403)


def test_an_auditor_adds_an_action_and_its_owner_completes_it_with_evidence(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    owner_team = create_team()
    owner = create_team_manager(owner_team)
    audit = create_audit(auditor=auditor, team=owner_team, grade="Requires improvement")
    client_request.login(auditor)
    client_request.post(
        "audits.add_action",
        {"description": "Update the chronology", "owner": str(owner.id), "due_date": "2026-12-15"},
        audit_id=audit.id,
    )
    action = AuditAction.query.filter_by(audit_id=audit.id).one()
    assert (action.owner_id, action.due_date, action.status) == (owner.id, date(2026, 12, 15), ActionStatus.OPEN)
    client_request.login(owner)
    page = client_request.post(
        "audits.complete_action",
        {"evidence": "", "completed_on": "2026-11-20"},
        _expected_status=200,
        action_id=action.id,
    )
    assert error_summary(page) == ["Enter the evidence the action was done"]
    client_request.post(
        "audits.complete_action", {"evidence": "Chronology updated", "completed_on": "2026-11-20"}, action_id=action.id
    )
    db.session.refresh(action)
    assert (action.status, action.evidence) == (ActionStatus.COMPLETED, "Chronology updated")


def test_a_safeguarding_concern_alerts_the_head_of_service_who_responds(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    client_request.post("audits.raise_concern", {"description": "Unassessed adult in the home"}, audit_id=audit.id)
    concern = SafeguardingConcern.query.filter_by(audit_id=audit.id).one()
    head = create_user(Role.SENIOR_LEADER)
    client_request.login(head)
    home = client_request.get("pages.home")
    assert "1 immediate safeguarding concern from audits waiting for a response" in home.get_text()
    page = client_request.get("audits.escalations")
    assert "Unassessed adult in the home" in page.get_text()
    client_request.post("audits.respond_to_concern", {"response": "Strategy discussion held"}, concern_id=concern.id)
    db.session.refresh(concern)
    assert concern.response == "Strategy discussion held"
    assert concern.responded_by_id == head.id
    assert AuditEvent.query.filter_by(record_type="Safeguarding concern", record_id=str(concern.id)).count() == 2


def test_a_team_manager_sees_their_teams_cases_and_the_audits_they_carried_out(client_request):
    own, other, third = create_team(), create_team(), create_team()
    manager = create_team_manager(own)
    of_own_team = create_audit(team=own)
    carried_out = create_audit(team=other, auditor=manager)
    elsewhere = create_audit(team=third)
    client_request.login(manager)
    page = client_request.get("audits.list_audits")
    references = {a.get_text(strip=True) for a in page.select("table tbody a")}
    assert {of_own_team.case_reference, carried_out.case_reference} <= references
    assert elsewhere.case_reference not in references
    client_request.get("audits.show_audit", audit_id=of_own_team.id)
    client_request.get("audits.show_audit", audit_id=carried_out.id)
    client_request.get("audits.show_audit", audit_id=elsewhere.id, _expected_status=404)


def test_an_auditor_sees_only_their_own_audits_of_other_teams(client_request):
    manager = create_team_manager()
    mine = create_audit(auditor=manager)
    theirs = create_audit()
    client_request.login(manager)
    client_request.get("audits.show_audit", audit_id=mine.id)
    client_request.get("audits.show_audit", audit_id=theirs.id, _expected_status=404)
    client_request.get("audits.record_audit", audit_id=theirs.id, _expected_status=404)


@pytest.mark.parametrize("role", [Role.QA_OFFICER, Role.SENIOR_LEADER])
def test_council_wide_roles_see_every_audit(client_request, role):
    audits = [create_audit(), create_audit()]
    client_request.login(create_user(role))
    page = client_request.get("audits.list_audits")
    references = {a.get_text(strip=True) for a in page.select("table tbody a")}
    assert {audit.case_reference for audit in audits} <= references


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER, Role.HR, Role.PRACTICE_SUPERVISOR])
def test_roles_without_audit_access_get_403(client_request, role):
    audit = create_audit()
    client_request.login(create_user(role))
    client_request.get("audits.list_audits", _expected_status=403)
    client_request.get("audits.show_audit", audit_id=audit.id, _expected_status=403)
    client_request.get("audits.report", _expected_status=403)


def test_an_action_of_an_out_of_scope_audit_answers_404(client_request):
    manager = create_team_manager()
    action = create_action(create_audit(grade="Good"), date(2026, 12, 1))
    client_request.login(manager)
    client_request.get("audits.complete_action", action_id=action.id, _expected_status=404)


def test_submitting_an_empty_audit_reports_every_missing_answer_at_once(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    data = {"submit": "Submit audit", "version": str(audit.version)}
    page = client_request.post("audits.record_audit", data, _expected_status=200, audit_id=audit.id)
    expected = ["Enter the date of the audit", "Select the overall grade"]
    expected += [f"Select a grade for {domain.title}" for domain in audit.template.domains]
    expected.append("Enter a summary of the conversation with the practitioner")
    assert sorted(error_summary(page)) == sorted(expected)
    assert len(audit.template.domains) >= 2
    db.session.refresh(audit)
    assert audit.status is AuditStatus.ALLOCATED


def test_a_wrongly_typed_date_is_reported_with_the_missing_answers(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    data = record_data(audit, audit_date="2026-13-40", overall_grade="", practitioner_conversation="")
    page = client_request.post("audits.record_audit", data, _expected_status=200, audit_id=audit.id)
    assert sorted(error_summary(page)) == sorted(
        [
            "Date of the audit must be a real date",
            "Select the overall grade",
            "Enter a summary of the conversation with the practitioner",
        ]
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"audit_date": "2099-01-01"}, "The date of the audit must be today or in the past"),
        (
            {"period_from": "2026-11-01", "period_to": "2026-05-01"},
            "The end of the period reviewed must be on or after its start",
        ),
    ],
)
def test_an_audit_with_impossible_dates_is_refused_even_when_saved_for_later(client_request, db, overrides, message):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    client_request.login(auditor)
    data = record_data(audit, **overrides)
    data.pop("submit")
    data["save"] = "Save and continue later"
    page = client_request.post("audits.record_audit", data, _expected_status=200, audit_id=audit.id)
    assert error_summary(page) == [message]
