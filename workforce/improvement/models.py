"""The improvement plan: strands, actions with their update history and evidence, plan measures,
and the monthly reporting periods whose published figures are frozen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.extensions import db
from workforce.improvement.constants import ActionStatus, EvidenceKind, PeriodState, Rating
from workforce.kernel import clock
from workforce.kernel.measures import Polarity, ScopeLevel
from workforce.kernel.models import User, Versioned, enum_column


class ImprovementPlan(Versioned, db.Model):
    __tablename__ = "improvement_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    strands: Mapped[list[Strand]] = relationship(back_populates="plan", order_by="Strand.position, Strand.id")

    def __str__(self) -> str:
        return self.title


class Strand(Versioned, db.Model):
    __tablename__ = "improvement_strands"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("improvement_plans.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Order within the plan (and of the strand sheets in the committee pack).
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    plan: Mapped[ImprovementPlan] = relationship(back_populates="strands")
    actions: Mapped[list[Action]] = relationship(back_populates="strand", order_by="Action.due_date, Action.id")
    measures: Mapped[list[PlanMeasure]] = relationship(back_populates="strand", order_by="PlanMeasure.id")

    def __str__(self) -> str:
        return self.title


class Action(Versioned, db.Model):
    """An action of a strand. Status (where it is) and rating (how it is going) are separate (docs/improvement.md)."""

    __tablename__ = "improvement_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    strand_id: Mapped[int] = mapped_column(ForeignKey("improvement_strands.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    #: What the action involves and what done looks like.
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, name="action_status"), default=ActionStatus.NOT_STARTED
    )
    rating: Mapped[Rating] = mapped_column(enum_column(Rating, name="action_rating"), default=Rating.GREEN)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    strand: Mapped[Strand] = relationship(back_populates="actions")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.written_at.desc(), ActionUpdate.id.desc()"
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="action", order_by="Evidence.id")

    def __str__(self) -> str:
        return self.title


#: The evidence a sign-off relied on: the senior leader ticks the items they checked.
sign_off_evidence = Table(
    "improvement_sign_off_evidence",
    db.Model.metadata,
    Column("update_id", ForeignKey("improvement_action_updates.id", ondelete="CASCADE"), primary_key=True),
    Column("evidence_id", ForeignKey("improvement_evidence.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ActionUpdate(db.Model):
    """One progress update: added, never changed, so the history of an action is kept whole."""

    __tablename__ = "improvement_action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_actions.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, name="update_status"))
    rating: Mapped[Rating] = mapped_column(enum_column(Rating, name="update_rating"))

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    #: For a sign-off, the evidence it relied on.
    evidence: Mapped[list[Evidence]] = relationship(secondary=sign_off_evidence, order_by="Evidence.id")

    def __str__(self) -> str:
        return f"Update to action {self.action_id}"


class Evidence(db.Model):
    """Evidence of an action: a registry measure, a document (its bytes in `EvidenceDocument`), or an audit theme."""

    __tablename__ = "improvement_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("improvement_actions.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind, name="evidence_kind"))
    #: A measure registry identifier, for measure evidence.
    measure_id: Mapped[str | None] = mapped_column(String(80))
    #: The name the document was uploaded with (shown), and a random name that identifies the stored copy.
    filename: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    #: An audit theme, for audit theme evidence: its id in the module that provides "audit-themes" (no
    #: foreign key: the plan does not depend on that module), and its name when it was linked.
    audit_theme_id: Mapped[int | None] = mapped_column(Integer)
    audit_theme_name: Mapped[str | None] = mapped_column(String(120))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    action: Mapped[Action] = relationship(back_populates="evidence")
    document: Mapped[EvidenceDocument | None] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", passive_deletes=True
    )

    def __str__(self) -> str:
        return self.filename or self.measure_id or self.audit_theme_name or f"Evidence {self.id}"


class EvidenceDocument(db.Model):
    """The bytes of an evidence document, kept in the database with its record (docs/deployment.md, backups):
    saved and rolled back in the same transaction, removed with it, and in every backup of the database."""

    __tablename__ = "improvement_evidence_documents"

    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("improvement_evidence.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)

    evidence: Mapped[Evidence] = relationship(back_populates="document")


class PlanMeasure(Versioned, db.Model):
    """A registry measure in a strand, with its baseline, target, trajectory and RAG rule."""

    __tablename__ = "improvement_plan_measures"
    __table_args__ = (UniqueConstraint("strand_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strand_id: Mapped[int] = mapped_column(ForeignKey("improvement_strands.id"), index=True)
    #: The measure registry identifier (for example "turnover_rate_fte").
    measure_id: Mapped[str] = mapped_column(String(80))
    baseline_value: Mapped[float] = mapped_column(Float)
    baseline_date: Mapped[date] = mapped_column(Date)
    target_value: Mapped[float] = mapped_column(Float)
    target_date: Mapped[date] = mapped_column(Date)
    #: Which way is better for the RAG rule; taken from the registry when the measure is added.
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity, name="plan_measure_polarity"))
    #: Amber within this percentage of the trajectory, Red beyond it.
    tolerance_percent: Mapped[float] = mapped_column(Float, default=10.0)
    #: {"YYYY-MM": value} when the trajectory is set per period; empty for a straight line.
    trajectory: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Local comparators typed in by hand, {"Neighbouring council": 16.0}, for measures the DfE figures do not
    #: cover; census-comparable measures are compared with the DfE figures instead (`figures.comparators`).
    comparators: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    strand: Mapped[Strand] = relationship(back_populates="measures")
    overrides: Mapped[list[RatingOverride]] = relationship(back_populates="plan_measure")

    def __str__(self) -> str:
        return self.measure_id


class RatingOverride(db.Model):
    """A manual rating of a plan measure for one month, with the reason it was given."""

    __tablename__ = "improvement_rating_overrides"
    __table_args__ = (UniqueConstraint("plan_measure_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_measure_id: Mapped[int] = mapped_column(ForeignKey("improvement_plan_measures.id"), index=True)
    #: The first day of the month the override applies to.
    month: Mapped[date] = mapped_column(Date)
    rating: Mapped[Rating] = mapped_column(enum_column(Rating, name="override_rating"))
    reason: Mapped[str] = mapped_column(Text)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    plan_measure: Mapped[PlanMeasure] = relationship(back_populates="overrides")

    def __str__(self) -> str:
        return f"Rating of {self.plan_measure_id} for {self.month:%Y-%m}"


class ReportingPeriod(db.Model):
    """A month of figures: computed (provisional), then published (frozen), then possibly revised."""

    __tablename__ = "improvement_reporting_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The first day of the month.
    month: Mapped[date] = mapped_column(Date, unique=True)
    state: Mapped[PeriodState] = mapped_column(enum_column(PeriodState, name="period_state"))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: The as-at time of the published figures.
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: 0 as first published; each revision adds one.
    revision: Mapped[int] = mapped_column(Integer, default=0)

    values: Mapped[list[PeriodValue]] = relationship(back_populates="period")
    definitions: Mapped[list[PeriodDefinition]] = relationship(back_populates="period")
    revisions: Mapped[list[PeriodRevision]] = relationship(back_populates="period", order_by="PeriodRevision.number")

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def published(self) -> bool:
        return self.state is PeriodState.PUBLISHED


class PeriodDefinition(db.Model):
    """A measure's title, definition, source and unit as they were when its period was computed."""

    __tablename__ = "improvement_period_definitions"
    __table_args__ = (UniqueConstraint("period_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("improvement_reporting_periods.id"), index=True)
    measure_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    #: The DfE comparators (England, region, statistical neighbours, the DfE year) when the period was
    #: computed, or None for a measure the DfE figures do not cover; frozen with the period once published.
    comparators: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    period: Mapped[ReportingPeriod] = relationship(back_populates="definitions")


class PeriodValue(db.Model):
    """One figure of a period at one scope. Published rows are never changed except to be superseded."""

    __tablename__ = "improvement_period_values"
    __table_args__ = (Index("ix_improvement_period_values_lookup", "period_id", "measure_id", "scope_level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("improvement_reporting_periods.id"))
    measure_id: Mapped[str] = mapped_column(String(80))
    scope_level: Mapped[ScopeLevel] = mapped_column(enum_column(ScopeLevel, name="scope_level"))
    #: The team or service area id; None at council scope.
    scope_id: Mapped[int | None] = mapped_column(Integer)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    #: The period revision that produced this value (0: as first published or computed).
    revision: Mapped[int] = mapped_column(Integer, default=0)
    #: Set when a later revision replaced this value; it stays visible as an earlier value.
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    period: Mapped[ReportingPeriod] = relationship(back_populates="values")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.scope_level.value} {self.scope_id or ''}"


class PeriodRule(db.Model):
    """A plan measure's rating rule for a month as it was when the month was published: the trajectory
    value, tolerance and polarity. Later edits of the plan measure do not change a published month's rating."""

    __tablename__ = "improvement_period_rules"
    __table_args__ = (UniqueConstraint("period_id", "plan_measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("improvement_reporting_periods.id"), index=True)
    plan_measure_id: Mapped[int] = mapped_column(ForeignKey("improvement_plan_measures.id"), index=True)
    expected: Mapped[float] = mapped_column(Float)
    tolerance_percent: Mapped[float] = mapped_column(Float)
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity, name="period_rule_polarity"))

    period: Mapped[ReportingPeriod] = relationship()

    def __str__(self) -> str:
        return f"Rating rule of {self.plan_measure_id} for period {self.period_id}"


class PeriodRevision(db.Model):
    __tablename__ = "improvement_period_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("improvement_reporting_periods.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    #: The measures whose council-level or breakdown values changed.
    changed_measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    period: Mapped[ReportingPeriod] = relationship(back_populates="revisions")

    def __str__(self) -> str:
        return f"Revision {self.number} of period {self.period_id}"
