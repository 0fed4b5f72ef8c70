"""Supervision-quality audits: checklist versions, the quarterly sample, completing and grading an audit."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from supervision.constants import DEFAULT_CHECKLIST, Answer, Grade, SampleReason, SessionStatus
from supervision.models import QualityAudit, QualityChecklist, Supervision
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.dates import add_months
from workforce.kernel.permissions import Scope
from workforce.people.models import StaffMember


class QualityAuditError(ValueError):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def current_checklist() -> QualityChecklist:
    """The latest checklist version; version 1 (the default questions) is made the first time it is needed."""
    checklist = db.session.execute(select(QualityChecklist).order_by(QualityChecklist.version.desc())).scalar()
    if checklist is None:
        checklist = QualityChecklist(version=1, questions=list(DEFAULT_CHECKLIST))
        db.session.add(checklist)
        db.session.flush()
        audit_trail.record_created(checklist)
    return checklist


def publish_checklist(questions: list[str], user) -> QualityChecklist:
    questions = [question.strip() for question in questions if question.strip()]
    if not questions:
        raise QualityAuditError("Enter at least one question", "questions")
    latest = current_checklist()
    checklist = QualityChecklist(
        version=latest.version + 1, questions=questions, created_by_id=getattr(user, "id", None)
    )
    db.session.add(checklist)
    db.session.flush()
    audit_trail.record_created(checklist)
    return checklist


def _latest_held_in(quarter: date, supervisee_ids=None, team_id: int | None = None):
    """The latest current held record per supervisee in the quarter."""
    end = add_months(quarter, 3)
    latest = (
        select(Supervision.supervisee_id, func.max(Supervision.id).label("supervision_id"))
        .where(
            Supervision.status == SessionStatus.HELD,
            Supervision.superseded_at.is_(None),
            Supervision.held_on >= quarter,
            Supervision.held_on < end,
        )
        .group_by(Supervision.supervisee_id)
    )
    if team_id is not None:
        latest = latest.where(Supervision.team_id == team_id)
    if supervisee_ids is not None:
        latest = latest.where(Supervision.supervisee_id.in_(sorted(supervisee_ids)))
    return {row.supervisee_id: row.supervision_id for row in db.session.execute(latest)}


def _already_sampled(quarter: date) -> set[int]:
    return set(
        db.session.execute(select(QualityAudit.supervisee_id).where(QualityAudit.quarter_start == quarter)).scalars()
    )


def _add(supervision: Supervision, quarter: date, reason: SampleReason, checklist, named_because=None) -> QualityAudit:
    audit = QualityAudit(
        checklist=checklist,
        supervision=supervision,
        supervisee_id=supervision.supervisee_id,
        team_id=supervision.team_id,
        quarter_start=quarter,
        reason=reason,
        named_because=named_because,
        answers={},
    )
    db.session.add(audit)
    db.session.flush()
    audit_trail.record_created(audit)
    return audit


def draw_sample(
    quarter: date, per_team: int, team_ids: list[int], rng: random.Random, named: list[tuple[StaffMember, str]] = ()
) -> list[QualityAudit]:
    """Pick `per_team` supervisees at random in each team from those with a held record in the quarter,
    plus each named worker, auditing each one's latest record in the quarter; nobody twice a quarter."""
    quarter = quarter_start(quarter)
    if quarter > clock.today():
        raise QualityAuditError("Choose a quarter that has started", "quarter")
    checklist = current_checklist()
    taken = _already_sampled(quarter)
    audits = []
    for staff, because in named:
        records = _latest_held_in(quarter, supervisee_ids=[staff.id])
        if not records:
            raise QualityAuditError(f"{staff.name} has no held supervision in that quarter", "named")
        if staff.id in taken:
            continue
        audits.append(
            _add(db.session.get(Supervision, records[staff.id]), quarter, SampleReason.NAMED, checklist, because)
        )
        taken.add(staff.id)
    for team_id in sorted(team_ids):
        candidates = sorted(
            (supervisee_id, supervision_id)
            for supervisee_id, supervision_id in _latest_held_in(quarter, team_id=team_id).items()
            if supervisee_id not in taken
        )
        for supervisee_id, supervision_id in rng.sample(candidates, min(per_team, len(candidates))):
            audits.append(_add(db.session.get(Supervision, supervision_id), quarter, SampleReason.RANDOM, checklist))
            taken.add(supervisee_id)
    return audits


def complete_audit(
    audit: QualityAudit, answers: dict[str, Answer], grade: Grade, findings: str, actions: str, user
) -> QualityAudit:
    expected = {str(number) for number in range(1, len(audit.checklist.questions) + 1)}
    if set(answers) != expected:
        raise QualityAuditError("Answer every question on the checklist", "grade")
    before = audit_trail.snapshot(audit)
    audit.answers = {key: Answer(value).value for key, value in answers.items()}
    audit.grade = grade
    audit.findings = (findings or "").strip() or None
    audit.actions = (actions or "").strip() or None
    audit.completed_on = clock.today()
    audit.auditor_id = user.id
    audit_trail.record_updated(audit, before)
    return audit


def list_audits(scope: Scope) -> list[QualityAudit]:
    query = select(QualityAudit).order_by(QualityAudit.quarter_start.desc(), QualityAudit.id)
    return list(db.session.execute(scope.apply(query, QualityAudit.team_id)).scalars())
