"""Case-file audit tables: versioned grade scales and templates, programmes, audits, moderation, actions, themes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from audits.constants import (
    ActionStatus,
    Answer,
    AuditServiceArea,
    AuditStatus,
    AuditType,
    CaseType,
    ProgrammePeriod,
    QuestionKind,
    QuotaBasis,
    SampleSource,
    SamplingMethod,
)
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import Team, User, Versioned, enum_column
from workforce.people.models import StaffMember


class GradeScale(db.Model):
    """One version of the grade scale. A new version is a new row: audits keep the version they used."""

    __tablename__ = "audit_grade_scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    levels: Mapped[list[GradeLevel]] = relationship(back_populates="scale", order_by="GradeLevel.rank")

    __audit_name__ = "Grade scale"

    def __str__(self) -> str:
        return f"Grade scale version {self.version}"


class GradeLevel(db.Model):
    __tablename__ = "audit_grade_levels"
    __table_args__ = (UniqueConstraint("scale_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("audit_grade_scales.id"), index=True)
    #: 1 is the best grade.
    rank: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80))
    #: Counted in "% good or better".
    good_or_better: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Counted in "% inadequate".
    inadequate: Mapped[bool] = mapped_column(Boolean, default=False)

    scale: Mapped[GradeScale] = relationship(back_populates="levels")

    def __str__(self) -> str:
        return self.label


class AuditTemplate(db.Model):
    """One version of the audit template: its domains and questions never change once published."""

    __tablename__ = "audit_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    domains: Mapped[list[TemplateDomain]] = relationship(back_populates="template", order_by="TemplateDomain.position")

    __audit_name__ = "Audit template"

    def __str__(self) -> str:
        return f"Audit template version {self.version}"


class TemplateDomain(db.Model):
    __tablename__ = "audit_template_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("audit_templates.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(160))

    template: Mapped[AuditTemplate] = relationship(back_populates="domains")
    questions: Mapped[list[TemplateQuestion]] = relationship(
        back_populates="domain", order_by="TemplateQuestion.position"
    )

    def __str__(self) -> str:
        return self.title


class TemplateQuestion(db.Model):
    __tablename__ = "audit_template_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("audit_template_domains.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, name="question_kind"))

    domain: Mapped[TemplateDomain] = relationship(back_populates="questions")


class AuditProgramme(db.Model):
    """A month or quarter of audits with its quotas and sampling rule."""

    __tablename__ = "audit_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    period: Mapped[ProgrammePeriod] = mapped_column(enum_column(ProgrammePeriod, name="programme_period"))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    audit_type: Mapped[AuditType] = mapped_column(enum_column(AuditType, name="audit_type"))
    quota_basis: Mapped[QuotaBasis] = mapped_column(enum_column(QuotaBasis, name="quota_basis"))
    #: Cases per auditor, or per team, depending on `quota_basis`.
    quota: Mapped[int] = mapped_column(Integer)
    sampling_method: Mapped[SamplingMethod] = mapped_column(enum_column(SamplingMethod, name="sampling_method"))
    #: The theme sampled on: a case type code, a team id or a staff id, by `sampling_method`.
    sampling_value: Mapped[str | None] = mapped_column(String(40))
    #: When allocated audits are due.
    due_date: Mapped[date] = mapped_column(Date)
    sample_source: Mapped[SampleSource | None] = mapped_column(enum_column(SampleSource, name="sample_source"))
    sampled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    audits: Mapped[list[CaseAudit]] = relationship(back_populates="programme", order_by="CaseAudit.id")

    __audit_name__ = "Audit programme"

    def __str__(self) -> str:
        return self.name


audit_themes = Table(
    "audit_case_audit_themes",
    db.Model.metadata,
    Column("audit_id", ForeignKey("audit_case_audits.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("audit_themes.id"), primary_key=True, index=True),
)


class Theme(db.Model):
    __tablename__ = "audit_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    def __str__(self) -> str:
        return self.name


class CaseAudit(Versioned, db.Model):
    """One audit of one case: identified by case reference only, never by the child's name."""

    __tablename__ = "audit_case_audits"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("audit_programmes.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("audit_templates.id"))
    #: The scale version in force when the audit was allocated; later versions never change it.
    scale_id: Mapped[int] = mapped_column(ForeignKey("audit_grade_scales.id"))
    case_reference: Mapped[str] = mapped_column(String(40), index=True)
    case_type: Mapped[CaseType] = mapped_column(enum_column(CaseType, name="case_type"))
    service_area: Mapped[AuditServiceArea] = mapped_column(enum_column(AuditServiceArea, name="audit_service_area"))
    audit_type: Mapped[AuditType] = mapped_column(enum_column(AuditType, name="audit_type"))
    #: The case's team and allocated worker, from the sample.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    auditor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: Why the auditor was allowed to audit a case from their own team.
    own_team_reason: Mapped[str | None] = mapped_column(String(500))
    allocated_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[AuditStatus] = mapped_column(enum_column(AuditStatus, name="audit_status"), index=True)
    audit_date: Mapped[date | None] = mapped_column(Date, index=True)
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    #: The auditor's overall grade (moderation keeps its own).
    overall_grade_id: Mapped[int | None] = mapped_column(ForeignKey("audit_grade_levels.id"), index=True)
    strengths: Mapped[str | None] = mapped_column(Text)
    areas_for_development: Mapped[str | None] = mapped_column(Text)
    practitioner_conversation: Mapped[str | None] = mapped_column(Text)
    practitioner_comments: Mapped[str | None] = mapped_column(Text)
    family_feedback: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    programme: Mapped[AuditProgramme | None] = relationship(back_populates="audits")
    template: Mapped[AuditTemplate] = relationship()
    scale: Mapped[GradeScale] = relationship()
    team: Mapped[Team | None] = relationship()
    worker: Mapped[StaffMember | None] = relationship()
    auditor: Mapped[User] = relationship()
    overall_grade: Mapped[GradeLevel | None] = relationship()
    domain_grades: Mapped[list[DomainGrade]] = relationship(back_populates="audit")
    answers: Mapped[list[QuestionAnswer]] = relationship(back_populates="audit")
    actions: Mapped[list[AuditAction]] = relationship(back_populates="audit", order_by="AuditAction.id")
    concerns: Mapped[list[SafeguardingConcern]] = relationship(back_populates="audit")
    moderation: Mapped[Moderation | None] = relationship(back_populates="audit")
    themes: Mapped[list[Theme]] = relationship(secondary=audit_themes, order_by="Theme.name")

    __audit_name__ = "Case audit"

    def __str__(self) -> str:
        return f"Audit of {self.case_reference}"

    @property
    def locked(self) -> bool:
        return self.status is AuditStatus.SUBMITTED

    def is_late(self, on: date) -> bool:
        return self.status is not AuditStatus.SUBMITTED and self.due_date < on

    @property
    def effective_grade(self) -> GradeLevel | None:
        """The moderated grade where there is one, otherwise the auditor's."""
        if self.moderation is not None and self.moderation.moderated_grade is not None:
            return self.moderation.moderated_grade
        return self.overall_grade


class DomainGrade(db.Model):
    __tablename__ = "audit_domain_grades"
    __audited__ = True
    __audit_parent__ = ("Case audit", "audit_id")
    __table_args__ = (UniqueConstraint("audit_id", "domain_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_case_audits.id"), index=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("audit_template_domains.id"))
    grade_id: Mapped[int | None] = mapped_column(ForeignKey("audit_grade_levels.id"), index=True)
    #: The moderator's grade for the domain; the auditor's stays in `grade_id`.
    moderated_grade_id: Mapped[int | None] = mapped_column(ForeignKey("audit_grade_levels.id"), index=True)

    audit: Mapped[CaseAudit] = relationship(back_populates="domain_grades")
    domain: Mapped[TemplateDomain] = relationship()
    grade: Mapped[GradeLevel | None] = relationship(foreign_keys=[grade_id])
    moderated_grade: Mapped[GradeLevel | None] = relationship(foreign_keys=[moderated_grade_id])


class QuestionAnswer(db.Model):
    __tablename__ = "audit_question_answers"
    __audited__ = True
    __audit_parent__ = ("Case audit", "audit_id")
    __table_args__ = (UniqueConstraint("audit_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_case_audits.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("audit_template_questions.id"))
    answer: Mapped[Answer | None] = mapped_column(enum_column(Answer, name="answer"))
    text: Mapped[str | None] = mapped_column(Text)

    audit: Mapped[CaseAudit] = relationship(back_populates="answers")
    question: Mapped[TemplateQuestion] = relationship()


class AuditAction(db.Model):
    __tablename__ = "audit_actions"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_case_audits.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, name="action_status"))
    completed_on: Mapped[date | None] = mapped_column(Date)
    #: What shows the action was done; required to complete it.
    evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    audit: Mapped[CaseAudit] = relationship(back_populates="actions")
    owner: Mapped[User] = relationship()

    __audit_name__ = "Audit action"

    def __str__(self) -> str:
        return self.description[:80]


class SafeguardingConcern(db.Model):
    """An immediate safeguarding concern found in an audit: alerted to the head of service, response tracked."""

    __tablename__ = "audit_safeguarding_concerns"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_case_audits.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    response: Mapped[str | None] = mapped_column(Text)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    audit: Mapped[CaseAudit] = relationship(back_populates="concerns")
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    responded_by: Mapped[User | None] = relationship(foreign_keys=[responded_by_id])

    __audit_name__ = "Safeguarding concern"

    def __str__(self) -> str:
        return f"Safeguarding concern on {self.audit.case_reference}"


class Moderation(db.Model):
    """An audit picked for moderation; both the auditor's and the moderator's grades are kept."""

    __tablename__ = "audit_moderations"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_case_audits.id"), unique=True)
    #: Why it was picked: "sample", "inadequate" or "outstanding".
    selected_because: Mapped[str] = mapped_column(String(40))
    selected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: The auditor's overall grade when moderated.
    auditor_grade_id: Mapped[int | None] = mapped_column(ForeignKey("audit_grade_levels.id"), index=True)
    moderated_grade_id: Mapped[int | None] = mapped_column(ForeignKey("audit_grade_levels.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    moderated_on: Mapped[date | None] = mapped_column(Date, index=True)

    audit: Mapped[CaseAudit] = relationship(back_populates="moderation")
    moderator: Mapped[User | None] = relationship()
    auditor_grade: Mapped[GradeLevel | None] = relationship(foreign_keys=[auditor_grade_id])
    moderated_grade: Mapped[GradeLevel | None] = relationship(foreign_keys=[moderated_grade_id])

    __audit_name__ = "Moderation"

    def __str__(self) -> str:
        return f"Moderation of {self.audit.case_reference}"
