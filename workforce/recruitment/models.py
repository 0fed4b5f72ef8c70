"""Vacancies, applicants, applications and their pipeline log, interviews, offers and checks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import REDACTED, Team, User, Versioned, enum_column
from workforce.people.constants import StartOrigin
from workforce.people.models import Assignment, Post, StaffMember
from workforce.recruitment.constants import ApplicantSource, CheckKind, ClosureReason, StageKind, VacancyStatus


class Vacancy(Versioned, db.Model):
    """A funded post to fill: raised, approved by a head of service then HR, advertised, filled or withdrawn."""

    __tablename__ = "vacancies"
    __table_args__ = (CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    #: The post's team when the vacancy was raised: what scopes it for team managers.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    fte: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[VacancyStatus] = mapped_column(enum_column(VacancyStatus, name="vacancy_status"))
    raised_on: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    head_of_service_approved_on: Mapped[date | None] = mapped_column(Date)
    head_of_service_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: HR's approval, the second and last: time to fill runs from this date.
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    advert_opens_on: Mapped[date | None] = mapped_column(Date)
    advert_closes_on: Mapped[date | None] = mapped_column(Date)
    #: The new starter's first day.
    filled_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(500))
    #: Why a post that is filled is being recruited to (for example, the holder has resigned).
    filled_post_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    post: Mapped[Post] = relationship()
    team: Mapped[Team] = relationship()
    applications: Mapped[list[Application]] = relationship(back_populates="vacancy", order_by="Application.id")

    def __str__(self) -> str:
        return f"Vacancy {self.id}: {self.post.job_title} ({self.post.post_number})"

    @property
    def closed_on(self) -> date | None:
        """The day recruitment ended: filled (first day) or withdrawn."""
        return self.filled_on or self.withdrawn_on

    @property
    def days_to_fill(self) -> int | None:
        if self.approved_on is None or self.filled_on is None:
            return None
        return (self.filled_on - self.approved_on).days


class PipelineStage(Versioned, db.Model):
    """A configurable, ordered stage of the pipeline; its kind says what it means to the rules."""

    __tablename__ = "pipeline_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[StageKind] = mapped_column(enum_column(StageKind, name="stage_kind"))
    position: Mapped[int] = mapped_column(Integer)

    moves_to: Mapped[list[PipelineStage]] = relationship(
        secondary="pipeline_moves",
        primaryjoin="PipelineStage.id == pipeline_moves.c.from_stage_id",
        secondaryjoin="PipelineStage.id == pipeline_moves.c.to_stage_id",
        order_by="PipelineStage.position",
    )

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind.is_closed


pipeline_moves = Table(
    "pipeline_moves",
    db.Model.metadata,
    Column("from_stage_id", ForeignKey("pipeline_stages.id", ondelete="CASCADE"), primary_key=True),
    Column("to_stage_id", ForeignKey("pipeline_stages.id", ondelete="CASCADE"), primary_key=True),
)


class Applicant(db.Model):
    """A person who applies, recognised across applications by Social Work England number or email.

    Personal data (names, contact details, registration number) are erased on the retention schedule;
    the applications keep the anonymous facts.
    """

    __tablename__ = "applicants"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    # Personal data are redacted in the audit trail, so that erasure leaves no copy of them there.
    first_name: Mapped[str | None] = mapped_column(String(80), info=REDACTED)
    last_name: Mapped[str | None] = mapped_column(String(80), info=REDACTED)
    email: Mapped[str | None] = mapped_column(String(254), index=True, info=REDACTED)
    phone: Mapped[str | None] = mapped_column(String(40), info=REDACTED)
    #: "SW" and digits, upper case, no leading zeros after the prefix.
    swe_number: Mapped[str | None] = mapped_column(String(20), unique=True, info=REDACTED)
    #: The social work qualification date: post-qualification experience runs from it.
    qualification_date: Mapped[date | None] = mapped_column(Date)
    #: When the applicant consented to the council holding their data for recruitment.
    consented_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    applications: Mapped[list[Application]] = relationship(back_populates="applicant", order_by="Application.id")

    def __str__(self) -> str:
        """No name here: this is the label the audit trail keeps."""
        return f"Applicant {self.id}"

    @property
    def name(self) -> str:
        if self.erased_at is not None:
            return f"Applicant {self.id} (personal data erased)"
        return f"{self.first_name} {self.last_name}"


class Application(db.Model):
    """One applicant for one vacancy: the stage they are in, where they came from and how it ended."""

    __tablename__ = "applications"
    __audited__ = True
    __table_args__ = (UniqueConstraint("vacancy_id", "applicant_id", name="one_application_per_vacancy"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id"), index=True)
    source: Mapped[ApplicantSource] = mapped_column(enum_column(ApplicantSource, name="applicant_source"))
    #: The census start origin the staff record takes when the start is confirmed.
    start_origin: Mapped[StartOrigin] = mapped_column(enum_column(StartOrigin, name="start_origin"))
    applied_on: Mapped[date] = mapped_column(Date)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_column(ClosureReason, name="closure_reason"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    vacancy: Mapped[Vacancy] = relationship(back_populates="applications")
    applicant: Mapped[Applicant] = relationship(back_populates="applications")
    stage: Mapped[PipelineStage] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    moves: Mapped[list[StageChange]] = relationship(
        back_populates="application", order_by="(StageChange.moved_at, StageChange.id)"
    )
    interviews: Mapped[list[Interview]] = relationship(back_populates="application", order_by="Interview.held_on")
    offers: Mapped[list[Offer]] = relationship(back_populates="application", order_by="Offer.id")
    checks: Mapped[list[PreEmploymentCheck]] = relationship(back_populates="application")

    def __str__(self) -> str:
        return f"Application {self.id} (applicant {self.applicant_id}) for vacancy {self.vacancy_id}"


class StageChange(db.Model):
    """The pipeline log: every move, who made it and when; time in each stage comes from here."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    #: None for the first entry, when the application arrived.
    from_stage_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_stages.id"), index=True)
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("pipeline_stages.id"), index=True)
    moved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[ClosureReason | None] = mapped_column(enum_column(ClosureReason, name="closure_reason"))
    note: Mapped[str | None] = mapped_column(String(500))

    application: Mapped[Application] = relationship(back_populates="moves")
    from_stage: Mapped[PipelineStage | None] = relationship(foreign_keys=[from_stage_id])
    to_stage: Mapped[PipelineStage] = relationship(foreign_keys=[to_stage_id])
    moved_by: Mapped[User | None] = relationship()


