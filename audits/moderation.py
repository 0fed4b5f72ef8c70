"""Moderation: picking a sample of submitted audits, and the moderator agreeing or changing each grade."""

from __future__ import annotations

import math
import random
from datetime import date

from sqlalchemy import select

from audits.constants import AuditStatus
from audits.models import CaseAudit, Moderation
from audits.services import AuditError, _level_in_scale, setting
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.models import User
from workforce.kernel.refusals import Problems


def select_for_moderation(
    start: date, end: date, percent: float | None = None, include_extremes: bool | None = None, seed: int = 0
) -> list[Moderation]:
    """Pick submitted audits dated in the period: every inadequate and outstanding one (when set), then at
    random until at least `percent` of the period's audits are in moderation."""
    percent = setting("audits_moderation_percent") if percent is None else percent
    include_extremes = setting("audits_moderate_extremes") if include_extremes is None else include_extremes
    audits = list(
        db.session.execute(
            select(CaseAudit)
            .where(CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.audit_date.between(start, end))
            .order_by(CaseAudit.id)
        ).scalars()
    )
    already = sum(1 for audit in audits if audit.moderation is not None)
    candidates = [audit for audit in audits if audit.moderation is None]
    picked: list[Moderation] = []
    if include_extremes:
        for audit in list(candidates):
            grade = audit.overall_grade
            if grade is not None and (grade.rank == 1 or grade.inadequate):
                picked.append(_select(audit, "inadequate" if grade.inadequate else "outstanding"))
                candidates.remove(audit)
    wanted = math.ceil(len(audits) * percent / 100) - already - len(picked)
    if wanted > 0:
        for audit in random.Random(seed).sample(candidates, min(wanted, len(candidates))):
            picked.append(_select(audit, "sample"))
    return picked


def _select(audit: CaseAudit, because: str) -> Moderation:
    moderation = Moderation(audit=audit, selected_because=because, auditor_grade=audit.overall_grade)
    db.session.add(moderation)
    audit_trail.record_created(moderation, case_reference=audit.case_reference)
    return moderation


def moderate(
    moderation: Moderation,
    moderator: User,
    overall_grade_id: int,
    domain_grades: dict[int, int | None],
    reason: str | None,
) -> Moderation:
    """The moderator agrees or changes each grade; a change needs a reason. The auditor's grades stay."""
    audit = moderation.audit
    if moderation.moderated_on is not None:
        raise AuditError("This audit has already been moderated")
    if audit.auditor_id == moderator.id:
        raise AuditError("You cannot moderate an audit you carried out")
    problems = Problems()
    overall = _level_in_scale(audit, overall_grade_id)
    if overall is None:
        problems.add("Select the moderated overall grade", "overall_grade")
    changed = overall is not None and overall.id != audit.overall_grade_id
    graded = []  # (domain grade, before): each domain's moderated grade goes in the trail too
    for grade in audit.domain_grades:
        level = _level_in_scale(audit, domain_grades.get(grade.domain_id))
        if level is None:
            problems.add(f"Select the moderated grade for {grade.domain.title}", f"domain_{grade.domain_id}")
            continue
        graded.append((grade, audit_trail.snapshot(grade)))
        grade.moderated_grade = level
        changed = changed or level.id != grade.grade_id
    reason = (reason or "").strip() or None
    if changed and reason is None:
        problems.add("Enter the reason for changing the grade", "reason")
    problems.raise_as(AuditError)
    before = audit_trail.snapshot(moderation)
    moderation.moderator = moderator
    moderation.auditor_grade = audit.overall_grade
    moderation.moderated_grade = overall
    moderation.reason = reason
    moderation.moderated_on = clock.today()
    db.session.flush()
    audit_trail.record_updated(moderation, before, note="Grade changed" if changed else "Grades agreed")
    audit_trail.record_updated_many(graded, note="Moderated")
    return moderation
