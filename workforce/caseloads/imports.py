"""Importing a caseload snapshot: check every row, then save all of it or nothing.

Used by the command line (`wpq import caseloads`) and by the background import job behind the upload page.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import func, insert, or_, select, update

from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import CaseType, ExtractShape, SnapshotStatus, SourceSystem
from workforce.caseloads.mappings import field_columns, shape_of
from workforce.caseloads.models import CaseloadCase, CaseloadSnapshot, CaseloadWorkerCount
from workforce.caseloads.schemas import CASE_FIELDS, WORKER_COUNT_FIELDS, CaseRowSchema, WorkerCountRowSchema
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.imports import ImportReport, LoadedRow, hold_import_lock, load_rows, require_headers
from workforce.kernel.models import Team
from workforce.kernel.spreadsheets import SpreadsheetError, Table, read_table
from workforce.people.models import Assignment, StaffMember

#: Rows checked between two progress reports, and rows written in one INSERT.
CHUNK = 5_000

#: progress(stage, rows done, rows in all)
Progress = Callable[[str, int, int], None]


@dataclass
class SnapshotImport:
    data: bytes
    filename: str
    snapshot_date: date
    source_system: SourceSystem = SourceSystem.OTHER
    mapping: ImportMapping | None = None
    #: Keep cases held by workers not in the staff records (they then show as alerts) instead of refusing the file.
    allow_unknown_workers: bool = False
    imported_by_id: int | None = None


@dataclass
class ImportOutcome:
    report: ImportReport
    snapshot: CaseloadSnapshot | None = None
    shape: ExtractShape | None = None
    #: Rows ready to save (filled while checking).
    rows: list[dict] = field(default_factory=list)


def hash_reference(reference: str) -> str:
    """A keyed hash of a case reference: the same reference always gives the same text, which cannot be reversed
    without the secret salt."""
    salt = current_app.config.get("CASE_REFERENCE_SALT") or current_app.config["SECRET_KEY"]
    return hmac.new(str(salt).encode(), reference.encode(), hashlib.sha256).hexdigest()


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _columns_for(table: Table, mapping: ImportMapping | None, report: ImportReport):
    """The shape of the extract and its header -> field map, or (None, None) with the problem reported."""
    headers = set(table.headers)
    if mapping is not None:
        shape = shape_of(mapping)
        columns = {header: field_name for field_name, header in field_columns(mapping).items() if header}
    elif "CaseReference" in headers:
        shape, columns = ExtractShape.CASES, {header: name for name, header in CASE_FIELDS.items()}
    elif headers & {case_type.value for case_type in CaseType}:
        shape, columns = ExtractShape.WORKER_COUNTS, {header: name for name, header in WORKER_COUNT_FIELDS.items()}
    else:
        report.add(
            1,
            "",
            ", ".join(table.headers[:8]),
            "WPQ does not know these columns. Use the headers CaseReference, CaseType, EmployeeNumber or SWENo, "
            "Team and AllocationDate (or EmployeeNumber or SWENo with one count column per case type: "
            "CP, CIN, CLA, CL, EH, OTHER), or choose a saved column mapping",
        )
        return None, None
    field_header = {name: header for header, name in columns.items()}
    identifiers = [field_header[name] for name in ("employee_number", "swe_number") if name in field_header]
    if shape is ExtractShape.CASES:
        required = [field_header.get(name, CASE_FIELDS[name]) for name in ("case_reference", "case_type")]
        required.append(field_header.get("allocation_date", CASE_FIELDS["allocation_date"]))
        ok = require_headers(table, report, required, one_of=[identifiers or ["EmployeeNumber", "SWENo"]])
    else:
        counts = [header for header, name in columns.items() if name in {t.value.lower() for t in CaseType}]
        ok = require_headers(table, report, [], one_of=[identifiers or ["EmployeeNumber", "SWENo"], counts])
    return (shape, {h: n for h, n in columns.items() if h in headers}) if ok else (None, None)


def _staff_lookup() -> tuple[dict[str, int], dict[str, int]]:
    """Every staff member's employee and Social Work England numbers, in one query."""
    by_employee_number: dict[str, int] = {}
    by_swe_number: dict[str, int] = {}
    for staff_id, employee_number, swe_number in db.session.execute(
        select(StaffMember.id, StaffMember.employee_number, StaffMember.swe_number)
    ):
        by_employee_number[employee_number.strip().upper()] = staff_id
        if swe_number:
            by_swe_number[swe_number] = staff_id
    return by_employee_number, by_swe_number


