"""Leaver checklists, exit interviews with coded themes, and stay interviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, User, enum_column
from workforce.people.models import Assignment, StaffMember
from workforce.retention.constants import ExitOutcome, ExitTheme


class LeaverChecklist(db.Model):
    """What must happen when someone leaves: cases reallocated, equipment back, exit interview offered."""

    __tablename__ = "leaver_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The assignment that ended with the person leaving.
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    cases_reallocated_on: Mapped[date | None] = mapped_column(Date)
    equipment_returned_on: Mapped[date | None] = mapped_column(Date)
    exit_interview_offered_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    assignment: Mapped[Assignment] = relationship()
    team: Mapped[Team] = relationship()

    def __str__(self) -> str:
        return f"Leaver checklist for assignment {self.assignment_id}"

    @property
    def complete(self) -> bool:
        return None not in (self.cases_reallocated_on, self.equipment_returned_on, self.exit_interview_offered_on)


exit_interview_themes = Table(
    "exit_interview_themes",
    db.Model.metadata,
    Column("exit_interview_id", ForeignKey("exit_interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("theme", enum_column(ExitTheme, name="exit_theme"), primary_key=True),
)


class ExitInterview(db.Model):
    __tablename__ = "exit_interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    comments: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[ExitOutcome] = mapped_column(enum_column(ExitOutcome, name="exit_outcome"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    assignment: Mapped[Assignment] = relationship()

    def __str__(self) -> str:
        return f"Exit interview on {display_date(self.held_on)} (assignment {self.assignment_id})"

    @property
    def themes(self) -> list[ExitTheme]:
        rows = db.session.execute(
            exit_interview_themes.select().where(exit_interview_themes.c.exit_interview_id == self.id)
        ).all()
        return sorted((row.theme for row in rows), key=list(ExitTheme).index)


class StayInterview(db.Model):
    """A conversation with someone staying: what keeps them, what might make them leave, what was agreed."""

    __tablename__ = "stay_interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    what_keeps_you: Mapped[str] = mapped_column(Text)
    what_might_make_you_leave: Mapped[str] = mapped_column(Text)
    agreed_actions: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    staff_member: Mapped[StaffMember] = relationship()
    held_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Stay interview on {display_date(self.held_on)} (staff {self.staff_id})"
