"""Queries about audits, every list and figure restricted to what the user may see.

A team manager sees the audits of their own teams' cases and the audits they carried out; council-wide
roles see every audit. Figures use the moderated grade where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, and_, case, extract, func, select
from sqlalchemy.orm import aliased, joinedload

from audits.constants import ActionStatus, AuditServiceArea, AuditStatus
from audits.models import (
    AuditAction,
    AuditProgramme,
    CaseAudit,
    GradeLevel,
    Moderation,
    SafeguardingConcern,
    Theme,
    audit_themes,
)
from workforce.extensions import db
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import Scope, current_scope
from workforce.people.models import StaffMember


@dataclass(frozen=True)
class Filter:
    """Restricts audit figures: by the user's scope, by a set of teams (measures) and by service area."""

    scope: Scope | None = None
    team_ids: frozenset[int] | None = None
    service_area: AuditServiceArea | None = None

    def apply(self, statement: Select) -> Select:
        if self.scope is not None:
            statement = self.scope.apply(statement, CaseAudit.team_id, own_column=CaseAudit.auditor_id)
        if self.team_ids is not None:
            statement = statement.where(CaseAudit.team_id.in_(sorted(self.team_ids)))
        if self.service_area is not None:
            statement = statement.where(CaseAudit.service_area == self.service_area)
        return statement


def user_filter(service_area: AuditServiceArea | None = None) -> Filter:
    return Filter(scope=current_scope(), service_area=service_area)


def get_audit_in_scope_or_404(audit_id: int) -> CaseAudit:
    audit = db.session.get(CaseAudit, audit_id)
    if audit is None:
        abort(404)
    scope = current_scope()
    if not (scope.covers_team(audit.team_id) or audit.auditor_id == current_user.id):
        abort(404)
    return audit


def list_audits_query(where: Filter, *conditions, grade: str | None = None) -> Select:
    """Audits in scope; with `grade`, the submitted ones whose counted grade (moderated or not) has that name."""
    statement = select(CaseAudit).where(*conditions)
    if grade:
        counted = aliased(GradeLevel)
        statement = (
            statement.outerjoin(Moderation, Moderation.audit_id == CaseAudit.id)
            .join(counted, counted.id == func.coalesce(Moderation.moderated_grade_id, CaseAudit.overall_grade_id))
            .where(CaseAudit.status == AuditStatus.SUBMITTED, counted.label == grade)
        )
    return where.apply(statement).order_by(CaseAudit.due_date.desc(), CaseAudit.id.desc())


def list_allocated_to(user: User) -> list[CaseAudit]:
    return list(
        db.session.execute(
            select(CaseAudit)
            .where(CaseAudit.auditor_id == user.id, CaseAudit.status != AuditStatus.SUBMITTED)
            .order_by(CaseAudit.due_date)
        ).scalars()
    )


def list_programmes() -> list[AuditProgramme]:
    return list(db.session.execute(select(AuditProgramme).order_by(AuditProgramme.start_date.desc())).scalars())


def list_late_audits(on: date) -> list[CaseAudit]:
    """Audits past their due date and not submitted: the head of service's escalation list."""
    return list(
        db.session.execute(
            select(CaseAudit)
            .where(CaseAudit.status != AuditStatus.SUBMITTED, CaseAudit.due_date < on)
            .order_by(CaseAudit.due_date, CaseAudit.id)
        ).scalars()
    )


def list_concerns(open_only: bool = False) -> list[SafeguardingConcern]:
    statement = select(SafeguardingConcern).order_by(SafeguardingConcern.raised_at.desc())
    if open_only:
        statement = statement.where(SafeguardingConcern.responded_at.is_(None))
    return list(db.session.execute(statement).scalars())


