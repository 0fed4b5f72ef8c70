"""The shared shape of every import: validate every row first, report every problem by row and column,
then apply all rows or none.

A feature defines a marshmallow schema for one row (using the spreadsheet-tolerant fields below), maps
column headers to schema fields, loads the table with `load_rows`, adds its own checks (unknown people,
duplicates) to the report, and applies the rows only when `report.ok`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import zlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from marshmallow import Schema, ValidationError, fields
from sqlalchemy import text

from workforce.extensions import db
from workforce.kernel.operations import metrics
from workforce.kernel.release import build_workbook
from workforce.kernel.spreadsheets import Sheet, Table, TableRow, send_csv, send_workbook

#: The most problems shown on a page; the downloadable report always has them all.
PROBLEMS_SHOWN = 500


@dataclass(frozen=True)
class RowProblem:
    #: The spreadsheet row number (the header row is 1); 0 for a problem with the whole file.
    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class UnmappedCode:
    """A code in a mapped extract that its mapping does not translate: reported once, with every row."""

    #: WPQ's header for the field, the extract's header, and the field's name in words.
    column: str
    source_column: str
    label: str
    code: str
    rows: tuple[int, ...]


@dataclass
class ImportReport:
    total_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    #: Codes without a translation (each also stands in `problems`, so the report is not ok).
    unmapped: list[UnmappedCode] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems})

    def add(self, row: int, column: str, value: Any, message: str) -> None:
        self.problems.append(RowProblem(row, column, "" if value is None else str(value), message))

    def sorted_problems(self) -> list[RowProblem]:
        return sorted(self.problems, key=lambda problem: (problem.row, problem.column))

    def as_sheet(self) -> Sheet:
        return Sheet(
            "Problems",
            ["Row", "Column", "Value", "Problem"],
            ([p.row, p.column, p.value, p.message] for p in self.sorted_problems()),
            column_widths={"Value": 30, "Problem": 80},
        )

    def send_xlsx(self, filename: str):
        return send_workbook(build_workbook([self.as_sheet()]), filename)

    def send_csv(self, filename: str):
        rows = ([p.row, p.column, p.value, p.message] for p in self.sorted_problems())
        return send_csv(["Row", "Column", "Value", "Problem"], rows, filename)


#: PostgreSQL cannot store or compare text holding NUL, so no import (page or API) lets it reach a query.
NUL = "\x00"
NUL_MESSAGE = "Remove the NUL character (\\u0000)"


def holds_nul(value: Any) -> bool:
    """Whether text, or any text inside a JSON-like value, holds the NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(inner) for key, inner in value.items())
    if isinstance(value, list):
        return any(holds_nul(inner) for inner in value)
    return False


def report_nul_cells(table: Table, report: ImportReport) -> bool:
    """Report every header and cell holding NUL (without echoing it); True when there was none."""
    before = len(report.problems)
    for header in table.headers:
        if holds_nul(header):
            report.add(1, header, "", NUL_MESSAGE)
    for row in table.rows:
        for header, value in row.values.items():
            if holds_nul(value):
                report.add(row.number, header, "", NUL_MESSAGE)
    return len(report.problems) == before


def require_headers(
    table: Table, report: ImportReport, required: Iterable[str], one_of: Sequence[Sequence[str]] = ()
) -> bool:
    """Report missing columns against row 1; True when every required column is present.

    Every import checks its headers first, so this is also where a table holding NUL is refused, before
    any other check could send the text to the database."""
    if not report_nul_cells(table, report):
        return False
    present = set(table.headers)
    missing = [header for header in required if header not in present]
    for header in missing:
        report.add(1, header, "", f"The column {header} is missing")
    for alternatives in one_of:
        if not present.intersection(alternatives):
            names = " or ".join(alternatives)
            report.add(1, names, "", f"The file needs a column {names}")
            missing.append(names)
    return not missing


@dataclass(frozen=True)
class LoadedRow:
    number: int
    data: dict[str, Any]
    raw: dict[str, Any]
    #: False for a row with problems of its own: `data` then holds only the values that loaded, so that the
    #: checks against WPQ (a team's name, an employee number) still run on them in the same pass.
    complete: bool = True


def load_rows(
    table: Table, schema: Schema, columns: dict[str, str], report: ImportReport, *, with_partial: bool = False
) -> list[LoadedRow]:
    """Load each row through `schema` (columns maps header -> schema field); problems go in the report.

    Returns the rows that loaded cleanly; with `with_partial`, also each row that did not, marked not
    `complete`, holding the values that did load (every rule is then checked in one pass, not one round of
    corrections at a time). The caller applies nothing unless `report.ok`.
    """
    field_to_header = {field_name: header for header, field_name in columns.items()}
    loaded: list[LoadedRow] = []
    report.total_rows = len(table.rows)
    for row in table.rows:
        payload = {columns[header]: value for header, value in row.values.items() if header in columns}
        try:
            data = schema.load(payload)
        except ValidationError as error:
            _report_errors(row, error.messages, field_to_header, report)
            if with_partial and isinstance(error.valid_data, dict):
                loaded.append(LoadedRow(row.number, error.valid_data, row.values, complete=False))
            continue
        loaded.append(LoadedRow(row.number, data, row.values))
    return loaded


