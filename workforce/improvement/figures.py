"""What the pages and the committee pack show of a plan measure: trend, rating, direction, breakdown.

Read-only: built from the stored figures of reporting periods (published ones only for the committee).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workforce.improvement import dao
from workforce.improvement.constants import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    SUPPRESSED,
    TREND_MONTHS,
    Direction,
    Rating,
)
from workforce.improvement.models import ImprovementPlan, PeriodValue, PlanMeasure, ReportingPeriod, Strand
from workforce.improvement.rules import Trajectory, direction, rate
from workforce.improvement.services import setting
from workforce.kernel import freshness
from workforce.kernel.contract import registry
from workforce.kernel.dates import add_months
from workforce.kernel.disclosure import Cell, suppressed_cells
from workforce.kernel.measures import Polarity, ScopeLevel, Unit
from workforce.kernel.providers import CENSUS_COMPARATORS


@dataclass(frozen=True)
class TrendPoint:
    month: date
    value: float | None
    #: False when the month has no stored figure (not computed, or not published for the committee).
    available: bool
    revised: bool
    provisional: bool
    expected: float


@dataclass(frozen=True)
class Comparators:
    """What a plan measure is compared with: DfE figures for a census-comparable measure (England, region,
    statistical neighbours in the latest DfE year; frozen with a published period), or else the local
    comparators typed in with the plan measure."""

    #: The "census-comparators" answer for the measure (see workforce.benchmarks.providers), or None.
    dfe: dict[str, Any] | None = None
    local: dict[str, Any] = field(default_factory=dict)
    #: True when the DfE figures are the ones frozen with a published period.
    frozen: bool = False

    @property
    def short_rows(self) -> list[tuple[str, float | str]]:
        """(short label, figure or symbol), for labels inside a chart."""
        if self.dfe is None:
            return list(self.local.items())
        short = ["England", "Region", "Neighbours", "Council (DfE)"]
        return [(label, value) for label, (_long, value) in zip(short, self.rows, strict=False)]

    @property
    def rows(self) -> list[tuple[str, float | str]]:
        """(label, figure or DfE symbol) for a page or the pack."""
        if self.dfe is None:
            return [(f"{name} (local)", value) for name, value in self.local.items()]
        dfe = self.dfe
        rows = [(f"England {dfe['year']}", dfe["england"])]
        if dfe.get("region_name"):
            rows.append((f"{dfe['region_name']} (region) {dfe['year']}", dfe["region"]))
        if dfe.get("council_name"):
            rows.append((f"Statistical neighbours' average {dfe['year']}", dfe["neighbours"]))
            rows.append((f"{dfe['council_name']} as published by DfE {dfe['year']}", dfe["council"]))
        return rows

    def __bool__(self) -> bool:
        return bool(self.dfe or self.local)


def dfe_comparators(measure_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The live DfE comparators of the measures the DfE figures cover."""
    return registry().required(CENSUS_COMPARATORS)(sorted(set(measure_ids))) if measure_ids else {}


def comparators_for(
    plan_measure: PlanMeasure, period: ReportingPeriod | None, live: dict[str, dict[str, Any]] | None = None
) -> Comparators:
    """A published period shows the DfE comparators frozen with it; any other month the live ones."""
    local = dict(plan_measure.comparators or {})
    if period is not None and period.published:
        frozen = dao.get_definition(period, plan_measure.measure_id)
        if frozen is not None and frozen.comparators:
            return Comparators(dfe=frozen.comparators, frozen=True)
        return Comparators(local=local)
    live = dfe_comparators([plan_measure.measure_id]) if live is None else live
    dfe = live.get(plan_measure.measure_id)
    return Comparators(dfe=dfe) if dfe else Comparators(local=local)


@dataclass
class MeasureFigures:
    plan_measure: PlanMeasure
    title: str
    definition: str
    source: str
    unit: str
    month: date
    trend: list[TrendPoint]
    rating: Rating | None
    computed_rating: Rating | None
    override_reason: str | None
    direction_month: Direction
    direction_year: Direction
    comparators: Comparators = field(default_factory=Comparators)
    earlier_values: list[tuple[date, PeriodValue]] = field(default_factory=list)

    @property
    def current(self) -> TrendPoint:
        return self.trend[-1]

    @property
    def previous(self) -> TrendPoint:
        return self.trend[-2]

    @property
    def year_ago(self) -> TrendPoint:
        return self.trend[-13]


