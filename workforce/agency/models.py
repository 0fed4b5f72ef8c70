"""Agency engagements and the regional price-cap table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.agency.constants import AgencyJobType, ProviderType, Region
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, Versioned, enum_column
from workforce.people.models import Assignment, Post, StaffMember

MONEY = Numeric(10, 2)


class PriceCap(db.Model):
    """The maximum hourly charge for a job type in a region, from a date (a settings table)."""

    __tablename__ = "agency_price_caps"
    __table_args__ = (
        UniqueConstraint("region", "job_type", "effective_from", name="one_cap_per_start"),
        CheckConstraint("hourly_cap > 0", name="positive_cap"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[Region] = mapped_column(enum_column(Region, name="region"))
    job_type: Mapped[AgencyJobType] = mapped_column(enum_column(AgencyJobType, name="agency_job_type"))
    #: Pounds per hour, everything included (pay, employer costs, holiday pay and fee).
    hourly_cap: Mapped[Decimal] = mapped_column(MONEY)
    effective_from: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    def __str__(self) -> str:
        return (
            f"{self.job_type.label}, {self.region.label}: £{self.hourly_cap} from {display_date(self.effective_from)}"
        )


class AgencyEngagement(Versioned, db.Model):
    """One agency worker engaged to cover a post, with the facts the DfE agency rules turn on."""

    __tablename__ = "agency_engagements"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    #: The agency assignment in the staff records, so workforce measures count the same FTE.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    agency_name: Mapped[str] = mapped_column(String(160))
    provider_type: Mapped[ProviderType] = mapped_column(enum_column(ProviderType, name="provider_type"))
    job_type: Mapped[AgencyJobType] = mapped_column(enum_column(AgencyJobType, name="agency_job_type"))
    start_date: Mapped[date] = mapped_column(Date)
    #: The last day; None while the engagement continues.
    end_date: Mapped[date | None] = mapped_column(Date)
    fte: Mapped[float] = mapped_column(Float, default=1.0)
    hours_per_week: Mapped[float] = mapped_column(Float, default=37.0)
    notice_period_weeks: Mapped[int] = mapped_column(Integer)
    #: The hourly charge, split as the DfE data return asks (pounds per hour).
    pay_rate: Mapped[Decimal] = mapped_column(MONEY)
    employer_costs: Mapped[Decimal] = mapped_column(MONEY)
    holiday_pay: Mapped[Decimal] = mapped_column(MONEY)
    agency_fee: Mapped[Decimal] = mapped_column(MONEY)
    #: Sign-off of a price-cap breach: both are needed for a breach to be authorised.
    dcs_signed_off_on: Mapped[date | None] = mapped_column(Date)
    chief_executive_signed_off_on: Mapped[date | None] = mapped_column(Date)
    #: The worker's qualification date as known at the start (post-qualification experience).
    qualification_date: Mapped[date | None] = mapped_column(Date)
    #: Two practice-based references, with the dates they were received.
    first_reference_on: Mapped[date | None] = mapped_column(Date)
    second_reference_on: Mapped[date | None] = mapped_column(Date)
    #: The reference the council gave at the end of the engagement.
    end_reference: Mapped[str | None] = mapped_column(Text)
    #: The worker's last permanent post before the engagement, for the cooling-off rule.
    previous_permanent_left_on: Mapped[date | None] = mapped_column(Date)
    previous_permanent_region: Mapped[Region | None] = mapped_column(enum_column(Region, name="region"))
    #: Engaged as part of a project team (recorded for the return).
    project_team: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    staff_member: Mapped[StaffMember] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    post: Mapped[Post | None] = relationship()
    team: Mapped[Team] = relationship()

    def __str__(self) -> str:
        return f"{self.staff_member} via {self.agency_name} from {display_date(self.start_date)}"

    @property
    def hourly_charge(self) -> Decimal:
        return self.pay_rate + self.employer_costs + self.holiday_pay + self.agency_fee

    def active_between(self, start: date, end: date) -> bool:
        return self.start_date <= end and (self.end_date is None or self.end_date >= start)
