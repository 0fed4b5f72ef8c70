"""Queries of the plan and of the stored figures of reporting periods."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from workforce.extensions import db
from workforce.improvement.constants import PeriodState
from workforce.improvement.models import (
    Action,
    ImprovementPlan,
    PeriodDefinition,
    PeriodRule,
    PeriodValue,
    PlanMeasure,
    ReportingPeriod,
    Strand,
)
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.roles import Role


def list_plans() -> list[ImprovementPlan]:
    return list(db.session.execute(select(ImprovementPlan).order_by(ImprovementPlan.id)).scalars())


def get_plan(plan_id: int) -> ImprovementPlan | None:
    return db.session.get(ImprovementPlan, plan_id)


def get_strand(strand_id: int) -> Strand | None:
    return db.session.get(Strand, strand_id)


def get_action(action_id: int) -> Action | None:
    return db.session.get(Action, action_id)


def actions_query():
    """Every action of every plan, for the actions list (everyone who may see the plan sees all its actions)."""
    return select(Action).join(Strand, Strand.id == Action.strand_id).join(User, User.id == Action.owner_id)


def list_strand_choices() -> list[tuple[int, str]]:
    """(id, name) of each strand, named with its plan when there is more than one plan."""
    rows = db.session.execute(
        select(Strand.id, Strand.title, ImprovementPlan.title.label("plan"))
        .join(ImprovementPlan, ImprovementPlan.id == Strand.plan_id)
        .order_by(ImprovementPlan.id, Strand.position, Strand.id)
    ).all()
    several = len({row.plan for row in rows}) > 1
    return [(row.id, f"{row.plan}: {row.title}" if several else row.title) for row in rows]


def get_plan_measure(plan_measure_id: int) -> PlanMeasure | None:
    return db.session.get(PlanMeasure, plan_measure_id)


def list_plan_measures() -> list[PlanMeasure]:
    return list(db.session.execute(select(PlanMeasure).order_by(PlanMeasure.id)).scalars())


def list_plan_measure_ids() -> list[str]:
    """Every registry measure some plan uses, in a stable order."""
    return sorted(set(db.session.execute(select(PlanMeasure.measure_id)).scalars()))


def get_period(month: date) -> ReportingPeriod | None:
    return db.session.execute(select(ReportingPeriod).where(ReportingPeriod.month == month)).scalar_one_or_none()


def list_periods(published_only: bool) -> list[ReportingPeriod]:
    query = (
        select(ReportingPeriod).order_by(ReportingPeriod.month.desc()).options(selectinload(ReportingPeriod.revisions))
    )
    if published_only:
        query = query.where(ReportingPeriod.state == PeriodState.PUBLISHED)
    return list(db.session.execute(query).scalars())


def latest_period(published_only: bool) -> ReportingPeriod | None:
    periods = list_periods(published_only)
    return periods[0] if periods else None


def find_council_values(
    measure_ids: list[str], first: date, last: date, published_only: bool
) -> dict[tuple[str, date], PeriodValue]:
    """The current council-level values of the measures for the months from `first` to `last`."""
    query = (
        select(PeriodValue)
        .join(PeriodValue.period)
        .options(contains_eager(PeriodValue.period))
        .where(
            PeriodValue.measure_id.in_(measure_ids),
            PeriodValue.scope_level == ScopeLevel.COUNCIL,
            PeriodValue.superseded_at.is_(None),
            ReportingPeriod.month >= first,
            ReportingPeriod.month <= last,
        )
    )
    if published_only:
        query = query.where(ReportingPeriod.state == PeriodState.PUBLISHED)
    return {(value.measure_id, value.period.month): value for value in db.session.execute(query).scalars()}


def find_period_rules(plan_measure_ids: list[int], first: date, last: date) -> dict[tuple[int, date], PeriodRule]:
    """The rating rules frozen when the months from `first` to `last` were published, by (plan measure, month)."""
    if not plan_measure_ids:
        return {}
    query = (
        select(PeriodRule)
        .join(PeriodRule.period)
        .options(contains_eager(PeriodRule.period))
        .where(
            PeriodRule.plan_measure_id.in_(plan_measure_ids),
            ReportingPeriod.month >= first,
            ReportingPeriod.month <= last,
        )
    )
    return {(rule.plan_measure_id, rule.period.month): rule for rule in db.session.execute(query).scalars()}


def list_earlier_values(measure_id: str, published_only: bool) -> list[tuple[date, PeriodValue]]:
    """Council-level values a revision replaced, newest month first."""
    query = (
        select(ReportingPeriod.month, PeriodValue)
        .join(ReportingPeriod, ReportingPeriod.id == PeriodValue.period_id)
        .where(
            PeriodValue.measure_id == measure_id,
            PeriodValue.scope_level == ScopeLevel.COUNCIL,
            PeriodValue.superseded_at.is_not(None),
        )
        .order_by(ReportingPeriod.month.desc(), PeriodValue.revision)
    )
    if published_only:
        query = query.where(ReportingPeriod.state == PeriodState.PUBLISHED)
    return [(month, value) for month, value in db.session.execute(query)]


def list_scope_values(period: ReportingPeriod, measure_id: str, level: ScopeLevel) -> list[tuple[str, PeriodValue]]:
    """The current values of one measure for every team (or service area) of a period, with its name."""
    named = Team if level is ScopeLevel.TEAM else ServiceArea
    query = (
        select(named.name, PeriodValue)
        .join(named, named.id == PeriodValue.scope_id)
        .where(
            PeriodValue.period_id == period.id,
            PeriodValue.measure_id == measure_id,
            PeriodValue.scope_level == level,
            PeriodValue.superseded_at.is_(None),
        )
        .order_by(named.name)
    )
    return [(name, value) for name, value in db.session.execute(query)]


def list_current_values(period: ReportingPeriod) -> list[PeriodValue]:
    query = select(PeriodValue).where(PeriodValue.period_id == period.id, PeriodValue.superseded_at.is_(None))
    return list(db.session.execute(query).scalars())


def get_definition(period: ReportingPeriod, measure_id: str) -> PeriodDefinition | None:
    return db.session.execute(
        select(PeriodDefinition).where(
            PeriodDefinition.period_id == period.id, PeriodDefinition.measure_id == measure_id
        )
    ).scalar_one_or_none()


def list_scopes() -> tuple[list[ServiceArea], list[Team]]:
    areas = list(db.session.execute(select(ServiceArea).order_by(ServiceArea.name)).scalars())
    teams = list(db.session.execute(select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)).scalars())
    return areas, teams


def count_period_values(period: ReportingPeriod, level: ScopeLevel) -> int:
    """How many current (not superseded) figures a period holds at one scope level."""
    return db.session.execute(
        select(func.count())
        .select_from(PeriodValue)
        .where(
            PeriodValue.period_id == period.id,
            PeriodValue.scope_level == level,
            PeriodValue.superseded_at.is_(None),
        )
    ).scalar_one()


def list_possible_owners() -> list[User]:
    """Who may own an action: every active user but committee viewers, by name."""
    query = select(User).where(User.deactivated_at.is_(None), User.role != Role.COMMITTEE_VIEWER)
    return list(db.session.execute(query.order_by(User.name)).scalars())