def _report_errors(row: TableRow, messages: Any, field_to_header: dict[str, str], report: ImportReport) -> None:
    if isinstance(messages, list):
        for message in messages:
            report.add(row.number, "", "", str(message))
        return
    for field_name, field_messages in messages.items():
        header = field_to_header.get(field_name, field_name)
        texts = field_messages if isinstance(field_messages, list) else [str(field_messages)]
        for message in texts:
            report.add(row.number, header, row.values.get(header), str(message))


def report_duplicates(
    rows: Iterable[LoadedRow],
    key: Callable[[LoadedRow], Hashable | None],
    column: str,
    report: ImportReport,
    message: str = "This row repeats row {first}",
) -> None:
    first_seen: dict[Hashable, int] = {}
    for row in rows:
        value = key(row)
        if value is None:
            continue
        if value in first_seen:
            report.add(row.number, column, row.raw.get(column), message.format(first=first_seen[value]))
        else:
            first_seen[value] = row.number


def hold_import_lock(kind: str) -> None:
    """Serialise imports of one kind across workers and processes, until this transaction ends.

    On PostgreSQL this takes a transaction-scoped advisory lock: a second import of the same kind waits
    at this point until the first commits or rolls back, then reads what the first wrote, so two imports
    never interleave half-applied. SQLite lets one writer at a time anyway, so there it does nothing.
    Taking the lock twice in one transaction is harmless.
    """
    metrics.note_import(kind)
    if db.session.get_bind().dialect.name != "postgresql":
        return
    key = zlib.crc32(f"wpq-import:{kind}".encode())
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


# Fields that accept what spreadsheets hold: numbers as text, dates as dates or text, codes as numbers.

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class SpreadsheetDate(fields.Field):
    default_error_messages = {"invalid": "Enter a real date, like 2025-09-30 or 30/09/2025"}

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            for date_format in DATE_FORMATS:
                try:
                    return dt.datetime.strptime(text, date_format).date()
                except ValueError:
                    continue
        raise self.make_error("invalid")

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()


class SpreadsheetNumber(fields.Field):
    default_error_messages = {
        "invalid": "Enter a number",
        "range": "Enter a number from {minimum} to {maximum}",
    }

    def __init__(self, *, minimum: float | None = None, maximum: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def _deserialize(self, value, attr, data, **kwargs) -> float:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        try:
            number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            raise self.make_error("invalid") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.make_error("invalid")
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise self.make_error("range", minimum=self.minimum, maximum=self.maximum)
        return number


class SpreadsheetInteger(SpreadsheetNumber):
    default_error_messages = {"whole": "Enter a whole number"}

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = super()._deserialize(value, attr, data, **kwargs)
        if number != int(number):
            raise self.make_error("whole")
        return int(number)


class Code(fields.Field):
    """A value from a code list (an Enum), given as its code; the error lists the codes allowed."""

    default_error_messages = {"invalid": "Use one of the codes {codes}"}

    def __init__(self, enum_type, **kwargs):
        super().__init__(**kwargs)
        self.enum_type = enum_type

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(int(value)) if isinstance(value, float) and value == int(value) else str(value).strip()
        for member in self.enum_type:
            if str(member.value).upper() == text.upper():
                return member
        raise self.make_error("invalid", codes=", ".join(str(member.value) for member in self.enum_type))


class YesNo(fields.Field):
    default_error_messages = {"invalid": "Enter 1 or 0 (or yes or no)"}
    TRUE = {"1", "y", "yes", "true"}
    FALSE = {"0", "n", "no", "false"}

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        text = str(int(value)) if isinstance(value, float | int) and not isinstance(value, bool) else str(value)
        text = text.strip().lower()
        if text in self.TRUE or value is True:
            return True
        if text in self.FALSE or value is False:
            return False
        raise self.make_error("invalid")


SWE_NUMBER = re.compile(r"^SW0*(\d{1,10})$", re.IGNORECASE)


def normalise_swe_number(value: str | None) -> str | None:
    """Social Work England numbers: "SW" and digits, upper case, no leading zeros after the prefix.

    Returns None for an empty value; raises ValueError for anything else that is not a number.
    """
    if value is None or not str(value).strip():
        return None
    match = SWE_NUMBER.match(str(value).strip().replace(" ", ""))
    if not match or int(match.group(1)) == 0:
        raise ValueError("Enter a Social Work England number: SW followed by digits, like SW123456")
    return f"SW{int(match.group(1))}"


class SweNumber(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs) -> str | None:
        try:
            return normalise_swe_number(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


# Uploads kept between the preview and the confirmation.


def _uploads_folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(data: bytes, filename: str) -> str:
    """Store an uploaded file until the user confirms the import; returns its token."""
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    token = secrets.token_hex(16) + suffix
    (_uploads_folder() / token).write_bytes(data)
    return token


def read_kept_upload(token: str) -> bytes | None:
    if not re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", token or ""):
        return None
    path = _uploads_folder() / token
    return path.read_bytes() if path.exists() else None


def discard_upload(token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}\.(xlsx|csv)", token or ""):
        (_uploads_folder() / token).unlink(missing_ok=True)
