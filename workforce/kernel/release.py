"""One builder for every spreadsheet WPQ releases, to the Analysis Function standard.

The UK Analysis Function's "Releasing statistics in spreadsheets" guidance: a cover sheet (title, period,
source, contact, the time the figures were taken), a contents sheet, a notes sheet, then one table per
sheet, starting at the top left with a title row, marked up as an Excel table, numbers stored as numbers
with a number format, no blank cells inside a table (GSS shorthand instead: [x] not available, [z] not
applicable), columns wide enough to show their headers, and sheets that print on A4 landscape.
Text that starts with = + - @ is always stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from workforce.kernel import clock
from workforce.kernel.spreadsheets import (
    DEFAULT_CONTACT,
    NUMBER_FORMATS,
    Sheet,
    print_on_a4_landscape,
    send_workbook,
    sheet_title,
)

#: GSS shorthand for a cell with no value: not available.
NOT_AVAILABLE = "[x]"
#: GSS shorthand: not applicable (also the one row of a table with no records).
NOT_APPLICABLE = "[z]"
MAX_WIDTH = 70


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


def _text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # always text, whatever it starts with: never a formula


def put(worksheet, row: int, column: int, value: Any, number_format: str | None = None, bold: bool = False):
    """Write one cell: text stays text; numbers and dates carry a number format; None becomes [x]."""
    cell = worksheet.cell(row=row, column=column)
    if value is None or value == "":
        _text(cell, NOT_AVAILABLE)
    elif isinstance(value, bool):
        _text(cell, "Yes" if value else "No")
    elif isinstance(value, int | float):
        cell.value = value
        cell.number_format = NUMBER_FORMATS.get(number_format, number_format) if number_format else _default(value)
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = NUMBER_FORMATS["date"]
    else:
        _text(cell, str(value))
    if bold:
        cell.font = Font(bold=True)
    return cell


def _default(value: float) -> str:
    return "#,##0" if float(value).is_integer() else "#,##0.0#####"


def _widths(worksheet, columns: list[list[Any]]) -> None:
    for index, values in enumerate(columns, start=1):
        longest = max((len(str(value)) for value in values), default=8)
        worksheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), MAX_WIDTH)


def _table_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", title).strip("_") or "Table"
    if not base[0].isalpha():
        base = "T_" + base
    base = base[:200]
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base}_{number}", number + 1
    used.add(name.lower())
    return name


def _unique_headers(headers: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        text = str(header) or "Column"
        count = seen.get(text.lower(), 0)
        seen[text.lower()] = count + 1
        unique.append(text if count == 0 else f"{text} ({count + 1})")
    return unique


def _two_column_table(worksheet, first_row: int, headers: Sequence[str], rows: list[Sequence[Any]], name: str):
    for column, header in enumerate(headers, start=1):
        put(worksheet, first_row, column, header, bold=True)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(worksheet, first_row + offset, column, value)
    last = first_row + max(len(rows), 1)
    if not rows:
        for column in range(1, len(headers) + 1):
            put(worksheet, last, column, NOT_APPLICABLE)
    ref = f"A{first_row}:{get_column_letter(len(headers))}{last}"
    worksheet.add_table(Table(displayName=name, ref=ref, tableStyleInfo=TableStyleInfo(name="TableStyleLight1")))


def build_release(
    title: str,
    period: str,
    source: str,
    tables: Iterable[ReleaseTable],
    notes: Iterable[tuple[str, str]] = (),
    contact: str | None = None,
    as_at: dt.datetime | None = None,
    workbook: Workbook | None = None,
) -> Workbook:
    """The workbook: cover, contents, notes, then each table on its own sheet (after any sheets already in
    `workbook`, such as charts a caller adds afterwards)."""
    workbook = workbook or Workbook()
    for sheet in list(workbook.worksheets):
        if sheet.title == "Sheet" and sheet.max_row == 1 and sheet["A1"].value is None:
            workbook.remove(sheet)
    tables = list(tables)
    used: set[str] = set()
    as_at = as_at or clock.now()

    cover = workbook.create_sheet("Cover", 0)
    put(cover, 1, 1, title, bold=True).font = Font(bold=True, size=16)
    cover_rows = [
        ("Period", period),
        ("Source", source),
        ("Contact", contact or DEFAULT_CONTACT),
        ("Figures as at", as_at),
        ("Contents", "The Contents sheet lists every table; the Notes sheet explains them."),
    ]
    for offset, (label, value) in enumerate(cover_rows, start=2):
        put(cover, offset, 1, label, bold=True)
        put(cover, offset, 2, value)
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = MAX_WIDTH + 30
    print_on_a4_landscape(cover)

    contents = workbook.create_sheet("Contents", 1)
    put(contents, 1, 1, "Contents", bold=True)
    sheet_names = []
    for table in tables:
        name = sheet_title(table.sheet)
        while name in sheet_names or name in ("Cover", "Contents", "Notes"):
            name = sheet_title(f"{name[:27]} {len(sheet_names) + 1}")
        sheet_names.append(name)
    contents_rows = [("Notes", "Definitions, sources, symbols and revisions")] + [
        (name, table.title) for name, table in zip(sheet_names, tables, strict=True)
    ]
    _two_column_table(contents, 2, ("Sheet", "Table"), contents_rows, _table_name("Contents", used))
    for row, (name, _title) in enumerate(contents_rows, start=3):
        contents.cell(row=row, column=1).hyperlink = f"#'{name}'!A1"
    _widths(contents, [["Sheet", *(r[0] for r in contents_rows)], ["Table", *(r[1] for r in contents_rows)]])
    print_on_a4_landscape(contents)

    notes_sheet = workbook.create_sheet("Notes", 2)
    put(notes_sheet, 1, 1, "Notes", bold=True)
    note_rows = [
        *notes,
        (
            "Symbols",
            "[c] suppressed to protect confidentiality; [x] not available; [z] not applicable; "
            "[low] rounds to zero; [r] revised; [p] provisional.",
        ),
    ]
    _two_column_table(notes_sheet, 2, ("Note", "Text"), note_rows, _table_name("Notes", used))
    _widths(notes_sheet, [["Note", *(n[0] for n in note_rows)], ["Text"] + ["x" * MAX_WIDTH]])
    for row in range(3, 3 + len(note_rows)):
        notes_sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    print_on_a4_landscape(notes_sheet)

    for name, table in zip(sheet_names, tables, strict=True):
        write_table(workbook.create_sheet(name), table, used)
    return workbook


def write_table(worksheet, table: ReleaseTable, used: set[str] | None = None) -> None:
    """A table on its own sheet: title in A1, a description line, the header row, then the rows."""
    used = used if used is not None else set()
    put(worksheet, 1, 1, table.title, bold=True)
    header_row = 2
    if table.description:
        put(worksheet, 2, 1, table.description)
        header_row = 3
    headers = _unique_headers(table.headers)
    columns: list[list[Any]] = [[header] for header in headers]
    for column, header in enumerate(headers, start=1):
        put(worksheet, header_row, column, header, bold=True)
    formats = [table.number_formats.get(header) for header in table.headers]
    row_number = header_row
    for row in table.rows:
        row_number += 1
        for column in range(1, len(headers) + 1):
            value = row[column - 1] if column - 1 < len(row) else None
            put(worksheet, row_number, column, value, formats[column - 1])
            columns[column - 1].append(NOT_AVAILABLE if value is None else value)
    if row_number == header_row:
        row_number += 1
        for column in range(1, len(headers) + 1):
            put(worksheet, row_number, column, NOT_APPLICABLE)
    ref = f"A{header_row}:{get_column_letter(len(headers))}{row_number}"
    worksheet.add_table(
        Table(
            displayName=_table_name(table.sheet, used),
            ref=ref,
            tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=True),
        )
    )
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    _widths(worksheet, columns)
    print_on_a4_landscape(worksheet)
    worksheet.print_title_rows = f"{header_row}:{header_row}"


def send_release(workbook: Workbook, filename: str) -> Response:
    return send_workbook(workbook, filename)


def release_from_sheets(
    title: str,
    period: str,
    source: str,
    sheets: Iterable[Sheet],
    notes: Iterable[tuple[str, str]] = (),
    contact: str | None = None,
) -> Workbook:
    """`build_release` for exports written as kernel `Sheet`s: each sheet becomes one table, titled
    "<title>: <sheet>", with the sheet's number formats."""
    tables = [
        ReleaseTable(
            sheet=sheet.title,
            title=f"{title}: {sheet.title}",
            headers=list(sheet.headers),
            rows=sheet.rows,
            number_formats=dict(sheet.number_formats),
        )
        for sheet in sheets
    ]
    return build_release(title, period, source, tables, notes, contact)
