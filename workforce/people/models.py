"""Posts, staff records and assignments: the people every other module refers to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, User, Versioned, enum_column
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    Ethnicity,
    LeaverDestination,
    QualificationLevel,
    ReasonForLeaving,
    RegistrationStatus,
    Sex,
    StartOrigin,
)

#: The full-time week most councils use; each staff record keeps its own standard hours.
DEFAULT_STANDARD_HOURS = 37.0


class Post(Versioned, db.Model):
    """An established post in a team: the establishment is the sum of budgeted FTE of funded posts."""

    __tablename__ = "posts"
    __table_args__ = (CheckConstraint("budgeted_fte >= 0 AND budgeted_fte <= 1", name="budgeted_fte_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The council's own post number, as in the HR system.
    post_number: Mapped[str] = mapped_column(String(40), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    census_role: Mapped[CensusRole] = mapped_column(enum_column(CensusRole, name="census_role"))
    job_title: Mapped[str] = mapped_column(String(120))
    grade: Mapped[str | None] = mapped_column(String(40))
    budgeted_fte: Mapped[float] = mapped_column(Float, default=1.0)
    case_holding: Mapped[bool] = mapped_column(Boolean, default=True)
    funded_from: Mapped[date] = mapped_column(Date)
    #: None while the post is funded with no end date.
    funded_to: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    team: Mapped[Team] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(back_populates="post")

    def __str__(self) -> str:
        return f"{self.post_number} {self.job_title}"

    def funded_on(self, on: date) -> bool:
        return self.funded_from <= on and (self.funded_to is None or self.funded_to >= on)


class StaffMember(Versioned, db.Model):
    """A person employed or engaged in children's social care (agency workers included)."""

    __tablename__ = "staff"
    __audited__ = True
    #: Lists of people are in name order and paged: the index gives a page without sorting everyone.
    __table_args__ = (Index("ix_staff_name", "last_name", "first_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_number: Mapped[str] = mapped_column(String(40), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    #: Social Work England number, upper case, no leading zeros after "SW" (None if not a social worker).
    swe_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    #: Protected characteristics: shown only to HR and administrators.
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, name="sex"))
    ethnicity: Mapped[Ethnicity | None] = mapped_column(enum_column(Ethnicity, name="ethnicity"))
    qualification_level: Mapped[QualificationLevel | None] = mapped_column(
        enum_column(QualificationLevel, name="qualification_level")
    )
    #: The date of the social work qualification; post-qualification experience runs from it.
    qualification_date: Mapped[date | None] = mapped_column(Date)
    step_up: Mapped[bool] = mapped_column(Boolean, default=False)
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The current employment type; each assignment keeps the type it had.
    employment_type: Mapped[EmploymentType] = mapped_column(enum_column(EmploymentType, name="employment_type"))
    contracted_hours: Mapped[float] = mapped_column(Float, default=DEFAULT_STANDARD_HOURS)
    standard_hours: Mapped[float] = mapped_column(Float, default=DEFAULT_STANDARD_HOURS)
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    registration_status: Mapped[RegistrationStatus | None] = mapped_column(
        enum_column(RegistrationStatus, name="registration_status")
    )
    #: The end of the current registration period on the Social Work England register.
    registered_until: Mapped[date | None] = mapped_column(Date)
    #: When someone last checked the public register, and who.
    registration_checked_on: Mapped[date | None] = mapped_column(Date)
    registration_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The work email from the HR extract, lower case; an account with the same email is offered for linking.
    email: Mapped[str | None] = mapped_column(String(254), unique=True, index=True)
    #: The person's WPQ account, when they have one.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    line_manager: Mapped[StaffMember | None] = relationship(remote_side=[id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    registration_checked_by: Mapped[User | None] = relationship(foreign_keys=[registration_checked_by_id])
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="staff_member", order_by="Assignment.start_date"
    )

    __audit_name__ = "Staff"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def name(self) -> str:
        return str(self)

    @property
    def fte(self) -> float:
        """Contracted hours over standard hours, between 0 and 1."""
        if not self.standard_hours:
            return 0.0
        return max(0.0, min(1.0, self.contracted_hours / self.standard_hours))


