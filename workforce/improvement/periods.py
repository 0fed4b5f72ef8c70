"""Reporting periods: computing a month's figures, publishing (freezing) them, and revising them.

A published period is never changed silently: recomputing it after data corrections supersedes the
values that changed with new ones marked as a revision, and the earlier values stay (docs/improvement.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete

from workforce.extensions import db
from workforce.improvement import dao
from workforce.improvement.constants import PeriodState
from workforce.improvement.figures import dfe_comparators, trajectory_of
from workforce.improvement.models import PeriodDefinition, PeriodRevision, PeriodRule, PeriodValue, ReportingPeriod
from workforce.improvement.rules import month_has_ended
from workforce.improvement.services import PlanError
from workforce.kernel import audit_trail, clock
from workforce.kernel.contract import registry
from workforce.kernel.dates import display_date, month_end, month_start
from workforce.kernel.measures import MeasureScope, ScopeLevel, roll_up
from workforce.kernel.models import User


@dataclass(frozen=True)
class Figure:
    measure_id: str
    level: ScopeLevel
    scope_id: int | None
    numerator: float | None
    denominator: float | None
    value: float | None

    @property
    def key(self) -> tuple[str, ScopeLevel, int | None]:
        return (self.measure_id, self.level, self.scope_id)

    def same_as(self, stored: PeriodValue) -> bool:
        return all(
            _same(a, b)
            for a, b in (
                (self.numerator, stored.numerator),
                (self.denominator, stored.denominator),
                (self.value, stored.value),
            )
        )


def _same(first: float | None, second: float | None) -> bool:
    if first is None or second is None:
        return first is None and second is None
    return abs(first - second) <= 1e-9 * max(1.0, abs(first), abs(second))


def scopes() -> list[MeasureScope]:
    areas, teams = dao.list_scopes()
    return (
        [MeasureScope.council()]
        + [MeasureScope.service_area(area.id) for area in areas]
        + [MeasureScope.team(team.id) for team in teams]
    )


def compute_figures(
    month: date, measure_ids: list[str] | None = None, progress: Callable[[int, int, str], None] | None = None
) -> list[Figure]:
    """Every plan measure at council, service-area and team scope for the month, through the registry;
    `progress(done, total, stage)` hears after each measure."""
    measures = registry().measures
    ids = [measure_id for measure_id in (measure_ids or dao.list_plan_measure_ids()) if measure_id in measures]
    start, end = month_start(month), month_end(month)
    figures = []
    every_scope = scopes()
    with roll_up():
        for done, measure_id in enumerate(ids, start=1):
            measure = measures.get(measure_id)
            for scope in every_scope:
                result = measure.compute(start, end, scope)
                figures.append(
                    Figure(measure_id, scope.level, scope.id, result.numerator, result.denominator, result.value)
                )
            if progress is not None:
                progress(done, len(ids), "Computing the measures")
    return figures


def _definitions(period: ReportingPeriod, measure_ids: set[str]) -> None:
    """Each measure's definition and DfE comparators as they are now: frozen with the period once published."""
    measures = registry().measures
    comparators = dfe_comparators(sorted(measure_ids))
    for measure_id in sorted(measure_ids):
        measure = measures.get(measure_id)
        db.session.add(
            PeriodDefinition(
                period=period,
                measure_id=measure_id,
                title=measure.title,
                definition=measure.definition,
                source=str(measure.source),
                unit=str(measure.unit),
                comparators=comparators.get(measure_id),
            )
        )


def _add_values(period: ReportingPeriod, figures: list[Figure], revision: int) -> None:
    db.session.add_all(
        PeriodValue(
            period_id=period.id,
            measure_id=figure.measure_id,
            scope_level=figure.level,
            scope_id=figure.scope_id,
            numerator=figure.numerator,
            denominator=figure.denominator,
            value=figure.value,
            revision=revision,
        )
        for figure in figures
    )


