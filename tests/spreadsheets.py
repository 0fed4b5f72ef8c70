"""Reading released workbooks in tests: the rows of a sheet's one Excel table, header row first."""

from __future__ import annotations

from openpyxl.utils.cell import range_boundaries


def table_rows(sheet) -> list[list]:
    table = next(iter(sheet.tables.values()))
    first_column, first_row, last_column, last_row = range_boundaries(table.ref)
    return [
        [sheet.cell(row, column).value for column in range(first_column, last_column + 1)]
        for row in range(first_row, last_row + 1)
    ]
