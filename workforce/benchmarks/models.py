"""DfE published workforce figures and statistical neighbours, loaded from the DfE files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workforce.extensions import db
from workforce.kernel import clock


class DfeFigure(db.Model):
    """One published figure: a variable for a year and an area (England, a region or a council)."""

    __tablename__ = "dfe_figures"
    __table_args__ = (
        Index("ix_dfe_figures_lookup", "variable", "time_period", "geographic_level"),
        Index("ix_dfe_figures_la", "old_la_code", "variable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    time_period: Mapped[int] = mapped_column(Integer)
    geographic_level: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(40))
    region_name: Mapped[str | None] = mapped_column(String(80))
    #: The three-digit LA code used by the census and the statistical neighbour model.
    old_la_code: Mapped[str | None] = mapped_column(String(40))
    new_la_code: Mapped[str | None] = mapped_column(String(80))
    la_name: Mapped[str | None] = mapped_column(String(120))
    variable: Mapped[str] = mapped_column(String(60))
    value: Mapped[float | None] = mapped_column(Float)
    #: DfE's symbol when there is no number: c, x, z, u or low.
    symbol: Mapped[str | None] = mapped_column(String(10))


class StatisticalNeighbour(db.Model):
    __tablename__ = "statistical_neighbours"
    __table_args__ = (Index("ix_statistical_neighbours_la", "old_la_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    old_la_code: Mapped[str] = mapped_column(String(10))
    #: 1 is the closest neighbour.
    rank: Mapped[int] = mapped_column(Integer)
    neighbour_la_code: Mapped[str] = mapped_column(String(10))
    closeness: Mapped[str | None] = mapped_column(String(40))


class BenchmarkRelease(db.Model):
    """A load of the DfE files: what was loaded, when and by whom."""

    __tablename__ = "benchmark_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicators_file: Mapped[str] = mapped_column(String(200))
    neighbours_file: Mapped[str | None] = mapped_column(String(200))
    figures: Mapped[int] = mapped_column(Integer)
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __str__(self) -> str:
        return f"DfE figures {self.first_year}-{self.last_year} from {self.indicators_file}"
