"""Bulk imports through the API: the same validation, all-or-nothing behaviour and row report as the pages.

A module that has an import page declares a `BulkImport` whose `run(table, report)` is the function its
page already uses: it loads the rows (`workforce.kernel.imports.load_rows`), adds its own checks to the
report and, only when `report.ok`, applies every row and returns what it did as counts. The API accepts the
rows as JSON (`{"rows": [{"Column": value, ...}]}`) or an uploaded .xlsx or CSV file, and answers 200 with
the counts, or 422 problem details whose `errors` are the row report; nothing is kept on a 422.

An import that needs more than its rows (the caseload import needs the snapshot date) declares `options`, a
marshmallow schema of query parameters; `run` then receives them as a third argument, `run(table, report,
options)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request
from flask_login import current_user
from marshmallow import Schema

from workforce.api.constants import MAX_BULK_ROWS, Access, scope_name
from workforce.api.problems import ApiProblem
from workforce.api.resources import load_query
from workforce.extensions import db
from workforce.kernel.audit_trail import Origin, acting_as
from workforce.kernel.imports import ImportReport, hold_import_lock
from workforce.kernel.permissions import user_can
from workforce.kernel.plurals import plural
from workforce.kernel.spreadsheets import SpreadsheetError, Table, TableRow, read_table


@dataclass(frozen=True)
class BulkImport:
    #: The URL segment: POST /api/v1/imports/<name>.
    name: str
    #: The token-scope area: the token needs "<area>:write".
    area: str
    title: str
    description: str
    #: The columns the file has, for the documentation: {header: description}.
    columns: dict[str, str]
    #: The permission the user needs (the same as the import page's).
    permission: str
    #: Validates every row into `report`; when `report.ok`, applies them all and returns counts.
    run: Callable[..., dict[str, int]]
    #: Query parameters the import needs besides its rows (explicit fields), passed to `run` as a third argument.
    options: type[Schema] | None = None

    @property
    def scope(self) -> str:
        return scope_name(self.area, Access.WRITE)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def table_from_json(payload: Any) -> Table:
    """{"rows": [{header: value}]} as a Table numbered like a spreadsheet (row 2 is the first record)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
        raise ApiProblem(422, 'Send {"rows": [...]}, one object per row.', {"rows": ["Send a list of rows"]})
    rows = payload["rows"]
    if not rows:
        raise ApiProblem(422, "There are no rows to import.", {"rows": ["Send at least one row"]})
    if len(rows) > MAX_BULK_ROWS:
        raise ApiProblem(422, f"Send at most {MAX_BULK_ROWS:,} rows at a time.", {"rows": ["Too many rows"]})
    headers: list[str] = []
    table_rows = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not all(
            isinstance(value, str | int | float | bool) or value is None for value in row.values()
        ):
            raise ApiProblem(
                422,
                "Each row must be an object of column names and plain values.",
                {f"rows.{index}": ["Send an object of column names and values"]},
            )
        for header in row:
            if header not in headers:
                headers.append(header)
        table_rows.append(TableRow(index + 2, {header: _clean(row.get(header)) for header in row}))
    return Table(headers, [TableRow(row.number, {h: row.values.get(h) for h in headers}) for row in table_rows])


def table_from_request() -> Table:
    upload = request.files.get("file")
    if upload is not None:
        try:
            return read_table(upload.read(), upload.filename or "")
        except SpreadsheetError as error:
            raise ApiProblem(422, str(error), {"file": [str(error)]}) from None
    if request.is_json:
        return table_from_json(request.get_json(silent=True))
    raise ApiProblem(
        422,
        "Send the rows as JSON, or upload a .xlsx or CSV file as 'file'.",
        {"file": ["Upload a file or send JSON rows"]},
    )


def load_options(bulk_import: BulkImport) -> dict | None:
    """The import's query parameters (none at all when it declares no options); anything else is a 422."""
    return load_query(bulk_import.options or Schema.from_dict({}, name="NoParameters"))


def run_import(bulk_import: BulkImport) -> tuple[dict, int]:
    user = current_user._get_current_object()
    if not user_can(bulk_import.permission, user):
        raise ApiProblem(403, f"Your role cannot import {bulk_import.title.lower()}.")
    options = load_options(bulk_import)
    table = table_from_request()
    report = ImportReport()
    hold_import_lock(bulk_import.name)
    with acting_as(f"{user.name} ({user.role.value})", origin=Origin.API, user_id=user.id):
        if bulk_import.options is None:
            counts = bulk_import.run(table, report)
        else:
            counts = bulk_import.run(table, report, options)
    if not report.ok:
        db.session.rollback()
        problems = [
            {"row": problem.row, "column": problem.column, "value": problem.value, "message": problem.message}
            for problem in report.sorted_problems()
        ]
        raise ApiProblem(
            422,
            f"Nothing was imported: {plural(len(report.problems), 'problem')} "
            f"in {plural(report.rows_with_problems, 'row')}.",
            problems,
            total_rows=report.total_rows,
        )
    db.session.commit()
    return {"import": bulk_import.name, "total_rows": report.total_rows, "counts": counts}, 200