def list_moderations(pending: bool, not_audited_by: int | None = None) -> list[Moderation]:
    """Moderations waiting or done; `not_audited_by` leaves out audits that user carried out (nobody
    moderates their own audit)."""
    condition = Moderation.moderated_on.is_(None) if pending else Moderation.moderated_on.is_not(None)
    statement = select(Moderation).where(condition).order_by(Moderation.id.desc())
    if not_audited_by is not None:
        statement = statement.join(CaseAudit, CaseAudit.id == Moderation.audit_id).where(
            CaseAudit.auditor_id != not_audited_by
        )
    return list(db.session.execute(statement).scalars())


def count_own_moderations_waiting(auditor_id: int) -> int:
    """Audits this user carried out that wait for another moderator."""
    return db.session.execute(
        select(func.count())
        .select_from(Moderation)
        .join(CaseAudit, CaseAudit.id == Moderation.audit_id)
        .where(Moderation.moderated_on.is_(None), CaseAudit.auditor_id == auditor_id)
    ).scalar_one()


# Figures -----------------------------------------------------------------------------------------

#: The grade counted: the moderator's where the audit was moderated, otherwise the auditor's.
_effective_grade = aliased(GradeLevel)


def _graded(where: Filter, start: date, end: date, *columns) -> Select:
    statement = (
        select(*columns)
        .select_from(CaseAudit)
        .outerjoin(Moderation, Moderation.audit_id == CaseAudit.id)
        .join(
            _effective_grade,
            _effective_grade.id == func.coalesce(Moderation.moderated_grade_id, CaseAudit.overall_grade_id),
        )
        .where(CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.audit_date.between(start, end))
    )
    return where.apply(statement)


@dataclass(frozen=True)
class GradeSummary:
    audits: int
    good_or_better: int
    inadequate: int
    moderated: int

    def percent(self, count: int) -> float | None:
        return None if not self.audits else count / self.audits * 100


def grade_summary(where: Filter, start: date, end: date) -> GradeSummary:
    row = db.session.execute(
        _graded(
            where,
            start,
            end,
            func.count(CaseAudit.id),
            func.coalesce(func.sum(case((_effective_grade.good_or_better, 1), else_=0)), 0),
            func.coalesce(func.sum(case((_effective_grade.inadequate, 1), else_=0)), 0),
            func.count(Moderation.moderated_grade_id),
        )
    ).one()
    return GradeSummary(*(int(value or 0) for value in row))


def grade_distribution(where: Filter, start: date, end: date) -> list[tuple[str, int]]:
    rows = db.session.execute(
        _graded(where, start, end, _effective_grade.label, func.min(_effective_grade.rank), func.count(CaseAudit.id))
        .group_by(_effective_grade.label)
        .order_by(func.min(_effective_grade.rank))
    ).all()
    return [(label, count) for label, _rank, count in rows]


def trend_by_month(where: Filter, start: date, end: date) -> list[dict]:
    year, month = extract("year", CaseAudit.audit_date), extract("month", CaseAudit.audit_date)
    rows = db.session.execute(
        _graded(
            where,
            start,
            end,
            year,
            month,
            CaseAudit.service_area,
            func.count(CaseAudit.id),
            func.sum(case((_effective_grade.good_or_better, 1), else_=0)),
            func.sum(case((_effective_grade.inadequate, 1), else_=0)),
        )
        .group_by(year, month, CaseAudit.service_area)
        .order_by(year, month, CaseAudit.service_area)
    ).all()
    return [
        {
            "month": date(int(y), int(m), 1),
            "service_area": area,
            "audits": count,
            "good_or_better": int(good or 0),
            "inadequate": int(bad or 0),
        }
        for y, m, area, count, good, bad in rows
    ]


def _programme_audits_due(where: Filter, start: date, end: date, *columns) -> Select:
    return where.apply(
        select(*columns).where(CaseAudit.programme_id.is_not(None), CaseAudit.due_date.between(start, end))
    )


def programme_completion(where: Filter, start: date, end: date) -> tuple[int, int]:
    """(submitted, allocated) for audits due in the period."""
    row = db.session.execute(
        _programme_audits_due(
            where,
            start,
            end,
            func.coalesce(func.sum(case((CaseAudit.status == AuditStatus.SUBMITTED, 1), else_=0)), 0),
            func.count(CaseAudit.id),
        )
    ).one()
    return int(row[0]), int(row[1])


