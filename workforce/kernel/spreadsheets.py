"""Reading and writing spreadsheets safely.

Writing: the one cell writer (text that Excel could read as a formula is always text, OWASP CSV injection;
numbers and dates carry a number format), import templates, and saving with charts' alternative text.
Releases (cover, contents, notes, tables) are built by workforce.kernel.release.

Reading: Excel (.xlsx) or CSV, checked before it is parsed
(a renamed file, a compressed bomb, too many rows or columns), with XML entities refused (defusedxml).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as SafeET
from flask import Response
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Text starting with one of these is read as a formula by Excel and other spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 200_000
MAX_COLUMNS = 200
#: A workbook whose parts expand beyond this is refused before it is parsed.
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

NUMBER_FORMATS = {
    "integer": "#,##0",
    "one decimal place": "#,##0.0",
    "two decimal places": "#,##0.00",
    "fte": "0.000000",
    "percent": "0.0",
    "date": "yyyy-mm-dd",
}


class SpreadsheetError(ValueError):
    """A file that cannot be read as a spreadsheet; the message is for the person who uploaded it."""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def csv_safe(value: Any) -> Any:
    """For CSV output: text that could run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


@dataclass
class Sheet:
    """One table: its sheet title, header row, rows, and per-column number formats (by header)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    number_formats: dict[str, str] = field(default_factory=dict)
    column_widths: dict[str, int] = field(default_factory=dict)


def _cell(worksheet, value: Any, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, value=value)
        # Always a string cell, whatever it starts with: never a formula.
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(worksheet, value=value)
        if number_format and isinstance(value, int | float | dt.date):
            cell.number_format = NUMBER_FORMATS.get(number_format, number_format)
        elif isinstance(value, dt.date):
            cell.number_format = NUMBER_FORMATS["date"]
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_only_cell(worksheet, value: Any, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
    """A cell for a write-only sheet laid out by hand: text is always text, never a formula; numbers and
    dates carry their number format (a name from NUMBER_FORMATS or an Excel format)."""
    return _cell(worksheet, value, number_format, bold)


def sheet_title(title: str) -> str:
    """Excel sheet titles: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip() or "Sheet"
    return cleaned[:31]


def write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    """A plain sheet: the header row in row 1, then the rows (for import templates people fill in)."""
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    for index, header in enumerate(sheet.headers, start=1):
        width = sheet.column_widths.get(header, min(max(len(str(header)) + 2, 12), 60))
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.append([_cell(worksheet, str(header), bold=True) for header in sheet.headers])
    formats = [sheet.number_formats.get(header) for header in sheet.headers]
    for row in sheet.rows:
        worksheet.append([_cell(worksheet, value, formats[i]) for i, value in enumerate(row)])


def build_template(sheets: Iterable[Sheet]) -> Workbook:
    """An import template: plain sheets with the header row first, so that the filled-in file reads back
    as it is (a template is a form to fill in, not a release of figures)."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(workbook, sheet)
    return workbook


#: GSS shorthand a release puts in a cell with no value (not available), and in the one row of an empty
#: table (not applicable); read back as no value. The release builder is workforce.kernel.release.
NOT_AVAILABLE, NOT_APPLICABLE = "[x]", "[z]"


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook; a chart given an `alt_text` attribute gets it as its alternative text."""
    alt_texts = {
        sheet.title: [getattr(chart, "alt_text", None) for chart in sheet._charts] for sheet in workbook._sheets
    }
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if any(text for texts in alt_texts.values() for text in texts):
        data = _with_chart_alt_text(data, alt_texts)
    return data


_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHART_FRAME = re.compile(r'<((?:\w+:)?)cNvPr id="(\d+)" name="Chart (\d+)"')


def _part(base: str, target: str) -> str:
    """A relationship's target as a path in the package, from the folder of the part that refers to it."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _with_chart_alt_text(data: bytes, alt_texts: dict[str, list[str | None]]) -> bytes:
    """Set `descr` (alternative text) on each chart's frame in the drawing XML.

    openpyxl has no alt-text setting for charts, so the saved package is rewritten: each sheet's drawing is
    found through the workbook's and the sheet's relationships; openpyxl names the k-th chart of a sheet
    "Chart k", in the order the charts were added.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
        infos = archive.infolist()
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    workbook_rels = {rel.get("Id"): rel.get("Target") for rel in SafeET.fromstring(parts["xl/_rels/workbook.xml.rels"])}
    for sheet in SafeET.fromstring(parts["xl/workbook.xml"]).iter(f"{namespace}sheet"):
        texts = alt_texts.get(sheet.get("name")) or []
        if not any(texts):
            continue
        sheet_part = _part("xl/workbook.xml", workbook_rels[sheet.get(_RELATIONSHIP)])
        rels_part = posixpath.join(posixpath.dirname(sheet_part), "_rels", posixpath.basename(sheet_part) + ".rels")
        for rel in SafeET.fromstring(parts[rels_part]):
            if not rel.get("Type", "").endswith("/drawing"):
                continue
            drawing = _part(sheet_part, rel.get("Target"))

            def describe(match: re.Match, texts=texts) -> str:
                index = int(match.group(3)) - 1
                text = texts[index] if index < len(texts) else None
                return match.group(0) + (f" descr={quoteattr(text)}" if text else "")

            parts[drawing] = _CHART_FRAME.sub(describe, parts[drawing].decode("utf-8")).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            archive.writestr(info, parts[info.filename])
    return buffer.getvalue()


