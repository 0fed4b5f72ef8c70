"""The committee pack: an Excel workbook laid out to the Analysis Function guidance (docs/improvement.md).

Built by the kernel's one release builder (workforce.kernel.release), like every other export: cover,
contents, numbered notes (definitions, sources, revisions, symbols, suppression), a summary table with the
DfE comparators, a sheet per strand with a 24-month trend table and a line chart per measure beside it
(each described in text beside it and in its alternative text), the team breakdown with small numbers
suppressed (workforce.kernel.disclosure, primary and secondary), the DfE benchmarks (each census measure
for the council against England, its region and its statistical neighbours, with rank and trend), and the
actions. No names, staff numbers or case references: action owners are shown by role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook

from workforce.improvement import dao
from workforce.improvement.constants import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    PROVISIONAL,
    REVISED,
    SYMBOLS,
    Direction,
)
from workforce.improvement.figures import (
    MeasureFigures,
    breakdown,
    dfe_comparators,
    measure_figures,
    months_to,
    suppression_threshold,
)
from workforce.improvement.models import ImprovementPlan, ReportingPeriod
from workforce.kernel import clock, settings
from workforce.kernel.contract import registry
from workforce.kernel.dates import display_date
from workforce.kernel.measures import ScopeLevel, Unit
from workforce.kernel.providers import CENSUS_BENCHMARKS
from workforce.kernel.release import Formatted, ReleaseChart, ReleaseTable, build_release, unique_headers

#: Excel number formats by measure unit.
UNIT_FORMATS = {
    str(Unit.PERCENT): "0.0",
    str(Unit.FTE): "#,##0.0",
    str(Unit.COUNT): "#,##0",
    str(Unit.DAYS): "#,##0.0",
    str(Unit.RATIO): "0.00",
}
MONTH_FORMAT = "mmm yyyy"
DATE_FORMAT = "d mmm yyyy"


@dataclass
class PackContext:
    plan: ImprovementPlan
    month: date
    provisional: bool
    period: ReportingPeriod | None
    figures: dict[int, MeasureFigures]
    #: The "census-benchmarks" answer (workforce.benchmarks.providers), or None without DfE figures.
    benchmarks: dict[str, Any] | None = None

    def marked(self, title: str) -> str:
        return f"{title} [provisional]" if self.provisional else title


def _number_format(unit: str) -> str:
    return UNIT_FORMATS.get(unit, "#,##0.0")


def _figure_cell(available: bool, value: float | None) -> Any:
    if not available:
        return NOT_AVAILABLE
    return NOT_APPLICABLE if value is None else value


def _marker(revised: bool, provisional: bool) -> str:
    return " ".join(mark for mark, present in ((REVISED, revised), (PROVISIONAL, provisional)) if present)


def build_context(plan: ImprovementPlan, month: date, published_only: bool) -> PackContext:
    period = dao.get_period(month)
    provisional = period is None or not period.published
    # A published month is reported from published figures only, whoever downloads it.
    published_only = published_only or not provisional
    plan_measures = [pm for strand in plan.strands for pm in strand.measures]
    months = months_to(month)
    stored = dao.find_council_values(
        sorted({pm.measure_id for pm in plan_measures}), months[0], months[-1], published_only
    )
    live = dfe_comparators([pm.measure_id for pm in plan_measures])
    rules = dao.find_period_rules([pm.id for pm in plan_measures], months[0], months[-1])
    figures = {pm.id: measure_figures(pm, month, published_only, stored, live, rules=rules) for pm in plan_measures}
    benchmarks = registry().required(CENSUS_BENCHMARKS)()
    return PackContext(plan, month, provisional, period, figures, benchmarks)


def build_pack(plan: ImprovementPlan, month: date, published_only: bool = True) -> Workbook:
    context = build_context(plan, month, published_only)
    strand_sheets = [f"Strand {index}" for index, _ in enumerate(plan.strands, start=1)]
    tables = [
        _summary(context),
        *(_strand(context, name, strand) for name, strand in zip(strand_sheets, plan.strands, strict=True)),
        _teams(context),
        _benchmarks(context),
        _actions(context),
    ]
    if context.provisional:
        status = "Provisional. These figures have not been published to committee and may change [p]."
        as_at = context.period.computed_at if context.period is not None else clock.now()
    else:
        status = "Published to committee."
        as_at = context.period.published_at
    return build_release(
        title=context.marked(f"{plan.title}: evidence for {month:%B %Y}"),
        period=f"{month:%B %Y}, with the 24 months to it for trends",
        source=(
            "WPQ's monthly workforce figures, the improvement plan, and DfE's children's social work "
            "workforce statistics for comparators"
        ),
        tables=tables,
        notes=_notes(context),
        as_at=clock.as_utc(as_at).replace(tzinfo=None),
        status=status,
        cover_rows=_cover_rows(context),
        contents_title=context.marked("Contents"),
        notes_title=context.marked("Notes: definitions, sources, symbols and revisions"),
        symbols=SYMBOLS,
    )


def _cover_rows(context: PackContext) -> list[tuple[str, Any]]:
    """The cover's rows after the standard ones (title, status, period, source, contact, as-at time)."""
    rows: list[tuple[str, Any]] = [("Council", settings.get("council_name"))]
    if not context.provisional and context.period.revision:
        rows.append(("Revised", f"This month's figures are at revision {context.period.revision}. See Notes."))
    return rows + [
        ("Personal data", "This workbook holds aggregate figures only: no names, staff numbers or case references."),
        (
            "Suppression",
            "Figures for a team or service area that rest on fewer than "
            f"{suppression_threshold()} people or records are suppressed and shown as [c]. See Notes.",
        ),
    ]


