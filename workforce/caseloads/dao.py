"""Queries about caseload snapshots, workers' counts, mappings, thresholds and import jobs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workforce.caseloads.constants import SnapshotStatus
from workforce.caseloads.mappings import KIND
from workforce.caseloads.models import (
    CaseloadCase,
    CaseloadImportJob,
    CaseloadSnapshot,
    CaseloadThreshold,
    CaseloadWorkerCount,
    CaseTypeWeight,
)
from workforce.extensions import db
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.import_mappings import services as import_mappings
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.permissions import Scope


def latest_snapshot_query(on: date):
    return (
        select(CaseloadSnapshot)
        .where(CaseloadSnapshot.status == SnapshotStatus.IMPORTED, CaseloadSnapshot.snapshot_date <= on)
        .order_by(CaseloadSnapshot.snapshot_date.desc(), CaseloadSnapshot.id.desc())
        .limit(1)
    )


def get_latest_snapshot(on: date) -> CaseloadSnapshot | None:
    """The snapshot a figure for `on` uses: the latest imported on or before that date."""
    return db.session.execute(latest_snapshot_query(on)).scalar()


def list_snapshots(limit: int | None = None) -> list[CaseloadSnapshot]:
    query = (
        select(CaseloadSnapshot)
        .where(CaseloadSnapshot.status == SnapshotStatus.IMPORTED)
        .order_by(CaseloadSnapshot.snapshot_date.desc(), CaseloadSnapshot.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def list_snapshots_between(start: date, end: date) -> list[CaseloadSnapshot]:
    return list(
        db.session.execute(
            select(CaseloadSnapshot)
            .where(
                CaseloadSnapshot.status == SnapshotStatus.IMPORTED,
                CaseloadSnapshot.snapshot_date >= start,
                CaseloadSnapshot.snapshot_date <= end,
            )
            .order_by(CaseloadSnapshot.snapshot_date)
        ).scalars()
    )


def list_worker_history(staff_id: int, since: date | None = None) -> list[tuple[CaseloadSnapshot, CaseloadWorkerCount]]:
    query = (
        select(CaseloadSnapshot, CaseloadWorkerCount)
        .join(CaseloadWorkerCount, CaseloadWorkerCount.snapshot_id == CaseloadSnapshot.id)
        .where(CaseloadWorkerCount.staff_id == staff_id, CaseloadSnapshot.status == SnapshotStatus.IMPORTED)
        .order_by(CaseloadSnapshot.snapshot_date.desc())
    )
    if since is not None:
        query = query.where(CaseloadSnapshot.snapshot_date >= since)
    return [(snapshot, count) for snapshot, count in db.session.execute(query)]


def find_worker_team(staff_id: int) -> int | None:
    """The team of the worker's latest caseload row (used to scope their history page)."""
    return db.session.execute(
        select(CaseloadWorkerCount.team_id)
        .join(CaseloadSnapshot, CaseloadSnapshot.id == CaseloadWorkerCount.snapshot_id)
        .where(CaseloadWorkerCount.staff_id == staff_id, CaseloadSnapshot.status == SnapshotStatus.IMPORTED)
        .order_by(CaseloadSnapshot.snapshot_date.desc())
        .limit(1)
    ).scalar()


def list_cases(snapshot_id: int) -> list[CaseloadCase]:
    return list(
        db.session.execute(
            select(CaseloadCase).where(CaseloadCase.snapshot_id == snapshot_id).order_by(CaseloadCase.id)
        ).scalars()
    )


def list_mappings() -> list[ImportMapping]:
    return import_mappings.list_mappings(KIND)


def get_mapping_by_name(name: str) -> ImportMapping | None:
    return import_mappings.get_mapping(KIND, name)


def list_thresholds() -> list[CaseloadThreshold]:
    return list(
        db.session.execute(
            select(CaseloadThreshold).order_by(CaseloadThreshold.effective_from.desc(), CaseloadThreshold.id.desc())
        ).scalars()
    )


def list_weights() -> list[CaseTypeWeight]:
    return list(
        db.session.execute(
            select(CaseTypeWeight).order_by(CaseTypeWeight.effective_from.desc(), CaseTypeWeight.case_type)
        ).scalars()
    )


def list_import_jobs(limit: int = 20) -> list[CaseloadImportJob]:
    return list(
        db.session.execute(select(CaseloadImportJob).order_by(CaseloadImportJob.id.desc()).limit(limit)).scalars()
    )


def list_open_teams(scope: Scope) -> list[Team]:
    """The teams not archived that `scope` may see, by name."""
    query = select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    return list(db.session.execute(scope.apply(query, Team.id)).scalars())


def list_service_areas() -> list[ServiceArea]:
    return list(db.session.execute(select(ServiceArea).order_by(ServiceArea.name)).scalars())
