"""Supervision policy, agreements, session records with their cases and actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.constants import Frequency, Grade, SampleReason, SessionStatus, SignOffMethod, SupervisionType
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import REDACTED, Team, User, enum_column, save_edit_of
from workforce.people.models import StaffMember


class SupervisionPolicy(db.Model):
    """The council's supervision policy from a date; the one in force on a date has the latest start."""

    __tablename__ = "supervision_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    #: Everyone who is not newly qualified: monthly (LGA Standard 5) or every 4 weeks (local choice).
    standard_frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, name="standard_frequency"))
    #: LGA Standard 5: newly qualified social workers weekly for the first 6 weeks...
    newly_qualified_weekly_weeks: Mapped[int] = mapped_column(Integer, default=6)
    #: ...then at least fortnightly to 6 months, then at least monthly.
    newly_qualified_fortnightly_months: Mapped[int] = mapped_column(Integer, default=6)
    #: LGA Standard 5: sessions of at least 1.5 hours.
    minimum_minutes: Mapped[int] = mapped_column(Integer, default=90)
    #: An absence at least this long pauses the schedule; it restarts on return.
    long_absence_days: Mapped[int] = mapped_column(Integer, default=28)
    #: Only a registered social worker may supervise.
    supervisor_must_be_registered: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __audit_name__ = "Supervision policy"

    def __str__(self) -> str:
        return f"Supervision policy from {display_date(self.effective_from)}"


class SupervisionAgreement(db.Model):
    """The written agreement between a worker and their supervisor."""

    __tablename__ = "supervision_agreements"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    #: The supervisee's team when the agreement was made (what scoping uses).
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, name="agreement_frequency"))
    supervision_type: Mapped[SupervisionType] = mapped_column(
        enum_column(SupervisionType, name="agreement_supervision_type")
    )
    starts_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    supervisor_signed_on: Mapped[date | None] = mapped_column(Date)
    supervisee_signed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    ended_on: Mapped[date | None] = mapped_column(Date)

    supervisee: Mapped[StaffMember] = relationship(foreign_keys=[supervisee_id])
    supervisor: Mapped[StaffMember] = relationship(foreign_keys=[supervisor_id])
    team: Mapped[Team] = relationship()

    __audit_name__ = "Supervision agreement"

    def __str__(self) -> str:
        return f"Supervision agreement for {self.supervisee} with {self.supervisor}"

    @property
    def signed_by_both(self) -> bool:
        return self.supervisor_signed_on is not None and self.supervisee_signed_on is not None


class Supervision(db.Model):
    """One supervision session (planned, held, cancelled or rescheduled), one version of its record.

    Once both people sign, the record is locked; an amendment is a new row whose `previous_version_id`
    points at the one it replaces, which is marked superseded.
    """

    __tablename__ = "supervisions"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration_positive"),
        Index("ix_supervisions_supervisee_held", "supervisee_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    #: The supervisee's team when the session was recorded (what scoping uses).
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus, name="session_status"))
    supervision_type: Mapped[SupervisionType] = mapped_column(enum_column(SupervisionType, name="supervision_type"))
    #: Optimistic locking of this row's edits (`version` is the record's amendment number, not this).
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1", info={"audit": "ignored"})
    planned_on: Mapped[date | None] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    agenda: Mapped[str | None] = mapped_column(Text)
    #: Agenda set jointly by both people (a quality-audit question).
    agenda_set_jointly: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Topic values (constants.Topic).
    topics: Mapped[list] = mapped_column(JSON, default=list)
    #: Seen only by the supervisee, the supervisor and their line managers; kept out of the audit trail.
    reflective_notes: Mapped[str | None] = mapped_column(Text, info=REDACTED)
    wellbeing_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    supervisor_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supervisor_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisee_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supervisee_signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisee_sign_off_method: Mapped[SignOffMethod | None] = mapped_column(
        enum_column(SignOffMethod, name="sign_off_method")
    )
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("supervisions.id"), unique=True)
    #: Set when an amendment replaces this version.
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    amendment_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    supervisee: Mapped[StaffMember] = relationship(foreign_keys=[supervisee_id])
    supervisor: Mapped[StaffMember] = relationship(foreign_keys=[supervisor_id])
    team: Mapped[Team] = relationship()
    supervisor_signed_by: Mapped[User | None] = relationship(foreign_keys=[supervisor_signed_by_id])
    supervisee_signed_by: Mapped[User | None] = relationship(foreign_keys=[supervisee_signed_by_id])
    previous_version: Mapped[Supervision | None] = relationship(remote_side=[id])
    cases: Mapped[list[SupervisionCase]] = relationship(
        back_populates="supervision", order_by="SupervisionCase.id", cascade="all, delete-orphan"
    )
    actions: Mapped[list[SupervisionAction]] = relationship(
        back_populates="supervision", order_by="SupervisionAction.id", foreign_keys="SupervisionAction.supervision_id"
    )

    def __str__(self) -> str:
        when = self.held_on or self.planned_on
        return (
            f"Supervision of {self.supervisee} on {display_date(when)}" if when else f"Supervision of {self.supervisee}"
        )

    @property
    def date(self) -> date | None:
        return self.held_on or self.planned_on

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def save_edit(self, opened_at: int | str | None) -> None:
        """Refuse a change or amendment from a form opened before someone else saved this record."""
        save_edit_of(self, "edit_version", opened_at)

    @property
    def edit_version_now(self) -> int:
        return self.edit_version


