"""Each worker's caseload against their threshold: FTE-adjusted, optionally weighted by case type, with the
protected (ASYE) level for newly qualified workers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import BANDS, CaseloadStatus, CaseType, Programme, band_of
from workforce.caseloads.models import CaseloadSnapshot, CaseloadThreshold, CaseloadWorkerCount, CaseTypeWeight
from workforce.extensions import db
from workforce.kernel import freshness
from workforce.kernel.contract import registry
from workforce.kernel.providers import EARLY_CAREER_PERIODS, EARLY_CAREER_STATUS
from workforce.people.constants import CensusRole
from workforce.people.models import Assignment, StaffMember


@dataclass(frozen=True)
class Threshold:
    limit_per_fte: float
    amber_from: float
    programme: Programme

    def status_of(self, caseload_per_fte: float) -> CaseloadStatus:
        if caseload_per_fte > self.limit_per_fte:
            return CaseloadStatus.OVER
        if caseload_per_fte >= self.amber_from:
            return CaseloadStatus.NEAR
        return CaseloadStatus.WITHIN


class ThresholdBook:
    """The thresholds in force on a date, read once (the table is small)."""

    def __init__(self, on: date):
        self.on = on
        self.rows = list(
            db.session.execute(
                select(CaseloadThreshold)
                .where(CaseloadThreshold.effective_from <= on)
                .order_by(CaseloadThreshold.effective_from, CaseloadThreshold.id)
            ).scalars()
        )
        self.asye_percent = float(caseload_settings.get("caseload_asye_percent"))
        self.default_limit = float(caseload_settings.get("caseload_threshold"))
        self.default_amber = float(caseload_settings.get("caseload_amber_from"))

    def _latest(self, role: CensusRole | None, programme: Programme) -> CaseloadThreshold | None:
        specific = [row for row in self.rows if row.programme is programme and row.census_role == role]
        general = [row for row in self.rows if row.programme is programme and row.census_role is None]
        chosen = specific or general
        return chosen[-1] if chosen else None

    def for_worker(self, role: CensusRole | None, programme: Programme) -> Threshold:
        row = self._latest(role, programme)
        if row is not None:
            return Threshold(row.limit_per_fte, row.amber_from, programme)
        experienced = self._latest(role, Programme.EXPERIENCED)
        if experienced is not None:
            limit, amber = experienced.limit_per_fte, experienced.amber_from
        else:
            limit, amber = self.default_limit, self.default_amber
        if programme is Programme.ASYE:
            # The DfE ASYE framework: ASYE is a 90% workload, so the protected level is 90% of the experienced one.
            factor = self.asye_percent / 100
            return Threshold(round(limit * factor, 2), round(amber * factor, 2), programme)
        return Threshold(limit, amber, programme)


def weights_on(on: date) -> dict[CaseType, float] | None:
    """The weight of each case type on a date, or None when weighting is off (every case counts 1)."""
    if not caseload_settings.get("caseload_weighting"):
        return None
    return recorded_weights(on)


def recorded_weights(on: date) -> dict[CaseType, float]:
    """The weights recorded for a date, whether or not weighting is on (1 for a type with none)."""
    weights = dict.fromkeys(CaseType, 1.0)
    for row in db.session.execute(
        select(CaseTypeWeight).where(CaseTypeWeight.effective_from <= on).order_by(CaseTypeWeight.effective_from)
    ).scalars():
        weights[row.case_type] = row.weight
    return weights


def is_early_career(staff_id: int, qualification_date: date | None, on: date) -> bool:
    """ASYE status from the academy when it answers; otherwise qualified less than 12 months before the date."""
    provider = registry().provided(EARLY_CAREER_STATUS)
    if provider is not None:
        answer = provider(staff_id, on)
        if answer is not None:
            return bool(answer)
    return _qualified_in_the_year_to(qualification_date, on)


def _qualified_in_the_year_to(qualification_date: date | None, on: date) -> bool:
    if qualification_date is None:
        return False
    try:
        year_before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_before = on.replace(year=on.year - 1, day=28)
    return year_before < qualification_date <= on


def early_career_test() -> Callable[[int, date | None, date], bool]:
    """`is_early_career` for many people: the academy's periods of everyone are read once (one query), and
    each answer is the one `is_early_career` gives. Without the periods provider, asks person by person."""
    provider = registry().provided(EARLY_CAREER_PERIODS)
    if provider is None:
        return is_early_career
    periods = provider()

    def test(staff_id: int, qualification_date: date | None, on: date) -> bool:
        spans = periods.get(staff_id)
        if spans is not None:
            return any(start <= on and (ended is None or on < ended) for start, ended in spans)
        return _qualified_in_the_year_to(qualification_date, on)

    return test


@dataclass(frozen=True)
class WorkerCaseload:
    staff_id: int | None
    name: str
    worker_identifier: str
    team_id: int | None
    counts: dict[CaseType, int]
    total_cases: int
    weighted_cases: float
    #: FTE of the worker's assignments current on the snapshot date; 0 when not in post.
    fte: float
    in_post: bool
    programme: Programme
    threshold: Threshold | None
    census_role: CensusRole | None

    @property
    def caseload_per_fte(self) -> float | None:
        return self.weighted_cases / self.fte if self.fte else None

    @property
    def status(self) -> CaseloadStatus | None:
        per_fte = self.caseload_per_fte
        if per_fte is None or self.threshold is None:
            return None
        return self.threshold.status_of(per_fte)

    @property
    def band(self) -> str | None:
        per_fte = self.caseload_per_fte
        return None if per_fte is None else band_of(per_fte)


def current_assignments_query(on: date):
    return select(
        Assignment.staff_id,
        func.sum(Assignment.fte).label("fte"),
        func.min(Assignment.census_role).label("census_role"),
    ).where(Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date >= on))


def worker_caseloads(snapshot: CaseloadSnapshot, team_ids: Iterable[int] | None = None) -> list[WorkerCaseload]:
    """Every worker in a snapshot (or in the given teams) with their FTE-adjusted caseload and status (kept
    between requests while the tables it reads are unchanged)."""
    teams = None if team_ids is None else tuple(sorted(set(team_ids)))
    return list(
        freshness.kept(
            ("caseloads.workers", snapshot.id, snapshot.snapshot_date, teams),
            lambda: _compute_worker_caseloads(snapshot, teams),
        )
    )


def _compute_worker_caseloads(snapshot: CaseloadSnapshot, team_ids: Iterable[int] | None) -> list[WorkerCaseload]:
    on = snapshot.snapshot_date
    in_post = current_assignments_query(on).group_by(Assignment.staff_id).subquery()
    query = (
        select(CaseloadWorkerCount, StaffMember, in_post.c.fte, in_post.c.census_role)
        .outerjoin(StaffMember, StaffMember.id == CaseloadWorkerCount.staff_id)
        .outerjoin(in_post, in_post.c.staff_id == CaseloadWorkerCount.staff_id)
        .where(CaseloadWorkerCount.snapshot_id == snapshot.id)
        .order_by(StaffMember.last_name, StaffMember.first_name, CaseloadWorkerCount.worker_identifier)
    )
    if team_ids is not None:
        query = query.where(CaseloadWorkerCount.team_id.in_(sorted(team_ids)))
    book = ThresholdBook(on)
    weights = weights_on(on)
    early_career = early_career_test()
    result = []
    for count, staff, fte, census_role in db.session.execute(query):
        counts = {case_type: count.count_of(case_type) for case_type in CaseType}
        weighted = (
            float(count.total_cases)
            if weights is None
            else sum(counts[case_type] * weights[case_type] for case_type in CaseType)
        )
        role = CensusRole(census_role) if census_role is not None else None
        programme = Programme.EXPERIENCED
        if staff is not None and early_career(staff.id, staff.qualification_date, on):
            programme = Programme.ASYE
        result.append(
            WorkerCaseload(
                staff_id=count.staff_id,
                name=staff.name if staff is not None else f"Not in the staff records ({count.worker_identifier})",
                worker_identifier=count.worker_identifier,
                team_id=count.team_id,
                counts=counts,
                total_cases=count.total_cases,
                weighted_cases=weighted,
                fte=float(fte or 0),
                in_post=fte is not None,
                programme=programme,
                threshold=book.for_worker(role, programme) if staff is not None else None,
                census_role=role,
            )
        )
    return result


def band_counts(workers: Iterable[WorkerCaseload]) -> list[tuple[str, int]]:
    """How many case holders in post fall in each caseload band (cases per FTE)."""
    counts = dict.fromkeys((label for label, _lower, _upper in BANDS), 0)
    for worker in workers:
        if worker.in_post and worker.total_cases > 0 and worker.band is not None:
            counts[worker.band] += 1
    return list(counts.items())