def trajectory_of(plan_measure: PlanMeasure) -> Trajectory:
    return Trajectory(
        plan_measure.baseline_value,
        plan_measure.baseline_date,
        plan_measure.target_value,
        plan_measure.target_date,
        dict(plan_measure.trajectory or {}),
    )


def months_to(month: date, count: int = TREND_MONTHS) -> list[date]:
    return [add_months(month, offset) for offset in range(-count + 1, 1)]


def measure_figures(
    plan_measure: PlanMeasure,
    month: date,
    published_only: bool,
    stored: dict | None = None,
    live_comparators: dict | None = None,
    with_comparators: bool = True,
    rules: dict | None = None,
) -> MeasureFigures:
    """The figures of a plan measure for the 24 months to `month` (`stored` from `dao.find_council_values`,
    `live_comparators` from `dfe_comparators` and `rules` from `dao.find_period_rules` let the pack fetch
    every measure's in one go). A published month is rated by the rule frozen when it was published."""
    months = months_to(month)
    if stored is None:
        stored = dao.find_council_values([plan_measure.measure_id], months[0], months[-1], published_only)
    if rules is None:
        rules = dao.find_period_rules([plan_measure.id], months[0], months[-1])
    trajectory = trajectory_of(plan_measure)
    trend = []
    for each in months:
        value = stored.get((plan_measure.measure_id, each))
        trend.append(
            TrendPoint(
                month=each,
                value=value.value if value is not None else None,
                available=value is not None,
                revised=value is not None and value.revision > 0,
                provisional=value is not None and not value.period.published,
                expected=(
                    rules[(plan_measure.id, each)].expected
                    if (plan_measure.id, each) in rules
                    else trajectory.expected(each)
                ),
            )
        )
    period = dao.get_period(month)
    title, definition, source, unit = _described(plan_measure, period)
    current = trend[-1]
    rule = rules.get((plan_measure.id, month))
    polarity = rule.polarity if rule is not None else plan_measure.polarity
    computed = rate(
        current.value if current.available else None,
        current.expected,
        polarity,
        rule.tolerance_percent if rule is not None else plan_measure.tolerance_percent,
    )
    override = next((item for item in plan_measure.overrides if item.month == month), None)
    return MeasureFigures(
        plan_measure=plan_measure,
        title=title,
        definition=definition,
        source=source,
        unit=unit,
        month=month,
        trend=trend,
        rating=override.rating if override is not None else computed,
        computed_rating=computed,
        override_reason=override.reason if override is not None else None,
        direction_month=direction(current.value, trend[-2].value, polarity),
        direction_year=direction(current.value, trend[-13].value, polarity),
        comparators=comparators_for(plan_measure, period, live_comparators) if with_comparators else Comparators(),
    )


def _described(plan_measure: PlanMeasure, period: ReportingPeriod | None) -> tuple[str, str, str, str]:
    """The definition frozen with the period when there is one; the registry's otherwise."""
    frozen = dao.get_definition(period, plan_measure.measure_id) if period is not None else None
    if frozen is not None:
        return frozen.title, frozen.definition, frozen.source, frozen.unit
    measures = registry().measures
    if plan_measure.measure_id in measures:
        measure = measures.get(plan_measure.measure_id)
        return measure.title, measure.definition, str(measure.source), str(measure.unit)
    return plan_measure.measure_id, "This measure is no longer registered.", "", ""


def plan_ratings(plan: ImprovementPlan, month: date | None, published_only: bool) -> dict[int, dict[str, int]]:
    """Each strand's count of actions and measures by rating (measures: as at `month`), by strand id.

    Kept between requests (`freshness.kept`) while the tables it reads are unchanged; the stored figures and
    frozen rules of every measure of the plan are read in one query each."""
    return freshness.kept(
        ("improvement.plan-ratings", plan.id, month, published_only),
        lambda: _plan_ratings(plan, month, published_only),
    )


