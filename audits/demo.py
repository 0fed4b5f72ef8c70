"""Demo audits: three years of monthly programmes, grades improving over time, moderation, actions, themes.

Works from whatever staff and assignments exist and from the caseload snapshot when a module provides
it; otherwise it makes up case references ("CR" and six digits) for each team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from sqlalchemy import insert, or_, select

from audits import services
from audits.constants import (
    SERVICE_AREA_OF_CASE_TYPE,
    ActionStatus,
    Answer,
    AuditStatus,
    AuditType,
    CaseType,
    ProgrammePeriod,
    QuestionKind,
    QuotaBasis,
    SamplingMethod,
)
from audits.models import (
    AuditAction,
    AuditProgramme,
    CaseAudit,
    DomainGrade,
    Moderation,
    QuestionAnswer,
    SafeguardingConcern,
    audit_themes,
)
from audits.sampling import months_before, snapshot_cases
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.people.models import Assignment

MONTHS = 36
#: The case types each kind of team holds, by a word in its name.
TEAM_CASE_TYPES = (
    ("care leavers", (CaseType.CL,)),
    ("in care", (CaseType.CLA,)),
    ("fostering", (CaseType.CLA,)),
    ("adoption", (CaseType.CLA,)),
    ("early help", (CaseType.EH,)),
    ("child protection", (CaseType.CP, CaseType.CIN)),
    ("disabled", (CaseType.CIN, CaseType.CP)),
    ("assessment", (CaseType.CIN, CaseType.OTHER)),
    ("mash", (CaseType.OTHER,)),
)


def _case_types(team_name: str) -> tuple[CaseType, ...]:
    lowered = team_name.lower()
    for word, types in TEAM_CASE_TYPES:
        if word in lowered:
            return types
    return (CaseType.CIN,)


def _case_pool(context, teams: list[Team]) -> list[dict]:
    cases = snapshot_cases(context.as_of)
    if cases:
        return cases
    workers: dict[int, list[int]] = {}
    for staff_id, team_id in db.session.execute(
        select(Assignment.staff_id, Assignment.team_id).where(
            or_(Assignment.end_date.is_(None), Assignment.end_date >= context.as_of)
        )
    ):
        workers.setdefault(team_id, []).append(staff_id)
    per_team = 120 if context.large else 60
    pool = []
    for team in teams:
        types = _case_types(team.name)
        for _ in range(per_team):
            staff = workers.get(team.id)
            pool.append(
                {
                    "case_reference": f"CR{context.rng.randrange(100000, 999999)}",
                    "case_type": context.rng.choice(types).value,
                    "team_id": team.id,
                    "staff_id": context.rng.choice(staff) if staff else None,
                    "allocation_date": context.as_of - timedelta(days=context.rng.randrange(10, 700)),
                }
            )
    return list({case["case_reference"]: case for case in pool}.values())


def _overall_rank(rng, progress: float) -> int:
    """1 outstanding ... 4 inadequate; inadequate falls from 23% to 8% and good or better rises over time."""
    inadequate = 0.23 - 0.15 * progress
    outstanding = 0.04 + 0.06 * progress
    good = 0.38 + 0.22 * progress
    roll = rng.random()
    if roll < outstanding:
        return 1
    if roll < outstanding + good:
        return 2
    if roll < 1 - inadequate:
        return 3
    return 4


def seed(context) -> None:
    rng = context.rng
    teams = list(db.session.execute(select(Team).where(Team.archived_at.is_(None)).order_by(Team.id)).scalars())
    if not teams:
        return
    scale = services.current_scale()
    template = services.current_template()
    themes = services.ensure_themes()
    levels = {level.rank: level.id for level in scale.levels}
    auditors = [
        user for user in context.users.values() if user.role in (Role.TEAM_MANAGER, Role.QA_OFFICER, Role.SENIOR_LEADER)
    ]
    auditors += [
        user
        for user in db.session.execute(select(User).where(User.role == Role.TEAM_MANAGER).order_by(User.id)).scalars()
        if user not in auditors
    ]
    if not auditors:
        return
    owners = [user for user in auditors if user.role is Role.TEAM_MANAGER] or auditors
    moderator = context.users.get(Role.QA_OFFICER) or auditors[0]
    own_teams = {user.id: services.teams_of_auditor(user) for user in auditors}
    pool = _case_pool(context, teams)
    # Audits a month per auditor: the large council's 10 grow with the size (the stress size audits ten times as many).
    quota = round(10 * context.scale) if context.large else 3
    first_month = months_before(context.as_of.replace(day=1), MONTHS)
    audited_since: dict[str, date] = {}
    shared = {
        "levels": levels,
        "worst": max(levels),
        "themes": themes,
        "owners": owners,
        "moderator": moderator,
        "template_id": template.id,
        "scale_id": scale.id,
        "domain_ids": [domain.id for domain in template.domains],
        "questions": [(question.id, question.kind) for domain in template.domains for question in domain.questions],
    }
    for index in range(MONTHS + 1):
        start = months_before(first_month, -index)
        end = months_before(start, -1) - timedelta(days=1)
        current = index == MONTHS
        programme = AuditProgramme(
            name=f"Case audits {start:%B %Y}",
            period=ProgrammePeriod.MONTH,
            start_date=start,
            end_date=end,
            audit_type=AuditType.THEMED if index % 6 == 5 else AuditType.ROUTINE,
            quota_basis=QuotaBasis.PER_AUDITOR,
            quota=quota,
            sampling_method=SamplingMethod.RISK if index % 3 == 2 else SamplingMethod.RANDOM,
            due_date=max(end, context.as_of + timedelta(days=14)) if current else end,
            sampled_at=None,
        )
        db.session.add(programme)
        # Cases audited in the last 12 months are skipped, as sampling does.
        cutoff = months_before(start, 12)
        candidates = [case for case in pool if audited_since.get(case["case_reference"], date.min) < cutoff]
        rng.shuffle(candidates)
        month = _Month(programme, start, current, index / MONTHS)
        children: list[tuple[CaseAudit, object, dict]] = []
        for auditor in auditors:
            eligible = (case for case in candidates if case["team_id"] not in own_teams[auditor.id])
            for case in list(islice(eligible, quota)):
                candidates.remove(case)
                audited_since[case["case_reference"]] = start
                children += _add_audit(context, month, case, auditor, shared)
        db.session.flush()
        _insert_children(children)


@dataclass(frozen=True)
class _Month:
    programme: AuditProgramme
    start: date
    current: bool
    #: 0 at the start of the three years, 1 at the end: grades improve with it.
    progress: float


def _insert_children(children) -> None:
    """Child rows of the month's audits in one multi-row insert per table, now the audits have ids."""
    by_table: dict[object, list[dict]] = {}
    for audit, table, values in children:
        by_table.setdefault(table, []).append({"audit_id": audit.id, **values})
    for table, rows in by_table.items():
        db.session.execute(insert(table), rows)


