"""Early-career records (ASYE and its successor), practice educators, student placements and CPD."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.constants import (
    CpdType,
    EarlyCareerOutcome,
    EarlyCareerProgramme,
    EducatorStage,
    FinalRecommendation,
    PlacementOutcome,
    ReviewOutcome,
)
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, enum_column
from workforce.people.models import StaffMember


class EarlyCareerRecord(db.Model):
    """A newly qualified social worker's ASYE (or Early Career Development Programme) year."""

    __tablename__ = "academy_early_career"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("protected_time_percent BETWEEN 0 AND 100", name="protected_time_range"),
        CheckConstraint("outcome_on IS NULL OR outcome_on >= start_date", name="outcome_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    programme: Mapped[EarlyCareerProgramme] = mapped_column(enum_column(EarlyCareerProgramme, name="programme"))
    start_date: Mapped[date] = mapped_column(Date)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    learning_agreement_on: Mapped[date | None] = mapped_column(Date)
    #: The DfE ASYE framework: 10% protected development time (a 90% workload).
    protected_time_percent: Mapped[int] = mapped_column(Integer, default=10)
    final_recommendation: Mapped[FinalRecommendation | None] = mapped_column(
        enum_column(FinalRecommendation, name="final_recommendation")
    )
    recommendation_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[EarlyCareerOutcome | None] = mapped_column(enum_column(EarlyCareerOutcome, name="outcome"))
    #: The day the programme ended; the person is in their early-career year until the day before.
    outcome_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    staff_member: Mapped[StaffMember] = relationship(foreign_keys=[staff_id])
    assessor: Mapped[StaffMember | None] = relationship(foreign_keys=[assessor_id])
    supervisor: Mapped[StaffMember | None] = relationship(foreign_keys=[supervisor_id])
    pauses: Mapped[list[EarlyCareerPause]] = relationship(
        back_populates="record", order_by="EarlyCareerPause.start_date"
    )
    reviews: Mapped[list[EarlyCareerReview]] = relationship(back_populates="record", order_by="EarlyCareerReview.month")

    __audit_name__ = "Early-career record"

    def __str__(self) -> str:
        return f"{self.programme.label} for {self.staff_member} from {display_date(self.start_date)}"


class EarlyCareerPause(db.Model):
    """A break in the programme (long absence, parental leave): reviews due after it move by its length."""

    __tablename__ = "academy_early_career_pauses"
    __audited__ = True
    __audit_parent__ = ("Early-career record", "record_id")
    __table_args__ = (CheckConstraint("end_date >= start_date", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("academy_early_career.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    #: The last day of the pause.
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(300))

    record: Mapped[EarlyCareerRecord] = relationship(back_populates="pauses")

    def __str__(self) -> str:
        return f"Pause from {display_date(self.start_date)} to {display_date(self.end_date)}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class EarlyCareerReview(db.Model):
    """A review point of the programme: made when the record starts, due on a date that pauses move."""

    __tablename__ = "academy_early_career_reviews"
    __audited__ = True
    __audit_parent__ = ("Early-career record", "record_id")
    __table_args__ = (UniqueConstraint("record_id", "month", name="one_review_per_point"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("academy_early_career.id"), index=True)
    #: The review point in months (3, 6, 9, 12 under the default schedule).
    month: Mapped[int] = mapped_column(Integer)
    #: The start date plus the months, moved by pauses begun before it (academy.rules.review_due_dates).
    due_on: Mapped[date] = mapped_column(Date, index=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[ReviewOutcome | None] = mapped_column(enum_column(ReviewOutcome, name="review_outcome"))
    notes: Mapped[str | None] = mapped_column(Text)
    #: When and why the review last recorded at this point was withdrawn as made in error (the point is due
    #: again); cleared when the review is recorded again. The audit trail keeps what the review said.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))

    record: Mapped[EarlyCareerRecord] = relationship(back_populates="reviews")

    def __str__(self) -> str:
        return f"{self.month}-month review due {display_date(self.due_on)}"

    @property
    def on_time(self) -> bool:
        return self.held_on is not None and self.held_on <= self.due_on


class PracticeEducator(db.Model):
    __tablename__ = "academy_practice_educators"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), unique=True)
    stage: Mapped[EducatorStage] = mapped_column(enum_column(EducatorStage, name="educator_stage"))
    qualified_on: Mapped[date | None] = mapped_column(Date)

    staff_member: Mapped[StaffMember] = relationship()
    placements: Mapped[list[StudentPlacement]] = relationship(back_populates="educator")

    def __str__(self) -> str:
        return f"{self.staff_member} ({self.stage.label})"


class StudentPlacement(db.Model):
    __tablename__ = "academy_student_placements"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="end_after_start"),
        CheckConstraint("days > 0", name="days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_name: Mapped[str] = mapped_column(String(160))
    university: Mapped[str] = mapped_column(String(160))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: Placement days (70 and 100 are the usual first and final placements).
    days: Mapped[int] = mapped_column(Integer)
    educator_id: Mapped[int] = mapped_column(ForeignKey("academy_practice_educators.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    outcome: Mapped[PlacementOutcome | None] = mapped_column(enum_column(PlacementOutcome, name="placement_outcome"))

    educator: Mapped[PracticeEducator] = relationship(back_populates="placements")
    team: Mapped[Team | None] = relationship()


class CpdRecord(db.Model):
    """Continuing professional development recorded for Social Work England registration renewal."""

    __tablename__ = "academy_cpd_records"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    cpd_type: Mapped[CpdType] = mapped_column(enum_column(CpdType, name="cpd_type"))
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
    learning: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text)
    #: Social Work England asks that at least one record a year includes peer reflection.
    peer_reflection: Mapped[bool] = mapped_column(Boolean, default=False)
    peer_reflection_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: Set when the worker withdraws a record made in error: it is kept, and no longer counts.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    staff_member: Mapped[StaffMember] = relationship()
