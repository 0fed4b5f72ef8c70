"""One builder for every spreadsheet WPQ releases, to the Analysis Function standard.

The UK Analysis Function's "Releasing statistics in spreadsheets" guidance: a cover sheet (title, period,
source, contact, the time the figures were taken), a contents sheet, a notes sheet, then one table per
sheet, starting at the top left with a title row, marked up as an Excel table, numbers stored as numbers
with a number format, no blank cells inside a table (GSS shorthand instead: [x] not available, [z] not
applicable), columns wide enough to show their headers, and sheets that print on A4 landscape.
Text that starts with = + - @ is always stored as text, never as a formula (workforce.kernel.spreadsheets
owns the cell: formula-safe text and number formats).

Every export goes through `build_release`: the committee pack, the agency return, the census check, the
training matrix, the QA report, the supervision compliance workbook, list downloads and import problem
reports. Workbooks are written in openpyxl's write-only mode, so memory stays flat however many rows.
A table may have line charts beside it (each with a title, axis titles, named lines, and a description
written beside it that is also the chart's alternative text).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.spreadsheets import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    Sheet,
    send_workbook,
    sheet_title,
    write_only_cell,
)

#: Who to ask about a release, unless its caller names someone.
DEFAULT_CONTACT = "The council's children's services performance team"
#: The GSS symbols every release explains in its notes, one note each.
SYMBOLS = {
    "[c]": "Suppressed to protect confidentiality",
    NOT_AVAILABLE: "Not available",
    NOT_APPLICABLE: "Not applicable",
    "[low]": "Rounds to zero but is not zero",
    "[r]": "Revised since first published",
    "[p]": "Provisional: may change",
}
MAX_WIDTH = 70
#: Rows each chart and its description take up beside its table.
CHART_ROWS = 18
#: Rows read ahead to size each column to its contents before the rest are streamed.
WIDTH_SAMPLE = 500
RESERVED_SHEETS = ("Cover", "Contents", "Notes")


@dataclass(frozen=True)
class Formatted:
    """A value with its own number format, for a column whose format differs by row (such as a unit)."""

    value: Any
    number_format: str | None


@dataclass
class ReleaseChart:
    """A line chart beside its table: lines from columns named by header, months (or other categories)
    from the first column."""

    title: str
    y_title: str
    #: (header of the column, name of the line in the legend), one per line.
    series: Sequence[tuple[str, str]]
    #: Written beside the chart, and its alternative text for screen readers.
    description: str
    x_title: str = "Month"
    x_format: str | None = None


@dataclass
class ReleaseTable:
    """One table: the sheet it goes on, its title row, its header row and rows, and number formats by header."""

    sheet: str
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    number_formats: dict[str, str] = field(default_factory=dict)
    #: Shown under the title (what the table holds, where its notes are).
    description: str | None = None
    #: What the Contents sheet says the sheet holds (its title when not given).
    contents: str | None = None
    #: Wanted widths by header (never narrower than the header); other columns are sized to their contents.
    column_widths: dict[str, int] = field(default_factory=dict)
    charts: Sequence[ReleaseChart] = ()


def cell(worksheet, value: Any, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
    """A cell to the release standard: no blank ([x]), Yes/No for a flag, a number format for every number
    and date, and text that is always text."""
    if isinstance(value, Formatted):
        value, number_format = value.value, value.number_format or number_format
    if value is None or value == "":
        value = NOT_AVAILABLE
    elif isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, int | float) and not number_format:
        number_format = "#,##0" if float(value).is_integer() else "#,##0.0#####"
    if isinstance(value, dt.datetime):
        value = clock.as_utc(value).replace(tzinfo=None) if value.tzinfo else value
        number_format = number_format or "yyyy-mm-dd hh:mm"
    if not isinstance(value, str | int | float | dt.date):
        value = str(value)
    return write_only_cell(worksheet, value, number_format, bold)


def print_on_a4_landscape(worksheet) -> None:
    """Every released sheet prints on A4 landscape, fitted to the page's width."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = "9"  # A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", title).strip("_") or "Table"
    base = (base if base[0].isalpha() else "T_" + base)[:200]
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base}_{number}", number + 1
    used.add(name.lower())
    return name


def unique_headers(headers: Sequence[Any]) -> list[str]:
    """Excel table column names must differ (ignoring case): a repeated header is numbered."""
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        text = str(header) or "Column"
        count = seen.get(text.lower(), 0) + 1
        seen[text.lower()] = count
        unique.append(text if count == 1 else f"{text} ({count})")
    return unique