def teams_on(on: date) -> dict[int, int]:
    """Each staff member's team on a date: the team of their largest current assignment (one query)."""
    rows = db.session.execute(
        select(Assignment.staff_id, Assignment.team_id, Assignment.fte)
        .where(Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date >= on))
        .order_by(Assignment.staff_id, Assignment.fte, Assignment.id)
    )
    return {staff_id: team_id for staff_id, team_id, _fte in rows}


def last_teams() -> dict[int, int]:
    """Each staff member's team in their latest assignment, for leavers (one query)."""
    rows = db.session.execute(
        select(Assignment.staff_id, Assignment.team_id).order_by(Assignment.staff_id, Assignment.start_date)
    )
    return dict(rows.all())


def _team_lookup() -> dict[str, int]:
    return {name.strip().lower(): team_id for team_id, name in db.session.execute(select(Team.id, Team.name))}


def _load(table: Table, shape: ExtractShape, columns: dict[str, str], report: ImportReport, progress: Progress):
    schema = CaseRowSchema() if shape is ExtractShape.CASES else WorkerCountRowSchema()
    loaded: list[LoadedRow] = []
    total = len(table.rows)
    for start in range(0, total, CHUNK):
        chunk = Table(table.headers, table.rows[start : start + CHUNK])
        loaded.extend(load_rows(chunk, schema, columns, report))
        progress("Checking rows", min(start + CHUNK, total), total)
    report.total_rows = total
    return loaded


def check_snapshot(request: SnapshotImport, progress: Progress = _no_progress) -> ImportOutcome:
    """Read and check every row; nothing is written. The outcome's rows are ready to save when its report is ok."""
    report = ImportReport()
    try:
        table = read_table(request.data, request.filename)
    except SpreadsheetError as problem:
        report.add(0, "", request.filename, str(problem))
        return ImportOutcome(report)
    return check_table(request, table, report, progress)


def check_table(
    request: SnapshotImport, table: Table, report: ImportReport, progress: Progress = _no_progress
) -> ImportOutcome:
    """Check every row of a read table (the upload page's file, or rows sent to the API) into `report`."""
    if not table.rows:
        report.add(0, "", request.filename, "The file has a header row but no rows of data")
        return ImportOutcome(report)
    shape, columns = _columns_for(table, request.mapping, report)
    if shape is None:
        return ImportOutcome(report)
    header_of = {name: header for header, name in columns.items()}
    loaded = _load(table, shape, columns, report, progress)
    by_employee_number, by_swe_number = _staff_lookup()
    team_ids = _team_lookup()
    current_teams = teams_on(request.snapshot_date)
    previous_teams = last_teams()
    outcome = ImportOutcome(report, shape=shape)
    first_row_of: dict = {}
    worker_column = header_of.get("employee_number") or header_of.get("swe_number") or "EmployeeNumber"
    for row in loaded:
        data = row.data
        employee_number = data.get("employee_number")
        swe_number = data.get("swe_number")
        staff_id = by_employee_number.get(employee_number.upper()) if employee_number else None
        if staff_id is None and swe_number:
            staff_id = by_swe_number.get(swe_number)
        identifier = employee_number or swe_number
        if staff_id is None and not request.allow_unknown_workers:
            column = header_of.get("employee_number") if employee_number else header_of.get("swe_number")
            report.add(row.number, column or worker_column, identifier, "No one in the staff records has this number")
            continue
        team_id = team_ids.get(data["team"].lower()) if data.get("team") else None
        if team_id is None and staff_id is not None:
            team_id = current_teams.get(staff_id) or previous_teams.get(staff_id)
        worker_key = ("staff", staff_id) if staff_id is not None else ("unknown", identifier.upper())
        if shape is ExtractShape.CASES:
            reference = data["case_reference"]
            if data["allocation_date"] > request.snapshot_date:
                report.add(
                    row.number,
                    header_of.get("allocation_date", "AllocationDate"),
                    data["allocation_date"].isoformat(),
                    "The allocation date is after the snapshot date",
                )
                continue
            seen = first_row_of.get(reference.upper())
            if seen is not None:
                first_number, first_worker = seen
                message = (
                    f"This row repeats row {first_number}"
                    if first_worker == worker_key
                    else f"This case is also allocated to a different worker in row {first_number}"
                )
                report.add(row.number, header_of.get("case_reference", "CaseReference"), reference, message)
                continue
            first_row_of[reference.upper()] = (row.number, worker_key)
            outcome.rows.append(
                {
                    "case_reference": reference,
                    "case_type": data["case_type"],
                    "staff_id": staff_id,
                    "worker_identifier": identifier[:40],
                    "team_id": team_id,
                    "allocation_date": data["allocation_date"],
                }
            )
        else:
            seen = first_row_of.get(worker_key)
            if seen is not None:
                report.add(row.number, worker_column, identifier, f"This worker is already in row {seen[0]}")
                continue
            first_row_of[worker_key] = (row.number, worker_key)
            counts = {case_type.count_column: data.get(case_type.value.lower()) or 0 for case_type in CaseType}
            outcome.rows.append(
                {
                    "staff_id": staff_id,
                    "worker_identifier": identifier[:40],
                    "team_id": team_id,
                    **counts,
                    "total_cases": sum(counts.values()),
                }
            )
    return outcome


