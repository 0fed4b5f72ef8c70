"""Caseload snapshots imported from the case-management system, with thresholds and column mappings.

WPQ holds case references only (as given or as keyed hashes), never names of children.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workforce.caseloads.constants import (
    CaseType,
    ExtractShape,
    ImportJobStatus,
    Programme,
    SnapshotStatus,
    SourceSystem,
)
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.jobs.models import Job
from workforce.kernel.models import Team, User, enum_column
from workforce.people.constants import CensusRole
from workforce.people.models import StaffMember


class CaseloadSnapshot(db.Model):
    """The allocations on one date, as the case-management system reported them."""

    __tablename__ = "caseload_snapshots"
    __table_args__ = (Index("ix_caseload_snapshots_date_status", "snapshot_date", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_date: Mapped[date] = mapped_column(Date)
    source_system: Mapped[SourceSystem] = mapped_column(enum_column(SourceSystem, name="source_system"))
    shape: Mapped[ExtractShape] = mapped_column(enum_column(ExtractShape, name="extract_shape"))
    status: Mapped[SnapshotStatus] = mapped_column(enum_column(SnapshotStatus, name="snapshot_status"))
    filename: Mapped[str | None] = mapped_column(String(255))
    #: Cases in the snapshot, and the workers holding them.
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    worker_count: Mapped[int] = mapped_column(Integer, default=0)
    #: True when the case references were stored as keyed hashes.
    references_hashed: Mapped[bool] = mapped_column(default=False)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    imported_by: Mapped[User | None] = relationship()

    __audit_name__ = "Caseload snapshot"

    def __str__(self) -> str:
        return f"Caseloads on {display_date(self.snapshot_date)}"


class CaseloadCase(db.Model):
    """One allocated case in a snapshot (extracts of the case-level shape only)."""

    __tablename__ = "caseload_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("caseload_snapshots.id", ondelete="CASCADE"), index=True)
    #: The case reference as given, or its keyed hash when the setting says so. Never a child's name.
    case_reference: Mapped[str] = mapped_column(String(80))
    case_type: Mapped[CaseType] = mapped_column(enum_column(CaseType, name="case_type"))
    #: None when the worker was not found in the staff records (kept only when the importer allowed it).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    #: The worker's employee or Social Work England number as the extract gave it.
    worker_identifier: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    allocation_date: Mapped[date | None] = mapped_column(Date)


class CaseloadWorkerCount(db.Model):
    """One worker's cases by type in a snapshot: imported as such, or counted from the case rows.

    Every measure, page and alert reads these rows, so history can be kept as counts alone.
    """

    __tablename__ = "caseload_worker_counts"
    __table_args__ = (UniqueConstraint("snapshot_id", "worker_identifier", name="one_row_per_worker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("caseload_snapshots.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    worker_identifier: Mapped[str] = mapped_column(String(40))
    #: The team the extract put the cases in, or else the worker's team on the snapshot date.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    cp_cases: Mapped[int] = mapped_column(Integer, default=0)
    cin_cases: Mapped[int] = mapped_column(Integer, default=0)
    cla_cases: Mapped[int] = mapped_column(Integer, default=0)
    cl_cases: Mapped[int] = mapped_column(Integer, default=0)
    eh_cases: Mapped[int] = mapped_column(Integer, default=0)
    other_cases: Mapped[int] = mapped_column(Integer, default=0)
    total_cases: Mapped[int] = mapped_column(Integer, default=0)

    snapshot: Mapped[CaseloadSnapshot] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()
    team: Mapped[Team | None] = relationship()

    def count_of(self, case_type: CaseType) -> int:
        return getattr(self, case_type.count_column) or 0


class CaseloadThreshold(db.Model):
    """Cases per FTE from a date, for a job type (or all) and a programme (experienced or ASYE)."""

    __tablename__ = "caseload_thresholds"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    #: None for every job type.
    census_role: Mapped[CensusRole | None] = mapped_column(enum_column(CensusRole, name="census_role"))
    programme: Mapped[Programme] = mapped_column(enum_column(Programme, name="programme"))
    #: Over threshold above this many (weighted) cases per FTE.
    limit_per_fte: Mapped[float] = mapped_column(Float)
    #: Near threshold (amber) from this many cases per FTE.
    amber_from: Mapped[float] = mapped_column(Float)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    __audit_name__ = "Caseload threshold"

    def __str__(self) -> str:
        role = self.census_role.label if self.census_role else "Every job type"
        return f"{role}, {self.programme.label}, from {display_date(self.effective_from)}"


class CaseTypeWeight(db.Model):
    """How much a case of one type counts towards the threshold, from a date (used when weighting is on)."""

    __tablename__ = "caseload_case_type_weights"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    case_type: Mapped[CaseType] = mapped_column(enum_column(CaseType, name="case_type"))
    weight: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    __audit_name__ = "Case type weight"

    def __str__(self) -> str:
        return f"{self.case_type.label} x {self.weight:g} from {display_date(self.effective_from)}"


class CaseloadImportJob(db.Model):
    """An import from the upload page: what was asked for and, at the end, its snapshot or its problems. The
    work runs as a background job (`workforce.kernel.jobs`), which holds the upload and shows the progress."""

    __tablename__ = "caseload_import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[ImportJobStatus] = mapped_column(enum_column(ImportJobStatus, name="import_job_status"))
    #: The background job doing the import (it holds the upload until it ends).
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    snapshot_date: Mapped[date] = mapped_column(Date)
    source_system: Mapped[SourceSystem] = mapped_column(enum_column(SourceSystem, name="source_system"))
    mapping_id: Mapped[int | None] = mapped_column(ForeignKey("import_mappings.id"))
    allow_unknown_workers: Mapped[bool] = mapped_column(default=False)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    #: [[row, column, value, problem], ...] when the file was rejected.
    problems: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str | None] = mapped_column(String(500))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("caseload_snapshots.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    mapping: Mapped[ImportMapping | None] = relationship()
    snapshot: Mapped[CaseloadSnapshot | None] = relationship()
    background_job: Mapped[Job | None] = relationship()

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))
