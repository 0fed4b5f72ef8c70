"""Facts the caseload module answers for other modules through the registry, without being imported."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workforce.caseloads import dao
from workforce.caseloads.models import CaseloadCase
from workforce.extensions import db


def latest_caseload_cases(on_date: date) -> list[dict]:
    """The allocated cases in the latest snapshot on or before `on_date`, as
    {case_reference, case_type, team_id, staff_id, allocation_date}; [] when there is none or it holds counts only.

    Registered as "latest-caseload-cases" (the audits module samples cases from it).
    """
    snapshot = dao.get_latest_snapshot(on_date)
    if snapshot is None:
        return []
    rows = db.session.execute(
        select(
            CaseloadCase.case_reference,
            CaseloadCase.case_type,
            CaseloadCase.team_id,
            CaseloadCase.staff_id,
            CaseloadCase.allocation_date,
        )
        .where(CaseloadCase.snapshot_id == snapshot.id)
        .order_by(CaseloadCase.id)
    )
    return [
        {
            "case_reference": reference,
            "case_type": case_type.value,
            "team_id": team_id,
            "staff_id": staff_id,
            "allocation_date": allocation_date,
        }
        for reference, case_type, team_id, staff_id, allocation_date in rows
    ]