interview_panel = Table(
    "interview_panel",
    db.Model.metadata,
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Interview(db.Model):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    application: Mapped[Application] = relationship(back_populates="interviews")
    panel: Mapped[list[User]] = relationship(secondary=interview_panel, order_by="User.name")
    scores: Mapped[list[InterviewScore]] = relationship(
        back_populates="interview", order_by="InterviewScore.id", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"Interview on {display_date(self.held_on)} for application {self.application_id}"

    @property
    def total_score(self) -> int:
        return sum(score.score for score in self.scores)


class InterviewScore(db.Model):
    __tablename__ = "interview_scores"
    __table_args__ = (CheckConstraint("score >= 1 AND score <= 4", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(120))
    #: 1 (not met) to 4 (fully met with strong evidence).
    score: Mapped[int] = mapped_column(Integer)

    interview: Mapped[Interview] = relationship(back_populates="scores")


class Offer(db.Model):
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    proposed_start_on: Mapped[date | None] = mapped_column(Date)
    #: None until the applicant answers.
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    answered_on: Mapped[date | None] = mapped_column(Date)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[Application] = relationship(back_populates="offers")

    def __str__(self) -> str:
        return f"Offer of {display_date(self.made_on)} on application {self.application_id}"


class PreEmploymentCheck(db.Model):
    """One check on one application: done on a date, or excepted with a recorded reason."""

    __tablename__ = "pre_employment_checks"
    __table_args__ = (UniqueConstraint("application_id", "kind", name="one_check_of_each_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[CheckKind] = mapped_column(enum_column(CheckKind, name="check_kind"))
    completed_on: Mapped[date | None] = mapped_column(Date)
    #: Why the start may go ahead without this check (for example DBS update service pending).
    exception_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    application: Mapped[Application] = relationship(back_populates="checks")

    def __str__(self) -> str:
        return f"{self.kind.label} for application {self.application_id}"

    @property
    def satisfied(self) -> bool:
        return self.completed_on is not None or bool(self.exception_reason)