def _plan_ratings(plan: ImprovementPlan, month: date | None, published_only: bool) -> dict[int, dict[str, int]]:
    stored, rules = {}, {}
    plan_measures = [plan_measure for strand in plan.strands for plan_measure in strand.measures]
    if month and plan_measures:
        months = months_to(month)
        stored = dao.find_council_values(
            sorted({pm.measure_id for pm in plan_measures}), months[0], months[-1], published_only
        )
        rules = dao.find_period_rules([pm.id for pm in plan_measures], months[0], months[-1])
    return {strand.id: strand_ratings(strand, month, published_only, stored, rules) for strand in plan.strands}


def strand_ratings(
    strand: Strand, month: date | None, published_only: bool, stored: dict | None = None, rules: dict | None = None
) -> dict[str, int]:
    """How many of the strand's actions and measures have each rating (measures: as at `month`)."""
    counts = {rating.value: 0 for rating in Rating}
    counts["Not rated"] = 0
    for action in strand.actions:
        counts[action.rating.value] += 1
    for plan_measure in strand.measures:
        rating = (
            measure_figures(plan_measure, month, published_only, stored, with_comparators=False, rules=rules).rating
            if month
            else None
        )
        counts[rating.value if rating else "Not rated"] += 1
    return counts


def suppressed(value: PeriodValue, threshold: int) -> bool:
    """Primary suppression alone: a figure below council level resting on a count below the threshold."""
    if value.scope_level is ScopeLevel.COUNCIL:
        return False
    counts = [number for number in (value.numerator, value.denominator) if number is not None]
    return any(number < threshold for number in counts)


def suppression_threshold() -> int:
    return int(setting("improvement_suppression_threshold"))


def display(value: float | None, unit: str, available: bool = True) -> str:
    """A figure as text for a page: [x] when there is no figure, [z] when it does not apply."""
    if not available:
        return NOT_AVAILABLE
    if value is None:
        return NOT_APPLICABLE
    if unit == str(Unit.COUNT):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit == str(Unit.PERCENT):
        return f"{value:,.1f}%"
    if unit == str(Unit.FTE):
        return f"{value:,.1f} FTE"
    if unit == str(Unit.DAYS):
        return f"{value:,.1f} days"
    return f"{value:,.2f}"


def breakdown(
    period: ReportingPeriod, measure_id: str, level: ScopeLevel, suppress: bool
) -> list[tuple[str, PeriodValue, str | None]]:
    """(name, value, symbol) for every team or service area; symbol [c] where suppressed, primary or
    secondary (`workforce.kernel.disclosure`), so no [c] can be recovered from the other figures shown."""
    hidden = suppressed_scopes(period, measure_id) if suppress else set()
    return [
        (name, value, SUPPRESSED if (value.scope_level, value.scope_id) in hidden else None)
        for name, value in dao.list_scope_values(period, measure_id, level)
    ]


def suppressed_scopes(period: ReportingPeriod, measure_id: str) -> set[tuple[ScopeLevel, int | None]]:
    """The service areas and teams whose figure of the measure is suppressed in the period."""
    cells = [
        Cell(value.scope_level, value.scope_id, value.numerator, value.denominator)
        for level in (ScopeLevel.SERVICE_AREA, ScopeLevel.TEAM)
        for _name, value in dao.list_scope_values(period, measure_id, level)
    ]
    return suppressed_cells(cells, suppression_threshold())


def comparator_text(comparators: Comparators, unit: str) -> str:
    """The comparators on one line, for a table cell: "England 2025: 11.8%; ..." or "None"."""
    if not comparators:
        return "None"
    return "; ".join(
        f"{label}: {value if isinstance(value, str) else display(value, unit)}" for label, value in comparators.rows
    )


def better_word(polarity: Polarity) -> str:
    return {Polarity.HIGHER_IS_BETTER: "Higher is better", Polarity.LOWER_IS_BETTER: "Lower is better"}.get(
        polarity, "Neither higher nor lower is better"
    )
