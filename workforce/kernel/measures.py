"""The measure registry: every figure WPQ reports, with its definition, computed in SQL by its module."""

from __future__ import annotations

import contextlib
import contextvars
import enum
import statistics
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from workforce.extensions import db

_shared_work: contextvars.ContextVar[dict | None] = contextvars.ContextVar("wpq_measure_work", default=None)


@contextlib.contextmanager
def roll_up() -> Iterator[None]:
    """While computing many measures over one set of data (a reporting period, a benchmark), let measures
    share work they would otherwise repeat for each scope, such as a schedule of every worker.

    Outside a roll-up nothing is shared, so a measure always reads the data as it is now.
    """
    token = _shared_work.set({})
    try:
        yield
    finally:
        _shared_work.reset(token)


def rolling_up() -> bool:
    """True inside `roll_up()`: a measure may then prepare its data once for every scope."""
    return _shared_work.get() is not None


def shared(key: Hashable, compute: Callable[[], object]):
    """`compute()` once per roll-up for `key` (every time when no roll-up is running)."""
    work = _shared_work.get()
    if work is None:
        return compute()
    if key not in work:
        work[key] = compute()
    return work[key]


def shared_by_teams(
    key: Hashable,
    team_ids: frozenset[int] | None,
    compute: Callable[[frozenset[int] | None], Iterable],
    team_of: Callable[[object], int | None],
) -> list:
    """The rows `compute(teams)` gives that `team_of` places in `team_ids` (None: every team).

    One path for a figure alone and inside a roll-up: in a roll-up every team's rows are computed once
    for `key` and each scope keeps its own; alone only the scope's teams are computed, on demand. So
    `compute(None)` kept to some teams must equal `compute(those teams)`."""
    teams = None if rolling_up() else team_ids
    rows = shared((key, teams), lambda: list(compute(teams)))
    return [row for row in rows if team_ids is None or team_of(row) in team_ids]


class Polarity(enum.StrEnum):
    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"
    NEUTRAL = "neither"


class Source(enum.StrEnum):
    DFE = "DfE children's social work workforce statistics"
    LOCAL = "Local measure"


class Unit(enum.StrEnum):
    PERCENT = "%"
    FTE = "FTE"
    COUNT = "count"
    DAYS = "days"
    RATIO = "ratio"


class ScopeLevel(enum.StrEnum):
    COUNCIL = "council"
    SERVICE_AREA = "service-area"
    TEAM = "team"


@dataclass(frozen=True)
class MeasureScope:
    """Where a figure is computed: the whole council, one service area or one team."""

    level: ScopeLevel = ScopeLevel.COUNCIL
    id: int | None = None

    def __post_init__(self):
        if (self.level is ScopeLevel.COUNCIL) != (self.id is None):
            raise ValueError("A council scope has no id; a service-area or team scope needs one.")

    @classmethod
    def council(cls) -> MeasureScope:
        return cls()

    @classmethod
    def team(cls, team_id: int) -> MeasureScope:
        return cls(ScopeLevel.TEAM, team_id)

    @classmethod
    def service_area(cls, service_area_id: int) -> MeasureScope:
        return cls(ScopeLevel.SERVICE_AREA, service_area_id)

    def team_ids(self) -> frozenset[int] | None:
        """The teams inside this scope, or None for the whole council."""
        from workforce.kernel.models import Team

        if self.level is ScopeLevel.COUNCIL:
            return None
        if self.level is ScopeLevel.TEAM:
            return frozenset({self.id})
        rows = db.session.execute(select(Team.id).where(Team.service_area_id == self.id)).scalars()
        return frozenset(rows)


@dataclass(frozen=True)
class MeasureValue:
    """A figure with the numerator and denominator it came from; value is None when not applicable."""

    numerator: float | None
    denominator: float | None
    value: float | None

    @classmethod
    def ratio(cls, numerator: float, denominator: float, multiplier: float = 1) -> MeasureValue:
        """numerator / denominator x multiplier; a zero denominator is not applicable, never 0."""
        if not denominator:
            return cls(numerator, denominator, None)
        return cls(numerator, denominator, numerator / denominator * multiplier)

    @classmethod
    def total(cls, amount: float) -> MeasureValue:
        return cls(amount, None, amount)

    @property
    def not_applicable(self) -> bool:
        return self.value is None


