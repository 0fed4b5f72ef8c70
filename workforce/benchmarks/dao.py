"""Queries over the DfE figures: a council beside its region, England and its statistical neighbours."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from sqlalchemy import func, select

from workforce.benchmarks.constants import LOCAL_AUTHORITY, NATIONAL, REGIONAL, SYMBOLS
from workforce.benchmarks.models import BenchmarkRelease, DfeFigure, StatisticalNeighbour
from workforce.extensions import db
from workforce.kernel import settings

LA_CODE_SETTING = "benchmarks.la_code"


def council_la_code() -> str | None:
    return settings.get(LA_CODE_SETTING)


@dataclass(frozen=True)
class Council:
    la_code: str
    name: str
    region_code: str | None
    region_name: str | None


@dataclass(frozen=True)
class Cell:
    """A published figure, or the DfE symbol standing in for it."""

    value: float | None
    symbol: str | None = None

    @property
    def text(self) -> str:
        if self.value is not None:
            return f"{self.value:,.1f}" if self.value % 1 else f"{self.value:,.0f}"
        if self.symbol:
            return f"[{self.symbol}]"
        return "[x]"

    @property
    def symbol_meaning(self) -> str | None:
        return SYMBOLS.get(self.symbol or "")


MISSING = Cell(None, "x")


@dataclass
class Comparison:
    variable: str
    council: Cell = MISSING
    region: Cell = MISSING
    england: Cell = MISSING
    neighbours: list[tuple[Council, Cell]] = field(default_factory=list)

    @property
    def neighbour_average(self) -> Cell:
        values = [cell.value for _council, cell in self.neighbours if cell.value is not None]
        return Cell(round(mean(values), 1)) if values else MISSING

    @property
    def rank(self) -> tuple[int, int] | None:
        """The council's position from the lowest value among itself and its neighbours, and how many."""
        if self.council.value is None:
            return None
        values = [cell.value for _council, cell in self.neighbours if cell.value is not None]
        values.append(self.council.value)
        return sorted(values).index(self.council.value) + 1, len(values)


def latest_release() -> BenchmarkRelease | None:
    return db.session.execute(select(BenchmarkRelease).order_by(BenchmarkRelease.id.desc()).limit(1)).scalar()


def list_years() -> list[int]:
    return list(db.session.execute(select(DfeFigure.time_period).distinct().order_by(DfeFigure.time_period)).scalars())


def list_councils() -> list[Council]:
    latest = db.session.execute(select(func.max(DfeFigure.time_period))).scalar()
    rows = db.session.execute(
        select(DfeFigure.old_la_code, DfeFigure.la_name, DfeFigure.region_code, DfeFigure.region_name)
        .where(DfeFigure.geographic_level == LOCAL_AUTHORITY, DfeFigure.time_period == latest)
        .distinct()
        .order_by(DfeFigure.la_name)
    ).all()
    return [Council(*row) for row in rows]


def get_council(la_code: str | None) -> Council | None:
    if not la_code:
        return None
    row = db.session.execute(
        select(DfeFigure.old_la_code, DfeFigure.la_name, DfeFigure.region_code, DfeFigure.region_name)
        .where(DfeFigure.geographic_level == LOCAL_AUTHORITY, DfeFigure.old_la_code == la_code)
        .order_by(DfeFigure.time_period.desc())
        .limit(1)
    ).first()
    return Council(*row) if row else None


def neighbours_of(la_code: str) -> list[Council]:
    codes = (
        db.session.execute(
            select(StatisticalNeighbour.neighbour_la_code)
            .where(StatisticalNeighbour.old_la_code == la_code)
            .order_by(StatisticalNeighbour.rank)
        )
        .scalars()
        .all()
    )
    councils = {council.la_code: council for council in list_councils()}
    return [councils[code] for code in codes if code in councils]


def compare(year: int, council: Council | None, variables: list[str]) -> dict[str, Comparison]:
    """Every variable for the year: the council, its region, England and its neighbours."""
    return compare_years([year], council, variables)[year]


def compare_years(years: list[int], council: Council | None, variables: list[str]) -> dict[int, dict[str, Comparison]]:
    """`compare` for several years at once (one query for the figures)."""
    comparisons = {year: {variable: Comparison(variable) for variable in variables} for year in years}
    neighbours = neighbours_of(council.la_code) if council else []
    neighbour_codes = {neighbour.la_code: neighbour for neighbour in neighbours}
    codes = ([council.la_code] if council else []) + list(neighbour_codes)
    conditions = [DfeFigure.geographic_level == NATIONAL]
    if council and council.region_code:
        conditions.append((DfeFigure.geographic_level == REGIONAL) & (DfeFigure.region_code == council.region_code))
    if codes:
        conditions.append((DfeFigure.geographic_level == LOCAL_AUTHORITY) & DfeFigure.old_la_code.in_(codes))
    rows = db.session.execute(
        select(DfeFigure)
        .where(DfeFigure.time_period.in_(years), DfeFigure.variable.in_(variables), db.or_(*conditions))
        .order_by(DfeFigure.id)
    ).scalars()
    for figure in rows:
        comparison = comparisons[figure.time_period][figure.variable]
        cell = Cell(figure.value, figure.symbol)
        if figure.geographic_level == NATIONAL:
            comparison.england = cell
        elif figure.geographic_level == REGIONAL:
            comparison.region = cell
        elif council and figure.old_la_code == council.la_code:
            comparison.council = cell
        elif figure.old_la_code in neighbour_codes:
            comparison.neighbours.append((neighbour_codes[figure.old_la_code], cell))
    return comparisons


def trend(variable: str, council: Council | None) -> list[tuple[int, Comparison]]:
    years = list_years()
    by_year = compare_years(years, council, [variable])
    return [(year, by_year[year][variable]) for year in years]