def worker_counts_from_cases(case_rows: list[dict]) -> list[dict]:
    """One count row per worker from the case rows; the team is the one most of their cases are in."""
    counts: dict[str, dict] = {}
    teams: dict[str, Counter] = {}
    for row in case_rows:
        key = row["worker_identifier"].upper() if row["staff_id"] is None else f"#{row['staff_id']}"
        entry = counts.get(key)
        if entry is None:
            entry = counts[key] = {
                "staff_id": row["staff_id"],
                "worker_identifier": row["worker_identifier"],
                **{case_type.count_column: 0 for case_type in CaseType},
                "total_cases": 0,
            }
            teams[key] = Counter()
        entry[row["case_type"].count_column] += 1
        entry["total_cases"] += 1
        teams[key][row["team_id"]] += 1
    for key, entry in counts.items():
        entry["team_id"] = teams[key].most_common(1)[0][0]
    return list(counts.values())


def save_snapshot(request: SnapshotImport, outcome: ImportOutcome, progress: Progress = _no_progress):
    """Write the checked rows as a new snapshot (replacing any earlier import for the same date)."""
    if not outcome.report.ok or outcome.shape is None:
        raise ValueError("Only a snapshot whose every row passed the checks can be saved.")
    hold_import_lock("caseloads")
    hashed = bool(caseload_settings.get("caseload_hash_references"))
    db.session.execute(
        update(CaseloadSnapshot)
        .where(
            CaseloadSnapshot.snapshot_date == request.snapshot_date,
            CaseloadSnapshot.status == SnapshotStatus.IMPORTED,
        )
        .values(status=SnapshotStatus.SUPERSEDED)
    )
    if outcome.shape is ExtractShape.CASES:
        case_rows = outcome.rows
        worker_rows = worker_counts_from_cases(case_rows)
    else:
        case_rows, worker_rows = [], outcome.rows
    snapshot = CaseloadSnapshot(
        snapshot_date=request.snapshot_date,
        source_system=request.source_system,
        shape=outcome.shape,
        status=SnapshotStatus.IMPORTED,
        filename=request.filename[:255],
        case_count=sum(row["total_cases"] for row in worker_rows),
        worker_count=len(worker_rows),
        references_hashed=hashed and bool(case_rows),
        imported_by_id=request.imported_by_id,
    )
    db.session.add(snapshot)
    db.session.flush()
    total = len(case_rows) + len(worker_rows)
    done = 0
    for start in range(0, len(case_rows), CHUNK):
        chunk = case_rows[start : start + CHUNK]
        for row in chunk:
            row["snapshot_id"] = snapshot.id
            if hashed:
                row["case_reference"] = hash_reference(row["case_reference"])
        db.session.execute(insert(CaseloadCase.__table__), chunk)
        done += len(chunk)
        progress("Saving", done, total)
    for row in worker_rows:
        row["snapshot_id"] = snapshot.id
    for start in range(0, len(worker_rows), CHUNK):
        db.session.execute(insert(CaseloadWorkerCount.__table__), worker_rows[start : start + CHUNK])
    progress("Saving", total, total)
    audit_trail.record_created(
        snapshot,
        note=f"Imported {snapshot.case_count:,} cases held by {snapshot.worker_count:,} workers "
        f"from {request.filename}",
    )
    outcome.snapshot = snapshot
    return snapshot


def import_snapshot(request: SnapshotImport, progress: Progress = _no_progress) -> ImportOutcome:
    """Check, then save when every row passed. The caller commits (or rolls back)."""
    hold_import_lock("caseloads")
    outcome = check_snapshot(request, progress)
    if outcome.report.ok:
        save_snapshot(request, outcome, progress)
    return outcome


def count_snapshots() -> int:
    return db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one()