def check_computable(month: date) -> ReportingPeriod | None:
    """The month's period, if it has one, when its figures may be computed; PlanError when they may not."""
    month = month_start(month)
    if month > month_start(clock.today()):
        raise PlanError(f"{month:%B %Y} has not started: figures can be computed from its first day", "month")
    period = dao.get_period(month)
    if period is not None and period.published:
        raise PlanError(f"{period} is published: recompute it as a revision, with a note of what changed")
    return period


def compute_period(month: date, figures: list[Figure] | None = None, progress=None) -> ReportingPeriod:
    """Compute (or recompute) an unpublished month; its figures are provisional until published."""
    month = month_start(month)
    period = check_computable(month)
    figures = compute_figures(month, progress=progress) if figures is None else figures
    if period is None:
        period = ReportingPeriod(month=month, state=PeriodState.COMPUTED, computed_at=clock.now())
        db.session.add(period)
        db.session.flush()
        audit_trail.record_created(period)
    else:
        before = audit_trail.snapshot(period)
        db.session.execute(delete(PeriodValue).where(PeriodValue.period_id == period.id))
        db.session.execute(delete(PeriodDefinition).where(PeriodDefinition.period_id == period.id))
        db.session.expire(period)
        period.computed_at = clock.now()
        audit_trail.record_updated(period, before, note="Recomputed")
    _definitions(period, {figure.measure_id for figure in figures})
    _add_values(period, figures, 0)
    db.session.flush()
    return period


def publish_period(period: ReportingPeriod) -> None:
    """Freeze the values, the definitions and the as-at time; from now on the committee sees them."""
    if period.published:
        raise PlanError(f"{period} is already published")
    if not month_has_ended(period.month, clock.today()):
        raise PlanError(
            f"{period} has not ended: it can be published to committee from "
            f"{display_date(month_end(period.month) + timedelta(days=1))}"
        )
    before = audit_trail.snapshot(period)
    period.state = PeriodState.PUBLISHED
    period.published_at = clock.now()
    # Each plan measure's rating rule for the month, so that later edits of a plan measure (its baseline,
    # target, trajectory, tolerance or polarity) never change the rating the committee was given.
    db.session.add_all(
        PeriodRule(
            period=period,
            plan_measure_id=plan_measure.id,
            expected=trajectory_of(plan_measure).expected(period.month),
            tolerance_percent=plan_measure.tolerance_percent,
            polarity=plan_measure.polarity,
        )
        for plan_measure in dao.list_plan_measures()
    )
    audit_trail.record_updated(period, before, note="Published to committee")


def revise_period(
    period: ReportingPeriod, note: str, user: User | None, figures: list[Figure] | None = None, progress=None
) -> PeriodRevision:
    """Recompute a published month: values that changed are superseded by new ones of the next revision."""
    if not period.published:
        raise PlanError(f"{period} is not published yet: compute it again instead")
    if not note or not note.strip():
        raise PlanError("Enter a note saying what was corrected", "note")
    figures = compute_figures(period.month, progress=progress) if figures is None else figures
    current = {
        (value.measure_id, value.scope_level, value.scope_id): value for value in dao.list_current_values(period)
    }
    number = period.revision + 1
    changed = []
    for figure in figures:
        stored = current.get(figure.key)
        if stored is not None and figure.same_as(stored):
            continue
        if stored is not None:
            stored.superseded_at = clock.now()
        changed.append(figure)
    if not changed:
        raise PlanError(f"Nothing has changed in the figures for {period} since they were published", "note")
    new_measures = {figure.measure_id for figure in figures} - {
        definition.measure_id for definition in period.definitions
    }
    _definitions(period, new_measures)
    _add_values(period, changed, number)
    before = audit_trail.snapshot(period)
    period.revision = number
    revision = PeriodRevision(
        period=period,
        number=number,
        note=note.strip(),
        changed_measures=sorted({figure.measure_id for figure in changed}),
        made_at=clock.now(),
        made_by_id=user.id if user else None,
    )
    db.session.add(revision)
    audit_trail.record_created(revision)
    audit_trail.record_updated(period, before, note=f"Revision {number}")
    return revision
