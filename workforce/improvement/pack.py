"""The committee pack: an Excel workbook laid out to the Analysis Function guidance (docs/improvement.md).

Cover, contents, notes (definitions, sources, revisions, symbols), a summary table with the DfE
comparators, a sheet per strand with a 24-month trend table and a line chart described in text beside it,
the team breakdown with small numbers suppressed, the DfE benchmarks (each census measure for the council
against England, its region and its statistical neighbours, with rank and trend), and the actions.
Every table is an Excel table starting at the left with one header row; numbers are numbers with formats;
no cell is merged; all text is written as text, never a formula.
No names, staff numbers or case references: action owners are shown by role.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

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
from workforce.kernel.release import DEFAULT_CONTACT
from workforce.kernel.spreadsheets import print_on_a4_landscape, sheet_title, write_only_cell

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
#: Rows a chart and its description take up beside the trend table.
CHART_ROWS = 18


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


class _SheetWriter:
    """Writes rows of a write-only sheet, keeping count of rows so a table and a chart can refer to them."""

    def __init__(self, workbook: Workbook, title: str, widths: list[int], headers: list[str] | None = None):
        self.sheet = workbook.create_sheet(sheet_title(title))
        self.rows = 0
        # Every column at least as wide as its header, so that the header shows in full on screen and on paper.
        headers = list(headers or [])
        for index, width in enumerate(widths):
            header = headers[index] if index < len(headers) else ""
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = max(width, min(len(header) + 2, 100))
        print_on_a4_landscape(self.sheet)

    def append(
        self, values: list[Any], formats: list[str | None] | None = None, bold: bool = False, label_bold: bool = False
    ) -> int:
        formats = list(formats or []) + [None] * (len(values) - len(formats or []))
        # A number always carries a number format, even where the caller named none (such as note numbers).
        formats = [
            (fmt or ("0" if isinstance(value, int) else "#,##0.0##"))
            if isinstance(value, int | float) and not isinstance(value, bool)
            else fmt
            for value, fmt in zip(values, formats, strict=False)
        ]
        self.sheet.append(
            [
                None
                if value is None
                else write_only_cell(self.sheet, value, formats[i], bold=bold or (label_bold and i == 0))
                for i, value in enumerate(values)
            ]
        )
        self.rows += 1
        return self.rows

    def table(self, name: str, headers: list[str], first_row: int, last_row: int) -> None:
        """Mark the rows from the header row to the last row as an Excel table with a header row."""
        if last_row == first_row:
            # An Excel table needs a row under its header: say there is nothing, rather than leave it blank.
            last_row = self.append([NOT_APPLICABLE] * len(headers))
        table = Table(displayName=name, ref=f"A{first_row}:{get_column_letter(len(headers))}{last_row}")
        table.tableColumns = [TableColumn(id=i, name=header) for i, header in enumerate(headers, start=1)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        table.autoFilter = None
        with warnings.catch_warnings():
            # openpyxl always warns in write-only mode that columns must be named by hand: they are, above.
            warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
            self.sheet.add_table(table)


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
    workbook = Workbook(write_only=True)
    strand_sheets = [f"Strand {index}" for index, _ in enumerate(plan.strands, start=1)]
    _cover(workbook, context)
    _contents(workbook, context, strand_sheets)
    _notes(workbook, context)
    _summary(workbook, context)
    for sheet_name, strand in zip(strand_sheets, plan.strands, strict=True):
        _strand(workbook, context, sheet_name, strand)
    _teams(workbook, context)
    _benchmarks(workbook, context)
    _actions(workbook, context)
    return workbook


def _cover(workbook: Workbook, context: PackContext) -> None:
    """Title, then one labelled row each: period, status, source, contact, the time the figures were taken."""
    writer = _SheetWriter(workbook, "Cover", [18, 110])
    council = settings.get("council_name")
    writer.append([context.marked(f"{context.plan.title}: evidence for {context.month:%B %Y}")], bold=True)
    if context.provisional:
        status = "Provisional. These figures have not been published to committee and may change [p]."
        as_at = context.period.computed_at if context.period is not None else clock.now()
    else:
        status = "Published to committee."
        as_at = context.period.published_at
    rows: list[tuple[str, Any]] = [
        ("Status", status),
        ("Period", f"{context.month:%B %Y}, with the 24 months to it for trends"),
        ("Council", council),
        (
            "Source",
            "WPQ's monthly workforce figures, the improvement plan, and DfE's children's social work "
            "workforce statistics for comparators",
        ),
        ("Contact", DEFAULT_CONTACT),
        ("Figures as at", clock.as_utc(as_at).replace(tzinfo=None)),
    ]
    if not context.provisional and context.period.revision:
        rows.append(("Revised", f"This month's figures are at revision {context.period.revision}. See Notes."))
    rows += [
        ("Personal data", "This workbook holds aggregate figures only: no names, staff numbers or case references."),
        (
            "Suppression",
            "Figures for a team or service area that rest on fewer than "
            f"{suppression_threshold()} people or records are suppressed and shown as [c]. See Notes.",
        ),
        ("Contents", "The Contents sheet lists every sheet. The Notes sheet defines every measure and symbol."),
    ]
    for label, value in rows:
        writer.append([label, value], [None, "yyyy-mm-dd hh:mm"], label_bold=True)


def _contents(workbook: Workbook, context: PackContext, strand_sheets: list[str]) -> None:
    headers = ["Sheet", "What it holds"]
    writer = _SheetWriter(workbook, "Contents", [14, 90], headers)
    writer.append([context.marked("Contents")], bold=True)
    first = writer.append(headers, bold=True)
    rows = [
        ("Cover", "About this workbook, its period and status"),
        ("Notes", "Definitions and sources of measures, symbols and revisions"),
        ("Summary", "Each plan measure: baseline, target, this and last month, direction and rating"),
    ]
    rows += [
        (name, f"Strand: {strand.title}. 24-month trend of its measures with charts")
        for name, strand in zip(strand_sheets, context.plan.strands, strict=True)
    ]
    rows += [
        ("Teams", "Each plan measure by service area and team this month, small numbers suppressed"),
        (
            "Benchmarks",
            "Each DfE census measure for the council against England, its region and its statistical "
            "neighbours, with its rank among them and its trend since the first DfE year",
        ),
        ("Actions", "Every action of the plan: owner's role, due date, status and rating"),
    ]
    for row in rows:
        last = writer.append(list(row))
    writer.table("Contents", headers, first, last)


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


def _notes(workbook: Workbook, context: PackContext) -> None:
    headers = ["Note", "Subject", "Note text"]
    writer = _SheetWriter(workbook, "Notes", [8, 28, 100], headers)
    writer.append([context.marked("Notes: definitions, sources, symbols and revisions")], bold=True)
    first = last = writer.append(headers, bold=True)
    number = 0
    for symbol, meaning in SYMBOLS.items():
        number += 1
        last = writer.append([number, f"Symbol {symbol}", meaning])
    number += 1
    last = writer.append([number, "Suppression of small numbers", suppression_note()])
    seen = set()
    for figures in context.figures.values():
        if figures.plan_measure.measure_id in seen:
            continue
        seen.add(figures.plan_measure.measure_id)
        number += 1
        text = f"{figures.definition} Source: {figures.source}. Unit: {figures.unit}."
        last = writer.append([number, figures.title, text])
    if context.benchmarks is not None:
        number += 1
        last = writer.append(
            [
                number,
                "DfE comparators and benchmarks",
                f"{context.benchmarks['source']} Figures for the census year to 30 September "
                f"{context.benchmarks['year']} (the latest loaded) unless a column says otherwise. Statistical "
                "neighbours' average: the mean of the neighbours with a figure. Rank: the council's position from "
                "the lowest figure among itself and its neighbours with a figure. DfE comparators shown for a "
                "published month are those in force when it was published.",
            ]
        )
    for period in dao.list_periods(published_only=True):
        if period.month > context.month:
            continue
        for revision in period.revisions:
            number += 1
            changed = ", ".join(revision.changed_measures)
            last = writer.append(
                [
                    number,
                    f"Revision {revision.number} of {period}",
                    f"{revision.note} (revised on {display_date(revision.made_at)}; measures changed: {changed})",
                ]
            )
    writer.table("Notes", headers, first, last)


def _direction_text(direction: Direction) -> str:
    return direction.value[:1].upper() + direction.value[1:]


def _summary(workbook: Workbook, context: PackContext) -> None:
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
    writer = _SheetWriter(
        workbook, "Summary", [28, 40, 8, 10, 14, 10, 14, 12, 12, 14, 16, 16, 22, 12, 10, 10, 14, 40], headers
    )
    writer.append([context.marked(f"Summary of plan measures, {context.month:%B %Y}")], bold=True)
    first = last = writer.append(headers, bold=True)
    for strand in context.plan.strands:
        for pm in strand.measures:
            figures = context.figures[pm.id]
            unit_format = _number_format(figures.unit)
            dfe = figures.comparators.dfe
            local = "; ".join(f"{name}: {value:g}" for name, value in figures.comparators.local.items())
            last = writer.append(
                [
                    strand.title,
                    figures.title,
                    figures.unit,
                    pm.baseline_value,
                    pm.baseline_date,
                    pm.target_value,
                    pm.target_date,
                    _figure_cell(figures.current.available, figures.current.value),
                    _marker(figures.current.revised, figures.current.provisional) or NOT_APPLICABLE,
                    _figure_cell(figures.previous.available, figures.previous.value),
                    _direction_text(figures.direction_month),
                    _direction_text(figures.direction_year),
                    figures.rating.meaning if figures.rating else "Not rated",
                    dfe["year"] if dfe else NOT_AVAILABLE,
                    _dfe_cell(dfe, "england"),
                    _dfe_cell(dfe, "region"),
                    _dfe_cell(dfe, "neighbours"),
                    local or (NOT_APPLICABLE if dfe else NOT_AVAILABLE),
                ],
                [None, None, None, unit_format, DATE_FORMAT, unit_format, DATE_FORMAT, unit_format, None, unit_format]
                + [None, None, None, "0", unit_format, unit_format, unit_format, None],
            )
    writer.table("Summary", headers, first, last)


def _dfe_cell(dfe: dict[str, Any] | None, key: str) -> Any:
    """A DfE comparator: its number, DfE's symbol (such as [c]) as text, or [x] when there is none."""
    if not dfe or dfe.get(key) is None:
        return NOT_AVAILABLE
    return dfe[key]


