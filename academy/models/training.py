"""Programmes and courses, sessions, enrolments and attendance, completions, feedback and requirements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.constants import Attendance, CompletionSource, DeliveryMode, EarlyCareerProgramme, EnrolmentStatus
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, User, Versioned, enum_column
from workforce.people.constants import CensusRole
from workforce.people.models import StaffMember


class Programme(db.Model):
    """A named offer of the academy (the ASYE programme, practice supervisor development...)."""

    __tablename__ = "academy_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    courses: Mapped[list[Course]] = relationship(back_populates="programme", order_by="Course.title")

    def __str__(self) -> str:
        return self.name


class Course(db.Model):
    __tablename__ = "academy_courses"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("validity_months IS NULL OR validity_months > 0", name="validity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("academy_programmes.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    delivery_mode: Mapped[DeliveryMode] = mapped_column(enum_column(DeliveryMode, name="delivery_mode"))
    hours: Mapped[float] = mapped_column(Float)
    #: Months a completion stays valid; None when the training does not expire.
    validity_months: Mapped[int | None] = mapped_column(Integer)
    #: Standard values (academy.constants.Standard) the course maps to.
    standards: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    programme: Mapped[Programme] = relationship(back_populates="courses")

    def __str__(self) -> str:
        return self.title


class TrainingSession(Versioned, db.Model):
    """One run of a course on a date, with its capacity and register."""

    __tablename__ = "academy_sessions"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("academy_courses.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: The room and building; None for an online session.
    venue: Mapped[str | None] = mapped_column(String(200))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    facilitator: Mapped[str] = mapped_column(String(160))
    capacity: Mapped[int] = mapped_column(Integer)
    #: True when a place booked by the worker waits for their manager's approval.
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    course: Mapped[Course] = relationship()
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="session", order_by="Enrolment.id")

    __audit_name__ = "Training session"

    def __str__(self) -> str:
        return f"{self.course.title} on {display_date(self.starts_at)}"

    @property
    def where(self) -> str:
        return "Online" if self.online else (self.venue or "")

    @property
    def places_taken(self) -> int:
        return sum(1 for enrolment in self.enrolments if enrolment.status.holds_place)

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.places_taken)


class Enrolment(db.Model):
    __tablename__ = "academy_enrolments"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("academy_sessions.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(enum_column(EnrolmentStatus, name="enrolment_status"))
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When the person joined the waitlist: the earliest is promoted first.
    waitlisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance, name="attendance"))
    attendance_remarks: Mapped[str | None] = mapped_column(String(500))
    #: Hours attended, which may be fewer than the course's when someone came late or left early.
    hours: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    session: Mapped[TrainingSession] = relationship(back_populates="enrolments")
    staff_member: Mapped[StaffMember] = relationship()
    enrolled_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.staff_member} on {self.session}"


class Completion(db.Model):
    """A course completed by a person: from attendance, an import of history, or recorded by hand."""

    __tablename__ = "academy_completions"
    __audited__ = True
    __table_args__ = (UniqueConstraint("staff_id", "course_id", "completed_on", name="one_completion_a_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("academy_courses.id"), index=True)
    completed_on: Mapped[date] = mapped_column(Date)
    #: The first day the completion no longer counts; None when the course does not expire.
    expires_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[CompletionSource] = mapped_column(enum_column(CompletionSource, name="completion_source"))
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("academy_enrolments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: Set when the academy lead withdraws a completion recorded in error: it is kept, shown as withdrawn
    #: on the person's training record, and no longer counts in the matrix, the measures or the exports.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))

    course: Mapped[Course] = relationship()
    staff_member: Mapped[StaffMember] = relationship()

    def __str__(self) -> str:
        return f"{self.course} completed on {display_date(self.completed_on)}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def from_register(self) -> bool:
        """A completion the register recorded: it changes with the register, not on its own."""
        return self.source is CompletionSource.ATTENDANCE


class Feedback(db.Model):
    """A participant's feedback on a session: trainers see it only in aggregate, never by person."""

    __tablename__ = "academy_feedback"
    __table_args__ = (
        CheckConstraint("confidence_before BETWEEN 1 AND 5", name="confidence_before_range"),
        CheckConstraint("confidence_after BETWEEN 1 AND 5", name="confidence_after_range"),
        CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Kept so that a person gives feedback once; never shown beside the answers.
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("academy_enrolments.id"), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("academy_sessions.id"), index=True)
    confidence_before: Mapped[int] = mapped_column(Integer)
    confidence_after: Mapped[int] = mapped_column(Integer)
    satisfaction: Mapped[int] = mapped_column(Integer)
    comments: Mapped[str | None] = mapped_column(Text)
    #: The 3-month follow-up: how the learning changed practice.
    impact: Mapped[str | None] = mapped_column(Text)
    impact_given_on: Mapped[date | None] = mapped_column(Date)
    given_on: Mapped[date] = mapped_column(Date)

    enrolment: Mapped[Enrolment] = relationship()

    def __str__(self) -> str:
        # Never the person's name: the audit trail and any page label stay anonymous.
        return f"Feedback {self.id} on session {self.session_id}"


class Notice(db.Model):
    """A message shown in a person's account (a cancelled session, a place freed from the waitlist)."""

    __tablename__ = "academy_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    message: Mapped[str] = mapped_column(String(600))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)


class TrainingRequirement(db.Model):
    """A course that people must hold: everyone, or those of a job type, in a team or on a programme."""

    __tablename__ = "academy_requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("academy_courses.id"), index=True)
    #: None applies the requirement to every job type.
    census_role: Mapped[CensusRole | None] = mapped_column(enum_column(CensusRole, name="census_role"))
    #: None applies the requirement to every team.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    #: When set, only people in this early-career programme on the date (the ASYE, say) must hold it.
    early_career_programme: Mapped[EarlyCareerProgramme | None] = mapped_column(
        enum_column(EarlyCareerProgramme, name="early_career_programme")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    course: Mapped[Course] = relationship()
    team: Mapped[Team | None] = relationship()

    @property
    def applies_to(self) -> str:
        parts = []
        if self.census_role is not None:
            parts.append(self.census_role.label)
        if self.team is not None:
            parts.append(self.team.name)
        if self.early_career_programme is not None:
            parts.append(f"on the {self.early_career_programme.short_label}")
        return ", ".join(parts) or "Everyone"

    def applies(self, census_role: CensusRole | None, team_id: int | None, programmes=frozenset()) -> bool:
        """True for a person of this job type and team, on these early-career programmes on the date."""
        return (
            (self.census_role is None or self.census_role == census_role)
            and (self.team_id is None or self.team_id == team_id)
            and (self.early_career_programme is None or self.early_career_programme in programmes)
        )

    def __str__(self) -> str:
        return f"{self.course.title} ({self.applies_to})"
