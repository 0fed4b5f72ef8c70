"""The Analysis Function standard for released spreadsheets, as one checker every export test can use.

UK Analysis Function, "Releasing statistics in spreadsheets": a cover sheet (title, period, source,
contact, as-at time), a contents sheet listing every sheet, notes, then one table per sheet with a title
in A1 and an Excel table object covering the table exactly (uniquely named, its columns named as its header
cells), numbers stored as numbers with a number
format, no blank cell inside a table (GSS symbols instead), no "None" text, columns at least as wide as
their headers, every sheet set to print on A4 landscape, and no formula anywhere.
"""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

NUMBER_AS_TEXT = re.compile(r"[-+]?(\d+\.\d+|\d{1,3}(,\d{3})+(\.\d+)?)")
INTEGER_TEXT = re.compile(r"[-+]?\d+")
#: What a cell with no value says instead, and the text Python writes for a missing value.
EMPTY_TEXT = {"None", "none", "nan", "NaN", "null", "NULL"}
COVER_FIELDS = ("Period", "Source", "Contact", "Figures as at")
A4 = "9"


def standard_problems(data: bytes) -> list[str]:
    """Every way the workbook falls short of the standard (an empty list when it meets it)."""
    workbook = load_workbook(io.BytesIO(data))
    problems: list[str] = []
    if workbook.sheetnames[:3] != ["Cover", "Contents", "Notes"]:
        return [f"the first sheets are {workbook.sheetnames[:3]}, not Cover, Contents, Notes"]
    problems += _cover_problems(workbook["Cover"])
    problems += _contents_problems(workbook)
    names = [name.lower() for sheet in workbook.worksheets for name in sheet.tables]
    if len(names) != len(set(names)):
        problems.append(f"table names are not unique: {sorted(names)}")
    for sheet in workbook.worksheets:
        problems += _anywhere_problems(sheet)
        if sheet.title != "Cover":
            problems += _table_problems(sheet)
    return problems


def _cover_problems(cover) -> list[str]:
    problems = []
    if not cover["A1"].value:
        problems.append("the cover has no title in A1")
    values = {row[0]: row[1] if len(row) > 1 else None for row in cover.iter_rows(min_row=2, values_only=True)}
    for label in COVER_FIELDS:
        if label not in values:
            problems.append(f"the cover has no {label}")
        elif values[label] in (None, ""):
            problems.append(f"the cover's {label} is blank")
    return problems


def _contents_problems(workbook) -> list[str]:
    contents = workbook["Contents"]
    if len(contents.tables) != 1:
        return []  # reported by the table checks
    listed = {row[0] for row in _table_cells(contents)[1:]}
    missing = [name for name in workbook.sheetnames if name not in ("Cover", "Contents") and name not in listed]
    return [f"the contents do not list {missing}"] if missing else []


def _anywhere_problems(sheet) -> list[str]:
    problems = []
    where = sheet.title
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                problems.append(f"{where}: {cell.coordinate} is a formula")
            elif isinstance(cell.value, str) and cell.value.strip() in EMPTY_TEXT:
                problems.append(f"{where}: {cell.coordinate} says {cell.value!r}")
    if sheet.page_setup.orientation != "landscape" or str(sheet.page_setup.paperSize) != A4:
        problems.append(f"{where}: not set to print on A4 landscape")
    return problems


def _table_cells(sheet) -> list[list]:
    table = next(iter(sheet.tables.values()))
    first_column, first_row, last_column, last_row = range_boundaries(table.ref)
    return [
        [sheet.cell(row, column).value for column in range(first_column, last_column + 1)]
        for row in range(first_row, last_row + 1)
    ]


def _table_problems(sheet) -> list[str]:
    where = sheet.title
    problems = []
    if not sheet["A1"].value:
        problems.append(f"{where}: no title in A1")
    if len(sheet.tables) != 1:
        return [*problems, f"{where}: {len(sheet.tables)} table objects, not one"]
    table = next(iter(sheet.tables.values()))
    first_column, first_row, last_column, last_row = range_boundaries(table.ref)
    if first_column != 1 or first_row < 2:
        problems.append(f"{where}: the table {table.ref} does not start in column A under the title")
    headers = [sheet.cell(first_row, column).value for column in range(first_column, last_column + 1)]
    if [column.name for column in table.tableColumns] != headers:
        # Excel "repairs" (drops) a table whose column names differ from its header cells.
        problems.append(f"{where}: the table's column names are not its header row")
    # Exactly: nothing in the row under the table, nor in the column to the right of its header.
    for column in range(first_column, last_column + 1):
        if sheet.cell(last_row + 1, column).value not in (None, ""):
            problems.append(f"{where}: {sheet.cell(last_row + 1, column).coordinate} is outside the table {table.ref}")
            break
    if sheet.cell(first_row, last_column + 1).value not in (None, ""):
        problems.append(f"{where}: the header row goes on past the table {table.ref}")
    for column in range(first_column, last_column + 1):
        header = sheet.cell(first_row, column)
        width = sheet.column_dimensions[header.column_letter].width
        if not isinstance(header.value, str) or not header.value:
            problems.append(f"{where}: header {header.coordinate} is {header.value!r}")
        elif width is None or width < len(header.value):
            problems.append(f"{where}: column {header.column_letter} ({width}) is narrower than {header.value!r}")
        cells = [sheet.cell(row, column) for row in range(first_row + 1, last_row + 1)]
        numeric = any(isinstance(cell.value, int | float) and not isinstance(cell.value, bool) for cell in cells)
        for cell in cells:
            value = cell.value
            if value is None or value == "":
                problems.append(f"{where}: blank cell {cell.coordinate} inside the table")
            elif isinstance(value, str) and (
                NUMBER_AS_TEXT.fullmatch(value.strip()) or (numeric and INTEGER_TEXT.fullmatch(value.strip()))
            ):
                problems.append(f"{where}: {cell.coordinate} holds the number {value!r} as text")
            elif isinstance(value, int | float) and cell.number_format == "General":
                problems.append(f"{where}: {cell.coordinate} has no number format")
    return problems