def _add_audit(context, month: _Month, case: dict, auditor: User, shared: dict) -> list:
    """Add one audit; return its child rows (table, values) to insert once it has an id."""
    rng = context.rng
    levels, worst = shared["levels"], shared["worst"]
    programme = month.programme
    case_type = CaseType(case["case_type"])
    audit = CaseAudit(
        programme=programme,
        template_id=shared["template_id"],
        scale_id=shared["scale_id"],
        case_reference=case["case_reference"],
        case_type=case_type,
        service_area=SERVICE_AREA_OF_CASE_TYPE[case_type],
        audit_type=programme.audit_type,
        team_id=case["team_id"],
        worker_id=case.get("staff_id"),
        auditor_id=auditor.id,
        allocated_on=month.start,
        due_date=programme.due_date,
        status=AuditStatus.ALLOCATED,
    )
    db.session.add(audit)
    # In the current month the audits are still to do; a few earlier ones were never done (late).
    if month.current or rng.random() < 0.04:
        return []
    now = clock.now()
    audit_date = min(month.start + timedelta(days=rng.randrange(3, 28)), context.as_of - timedelta(days=1))
    rank = _overall_rank(rng, month.progress)
    audit.status = AuditStatus.SUBMITTED
    audit.audit_date = audit_date
    audit.submitted_at = now
    audit.period_from = audit_date - timedelta(days=180)
    audit.period_to = audit_date
    audit.overall_grade_id = levels[rank]
    audit.strengths = "Visits were regular and the child's views are recorded."
    audit.areas_for_development = "Update the chronology and make the plan's outcomes measurable."
    audit.practitioner_conversation = "Discussed the findings with the allocated worker, who agreed the actions."
    children: list = []
    for domain_id in shared["domain_ids"]:
        domain_rank = min(worst, max(1, rank + rng.choice((-1, 0, 0, 0, 1))))
        children.append((audit, DomainGrade, {"domain_id": domain_id, "grade_id": levels[domain_rank]}))
    for question_id, kind in shared["questions"]:
        if kind is QuestionKind.YES_PARTLY_NO:
            answer = Answer.YES if rank <= 2 else rng.choice((Answer.PARTLY, Answer.NO))
            children.append((audit, QuestionAnswer, {"question_id": question_id, "answer": answer}))
    for theme in rng.sample(shared["themes"], rng.randrange(1, 4)):
        children.append((audit, audit_themes, {"theme_id": theme.id}))
    if rank >= 3:
        for _ in range(rng.randrange(1, 3)):
            children.append((audit, AuditAction, _action(context, audit_date, shared["owners"], now)))
    moderator = shared["moderator"]
    if rank == worst and rng.random() < 0.05:
        concern = {
            "description": "Risk from a new adult in the household has not been assessed.",
            "raised_by_id": auditor.id,
            "raised_at": now,
            "response": "Strategy discussion held the next day; the case was reallocated.",
            "responded_by_id": moderator.id,
            "responded_at": now,
        }
        children.append((audit, SafeguardingConcern, concern))
    # Nobody moderates their own audits.
    if (rank in (1, worst) or rng.random() < 0.1) and moderator.id != auditor.id:
        # Moderators lower about one grade in four (auditor optimism) and raise about one in thirty.
        moderated, roll = rank, rng.random()
        if roll < 0.25:
            moderated = min(worst, rank + 1)
        elif roll < 0.28:
            moderated = max(1, rank - 1)
        because = "sample" if rank not in (1, worst) else ("outstanding" if rank == 1 else "inadequate")
        moderation = {
            "selected_because": because,
            "selected_at": now,
            "moderator_id": moderator.id,
            "auditor_grade_id": levels[rank],
            "moderated_grade_id": levels[moderated],
            "reason": None if moderated == rank else "The evidence on file does not support the auditor's grade.",
            "moderated_on": min(audit_date + timedelta(days=10), context.as_of),
        }
        children.append((audit, Moderation, moderation))
    return children


def _action(context, audit_date: date, owners: list[User], now) -> dict:
    rng = context.rng
    due = audit_date + timedelta(days=28)
    outcome = rng.random()
    completed_on = None
    if due < context.as_of and outcome < 0.85:
        early, late = due - timedelta(days=rng.randrange(0, 20)), due + timedelta(days=rng.randrange(1, 30))
        completed_on = min(early if outcome < 0.7 else late, context.as_of)
    return {
        "description": "Update the chronology and review the plan with the family",
        "owner_id": rng.choice(owners).id,
        "due_date": due,
        "status": ActionStatus.COMPLETED if completed_on else ActionStatus.OPEN,
        "completed_on": completed_on,
        "evidence": "Chronology updated and plan reviewed at the core group" if completed_on else None,
        "created_at": now,
    }