class SupervisionCase(db.Model):
    """A case discussed in a session: the case reference only, never a child's name."""

    __tablename__ = "supervision_cases"
    __audited__ = True
    __audit_parent__ = ("Supervision", "supervision_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"), index=True)
    case_reference: Mapped[str] = mapped_column(String(40))
    #: The supervisor confirms the decision was recorded on the case file.
    decision_recorded: Mapped[bool] = mapped_column(Boolean, default=False)

    supervision: Mapped[Supervision] = relationship(back_populates="cases")

    def __str__(self) -> str:
        return self.case_reference


class SupervisionAction(db.Model):
    """An action agreed in a session; open actions carry forward to the next session."""

    __tablename__ = "supervision_actions"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"), index=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    #: The session in which the action was reviewed as done.
    completed_in_id: Mapped[int | None] = mapped_column(ForeignKey("supervisions.id"), index=True)

    supervision: Mapped[Supervision] = relationship(back_populates="actions", foreign_keys=[supervision_id])
    owner: Mapped[StaffMember] = relationship(foreign_keys=[owner_id])

    __audit_name__ = "Supervision action"

    def __str__(self) -> str:
        return self.description[:120]


class QualityChecklist(db.Model):
    """A version of the supervision-quality checklist; audits keep the version they used."""

    __tablename__ = "supervision_quality_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    #: The questions, in order.
    questions: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __audit_name__ = "Supervision quality checklist"

    def __str__(self) -> str:
        return f"Supervision quality checklist version {self.version}"


class QualityAudit(db.Model):
    """An audit of one supervision record against a checklist version, graded on the four-point scale."""

    __tablename__ = "supervision_quality_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("supervision_quality_checklists.id"))
    supervision_id: Mapped[int] = mapped_column(ForeignKey("supervisions.id"), index=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    #: The quarter sampled, as its first day.
    quarter_start: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[SampleReason] = mapped_column(enum_column(SampleReason, name="sample_reason"))
    named_because: Mapped[str | None] = mapped_column(String(500))
    #: Answer values by question number ("1", "2", ...).
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    grade: Mapped[Grade | None] = mapped_column(enum_column(Grade, name="quality_grade"))
    findings: Mapped[str | None] = mapped_column(Text)
    actions: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date, index=True)
    auditor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    checklist: Mapped[QualityChecklist] = relationship()
    supervision: Mapped[Supervision] = relationship()
    supervisee: Mapped[StaffMember] = relationship()
    team: Mapped[Team] = relationship()
    auditor: Mapped[User | None] = relationship()

    __audit_name__ = "Supervision quality audit"

    def __str__(self) -> str:
        return f"Supervision quality audit of {self.supervisee} ({self.quarter_start:%B %Y} quarter)"
