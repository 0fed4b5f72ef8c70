"""Builders for caseload snapshots, worker counts and extract files."""

from __future__ import annotations

import csv
import io
from datetime import date

from workforce.caseloads.constants import CaseType, ExtractShape, SnapshotStatus, SourceSystem
from workforce.caseloads.models import CaseloadSnapshot, CaseloadWorkerCount
from workforce.extensions import db
from workforce.people.models import StaffMember


def create_snapshot(snapshot_date: date = date(2025, 9, 30), **overrides) -> CaseloadSnapshot:
    values = {
        "snapshot_date": snapshot_date,
        "source_system": SourceSystem.MOSAIC,
        "shape": ExtractShape.WORKER_COUNTS,
        "status": SnapshotStatus.IMPORTED,
        "filename": "extract.csv",
    }
    snapshot = CaseloadSnapshot(**{**values, **overrides})
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def create_worker_count(
    snapshot: CaseloadSnapshot,
    staff_member: StaffMember | None = None,
    team=None,
    counts: dict[CaseType, int] | None = None,
    worker_identifier: str | None = None,
) -> CaseloadWorkerCount:
    counts = counts if counts is not None else {CaseType.CHILD_IN_NEED: 10}
    values = {case_type.count_column: counts.get(case_type, 0) for case_type in CaseType}
    row = CaseloadWorkerCount(
        snapshot=snapshot,
        staff_id=staff_member.id if staff_member else None,
        worker_identifier=worker_identifier or (staff_member.employee_number if staff_member else "X999"),
        team_id=team.id if team is not None else None,
        total_cases=sum(counts.values()),
        **values,
    )
    db.session.add(row)
    snapshot.case_count += row.total_cases
    snapshot.worker_count += 1
    db.session.commit()
    return row


CASE_HEADERS = ["CaseReference", "CaseType", "EmployeeNumber", "SWENo", "Team", "AllocationDate"]


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def case_file(rows: list[list]) -> bytes:
    """A case-level CSV with the standard headers; each row: reference, type, employee no, SWE no, team, date."""
    return csv_bytes(CASE_HEADERS, rows)