class Assignment(db.Model):
    """A person in a post (or a team) from a start date to an end date: the history of their work."""

    __tablename__ = "assignments"
    __audited__ = True
    __audit_parent__ = ("Staff", "staff_id")
    __table_args__ = (
        CheckConstraint("fte >= 0 AND fte <= 1", name="fte_range"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_assignments_dates", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    #: The team worked in: the post's team when the assignment began, kept for history.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    census_role: Mapped[CensusRole] = mapped_column(enum_column(CensusRole, name="census_role"))
    employment_type: Mapped[EmploymentType] = mapped_column(enum_column(EmploymentType, name="employment_type"))
    #: The FTE worked in this assignment (a person in two posts has two).
    fte: Mapped[float] = mapped_column(Float)
    case_holding: Mapped[bool] = mapped_column(Boolean, default=True)
    start_date: Mapped[date] = mapped_column(Date)
    start_origin: Mapped[StartOrigin | None] = mapped_column(enum_column(StartOrigin, name="start_origin"))
    #: The last day worked; None while the assignment continues.
    end_date: Mapped[date | None] = mapped_column(Date)
    leaver_destination: Mapped[LeaverDestination | None] = mapped_column(
        enum_column(LeaverDestination, name="leaver_destination")
    )
    reason_for_leaving: Mapped[ReasonForLeaving | None] = mapped_column(
        enum_column(ReasonForLeaving, name="reason_for_leaving")
    )
    #: True when this assignment ended because the person left the council's children's social work.
    is_leaving: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    staff_member: Mapped[StaffMember] = relationship(back_populates="assignments")
    post: Mapped[Post | None] = relationship(back_populates="assignments")
    team: Mapped[Team] = relationship()

    def __str__(self) -> str:
        return f"{self.staff_member} in {self.team.name} from {display_date(self.start_date)}"

    def current_on(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def is_agency(self) -> bool:
        return self.employment_type is EmploymentType.AGENCY


class Absence(db.Model):
    """A period of absence with its census reason; working days lost come from the working-day calendar."""

    __tablename__ = "absences"
    __audited__ = True
    __audit_parent__ = ("Staff", "staff_id")
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_absences_dates", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    reason: Mapped[AbsenceReason] = mapped_column(enum_column(AbsenceReason, name="absence_reason"))
    start_date: Mapped[date] = mapped_column(Date)
    #: The last day of absence; None while it continues.
    end_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: Set when HR withdraws an absence recorded in error: it is kept but no longer counts anywhere.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))

    staff_member: Mapped[StaffMember] = relationship()

    def __str__(self) -> str:
        return f"{self.reason.label} from {display_date(self.start_date)}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def covers(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class SurveyResult(db.Model):
    """A staff survey result for one team and question: the share agreeing and how many responded."""

    __tablename__ = "staff_survey_results"
    __table_args__ = (
        UniqueConstraint("team_id", "survey_date", "question", name="uq_staff_survey_results_team_date_question"),
        CheckConstraint("percent_agreeing >= 0 AND percent_agreeing <= 100", name="percent_range"),
        CheckConstraint("responses >= 0", name="responses_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    #: The date the survey closed; results over time are compared by it.
    survey_date: Mapped[date] = mapped_column(Date, index=True)
    question: Mapped[str] = mapped_column(String(300))
    percent_agreeing: Mapped[float] = mapped_column(Float)
    responses: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    team: Mapped[Team] = relationship()

    __audit_name__ = "Staff survey result"

    def __str__(self) -> str:
        return f"{self.team.name}, {self.survey_date:%B %Y}: {self.question}"