def suppression_note() -> str:
    """How small numbers are protected, for the pack's Notes (the method is in workforce.kernel.disclosure)."""
    return (
        "Primary suppression: a service area's or team's figure resting on a count below "
        f"{suppression_threshold()} (its numerator or denominator) is shown as [c], with its numerator and "
        "denominator, so a rate beside its denominator cannot give its count away. Secondary suppression: "
        "figures add up (service areas to the council, teams to the council, teams to their service area), so "
        "one [c] in such a group could be worked out by subtracting the others from the total. Wherever a group "
        "would have a single [c], the next smallest figure in it is suppressed too, and a suppressed service "
        "area has at least two of its teams suppressed. The council's own figures are never suppressed. The "
        "same cells are suppressed on the committee's pages, in this workbook and in the API."
    )


def _notes(context: PackContext) -> list[tuple[str, str]]:
    """Suppression, each measure's definition and source, the DfE figures, and every revision to date (the
    builder numbers them and adds one note for each symbol)."""
    notes = [("Suppression of small numbers", suppression_note())]
    seen = set()
    for figures in context.figures.values():
        if figures.plan_measure.measure_id in seen:
            continue
        seen.add(figures.plan_measure.measure_id)
        notes.append((figures.title, f"{figures.definition} Source: {figures.source}. Unit: {figures.unit}."))
    if context.benchmarks is not None:
        notes.append(
            (
                "DfE comparators and benchmarks",
                f"{context.benchmarks['source']} Figures for the census year to 30 September "
                f"{context.benchmarks['year']} (the latest loaded) unless a column says otherwise. Statistical "
                "neighbours' average: the mean of the neighbours with a figure. Rank: the council's position from "
                "the lowest figure among itself and its neighbours with a figure. DfE comparators shown for a "
                "published month are those in force when it was published.",
            )
        )
    for period in dao.list_periods(published_only=True):
        if period.month > context.month:
            continue
        for revision in period.revisions:
            changed = ", ".join(revision.changed_measures)
            notes.append(
                (
                    f"Revision {revision.number} of {period}",
                    f"{revision.note} (revised on {display_date(revision.made_at)}; measures changed: {changed})",
                )
            )
    return notes


def _direction_text(direction: Direction) -> str:
    return direction.value[:1].upper() + direction.value[1:]


def _summary(context: PackContext) -> ReleaseTable:
    headers = [
        "Strand",
        "Measure",
        "Unit",
        "Baseline",
        "Baseline date",
        "Target",
        "Target date",
        "This month",
        "This month notes",
        "Previous month",
        "Direction since previous month",
        "Direction since a year ago",
        "Rating",
        "DfE comparator year",
        "England",
        "Region",
        "Statistical neighbours' average",
        "Local comparators",
    ]
    rows = []
    for strand in context.plan.strands:
        for pm in strand.measures:
            figures = context.figures[pm.id]
            unit_format = _number_format(figures.unit)
            dfe = figures.comparators.dfe
            local = "; ".join(f"{name}: {value:g}" for name, value in figures.comparators.local.items())
            rows.append(
                [
                    strand.title,
                    figures.title,
                    figures.unit,
                    Formatted(pm.baseline_value, unit_format),
                    pm.baseline_date,
                    Formatted(pm.target_value, unit_format),
                    pm.target_date,
                    Formatted(_figure_cell(figures.current.available, figures.current.value), unit_format),
                    _marker(figures.current.revised, figures.current.provisional) or NOT_APPLICABLE,
                    Formatted(_figure_cell(figures.previous.available, figures.previous.value), unit_format),
                    _direction_text(figures.direction_month),
                    _direction_text(figures.direction_year),
                    figures.rating.meaning if figures.rating else "Not rated",
                    dfe["year"] if dfe else NOT_AVAILABLE,
                    Formatted(_dfe_cell(dfe, "england"), unit_format),
                    Formatted(_dfe_cell(dfe, "region"), unit_format),
                    Formatted(_dfe_cell(dfe, "neighbours"), unit_format),
                    local or (NOT_APPLICABLE if dfe else NOT_AVAILABLE),
                ]
            )
    return ReleaseTable(
        sheet="Summary",
        title=context.marked(f"Summary of plan measures, {context.month:%B %Y}"),
        headers=headers,
        rows=rows,
        number_formats={"Baseline date": DATE_FORMAT, "Target date": DATE_FORMAT, "DfE comparator year": "0"},
        contents="Each plan measure: baseline, target, this and last month, direction and rating",
        column_widths={"Strand": 28, "Measure": 40, "Local comparators": 40},
    )


