"""Caseload snapshots and each worker's counts in them (workforce.caseloads), and the snapshot import.

Snapshots are the dates the case-management system reported; a team manager sees them (to choose a date) but
not their council-wide totals. Worker counts are scoped by the team the extract (or the staff records) put
them in, as the caseload pages scope them. Case-level rows, with their case references, stay in the pages.
The import runs the upload page's own checks (`workforce.caseloads.imports.check_table`) and save step.
"""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from workforce.api.bulk import BulkImport
from workforce.api.problems import ApiProblem
from workforce.api.resources import Filter, Operator, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter
from workforce.caseloads import dao, imports
from workforce.caseloads.constants import CaseloadPermission, ExtractShape, SnapshotStatus, SourceSystem
from workforce.caseloads.models import CaseloadSnapshot, CaseloadWorkerCount
from workforce.kernel.imports import ImportReport
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.spreadsheets import Table

COUNCIL_TOTALS = ("case_count", "worker_count")


class CaseloadSnapshotSchema(Schema):
    id = fields.Integer(required=True)
    snapshot_date = fields.Date(required=True)
    source_system = Code(SourceSystem, required=True)
    shape = Code(ExtractShape, required=True)
    imported_at = UtcDateTime(required=True)
    #: Council-wide totals: only for roles that see every team's caseloads.
    case_count = fields.Integer()
    worker_count = fields.Integer()


class CaseloadCountSchema(Schema):
    id = fields.Integer(required=True)
    snapshot_id = fields.Integer(required=True)
    snapshot_date = fields.Function(
        lambda count: count.snapshot.snapshot_date.isoformat(),
        required=True,
        metadata={"type": "string", "format": "date"},
    )
    staff_id = fields.Integer(
        allow_none=True, required=True, metadata={"description": "null when the worker is not in the staff records"}
    )
    worker_identifier = fields.String(required=True, metadata={"description": "Employee or SWE number as extracted"})
    team_id = fields.Integer(allow_none=True, required=True)
    cp_cases = fields.Integer(required=True)
    cin_cases = fields.Integer(required=True)
    cla_cases = fields.Integer(required=True)
    cl_cases = fields.Integer(required=True)
    eh_cases = fields.Integer(required=True)
    other_cases = fields.Integer(required=True)
    total_cases = fields.Integer(required=True)


def snapshots_visible(user):
    return select(CaseloadSnapshot).where(CaseloadSnapshot.status == SnapshotStatus.IMPORTED)


def hidden_snapshot_fields(user) -> set[str]:
    return set() if user_can(CaseloadPermission.VIEW_OVERVIEW, user) else set(COUNCIL_TOTALS)


def counts_in_scope(user):
    statement = (
        select(CaseloadWorkerCount)
        .join(CaseloadSnapshot, CaseloadSnapshot.id == CaseloadWorkerCount.snapshot_id)
        .where(CaseloadSnapshot.status == SnapshotStatus.IMPORTED)
        .options(contains_eager(CaseloadWorkerCount.snapshot))
    )
    return scope_of(user).apply(statement, CaseloadWorkerCount.team_id)


CASELOAD_SNAPSHOTS = Resource(
    name="caseload-snapshots",
    area="caseloads",
    title="Caseload snapshots",
    description=(
        "The caseload snapshots imported from the case-management system (superseded imports left out). The "
        "council-wide totals appear only for roles that see every team's caseloads."
    ),
    schema=CaseloadSnapshotSchema,
    query=snapshots_visible,
    id_column=CaseloadSnapshot.id,
    sorts={"snapshot_date": CaseloadSnapshot.snapshot_date, "id": CaseloadSnapshot.id},
    default_sort="-snapshot_date",
    filters={
        **date_range(CaseloadSnapshot.snapshot_date, "date", "Taken"),
    },
    permission=CaseloadPermission.VIEW_CASELOADS,
    hidden_fields=hidden_snapshot_fields,
    restricted_fields=COUNCIL_TOTALS,
)

