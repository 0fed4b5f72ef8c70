"""Caseload extracts through the kernel's column mappings (`workforce.kernel.import_mappings`): a caseload
mapping keeps, besides its columns, what one row of the extract is (a case or a worker's counts) and the
case-management system it comes from (Mosaic, Liquidlogic, Eclipse, an SSD-style extract or another)."""

from __future__ import annotations

from workforce.caseloads.constants import ExtractShape, SourceSystem
from workforce.caseloads.schemas import CASE_FIELDS, WORKER_COUNT_FIELDS
from workforce.kernel.import_mappings import ImportLayout, ImportMapping, register_layout

KIND = "caseloads"
#: WPQ's header -> the caseload row field (the two shapes share the worker and team columns).
FIELD_OF_HEADER = {header: name for name, header in {**CASE_FIELDS, **WORKER_COUNT_FIELDS}.items()}

LAYOUT = register_layout(
    ImportLayout(
        kind=KIND,
        title="Caseloads",
        columns=tuple(FIELD_OF_HEADER),
        dates=("AllocationDate",),
        synonyms={
            "CaseReference": ("Person ID", "Child ID", "Case ID", "Case Number", "Client ID"),
            "CaseType": ("Case Type", "Category", "Case Category", "Episode Type"),
            "AllocationDate": ("Allocated On", "Date Allocated", "Allocation Start", "Allocation Start Date"),
        },
    )
)


def field_columns(mapping: ImportMapping) -> dict[str, str]:
    """{caseload row field: the extract's header}."""
    return {FIELD_OF_HEADER[wpq]: source for wpq, source in (mapping.columns or {}).items() if wpq in FIELD_OF_HEADER}


def header_columns(columns: dict[str, str]) -> dict[str, str]:
    """{caseload row field: header} -> {WPQ header: header}, as the kernel keeps them."""
    headers = {**WORKER_COUNT_FIELDS, **CASE_FIELDS}
    return {headers[name]: source for name, source in columns.items() if name in headers}


def shape_of(mapping: ImportMapping) -> ExtractShape:
    return ExtractShape((mapping.options or {}).get("shape", ExtractShape.CASES.value))


def source_system_of(mapping: ImportMapping) -> SourceSystem:
    return SourceSystem((mapping.options or {}).get("source_system", SourceSystem.OTHER.value))