def _dfe_cell(dfe: dict[str, Any] | None, key: str) -> Any:
    """A DfE comparator: its number, DfE's symbol (such as [c]) as text, or [x] when there is none."""
    if not dfe or dfe.get(key) is None:
        return NOT_AVAILABLE
    return dfe[key]


#: Number formats of the DfE census measures, by their unit.
CENSUS_FORMATS = {"%": "0.0", "people": "#,##0", "FTE": "#,##0.0", "cases": "#,##0.0", "days": "#,##0.0"}


def _benchmarks(context: PackContext) -> ReleaseTable:
    """Each census measure for the council against England, its region and the average of its statistical
    neighbours, with its rank among them and its trend since the first DfE year."""
    benchmarks = context.benchmarks or {"years": [], "rows": [], "year": None}
    years = benchmarks["years"]
    headers = [
        "Measure",
        "Unit",
        "DfE year",
        "Council",
        "Region",
        "England",
        "Statistical neighbours' average",
        "Rank among council and neighbours (1 = lowest)",
        "Council and neighbours with a figure",
        *(f"Council {year}" for year in years),
    ]
    if context.benchmarks is None:
        title = "DfE benchmarks: no DfE workforce figures are loaded"
    elif benchmarks["council_name"] is None:
        title = f"DfE benchmarks {benchmarks['year']}: England only (the council's LA code is not set)"
    else:
        title = (
            f"DfE benchmarks {benchmarks['year']}: {benchmarks['council_name']} against England, "
            f"{benchmarks['region_name']} and its {len(benchmarks['neighbours'])} statistical neighbours"
        )
    rows = []
    for row in benchmarks["rows"]:
        unit_format = CENSUS_FORMATS.get(row["unit"], "#,##0.0")
        rows.append(
            [
                row["title"],
                row["unit"],
                benchmarks["year"],
                *(Formatted(row[key], unit_format) for key in ("council", "region", "england", "neighbours")),
                NOT_AVAILABLE if row["rank"] is None else row["rank"],
                NOT_AVAILABLE if row["out_of"] is None else row["out_of"],
                *(Formatted(row["trend"][year], unit_format) for year in years),
            ]
        )
    return ReleaseTable(
        sheet="Benchmarks",
        title=context.marked(title),
        headers=headers,
        rows=rows,
        number_formats={
            "DfE year": "0",
            "Rank among council and neighbours (1 = lowest)": "0",
            "Council and neighbours with a figure": "0",
        },
        contents=(
            "Each DfE census measure for the council against England, its region and its statistical "
            "neighbours, with its rank among them and its trend since the first DfE year"
        ),
        column_widths={"Measure": 40},
    )