CASELOAD_COUNTS = Resource(
    name="caseload-counts",
    area="caseloads",
    title="Caseload counts",
    description=(
        "Each worker's cases by type in each snapshot: child protection, child in need, child looked after, care "
        "leaver, early help and other. A team manager sees the workers of the teams they manage."
    ),
    schema=CaseloadCountSchema,
    query=counts_in_scope,
    id_column=CaseloadWorkerCount.id,
    sorts={
        "snapshot_date": CaseloadSnapshot.snapshot_date,
        "total_cases": CaseloadWorkerCount.total_cases,
        "id": CaseloadWorkerCount.id,
    },
    default_sort="-snapshot_date",
    filters={
        "snapshot_id": Filter(CaseloadWorkerCount.snapshot_id, Id(), "Counts in this snapshot"),
        "snapshot_date": Filter(CaseloadSnapshot.snapshot_date, fields.Date(), "Counts in the snapshot of this date"),
        "team_id": Filter(CaseloadWorkerCount.team_id, Id(), "Counts of workers in this team"),
        "staff_id": Filter(CaseloadWorkerCount.staff_id, Id(), "Counts of this worker"),
        "min_cases": Filter(
            CaseloadWorkerCount.total_cases,
            fields.Integer(validate=validate.Range(min=0, max=10_000, error="Enter a number from {min} to {max}")),
            "Workers holding at least this many cases",
            Operator.AT_LEAST,
        ),
    },
    permission=CaseloadPermission.VIEW_CASELOADS,
)


class CaseloadImportOptions(Schema):
    snapshot_date = fields.Date(
        required=True,
        error_messages={"required": "Enter the snapshot date", "invalid": "Enter the snapshot date as YYYY-MM-DD"},
        metadata={"description": "The date the extract was taken."},
    )
    source_system = code_parameter(SourceSystem)
    mapping = fields.String(
        validate=validate.Length(min=1, max=80),
        metadata={"description": "The name of a saved column mapping; leave out for the standard headers."},
    )
    allow_unknown_workers = fields.Boolean(
        metadata={"description": "Keep cases of workers not in the staff records (they show as alerts)."}
    )


def import_caseloads(table: Table, report: ImportReport, options: dict) -> dict[str, int]:
    """The upload page's checks and save step, run at once: a snapshot of every row, or nothing."""
    mapping = None
    if options.get("mapping"):
        mapping = dao.get_mapping_by_name(options["mapping"])
        if mapping is None:
            raise ApiProblem(
                422, "The query parameters are not valid.", {"mapping": ["There is no saved mapping with this name"]}
            )
    request = imports.SnapshotImport(
        data=b"",
        filename="API import",
        snapshot_date=options["snapshot_date"],
        source_system=options.get("source_system") or SourceSystem.OTHER,
        mapping=mapping,
        allow_unknown_workers=bool(options.get("allow_unknown_workers")),
        imported_by_id=current_user.id,
    )
    outcome = imports.check_table(request, table, report)
    if not report.ok:
        return {}
    snapshot = imports.save_snapshot(request, outcome)
    return {"snapshot_id": snapshot.id, "cases": snapshot.case_count, "workers": snapshot.worker_count}


CASELOADS_IMPORT = BulkImport(
    name="caseloads",
    area="caseloads",
    title="Caseload snapshot",
    description=(
        "A caseload extract from the case-management system, as on the caseload upload page: one row per "
        "allocated case, or one row per worker with a count per case type. It replaces any earlier import for "
        "the same snapshot date. Case references only, never names: a reference with a space is refused."
    ),
    columns={
        "CaseReference": "case rows: the case reference, letters, digits and - / _ . only",
        "CaseType": "case rows: CP, CIN, CLA, CL, EH or OTHER",
        "EmployeeNumber": "the worker's employee number (or SWENo)",
        "SWENo": "the worker's Social Work England number (or EmployeeNumber)",
        "Team": "optional: the team's name as in WPQ; else the worker's team on the date",
        "AllocationDate": "case rows: the date the case was allocated, on or before the snapshot date",
        "CP, CIN, CLA, CL, EH, OTHER": "worker rows: the number of cases of each type",
    },
    permission=CaseloadPermission.IMPORT_CASELOADS,
    run=import_caseloads,
    options=CaseloadImportOptions,
)