#: Number formats of the DfE census measures, by their unit.
CENSUS_FORMATS = {"%": "0.0", "people": "#,##0", "FTE": "#,##0.0", "cases": "#,##0.0", "days": "#,##0.0"}


def _benchmarks(workbook: Workbook, context: PackContext) -> None:
    """Issue: each census measure for the council against England, its region and the average of its
    statistical neighbours, with its rank among them and its trend since the first DfE year."""
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
    writer = _SheetWriter(workbook, "Benchmarks", [40, 8, 10, 12, 12, 12, 16, 18, 16] + [12] * len(years), headers)
    if context.benchmarks is None:
        title = "DfE benchmarks: no DfE workforce figures are loaded"
    elif benchmarks["council_name"] is None:
        title = f"DfE benchmarks {benchmarks['year']}: England only (the council's LA code is not set)"
    else:
        title = (
            f"DfE benchmarks {benchmarks['year']}: {benchmarks['council_name']} against England, "
            f"{benchmarks['region_name']} and its {len(benchmarks['neighbours'])} statistical neighbours"
        )
    writer.append([context.marked(title)], bold=True)
    first = last = writer.append(headers, bold=True)
    for row in benchmarks["rows"]:
        unit_format = CENSUS_FORMATS.get(row["unit"], "#,##0.0")
        last = writer.append(
            [
                row["title"],
                row["unit"],
                benchmarks["year"],
                row["council"],
                row["region"],
                row["england"],
                row["neighbours"],
                NOT_AVAILABLE if row["rank"] is None else row["rank"],
                NOT_AVAILABLE if row["out_of"] is None else row["out_of"],
                *(row["trend"][year] for year in years),
            ],
            [None, None, "0", unit_format, unit_format, unit_format, unit_format, "0", "0"]
            + [unit_format] * len(years),
        )
    writer.table("Benchmarks", headers, first, last)