def _strand(context: PackContext, sheet_name: str, strand) -> ReleaseTable:
    measures = [context.figures[pm.id] for pm in strand.measures]
    title = context.marked(f"{strand.title}: 24-month trend to {context.month:%B %Y}")
    contents = f"Strand: {strand.title}. 24-month trend of its measures with charts"
    if not measures:
        return ReleaseTable(
            sheet=sheet_name,
            title=title,
            headers=["Month", "Measures"],
            rows=[[NOT_APPLICABLE, "No measures in this strand"]],
            description="This strand has no measures, so there is no trend to show.",
            contents=contents,
        )
    headers = ["Month"]
    # Headers by the measure's title: they say what each column is on its own.
    for figures in measures:
        headers += [figures.title, f"{figures.title}: trajectory", f"{figures.title}: notes"]
    headers = unique_headers(headers)
    rows = []
    for position in range(len(measures[0].trend)):
        row: list[Any] = [Formatted(measures[0].trend[position].month, MONTH_FORMAT)]
        for figures in measures:
            point = figures.trend[position]
            unit_format = _number_format(figures.unit)
            row += [
                Formatted(_figure_cell(point.available, point.value), unit_format),
                Formatted(round(point.expected, 6), unit_format),
                _marker(point.revised, point.provisional) or NOT_APPLICABLE,
            ]
        rows.append(row)
    charts = [
        ReleaseChart(
            title=f"{figures.title}: value and trajectory",
            y_title=figures.unit,
            # Lines named by the measure, so the legend says what each line is.
            series=[(headers[1 + index * 3], figures.title), (headers[2 + index * 3], "Trajectory to target")],
            description=_chart_description(figures),
            x_format=MONTH_FORMAT,
        )
        for index, figures in enumerate(measures)
    ]
    return ReleaseTable(
        sheet=sheet_name,
        title=title,
        headers=headers,
        rows=rows,
        description="; ".join(f"{figures.title}: {figures.unit}" for figures in measures),
        contents=contents,
        charts=charts,
    )


def _chart_description(figures: MeasureFigures) -> str:
    points = [point for point in figures.trend if point.available and point.value is not None]
    if not points:
        return f"Chart: {figures.title}. No figures are available for these months."
    first, last = points[0], points[-1]
    return (
        f"Chart: {figures.title} ({figures.unit}) by month, with the trajectory to the target of "
        f"{figures.plan_measure.target_value:g} by {figures.plan_measure.target_date:%B %Y}. "
        f"It went from {first.value:,.1f} in {first.month:%B %Y} to {last.value:,.1f} in {last.month:%B %Y}, "
        f"against a trajectory of {last.expected:,.1f}. Rating: "
        f"{figures.rating.meaning if figures.rating else 'not rated'}."
    )


def _teams(context: PackContext) -> ReleaseTable:
    """Each plan measure by service area and team, with the kernel's primary and secondary suppression
    applied (the same cells as on the committee's pages and in the API)."""
    headers = ["Measure", "Level", "Service area or team", "Value", "Numerator", "Denominator", "Notes"]
    rows = []
    if context.period is not None:
        seen = set()
        for figures in context.figures.values():
            measure_id = figures.plan_measure.measure_id
            if measure_id in seen:
                continue
            seen.add(measure_id)
            unit_format = _number_format(figures.unit)
            for level, label in ((ScopeLevel.SERVICE_AREA, "Service area"), (ScopeLevel.TEAM, "Team")):
                for name, value, symbol in breakdown(context.period, measure_id, level, suppress=True):
                    cells = (
                        [symbol, symbol, symbol]
                        if symbol
                        else [
                            NOT_APPLICABLE if value.value is None else Formatted(value.value, unit_format),
                            NOT_APPLICABLE if value.numerator is None else value.numerator,
                            NOT_APPLICABLE if value.denominator is None else value.denominator,
                        ]
                    )
                    rows.append(
                        [
                            figures.title,
                            label,
                            name,
                            *cells,
                            _marker(value.revision > 0, context.provisional) or NOT_APPLICABLE,
                        ]
                    )
    return ReleaseTable(
        sheet="Teams",
        title=context.marked(f"Plan measures by service area and team, {context.month:%B %Y}"),
        headers=headers,
        rows=rows,
        number_formats={"Numerator": "#,##0.0", "Denominator": "#,##0.0"},
        contents="Each plan measure by service area and team this month, small numbers suppressed",
        column_widths={"Measure": 40, "Service area or team": 45},
    )


def _actions(context: PackContext) -> ReleaseTable:
    headers = ["Strand", "Action", "Owner's role", "Due date", "Status", "Rating", "Signed off on"]
    rows = [
        [
            strand.title,
            action.title,
            action.owner.role.label,
            action.due_date,
            action.status.label,
            action.rating.meaning,
            action.signed_off_at.date() if action.signed_off_at else NOT_APPLICABLE,
        ]
        for strand in context.plan.strands
        for action in strand.actions
    ]
    return ReleaseTable(
        sheet="Actions",
        title=context.marked(f"Actions of the plan as at {context.month:%B %Y}"),
        headers=headers,
        rows=rows,
        number_formats={"Due date": DATE_FORMAT, "Signed off on": DATE_FORMAT},
        contents="Every action of the plan: owner's role, due date, status and rating",
        column_widths={"Strand": 28, "Action": 60},
    )