def list_graded(where: Filter, start: date, end: date) -> list[tuple[CaseAudit, GradeLevel]]:
    """The audits `grade_summary` counts, each with the grade it counts (the moderated one where moderated)."""
    statement = _graded(where, start, end, CaseAudit, _effective_grade).order_by(CaseAudit.audit_date, CaseAudit.id)
    return [tuple(row) for row in db.session.execute(statement)]


def list_programme_audits_due(where: Filter, start: date, end: date) -> list[CaseAudit]:
    """The audits `programme_completion` counts."""
    statement = _programme_audits_due(where, start, end, CaseAudit).order_by(CaseAudit.due_date, CaseAudit.id)
    return list(db.session.execute(statement).scalars())


def completion_by_programme(where: Filter, start: date, end: date) -> list[tuple[AuditProgramme, int, int]]:
    rows = db.session.execute(
        where.apply(
            select(
                CaseAudit.programme_id,
                func.sum(case((CaseAudit.status == AuditStatus.SUBMITTED, 1), else_=0)),
                func.count(CaseAudit.id),
            ).where(CaseAudit.programme_id.is_not(None), CaseAudit.due_date.between(start, end))
        ).group_by(CaseAudit.programme_id)
    ).all()
    programmes = {
        programme.id: programme
        for programme in db.session.execute(
            select(AuditProgramme).where(AuditProgramme.id.in_([row[0] for row in rows]))
        ).scalars()
    }
    result = [(programmes[pid], int(done or 0), int(total)) for pid, done, total in rows]
    return sorted(result, key=lambda item: item[0].start_date, reverse=True)


def _actions_due(where: Filter, start: date, end: date, today: date, *columns) -> Select:
    return where.apply(
        select(*columns)
        .select_from(AuditAction)
        .join(CaseAudit, CaseAudit.id == AuditAction.audit_id)
        .where(AuditAction.due_date.between(start, min(end, today)))
    )


#: An action completed on or before its due date.
_ACTION_ON_TIME = and_(AuditAction.status == ActionStatus.COMPLETED, AuditAction.completed_on <= AuditAction.due_date)


def actions_on_time(where: Filter, start: date, end: date, today: date) -> tuple[int, int]:
    """(completed by their due date, due) for actions due in the period, counting only due dates passed."""
    row = db.session.execute(
        _actions_due(
            where,
            start,
            end,
            today,
            func.coalesce(func.sum(case((_ACTION_ON_TIME, 1), else_=0)), 0),
            func.count(AuditAction.id),
        )
    ).one()
    return int(row[0]), int(row[1])


def list_actions_due(where: Filter, start: date, end: date, today: date) -> list[tuple[AuditAction, CaseAudit, bool]]:
    """The actions `actions_on_time` counts: (action, its audit, completed on time)."""
    statement = _actions_due(
        where, start, end, today, AuditAction, CaseAudit, case((_ACTION_ON_TIME, True), else_=False)
    ).order_by(AuditAction.due_date, AuditAction.id)
    return [(action, audit, bool(on_time)) for action, audit, on_time in db.session.execute(statement)]


_auditor_grade = aliased(GradeLevel)
_moderated_grade = aliased(GradeLevel)


def _moderation_statement(where: Filter, start: date, end: date, *columns) -> Select:
    return where.apply(
        select(*columns)
        .select_from(Moderation)
        .join(CaseAudit, CaseAudit.id == Moderation.audit_id)
        .join(_auditor_grade, _auditor_grade.id == Moderation.auditor_grade_id)
        .join(_moderated_grade, _moderated_grade.id == Moderation.moderated_grade_id)
        .where(Moderation.moderated_on.between(start, end))
    )


_MODERATION_COUNTS = (
    func.count(Moderation.id),
    func.coalesce(func.sum(case((_moderated_grade.rank == _auditor_grade.rank, 1), else_=0)), 0),
    func.coalesce(func.sum(case((_moderated_grade.rank < _auditor_grade.rank, 1), else_=0)), 0),
    func.coalesce(func.sum(case((_moderated_grade.rank > _auditor_grade.rank, 1), else_=0)), 0),
)


