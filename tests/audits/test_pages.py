"""Every audit page renders for the roles that use it, on the demo council's three years of audits."""

from datetime import date

import pytest
from sqlalchemy import select

from audits.models import AuditAction, AuditProgramme, CaseAudit, Moderation, SafeguardingConcern
from tests.audits.builders import create_audit
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.extensions import db as _db
from workforce.kernel.roles import Role


def first(model, *conditions):
    return _db.session.execute(select(model).where(*conditions).order_by(model.id)).scalars().first()


def test_every_page_renders_for_a_qa_officer_on_the_demo_council(demo):
    client_request = demo.client_request
    client_request.login(demo.users[Role.QA_OFFICER])
    for endpoint in (
        "audits.list_audits",
        "audits.report",
        "audits.list_programmes",
        "audits.templates",
        "audits.moderation",
        "audits.escalations",
        "audits.create_programme",
    ):
        client_request.get(endpoint)
    client_request.get("audits.show_programme", programme_id=first(AuditProgramme).id)
    with_concern = first(SafeguardingConcern)
    if with_concern is not None:
        client_request.get("audits.show_audit", audit_id=with_concern.audit_id)
    client_request.get("audits.show_audit", audit_id=first(Moderation, Moderation.reason.is_not(None)).audit_id)
    client_request.get("audits.complete_action", action_id=first(AuditAction).id)
    client_request.get("audits.reallocate_audit", audit_id=first(CaseAudit).id)
    client_request.get("pages.home")


@pytest.mark.parametrize("role", [Role.SENIOR_LEADER, Role.TEAM_MANAGER])
def test_the_audit_pages_render_for_leaders_and_team_managers_on_the_demo_council(demo, role):
    demo.client_request.login(demo.users[role])
    for endpoint in ("audits.list_audits", "audits.report", "pages.home"):
        demo.client_request.get(endpoint)


def test_a_qa_officer_reallocates_an_audit_to_the_cases_own_team_only_with_a_reason(client_request, db):
    team = create_team()
    manager = create_team_manager(team)
    audit = create_audit(team=create_team())
    audit.team_id = team.id
    _db.session.commit()
    client_request.login(create_user(Role.QA_OFFICER))
    data = {"auditor": str(manager.id), "due_date": "2026-12-20", "own_team_reason": ""}
    page = client_request.post("audits.reallocate_audit", data, _expected_status=200, audit_id=audit.id)
    assert error_summary(page) == [f"{manager.name} works in this case's team: choose another auditor or give a reason"]
    client_request.post("audits.reallocate_audit", {**data, "own_team_reason": "Specialist"}, audit_id=audit.id)
    _db.session.refresh(audit)
    assert (audit.auditor_id, audit.due_date, audit.own_team_reason) == (manager.id, date(2026, 12, 20), "Specialist")
