"""Builders for audit programmes, audits, grades, moderation and actions."""

from __future__ import annotations

import itertools
from datetime import date

from audits import services
from audits.constants import (
    ActionStatus,
    AuditStatus,
    AuditType,
    CaseType,
    ProgrammePeriod,
    QuotaBasis,
    SamplingMethod,
)
from audits.models import AuditAction, AuditProgramme, CaseAudit, GradeLevel, Moderation
from tests.builders import create_team, create_user
from workforce.extensions import db
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role

_sequence = itertools.count(1)


def case(team: Team, reference: str | None = None, case_type: CaseType = CaseType.CP, **overrides) -> dict:
    return {
        "case_reference": reference or f"CR{900000 + next(_sequence)}",
        "case_type": case_type.value,
        "team_id": team.id,
        "staff_id": None,
        "allocation_date": date(2026, 1, 5),
        **overrides,
    }


def create_programme(**overrides) -> AuditProgramme:
    values = {
        "name": f"Case audits {next(_sequence)}",
        "period": ProgrammePeriod.MONTH,
        "start_date": date(2026, 11, 1),
        "end_date": date(2026, 11, 30),
        "due_date": date(2026, 11, 30),
        "audit_type": AuditType.ROUTINE,
        "quota_basis": QuotaBasis.PER_AUDITOR,
        "quota": 2,
        "sampling_method": SamplingMethod.RANDOM,
        "sampling_value": None,
    }
    programme = AuditProgramme(**{**values, **overrides})
    db.session.add(programme)
    db.session.commit()
    return programme


def level(audit: CaseAudit, label: str) -> GradeLevel:
    return next(item for item in audit.scale.levels if item.label == label)


def create_audit(
    *,
    team: Team | None = None,
    auditor: User | None = None,
    grade: str | None = None,
    audit_date: date | None = None,
    due_date: date = date(2026, 11, 30),
    allocated_on: date | None = None,
    reference: str | None = None,
    case_type: CaseType = CaseType.CP,
    programme: AuditProgramme | None = None,
) -> CaseAudit:
    """An allocated audit; with `grade` it is submitted with that overall grade and a grade for every domain."""
    team = team or create_team()
    auditor = auditor or create_user(Role.QA_OFFICER)
    audit = services.allocate_audit(
        case(team, reference, case_type), auditor, due_date, programme=programme, own_team_reason="Test set-up"
    )
    if allocated_on is not None:
        audit.allocated_on = allocated_on
    if grade is not None:
        audit.status = AuditStatus.SUBMITTED
        audit.audit_date = audit_date or date(2026, 11, 10)
        audit.overall_grade = level(audit, grade)
    db.session.commit()
    return audit


def create_moderation(
    audit: CaseAudit, grade: str, moderator: User | None = None, on: date | None = None
) -> Moderation:
    moderation = Moderation(
        audit=audit,
        selected_because="sample",
        moderator=moderator or create_user(Role.QA_OFFICER),
        auditor_grade=audit.overall_grade,
        moderated_grade=level(audit, grade),
        reason=None if grade == audit.overall_grade.label else "Evidence does not support the grade",
        moderated_on=on or audit.audit_date,
    )
    db.session.add(moderation)
    db.session.commit()
    return moderation


def create_action(audit: CaseAudit, due_date: date, completed_on: date | None = None, owner: User | None = None):
    action = AuditAction(
        audit=audit,
        description="Update the chronology",
        owner=owner or audit.auditor,
        due_date=due_date,
        status=ActionStatus.COMPLETED if completed_on else ActionStatus.OPEN,
        completed_on=completed_on,
        evidence="Done" if completed_on else None,
    )
    db.session.add(action)
    db.session.commit()
    return action