ComputeFunction = Callable[[date, date, MeasureScope], MeasureValue]


class Combine(enum.StrEnum):
    """How the amounts of the records behind one side of a figure make that side."""

    SUM = "sum"
    MEDIAN = "median"


@dataclass(frozen=True)
class BehindRecord:
    """One record behind a figure, and what it adds to the numerator or the denominator."""

    #: What the record is, in the council's words: "Assignment", "Funded post", "Case audit".
    kind: str
    #: Which one: a person's name and employee number, a post number, a case reference.
    reference: str
    #: The team the figure counts it in (None when the record has no team).
    team_id: int | None
    #: Why it counts: the dates, grade or status the definition reads.
    detail: str
    #: What it adds (1 for a count, its FTE, its working days lost...).
    amount: float


@dataclass(frozen=True)
class RecordList:
    """The records behind one side (numerator or denominator) of a figure."""

    title: str
    #: What `BehindRecord.amount` measures ("FTE", "Count", "Working days").
    amount_label: str
    records: tuple[BehindRecord, ...]
    combine: Combine = Combine.SUM

    def total(self) -> float | None:
        """The side of the figure these records make: their sum, or for a median the median amount."""
        amounts = [record.amount for record in self.records]
        if self.combine is Combine.MEDIAN:
            return statistics.median(amounts) if amounts else None
        return float(sum(amounts))


@dataclass(frozen=True)
class MeasureRecords:
    numerator: RecordList
    #: None for a total, which has no denominator.
    denominator: RecordList | None = None


RecordsFunction = Callable[[date, date, MeasureScope], MeasureRecords]


@dataclass(frozen=True)
class DrillDown:
    """How to list the records behind a measure's figure, and who may see them.

    `records` reads the same SQL definitions as the measure's compute function, so the numerator records
    add up to the numerator and the denominator records to the denominator (`tests/kernel/test_drill_down.py`
    checks every registered measure on the demo council). `permission` is the one a user must hold to see
    the records; the page then keeps them to the user's teams, like every list.
    """

    records: RecordsFunction = field(repr=False, compare=False)
    permission: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    definition: str
    source: Source
    unit: Unit
    polarity: Polarity
    compute: ComputeFunction = field(repr=False, compare=False)
    #: The module that registered it ("workforce", "supervision", ...).
    module: str = "workforce"
    #: True for the DfE census measures, whose identifiers are the DfE variable names.
    census_comparable: bool = False
    #: The records behind the figure (see `DrillDown`); None only for a measure that cannot list them.
    drill_down: DrillDown | None = field(default=None, repr=False, compare=False)
    #: The tables `compute` reads: a commit that changes one of them makes this measure's stored figures
    #: stale (`workforce.kernel.stored_figures`). A test checks it against the tables the SQL really reads.
    reads: frozenset[str] = field(default=frozenset(), compare=False)


class DuplicateMeasure(ValueError):
    pass


class MeasureRegistry:
    def __init__(self) -> None:
        self._measures: dict[str, Measure] = {}

    def register(self, measure: Measure) -> Measure:
        if measure.id in self._measures:
            raise DuplicateMeasure(f"A measure called {measure.id!r} is already registered.")
        self._measures[measure.id] = measure
        return measure

    def register_all(self, measures: Iterable[Measure], drill_downs: Mapping[str, DrillDown] | None = None) -> None:
        """Register `measures`, each with its drill-down from `drill_downs` (by measure id) when given."""
        measures = list(measures)
        drill_downs = dict(drill_downs or {})
        unknown = set(drill_downs) - {measure.id for measure in measures}
        if unknown:
            raise ValueError(f"Drill-downs for measures not being registered: {', '.join(sorted(unknown))}.")
        for measure in measures:
            if measure.id in drill_downs:
                measure = replace(measure, drill_down=drill_downs[measure.id])
            self.register(measure)

    def get(self, measure_id: str) -> Measure:
        return self._measures[measure_id]

    def __contains__(self, measure_id: str) -> bool:
        return measure_id in self._measures

    def __iter__(self):
        return iter(self._measures.values())

    def __len__(self) -> int:
        return len(self._measures)

    def compute(self, measure_id: str, start: date, end: date, scope: MeasureScope | None = None) -> MeasureValue:
        return self.get(measure_id).compute(start, end, scope or MeasureScope.council())
