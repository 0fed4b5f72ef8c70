"""The audits demo seeder: three years of programmes, improving grades, moderation, actions and themes."""

import random
from datetime import date

from sqlalchemy import func, select

from audits import demo
from audits.constants import AuditStatus
from audits.dao import Filter, grade_summary, moderation_agreement
from audits.models import AuditAction, AuditProgramme, CaseAudit, audit_themes
from tests.audits.builders import case
from workforce.extensions import db as _db
from workforce.kernel.contract import registry
from workforce.kernel.demo import DemoContext, load_demo
from workforce.kernel.models import Team
from workforce.kernel.providers import LATEST_CASELOAD_CASES
from workforce.kernel.roles import Role

AS_OF = date(2026, 11, 24)
PEOPLE = "Staff, posts, starters and leavers, absence"


def count(model) -> int:
    return _db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_the_demo_has_three_years_of_programmes_with_grades_improving(db):
    context = load_demo("small", seed=1, as_of=AS_OF, only=[PEOPLE, "Caseloads", "Case-file audits"])
    assert count(AuditProgramme) == 37
    first_year = grade_summary(Filter(), date(2023, 11, 1), date(2024, 10, 31))
    last_year = grade_summary(Filter(), date(2025, 11, 1), date(2026, 10, 31))
    assert first_year.inadequate / first_year.audits > last_year.inadequate / last_year.audits
    assert first_year.good_or_better / first_year.audits < last_year.good_or_better / last_year.audits
    moderation = moderation_agreement(Filter(), date(2023, 11, 1), AS_OF)
    assert moderation["downgraded"] > moderation["upgraded"] > 0
    assert count(AuditAction) > 0 and count(audit_themes) > 0
    manager = context.users[Role.TEAM_MANAGER]
    allocated = _db.session.execute(
        select(CaseAudit).where(CaseAudit.auditor_id == manager.id, CaseAudit.status == AuditStatus.ALLOCATED)
    ).scalars()
    own_teams = {team.id for team in manager.managed_teams} | {manager.team_id}
    allocated = list(allocated)
    assert allocated and all(audit.team_id not in own_teams for audit in allocated)
    assert any(audit.due_date > AS_OF for audit in allocated)


def test_the_demo_samples_the_caseload_snapshot_when_a_module_provides_it(app, db, monkeypatch):
    def snapshot(on_date):
        teams = _db.session.execute(select(Team).order_by(Team.id)).scalars()
        return [case(team, f"SNAP{team.id}-{number}") for team in teams for number in range(5)]

    monkeypatch.setitem(registry(app).providers, LATEST_CASELOAD_CASES.name, snapshot)
    load_demo("small", seed=2, as_of=AS_OF, only=[PEOPLE, "Case-file audits"])
    references = set(_db.session.execute(select(CaseAudit.case_reference)).scalars())
    assert references and all(reference.startswith("SNAP") for reference in references)


def test_the_demo_seeder_does_nothing_without_teams_or_auditors(db):
    context = DemoContext(size="small", seed=1, as_of=AS_OF, rng=random.Random(1))
    demo.seed(context)
    assert count(CaseAudit) == 0