def list_moderated(where: Filter, start: date, end: date) -> list[tuple[Moderation, CaseAudit, GradeLevel, GradeLevel]]:
    """The moderations `moderation_agreement` counts: (moderation, audit, auditor's grade, moderated grade)."""
    statement = _moderation_statement(
        where, start, end, Moderation, CaseAudit, _auditor_grade, _moderated_grade
    ).order_by(Moderation.moderated_on, Moderation.id)
    return [tuple(row) for row in db.session.execute(statement)]


def moderation_agreement(where: Filter, start: date, end: date) -> dict[str, int]:
    """Moderated overall grades in the period: agreed, upgraded (moderator better) and downgraded."""
    row = db.session.execute(_moderation_statement(where, start, end, *_MODERATION_COUNTS)).one()
    return dict(zip(("moderated", "agreed", "upgraded", "downgraded"), (int(value) for value in row), strict=True))


def moderation_by_auditor(where: Filter, start: date, end: date) -> list[dict]:
    rows = db.session.execute(
        _moderation_statement(where, start, end, User.name, *_MODERATION_COUNTS)
        .join(User, User.id == CaseAudit.auditor_id)
        .group_by(User.id, User.name)
        .order_by(User.name)
    ).all()
    return [dict(zip(("auditor", "moderated", "agreed", "upgraded", "downgraded"), row, strict=True)) for row in rows]


def moderation_by_month(where: Filter, start: date, end: date) -> list[dict]:
    year, month = extract("year", Moderation.moderated_on), extract("month", Moderation.moderated_on)
    rows = db.session.execute(
        _moderation_statement(where, start, end, year, month, *_MODERATION_COUNTS)
        .group_by(year, month)
        .order_by(year, month)
    ).all()
    return [
        {"month": date(int(y), int(m), 1), "moderated": n, "agreed": a, "upgraded": u, "downgraded": d}
        for y, m, n, a, u, d in rows
    ]


def theme_frequency(where: Filter, start: date, end: date) -> list[dict]:
    """How many submitted audits in each quarter carried each theme."""
    year, month = extract("year", CaseAudit.audit_date), extract("month", CaseAudit.audit_date)
    rows = db.session.execute(
        where.apply(
            select(Theme.name, year, month, func.count(CaseAudit.id))
            .select_from(audit_themes)
            .join(CaseAudit, CaseAudit.id == audit_themes.c.audit_id)
            .join(Theme, Theme.id == audit_themes.c.theme_id)
            .where(CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.audit_date.between(start, end))
        )
        .group_by(Theme.name, year, month)
        .order_by(Theme.name, year, month)
    ).all()
    return [{"theme": name, "month": date(int(y), int(m), 1), "audits": count} for name, y, m, count in rows]


def list_active_users() -> list[User]:
    return list(db.session.execute(select(User).where(User.deactivated_at.is_(None)).order_by(User.name)).scalars())


def page_of_audits(query: Select, limit: int, offset: int) -> list[CaseAudit]:
    """One page of a list of audits, with what the list shows of each loaded in the same query."""
    statement = (
        query.options(
            joinedload(CaseAudit.team),
            joinedload(CaseAudit.auditor),
            joinedload(CaseAudit.overall_grade),
            joinedload(CaseAudit.moderation).joinedload(Moderation.moderated_grade),
        )
        .limit(limit)
        .offset(offset)
    )
    return list(db.session.execute(statement).unique().scalars())


def team_named(name: str) -> Team | None:
    return db.session.execute(select(Team).where(Team.name == name)).scalar()


def staff_numbered(employee_number: str) -> StaffMember | None:
    return db.session.execute(select(StaffMember).where(StaffMember.employee_number == employee_number)).scalar()


def theme_names() -> list[str]:
    return list(db.session.execute(select(Theme.name).order_by(Theme.name)).scalars())