def _shown(value: Any) -> str:
    if isinstance(value, Formatted):
        value = value.value
    if value is None or value == "":
        return NOT_AVAILABLE
    if isinstance(value, dt.datetime):
        return "yyyy-mm-dd hh:mm"  # as wide as the format it is shown in
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _widths(worksheet, headers: list[str], sample: list[Sequence[Any]], wanted: dict[str, int]) -> None:
    """Each column as wide as its header, and as its longest value in the sample (up to MAX_WIDTH), or as
    the caller wants; never narrower than the header, so the header shows in full on screen and on paper."""
    for index, header in enumerate(headers):
        if header in wanted:
            width = wanted[header]
        else:
            longest = max((len(_shown(row[index])) for row in sample if index < len(row)), default=0)
            width = min(max(longest + 2, 10), MAX_WIDTH)
        worksheet.column_dimensions[get_column_letter(index + 1)].width = max(width, len(header) + 2)


def _add_table(worksheet, name: str, headers: list[str], first_row: int, last_row: int) -> None:
    table = Table(displayName=name, ref=f"A{first_row}:{get_column_letter(len(headers))}{last_row}")
    table.tableColumns = [TableColumn(id=i, name=header) for i, header in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns in write-only mode that table columns must be named by hand: they are, above.
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        worksheet.add_table(table)


def write_table(workbook: Workbook, name: str, table: ReleaseTable, used: set[str]) -> None:
    """A sheet holding one table: its title in A1, a description line if any, the header row, the rows, an
    Excel table object over exactly the header and rows, then any charts to the right, each with its
    description beside it. Rows are streamed after the first WIDTH_SAMPLE, which size the columns."""
    worksheet = workbook.create_sheet(name)
    headers = unique_headers(table.headers)
    rows = iter(table.rows)
    sample = [list(row) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    wanted = {
        unique: table.column_widths[header]
        for unique, header in zip(headers, table.headers, strict=True)
        if header in table.column_widths
    }
    _widths(worksheet, headers, sample, wanted)
    description_column = len(headers) + 2
    if table.charts:
        worksheet.column_dimensions[get_column_letter(description_column)].width = MAX_WIDTH
    print_on_a4_landscape(worksheet)
    worksheet.append([cell(worksheet, table.title, bold=True)])
    header_row = 2
    if table.description:
        worksheet.append([cell(worksheet, table.description)])
        header_row = 3
    descriptions = {header_row + index * CHART_ROWS: chart.description for index, chart in enumerate(table.charts)}

    def append(values: list[Any], row_number: int) -> None:
        if row_number in descriptions:
            text = cell(worksheet, descriptions[row_number])
            text.alignment = Alignment(wrap_text=True, vertical="top")
            values = [*values, None, text]
        worksheet.append(values)

    append([cell(worksheet, header, bold=True) for header in headers], header_row)
    formats = [table.number_formats.get(header) for header in table.headers]
    last = header_row
    for row in itertools.chain(sample, rows):
        row = list(row)
        last += 1
        append([cell(worksheet, row[i] if i < len(row) else None, formats[i]) for i in range(len(headers))], last)
    if last == header_row:
        last += 1
        append([cell(worksheet, NOT_APPLICABLE) for _ in headers], last)
    for row_number in range(last + 1, max(descriptions, default=0) + 1):
        append([None] * len(headers), row_number)
    _add_table(worksheet, _table_name(name, used), headers, header_row, last)
    worksheet.freeze_panes = f"A{header_row + 1}"
    worksheet.print_title_rows = f"{header_row}:{header_row}"
    for index, chart in enumerate(table.charts):
        _add_chart(
            worksheet,
            chart,
            headers,
            header_row,
            last,
            f"{get_column_letter(description_column + 1)}{header_row + index * CHART_ROWS + 1}",
        )


def _add_chart(worksheet, chart: ReleaseChart, headers: list[str], header_row: int, last: int, anchor: str):
    line = LineChart()
    line.title = chart.title
    line.x_axis.title = chart.x_title
    line.y_axis.title = chart.y_title
    if chart.x_format:
        line.x_axis.number_format = chart.x_format
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.height, line.width = 7.5, 16
    for header, name in chart.series:
        column = headers.index(header) + 1
        line.add_data(Reference(worksheet, min_col=column, min_row=header_row + 1, max_row=last))
        # Named series, so the legend says what each line is, not "Series 1" or its column's header.
        line.series[-1].tx = SeriesLabel(v=name)
    line.set_categories(Reference(worksheet, min_col=1, min_row=header_row + 1, max_row=last))
    # Read out by screen readers in place of the chart (written into the drawing by workbook_bytes).
    line.alt_text = chart.description
    worksheet.add_chart(line, anchor)


def _sheet_names(tables: Sequence[ReleaseTable]) -> list[str]:
    names: list[str] = []
    for table in tables:
        name = sheet_title(table.sheet)
        while name in names or name in RESERVED_SHEETS:
            name = sheet_title(f"{name[:27]} {len(names) + 1}")
        names.append(name)
    return names


def build_release(
    title: str,
    period: str,
    source: str,
    tables: Iterable[ReleaseTable],
    notes: Iterable[tuple[str, str]] = (),
    contact: str | None = None,
    as_at: dt.datetime | None = None,
    status: str | None = None,
    cover_rows: Iterable[tuple[str, Any]] = (),
    contents_title: str = "Contents",
    notes_title: str = "Notes",
    symbols: dict[str, str] | None = None,
) -> Workbook:
    """The workbook: cover, contents, notes, then each table on its own sheet.

    The cover has the title, then the status (if given), period, source, contact, the time the figures were
    taken, any further labelled rows, and where to find the contents. The notes are numbered: the caller's,
    then one for each GSS symbol (`symbols`, the kernel's wording unless a module gives its own)."""
    tables = list(tables)
    names = _sheet_names(tables)
    used: set[str] = set()
    workbook = Workbook(write_only=True)

    cover = workbook.create_sheet("Cover")
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 110
    print_on_a4_landscape(cover)
    heading = cell(cover, title, bold=True)
    heading.font = Font(bold=True, size=16)
    cover.append([heading])
    rows: list[tuple[str, Any]] = [("Status", status)] if status else []
    rows += [
        ("Period", period),
        ("Source", source),
        ("Contact", contact or DEFAULT_CONTACT),
        ("Figures as at", as_at or clock.now()),
        *cover_rows,
        ("Contents", "The Contents sheet lists every sheet; the Notes sheet explains the figures and symbols."),
    ]
    for label, value in rows:
        text = cell(cover, value, "yyyy-mm-dd hh:mm")
        text.alignment = Alignment(wrap_text=True, vertical="top")
        cover.append([cell(cover, label, bold=True), text])

    contents_rows = [
        ("Cover", "About this workbook: its period, source and contact"),
        ("Notes", "Definitions, sources, symbols and revisions"),
    ] + [(name, table.contents or table.title) for name, table in zip(names, tables, strict=True)]
    contents = workbook.create_sheet("Contents")
    _widths(contents, ["Sheet", "What it holds"], contents_rows, {"What it holds": MAX_WIDTH + 20})
    print_on_a4_landscape(contents)
    contents.append([cell(contents, contents_title, bold=True)])
    contents.append([cell(contents, "Sheet", bold=True), cell(contents, "What it holds", bold=True)])
    for sheet, holds in contents_rows:
        link = cell(contents, sheet)
        link.hyperlink = f"#'{sheet}'!A1"
        contents.append([link, cell(contents, holds)])
    _add_table(contents, _table_name("Contents", used), ["Sheet", "What it holds"], 2, 2 + len(contents_rows))

    note_rows = [*notes] + [(f"Symbol {symbol}", meaning) for symbol, meaning in (symbols or SYMBOLS).items()]
    notes_sheet = workbook.create_sheet("Notes")
    note_headers = ["Note", "Subject", "Note text"]
    _widths(notes_sheet, note_headers, [(1, subject, "") for subject, _ in note_rows], {"Note text": MAX_WIDTH + 30})
    print_on_a4_landscape(notes_sheet)
    notes_sheet.append([cell(notes_sheet, notes_title, bold=True)])
    notes_sheet.append([cell(notes_sheet, header, bold=True) for header in note_headers])
    for number, (subject, text) in enumerate(note_rows, start=1):
        wrapped = cell(notes_sheet, text)
        wrapped.alignment = Alignment(wrap_text=True, vertical="top")
        notes_sheet.append([cell(notes_sheet, number, "0"), cell(notes_sheet, subject), wrapped])
    _add_table(notes_sheet, _table_name("Notes", used), note_headers, 2, 2 + len(note_rows))

    for name, table in zip(names, tables, strict=True):
        write_table(workbook, name, table, used)
    return workbook


def send_release(workbook: Workbook, filename: str) -> Response:
    return send_workbook(workbook, filename)


def release_from_sheets(
    title: str,
    period: str,
    source: str,
    sheets: Iterable[Sheet],
    notes: Iterable[tuple[str, str]] = (),
    contact: str | None = None,
    sheet_titles: bool = True,
) -> Workbook:
    """`build_release` for exports written as kernel `Sheet`s: each sheet becomes one table, titled
    "<title>: <sheet>" (or the sheet's own title), with the sheet's number formats and widths."""
    tables = [
        ReleaseTable(
            sheet=sheet.title,
            title=f"{title}: {sheet.title}" if sheet_titles else sheet.title,
            headers=list(sheet.headers),
            rows=sheet.rows,
            number_formats=dict(sheet.number_formats),
            column_widths=dict(sheet.column_widths),
        )
        for sheet in sheets
    ]
    return build_release(title, period, source, tables, notes, contact)


def build_workbook(
    sheets: Iterable[Sheet],
    title: str | None = None,
    source: str = "WPQ records, as the signed-in user may see them",
    notes: Iterable[tuple[str, str]] = (),
    contact: str | None = None,
) -> Workbook:
    """A download (a list, an import's problems) as a release: its period is the day it was made."""
    sheets = list(sheets)
    title = title or "; ".join(sheet.title for sheet in sheets) or "Download"
    return release_from_sheets(
        title, f"As at {display_date(clock.now())}", source, sheets, notes, contact, sheet_titles=False
    )