def _strand(workbook: Workbook, context: PackContext, sheet_name: str, strand) -> None:
    measures = [context.figures[pm.id] for pm in strand.measures]
    headers = ["Month"]
    # Headers by the measure's title: they name the chart's lines too, and say what each column is on its own.
    for figures in measures:
        headers += [figures.title, f"{figures.title}: trajectory", f"{figures.title}: notes"]
    headers = _unique(headers) if measures else ["Month", "Measures"]
    widths = [12] + [14, 14, 12] * len(measures) + [4, 70]
    writer = _SheetWriter(workbook, sheet_name, widths, headers)
    title = context.marked(f"{strand.title}: 24-month trend to {context.month:%B %Y}")
    description_column = len(headers) + 1
    writer.append([title], bold=True)
    if not measures:
        writer.append(["This strand has no measures, so there is no trend to show."])
        first = writer.append(headers, bold=True)
        last = writer.append([NOT_APPLICABLE, "No measures in this strand"])
        writer.table(f"Trend{sheet_name.replace(' ', '')}", headers, first, last)
        return
    key = "; ".join(f"{figures.title}: {figures.unit}" for figures in measures)
    writer.append([key])
    header_row = 3
    descriptions = {
        header_row + index * CHART_ROWS: _chart_description(figures) for index, figures in enumerate(measures)
    }
    rows = []
    for position in range(len(measures[0].trend)):
        row: list[Any] = [measures[0].trend[position].month]
        formats: list[str | None] = [MONTH_FORMAT]
        for figures in measures:
            point = figures.trend[position]
            row += [
                _figure_cell(point.available, point.value),
                round(point.expected, 6),
                _marker(point.revised, point.provisional) or NOT_APPLICABLE,
            ]
            unit_format = _number_format(figures.unit)
            formats += [unit_format, unit_format, None]
        rows.append((row, formats))
    last_data_row = header_row + len(rows)
    total_rows = max(last_data_row, header_row + len(measures) * CHART_ROWS)
    for row_number in range(header_row, total_rows + 1):
        if row_number == header_row:
            values, formats, bold = list(headers), None, True
        elif row_number <= last_data_row:
            values, formats = rows[row_number - header_row - 1]
            values, formats, bold = list(values), list(formats), False
        else:
            values, formats, bold = [None] * len(headers), [None] * len(headers), False
        if row_number in descriptions:
            values += [None, descriptions[row_number]]
            formats = (formats or [None] * len(headers)) + [None, None]
        if bold:
            writer.sheet.append(
                [write_only_cell(writer.sheet, value, bold=True) if value is not None else None for value in values]
            )
            writer.rows += 1
        else:
            writer.append(values, formats)
    writer.table(f"Trend{sheet_name.replace(' ', '')}", headers, header_row, last_data_row)
    for index, figures in enumerate(measures):
        chart = LineChart()
        chart.title = f"{figures.title}: value and trajectory"
        chart.x_axis.title = "Month"
        chart.y_axis.title = figures.unit
        chart.x_axis.number_format = MONTH_FORMAT
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height, chart.width = 7.5, 16
        value_column = 2 + index * 3
        data = Reference(
            writer.sheet, min_col=value_column, max_col=value_column + 1, min_row=header_row, max_row=last_data_row
        )
        chart.add_data(data, titles_from_data=True)
        # Named series, so the legend says what each line is rather than its column's header.
        for series, name in zip(chart.series, (figures.title, "Trajectory to target"), strict=False):
            series.tx = SeriesLabel(v=name)
        # Read out by screen readers in place of the chart (written into the drawing by workbook_bytes).
        chart.alt_text = _chart_description(figures)
        chart.set_categories(Reference(writer.sheet, min_col=1, min_row=header_row + 1, max_row=last_data_row))
        anchor_row = header_row + index * CHART_ROWS + 1
        writer.sheet.add_chart(chart, f"{get_column_letter(description_column + 1)}{anchor_row}")


