"""Audit themes as evidence of an action, through the "audit-themes" provider (the plan never imports audits)."""

import pytest
from sqlalchemy import select

from audits.models import Theme
from tests.builders import create_user
from tests.conftest import error_summary
from tests.improvement.builders import create_action
from workforce.extensions import db
from workforce.improvement.constants import EvidenceKind
from workforce.improvement.models import Evidence
from workforce.kernel.models import AuditEvent
from workforce.kernel.providers import AUDIT_THEMES
from workforce.kernel.roles import Role


def find_link(page, text: str):
    return next((link for link in page.select("a") if link.get_text(strip=True) == text), None)


@pytest.fixture
def theme(plan_db):
    theme = Theme(name="Management oversight")
    db.session.add(theme)
    db.session.commit()
    return theme


@pytest.fixture
def leader(plan_client):
    user = create_user(Role.SENIOR_LEADER)
    plan_client.login(user)
    return user


def test_a_senior_leader_links_an_audit_theme_and_the_action_page_shows_it(plan_client, leader, theme):
    action = create_action()
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert find_link(page, "Link an audit theme")["href"].endswith("/evidence/audit-theme")
    form = plan_client.get("improvement.link_audit_theme", action_id=action.id)
    assert "Management oversight (0 audits)" in form.get_text()
    plan_client.post("improvement.link_audit_theme", {"theme_id": str(theme.id)}, action_id=action.id)
    evidence = db.session.execute(select(Evidence).where(Evidence.action_id == action.id)).scalar_one()
    assert (evidence.kind, evidence.audit_theme_id, evidence.audit_theme_name) == (
        EvidenceKind.AUDIT_THEME,
        theme.id,
        "Management oversight",
    )
    events = db.session.execute(
        select(AuditEvent.action).where(AuditEvent.record_type == "Evidence", AuditEvent.record_id == str(evidence.id))
    ).scalars()
    assert list(events) == ["created"]
    page = plan_client.get("improvement.show_action", action_id=action.id)
    link = find_link(page, "Management oversight (0 submitted audits found it)")
    assert link is not None and link["href"] == f"/audits?theme={theme.id}"


@pytest.mark.parametrize("theme_id", ["999999", "0", "", "oversight"])
def test_an_unknown_theme_is_refused_with_an_error_summary(plan_client, leader, theme, theme_id):
    action = create_action()
    page = plan_client.post(
        "improvement.link_audit_theme", {"theme_id": theme_id}, _expected_status=200, action_id=action.id
    )
    assert error_summary(page)
    assert db.session.execute(select(Evidence).where(Evidence.action_id == action.id)).first() is None


def test_the_same_theme_cannot_be_linked_twice(plan_client, leader, theme):
    action = create_action()
    plan_client.post("improvement.link_audit_theme", {"theme_id": str(theme.id)}, action_id=action.id)
    page = plan_client.post(
        "improvement.link_audit_theme", {"theme_id": str(theme.id)}, _expected_status=200, action_id=action.id
    )
    assert error_summary(page) == ["This audit theme is already evidence for the action"]


@pytest.mark.parametrize("role", [Role.HR, Role.COMMITTEE_VIEWER, Role.QA_OFFICER, Role.SOCIAL_WORKER])
def test_only_roles_that_manage_the_plan_may_link_a_theme(plan_client, theme, role):
    action = create_action()
    plan_client.login(create_user(role))
    plan_client.get("improvement.link_audit_theme", _expected_status=403, action_id=action.id)
    plan_client.post(
        "improvement.link_audit_theme", {"theme_id": str(theme.id)}, _expected_status=403, action_id=action.id
    )
    assert db.session.execute(select(Evidence)).first() is None


def test_committee_viewers_see_the_theme_but_no_link_into_the_audits(plan_client, leader, theme):
    action = create_action()
    plan_client.post("improvement.link_audit_theme", {"theme_id": str(theme.id)}, action_id=action.id)
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert "Management oversight (0 submitted audits found it)" in page.get_text()
    assert find_link(page, "Management oversight (0 submitted audits found it)") is None
    assert find_link(page, "Link an audit theme") is None


def test_without_an_audit_themes_provider_the_plan_offers_no_theme(plan_client, plan_app, leader, monkeypatch):
    from workforce.kernel.contract import registry

    monkeypatch.delitem(registry(plan_app).providers, AUDIT_THEMES.name)
    action = create_action()
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert find_link(page, "Link an audit theme") is None
    plan_client.get("improvement.link_audit_theme", _expected_status=404, action_id=action.id)
