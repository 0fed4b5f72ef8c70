"""A saved column mapping: how one source's extract for one import is read as WPQ's own layout."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workforce.extensions import db
from workforce.kernel import clock


class ImportMapping(db.Model):
    """One source system's layout for one kind of import (staff, absences, survey, training, teams, caseloads).

    Columns and translations are keyed by WPQ's own header for the field (the DfE census item name where the
    census has one), so an import reads a mapped file exactly as it reads a file in WPQ's own layout."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_import_mappings_kind_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The import this mapping reads for: "staff", "absences", "survey", "training", "teams", "caseloads".
    kind: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(80))
    #: The system the extract comes from, in the council's words ("iTrent", "Oracle HR", "Mosaic").
    source: Mapped[str] = mapped_column(String(80), default="")
    #: {WPQ header: the extract's header}, for example {"EmployeeNumber": "Staff No"}.
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    #: A strptime format for the extract's text dates ("%m/%d/%Y"); None accepts WPQ's usual formats.
    date_format: Mapped[str | None] = mapped_column(String(20))
    #: Full-time weekly hours: with it, a file that gives hours and no FTE has FTE = hours / standard hours.
    standard_hours: Mapped[float | None] = mapped_column(Float)
    #: {WPQ header of a coded field: {the council's code: the DfE code}}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Settings particular to one kind (a caseload extract's shape and source system, for example).
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Employee numbers HR chose to keep in post although this source's full extracts leave them out.
    kept: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    __audit_name__ = "Import column mapping"

    def __str__(self) -> str:
        return self.name

    def translation_for(self, header: str) -> dict[str, str]:
        return dict((self.translations or {}).get(header) or {})
