"""Operations on templates, scales, audits, actions, safeguarding concerns and moderation.

Each flushes and writes the audit trail; the view commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from audits.constants import (
    DEFAULT_DOMAINS,
    DEFAULT_SCALE,
    DEFAULT_THEMES,
    SERVICE_AREA_OF_CASE_TYPE,
    SETTING_DEFAULTS,
    ActionStatus,
    Answer,
    AuditStatus,
    AuditType,
    CaseType,
    QuestionKind,
)
from audits.models import (
    AuditAction,
    AuditProgramme,
    AuditTemplate,
    CaseAudit,
    DomainGrade,
    GradeLevel,
    GradeScale,
    QuestionAnswer,
    SafeguardingConcern,
    TemplateDomain,
    TemplateQuestion,
    Theme,
)
from workforce.extensions import db
from workforce.kernel import audit_trail, clock, settings
from workforce.kernel.models import User
from workforce.kernel.refusals import Problems


class AuditError(ValueError):
    """A change refused, with the message for the person and the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def setting(key: str) -> Any:
    value = settings.get(key)
    return SETTING_DEFAULTS[key] if value is None else value


# Grade scales and templates ------------------------------------------------------------------------


def current_scale() -> GradeScale:
    """The newest grade scale version, creating the default (version 1) on first use."""
    scale = db.session.execute(select(GradeScale).order_by(GradeScale.version.desc()).limit(1)).scalar()
    if scale is None:
        scale = publish_scale(list(DEFAULT_SCALE), good_or_better_count=2)
    return scale


def publish_scale(labels: Sequence[str], good_or_better_count: int) -> GradeScale:
    """A new scale version, best grade first; the worst grade counts as inadequate."""
    labels = [label.strip() for label in labels if label.strip()]
    if len(labels) < 2:
        raise AuditError("Enter at least two grades, one on each line", "labels")
    if len(set(labels)) != len(labels):
        raise AuditError("Each grade must have a different name", "labels")
    if not 1 <= good_or_better_count < len(labels):
        raise AuditError("The grades counted as good or better must leave at least one grade out", "good_or_better")
    latest = db.session.execute(select(GradeScale.version).order_by(GradeScale.version.desc()).limit(1)).scalar()
    scale = GradeScale(version=(latest or 0) + 1)
    for rank, label in enumerate(labels, start=1):
        scale.levels.append(
            GradeLevel(
                rank=rank,
                label=label,
                good_or_better=rank <= good_or_better_count,
                inadequate=rank == len(labels),
            )
        )
    db.session.add(scale)
    audit_trail.record_created(scale, grades=labels)
    return scale


def current_template() -> AuditTemplate:
    template = db.session.execute(select(AuditTemplate).order_by(AuditTemplate.version.desc()).limit(1)).scalar()
    if template is None:
        template = publish_template(
            [
                (title, [(question, QuestionKind.YES_PARTLY_NO) for question in questions])
                for title, questions in DEFAULT_DOMAINS
            ]
        )
    return template