def _unique(headers: list[str]) -> list[str]:
    """Excel table column names must differ (ignoring case): a measure twice in a strand is numbered."""
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        count = seen.get(header.lower(), 0) + 1
        seen[header.lower()] = count
        unique.append(header if count == 1 else f"{header} ({count})")
    return unique


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


def _teams(workbook: Workbook, context: PackContext) -> None:
    headers = ["Measure", "Level", "Service area or team", "Value", "Numerator", "Denominator", "Notes"]
    writer = _SheetWriter(workbook, "Teams", [40, 14, 45, 12, 12, 12, 12], headers)
    writer.append([context.marked(f"Plan measures by service area and team, {context.month:%B %Y}")], bold=True)
    first = last = writer.append(headers, bold=True)
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
                            NOT_APPLICABLE if value.value is None else value.value,
                            NOT_APPLICABLE if value.numerator is None else value.numerator,
                            NOT_APPLICABLE if value.denominator is None else value.denominator,
                        ]
                    )
                    last = writer.append(
                        [
                            figures.title,
                            label,
                            name,
                            *cells,
                            _marker(value.revision > 0, context.provisional) or NOT_APPLICABLE,
                        ],
                        [None, None, None, unit_format, "#,##0.0", "#,##0.0", None],
                    )
    writer.table("Teams", headers, first, last)


def _actions(workbook: Workbook, context: PackContext) -> None:
    headers = ["Strand", "Action", "Owner's role", "Due date", "Status", "Rating", "Signed off on"]
    writer = _SheetWriter(workbook, "Actions", [28, 60, 22, 14, 28, 28, 14], headers)
    writer.append([context.marked(f"Actions of the plan as at {context.month:%B %Y}")], bold=True)
    first = last = writer.append(headers, bold=True)
    for strand in context.plan.strands:
        for action in strand.actions:
            last = writer.append(
                [
                    strand.title,
                    action.title,
                    action.owner.role.label,
                    action.due_date,
                    action.status.label,
                    action.rating.meaning,
                    action.signed_off_at.date() if action.signed_off_at else NOT_APPLICABLE,
                ],
                [None, None, None, DATE_FORMAT, None, None, DATE_FORMAT],
            )
    writer.table("Actions", headers, first, last)
