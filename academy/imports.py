"""Importing historical course completions from a spreadsheet: every row checked, then all or none."""

from __future__ import annotations

from collections.abc import Callable

from marshmallow import Schema, fields

from academy import dao, services
from academy.constants import CompletionSource
from workforce.kernel import clock
from workforce.kernel.import_mappings import ImportLayout, ImportMapping, name_in_extract, read_through, register_layout
from workforce.kernel.imports import (
    ImportReport,
    SpreadsheetDate,
    hold_import_lock,
    load_rows,
    report_duplicates,
    require_headers,
)
from workforce.kernel.spreadsheets import Table

COLUMNS = {"Employee number": "employee_number", "Course": "course", "Completed on": "completed_on"}
LAYOUT = register_layout(
    ImportLayout(
        kind="training",
        title="Training completions",
        columns=tuple(COLUMNS),
        required=tuple(COLUMNS),
        dates=("Completed on",),
        synonyms={
            "Employee number": ("EmployeeNumber", "Staff No", "Staff Number", "Payroll Number", "Learner ID"),
            "Course": ("Course Title", "Course Name", "Learning Item", "Module", "Activity"),
            "Completed on": ("Completion Date", "Date Completed", "Completed", "Completed Date", "Date"),
        },
    )
)


class CompletionRowSchema(Schema):
    employee_number = fields.String(required=True, error_messages={"required": "Enter the employee number"})
    course = fields.String(required=True, error_messages={"required": "Enter the course title"})
    completed_on = SpreadsheetDate(required=True, error_messages={"required": "Enter the date it was completed"})


def check_completions(table: Table, mapping: ImportMapping | None = None) -> tuple[ImportReport, list[dict]]:
    """Every problem in the file (read through `mapping` when given), and the rows ready to apply when there
    are none; problems name the file's own columns."""
    report = ImportReport()
    mapped = read_through(table, mapping, LAYOUT, report)
    if mapped is None:
        return report, []
    since = len(report.problems)
    ready = _check_table(mapped.table, report)
    name_in_extract(report, mapped, since)
    return report, ready


def _check_table(table: Table, report: ImportReport) -> list[dict]:
    if not require_headers(table, report, COLUMNS):
        return []
    rows = load_rows(table, CompletionRowSchema(), COLUMNS, report)
    staff = dao.find_staff_by_numbers([str(row.data["employee_number"]).strip() for row in rows])
    ready = []
    for row in rows:
        number = str(row.data["employee_number"]).strip()
        person = staff.get(number)
        course = dao.find_course_by_title(row.data["course"])
        if person is None:
            report.add(row.number, "Employee number", number, "There is no staff record with this employee number")
        if course is None:
            report.add(row.number, "Course", row.data["course"], "There is no course with this title in the catalogue")
        if row.data["completed_on"] > clock.today():
            report.add(row.number, "Completed on", row.raw.get("Completed on"), "The date must be today or earlier")
        if person is not None and course is not None:
            ready.append(
                {"row": row.number, "staff": person, "course": course, "completed_on": row.data["completed_on"]}
            )
    report_duplicates(
        rows,
        lambda row: (
            str(row.data["employee_number"]).strip(),
            row.data["course"].strip().lower(),
            row.data["completed_on"],
        ),
        "Employee number",
        report,
    )
    existing = dao.existing_completion_keys([item["staff"].id for item in ready])
    for item in ready:
        if (item["staff"].id, item["course"].id, item["completed_on"]) in existing:
            report.add(
                item["row"], "Completed on", item["completed_on"].isoformat(), "WPQ already holds this completion"
            )
    return ready


def apply_completions(ready: list[dict], progress: Callable[[int], None] | None = None) -> int:
    """Record every checked completion; `progress(done)` is told every 250 rows and at the end."""
    hold_import_lock("training-completions")
    for done, item in enumerate(ready, start=1):
        services.record_completion(item["staff"], item["course"], item["completed_on"], CompletionSource.IMPORT)
        if progress and (done % 250 == 0 or done == len(ready)):
            progress(done)
    return len(ready)