def send_workbook(workbook: Workbook, filename: str) -> Response:
    response = Response(workbook_bytes(workbook), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def send_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(header) for header in headers])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    response = Response(buffer.getvalue().encode("utf-8-sig"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class TableRow:
    #: The row number as the person sees it in their spreadsheet (the header is row 1).
    number: int
    values: dict[str, Any]


@dataclass
class Table:
    headers: list[str]
    rows: list[TableRow]


def _check_zip(data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise SpreadsheetError("The file is not an Excel workbook (.xlsx). Save it as .xlsx or CSV and try again")
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                raise SpreadsheetError("The workbook is compressed in a way WPQ does not accept")
        if total > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError("The workbook is too large to import")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        # The GSS symbols a download puts in a cell with no value read back as no value.
        return None if value in (NOT_AVAILABLE, NOT_APPLICABLE) else value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _first_table_sheet(sheet_names: list[str]) -> int:
    """The sheet to read: the first, or in a workbook WPQ released (cover, contents, notes, then the
    tables) the first table after them, so that a download can be filled in and uploaded again."""
    if sheet_names[:3] == ["Cover", "Contents", "Notes"] and len(sheet_names) > 3:
        return 3
    return 0


def _table_header_row(data: bytes, index: int) -> int:
    """The row of the header of the Excel table on the index-th sheet (1 when it has none): the rows above
    it are the table's title."""
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        workbook_rels = {
            rel.get("Id"): rel.get("Target") for rel in SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        sheets = list(SafeET.fromstring(archive.read("xl/workbook.xml")).iter(f"{namespace}sheet"))
        sheet_part = _part("xl/workbook.xml", workbook_rels[sheets[index].get(_RELATIONSHIP)])
        rels_part = posixpath.join(posixpath.dirname(sheet_part), "_rels", posixpath.basename(sheet_part) + ".rels")
        if rels_part not in names:
            return 1
        for rel in SafeET.fromstring(archive.read(rels_part)):
            if rel.get("Type", "").endswith("/table"):
                table = SafeET.fromstring(archive.read(_part(sheet_part, rel.get("Target"))))
                first_cell = table.get("ref", "A1").split(":")[0]
                return int(re.sub(r"[^0-9]", "", first_cell) or 1)
    return 1


def _table_from_rows(
    raw_rows: Iterable[Sequence[Any]], max_rows: int, max_columns: int, first_number: int = 1
) -> Table:
    headers: list[str] | None = None
    rows: list[TableRow] = []
    for number, raw in enumerate(raw_rows, start=first_number):
        values = [_clean(value) for value in raw]
        while values and values[-1] is None:
            values.pop()
        if len(values) > max_columns:
            raise SpreadsheetError(f"Row {number} has more than {max_columns} columns")
        if headers is None:
            if not values:
                continue
            headers = [str(value).strip() if value is not None else "" for value in values]
            if "" in headers:
                raise SpreadsheetError(f"The header row (row {number}) has a column without a name")
            if len(set(headers)) != len(headers):
                raise SpreadsheetError(f"The header row (row {number}) names a column twice")
            continue
        if not values:
            continue
        if len(rows) >= max_rows:
            raise SpreadsheetError(f"The file has more than {max_rows:,} rows")
        rows.append(
            TableRow(number, {header: values[i] if i < len(values) else None for i, header in enumerate(headers)})
        )
    if headers is None:
        raise SpreadsheetError("The file is empty")
    return Table(headers, rows)


def read_table(data: bytes, filename: str, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Table:
    """The first sheet of an .xlsx file, or a CSV file, as a header row and numbered rows."""
    if not data:
        raise SpreadsheetError("The file is empty")
    name = filename.lower()
    if name.endswith(".xlsx"):
        _check_zip(data)
        workbook = None
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            index = _first_table_sheet(workbook.sheetnames)
            header_row = _table_header_row(data, index) if index else 1
            rows = workbook.worksheets[index].iter_rows(min_row=header_row, values_only=True)
            return _table_from_rows(rows, max_rows, max_columns, first_number=header_row)
        except SpreadsheetError:
            raise
        except Exception as error:  # openpyxl and defusedxml raise many kinds for a damaged or hostile file
            raise SpreadsheetError(
                "The workbook could not be read. Open it in Excel, save it again and retry"
            ) from error
        finally:
            if workbook is not None:
                workbook.close()
    if name.endswith(".csv"):
        if b"\x00" in data[:4096]:
            raise SpreadsheetError("The file is not a CSV text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            # Universal newlines: files saved with lone carriage returns (old Mac Excel) read as rows.
            return _table_from_rows(csv.reader(io.StringIO(text, newline=None), dialect), max_rows, max_columns)
        except csv.Error as error:
            # A stray carriage return or NUL in an unquoted cell: not a CSV file a spreadsheet wrote.
            raise SpreadsheetError(
                "The CSV file could not be read. Open it in Excel, save it as CSV again and retry"
            ) from error
    raise SpreadsheetError("The file must be an Excel workbook (.xlsx) or a CSV file")
