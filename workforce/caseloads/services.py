"""Changing caseload configuration: column mappings, thresholds and weights, written to the audit trail."""

from __future__ import annotations

from datetime import date

from workforce.caseloads import dao
from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import CaseType, ExtractShape, Programme, SourceSystem
from workforce.caseloads.mappings import KIND, header_columns
from workforce.caseloads.models import CaseloadThreshold, CaseTypeWeight
from workforce.caseloads.schemas import CASE_FIELDS, WORKER_COUNT_FIELDS
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.import_mappings import services as import_mappings
from workforce.people.constants import CensusRole


class CaseloadError(ValueError):
    def __init__(self, message: str, field: str = "name"):
        super().__init__(message)
        self.field = field


def fields_of(shape: ExtractShape) -> dict[str, str]:
    return CASE_FIELDS if shape is ExtractShape.CASES else WORKER_COUNT_FIELDS


def save_mapping(
    name: str,
    source_system: SourceSystem,
    shape: ExtractShape,
    columns: dict[str, str | None],
    created_by_id: int | None = None,
) -> ImportMapping:
    """Create a mapping, or change the one with this name. Columns map field name -> header in the extract."""
    name = name.strip()
    if not name:
        raise CaseloadError("Enter a name for the mapping")
    allowed = fields_of(shape)
    cleaned = {
        field: header.strip() for field, header in columns.items() if field in allowed and header and header.strip()
    }
    if shape is ExtractShape.CASES:
        for field in ("case_reference", "case_type", "allocation_date"):
            if field not in cleaned:
                raise CaseloadError(f"Enter the column that holds the {field.replace('_', ' ')}", field)
    elif not set(cleaned) & {case_type.value.lower() for case_type in CaseType}:
        raise CaseloadError("Enter the column of at least one case type", "cp")
    if "employee_number" not in cleaned and "swe_number" not in cleaned:
        raise CaseloadError(
            "Enter the column of the employee number or the Social Work England number", "employee_number"
        )
    headers = list(cleaned.values())
    if len(set(headers)) != len(headers):
        raise CaseloadError("Each field needs a different column", next(iter(cleaned)))
    options = {"shape": shape.value, "source_system": source_system.value}
    mapping = dao.get_mapping_by_name(name)
    try:
        if mapping is None:
            return import_mappings.create_mapping(
                KIND,
                name,
                source=source_system.label,
                columns=header_columns(cleaned),
                options=options,
                created_by_id=created_by_id,
            )
        return import_mappings.update_mapping(
            mapping,
            source=source_system.label,
            columns=header_columns(cleaned),
            date_format=mapping.date_format,
            standard_hours=mapping.standard_hours,
            translations=dict(mapping.translations or {}),
            options=options,
        )
    except import_mappings.MappingError as problem:
        raise CaseloadError(str(problem)) from None


def add_threshold(
    effective_from: date,
    programme: Programme,
    limit_per_fte: float,
    amber_from: float,
    census_role: CensusRole | None = None,
    created_by_id: int | None = None,
) -> CaseloadThreshold:
    if limit_per_fte <= 0:
        raise CaseloadError("The threshold must be more than 0 cases per FTE", "limit_per_fte")
    if amber_from < 0 or amber_from > limit_per_fte:
        raise CaseloadError("Amber must start at or below the threshold", "amber_from")
    threshold = CaseloadThreshold(
        effective_from=effective_from,
        programme=programme,
        limit_per_fte=limit_per_fte,
        amber_from=amber_from,
        census_role=census_role,
        created_by_id=created_by_id,
    )
    db.session.add(threshold)
    audit_trail.record_created(threshold)
    return threshold


def add_weight(effective_from: date, case_type: CaseType, weight: float) -> CaseTypeWeight:
    if weight <= 0 or weight > 10:
        raise CaseloadError("Enter a weight from 0.1 to 10", "weight")
    row = CaseTypeWeight(effective_from=effective_from, case_type=case_type, weight=weight)
    db.session.add(row)
    audit_trail.record_created(row)
    return row


def save_weights(
    weighting: bool, effective_from: date, weights: dict[CaseType, float], current: dict[CaseType, float], user_id=None
) -> list[CaseTypeWeight]:
    """Turn weighting on or off, and record the weights that differ from those in force."""
    before = bool(caseload_settings.get("caseload_weighting"))
    if before != weighting:
        caseload_settings.put("caseload_weighting", weighting, user_id)
    return [
        add_weight(effective_from, case_type, weight)
        for case_type, weight in weights.items()
        if current.get(case_type, 1.0) != weight
    ]