def parse_template_text(text: str) -> list[tuple[str, list[tuple[str, QuestionKind]]]]:
    """Domains one a line; "- question" is answered yes, partly or no; "? question" is answered in words."""
    domains: list[tuple[str, list[tuple[str, QuestionKind]]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[0] in "-?":
            if not domains:
                raise AuditError("Start with a domain before its questions", "text")
            kind = QuestionKind.YES_PARTLY_NO if line[0] == "-" else QuestionKind.FREE_TEXT
            question = line[1:].strip()
            if question:
                domains[-1][1].append((question[:300], kind))
        else:
            domains.append((line[:160], []))
    if not domains:
        raise AuditError("Enter at least one domain", "text")
    return domains


def template_as_text(template: AuditTemplate) -> str:
    lines = []
    for domain in template.domains:
        lines.append(domain.title)
        for question in domain.questions:
            prefix = "-" if question.kind is QuestionKind.YES_PARTLY_NO else "?"
            lines.append(f"{prefix} {question.text}")
    return "\n".join(lines)


def publish_template(domains: Sequence[tuple[str, Sequence[tuple[str, QuestionKind]]]]) -> AuditTemplate:
    """A new template version; audits already allocated keep the version they were given."""
    latest = db.session.execute(select(AuditTemplate.version).order_by(AuditTemplate.version.desc()).limit(1)).scalar()
    template = AuditTemplate(version=(latest or 0) + 1)
    for position, (title, questions) in enumerate(domains, start=1):
        domain = TemplateDomain(position=position, title=title)
        for number, (text, kind) in enumerate(questions, start=1):
            domain.questions.append(TemplateQuestion(position=number, text=text, kind=kind))
        template.domains.append(domain)
    db.session.add(template)
    audit_trail.record_created(template, domains=[title for title, _ in domains])
    return template


def ensure_themes() -> list[Theme]:
    existing = {theme.name: theme for theme in db.session.execute(select(Theme)).scalars()}
    for name in DEFAULT_THEMES:
        if name not in existing:
            existing[name] = Theme(name=name)
            db.session.add(existing[name])
    db.session.flush()
    return sorted(existing.values(), key=lambda theme: theme.name)


def add_theme(name: str) -> Theme:
    name = name.strip()
    if db.session.execute(select(Theme).where(Theme.name == name)).scalar() is not None:
        raise AuditError(f"There is already a theme called {name}", "name")
    theme = Theme(name=name)
    db.session.add(theme)
    audit_trail.record_created(theme)
    return theme


# Allocation --------------------------------------------------------------------------------------


def teams_of_auditor(user: User) -> set[int]:
    """The teams an auditor belongs to or manages: they do not audit those teams' cases."""
    teams = {team.id for team in user.managed_teams}
    if user.team_id is not None:
        teams.add(user.team_id)
    return teams


def allocate_audit(
    case: dict,
    auditor: User,
    due_date: date,
    *,
    programme: AuditProgramme | None = None,
    audit_type: AuditType = AuditType.ROUTINE,
    own_team_reason: str | None = None,
) -> CaseAudit:
    """An audit of one case for one auditor; never an auditor from the case's own team without a reason."""
    team_id = case.get("team_id")
    reason = (own_team_reason or "").strip() or None
    if team_id is not None and team_id in teams_of_auditor(auditor) and reason is None:
        raise AuditError(
            f"{auditor.name} works in this case's team: choose another auditor or give a reason", "own_team_reason"
        )
    case_type = CaseType(case["case_type"])
    audit = CaseAudit(
        programme=programme,
        template=current_template(),
        scale=current_scale(),
        case_reference=str(case["case_reference"]).strip().upper(),
        case_type=case_type,
        service_area=SERVICE_AREA_OF_CASE_TYPE[case_type],
        audit_type=programme.audit_type if programme is not None else audit_type,
        team_id=team_id,
        worker_id=case.get("staff_id"),
        auditor=auditor,
        own_team_reason=reason if team_id in teams_of_auditor(auditor) else None,
        allocated_on=clock.today(),
        due_date=due_date,
        status=AuditStatus.ALLOCATED,
    )
    db.session.add(audit)
    audit_trail.record_created(audit, auditor=auditor.name)
    return audit


def reallocate_audit(audit: CaseAudit, auditor: User, due_date: date, own_team_reason: str | None) -> CaseAudit:
    _refuse_if_locked(audit)
    reason = (own_team_reason or "").strip() or None
    if audit.team_id is not None and audit.team_id in teams_of_auditor(auditor) and reason is None:
        raise AuditError(
            f"{auditor.name} works in this case's team: choose another auditor or give a reason", "own_team_reason"
        )
    before = audit_trail.snapshot(audit)
    audit.auditor = auditor
    audit.auditor_id = auditor.id
    audit.due_date = due_date
    audit.own_team_reason = reason if audit.team_id in teams_of_auditor(auditor) else None
    db.session.flush()
    audit_trail.record_updated(audit, before, note=f"Allocated to {auditor.name}")
    return audit


# The audit record --------------------------------------------------------------------------------

RECORD_FIELDS = (
    "audit_date",
    "period_from",
    "period_to",
    "strengths",
    "areas_for_development",
    "practitioner_conversation",
    "practitioner_comments",
    "family_feedback",
)


def _refuse_if_locked(audit: CaseAudit) -> None:
    if audit.locked:
        raise AuditError("This audit has been submitted and can no longer be changed")


def _level_in_scale(audit: CaseAudit, level_id: int | None) -> GradeLevel | None:
    if level_id is None:
        return None
    level = db.session.get(GradeLevel, level_id)
    if level is None or level.scale_id != audit.scale_id:
        raise AuditError("Select a grade from the audit's grade scale")
    return level


def save_audit(
    audit: CaseAudit,
    values: dict[str, Any],
    overall_grade_id: int | None,
    domain_grades: dict[int, int | None],
    answers: dict[int, tuple[Answer | None, str | None]],
    theme_ids: Sequence[int] = (),
    *,
    submit: bool = False,
) -> CaseAudit:
    """Record the auditor's findings; submitting checks they are complete and locks the audit."""
    _refuse_if_locked(audit)
    before = audit_trail.snapshot(audit, themes=[theme.name for theme in audit.themes])
    for key in RECORD_FIELDS:
        if key in values:
            value = values[key]
            setattr(audit, key, value.strip() or None if isinstance(value, str) else value)
    audit.overall_grade = _level_in_scale(audit, overall_grade_id)
    existing = {grade.domain_id: grade for grade in audit.domain_grades}
    for domain in audit.template.domains:
        level = _level_in_scale(audit, domain_grades.get(domain.id))
        grade = existing.get(domain.id)
        if grade is None:
            grade = DomainGrade(domain=domain)
            audit.domain_grades.append(grade)
        grade.grade = level
    existing_answers = {answer.question_id: answer for answer in audit.answers}
    for domain in audit.template.domains:
        for question in domain.questions:
            answer, text = answers.get(question.id, (None, None))
            row = existing_answers.get(question.id)
            if row is None:
                row = QuestionAnswer(question=question)
                audit.answers.append(row)
            row.answer = answer if question.kind is QuestionKind.YES_PARTLY_NO else None
            row.text = (text or "").strip() or None
    audit.themes = list(db.session.execute(select(Theme).where(Theme.id.in_(list(theme_ids)))).scalars())
    problems = Problems()
    if audit.period_from and audit.period_to and audit.period_to < audit.period_from:
        problems.add("The end of the period reviewed must be on or after its start", "period_to")
    if audit.audit_date is not None and audit.audit_date > clock.today():
        problems.add("The date of the audit must be today or in the past", "audit_date")
    if submit:
        _check_complete(audit, problems)
    problems.raise_as(AuditError)
    if submit:
        audit.status = AuditStatus.SUBMITTED
        audit.submitted_at = clock.now()
    else:
        audit.status = AuditStatus.IN_PROGRESS
    db.session.flush()
    audit_trail.record_updated(
        audit,
        before,
        note="Submitted" if submit else None,
        themes=[theme.name for theme in audit.themes],
    )
    return audit


def _check_complete(audit: CaseAudit, problems: Problems) -> None:
    """Every answer a submitted audit needs, each missing one reported (not only the first)."""
    if audit.audit_date is None:
        problems.add("Enter the date of the audit", "audit_date")
    if audit.overall_grade is None:
        problems.add("Select the overall grade", "overall_grade")
    for grade in audit.domain_grades:
        if grade.grade is None:
            problems.add(f"Select a grade for {grade.domain.title}", f"domain_{grade.domain_id}")
    if not audit.practitioner_conversation:
        problems.add("Enter a summary of the conversation with the practitioner", "practitioner_conversation")


# Actions and safeguarding concerns ---------------------------------------------------------------


def add_action(audit: CaseAudit, description: str, owner: User, due_date: date) -> AuditAction:
    action = AuditAction(
        audit=audit, description=description.strip(), owner=owner, due_date=due_date, status=ActionStatus.OPEN
    )
    db.session.add(action)
    audit_trail.record_created(action, case_reference=audit.case_reference, owner=owner.name)
    return action


def complete_action(action: AuditAction, evidence: str, completed_on: date) -> AuditAction:
    if action.status is ActionStatus.COMPLETED:
        raise AuditError("This action is already completed")
    if completed_on > clock.today():
        raise AuditError("The date completed must be today or in the past", "completed_on")
    before = audit_trail.snapshot(action)
    action.status = ActionStatus.COMPLETED
    action.evidence = evidence.strip()
    action.completed_on = completed_on
    db.session.flush()
    audit_trail.record_updated(action, before)
    return action


def raise_concern(audit: CaseAudit, description: str, raised_by: User) -> SafeguardingConcern:
    """An immediate safeguarding concern: it goes to the head of service's escalation list at once."""
    concern = SafeguardingConcern(audit=audit, description=description.strip(), raised_by=raised_by)
    db.session.add(concern)
    audit_trail.record_created(concern, case_reference=audit.case_reference)
    return concern


def respond_to_concern(concern: SafeguardingConcern, response: str, responder: User) -> SafeguardingConcern:
    if concern.responded_at is not None:
        raise AuditError("This concern already has a response")
    before = audit_trail.snapshot(concern)
    concern.response = response.strip()
    concern.responded_by = responder
    concern.responded_at = clock.now()
    db.session.flush()
    audit_trail.record_updated(concern, before)
    return concern
