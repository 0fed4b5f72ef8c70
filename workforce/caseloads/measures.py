"""Caseload measures for the registry: the DfE census ones under their names, and local ones.

A figure for a period uses the latest snapshot imported on or before the period's end.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select

from workforce.caseloads import dao
from workforce.caseloads.constants import BANDS, CaseloadPermission, CaseloadStatus, Programme, SnapshotStatus
from workforce.caseloads.models import CaseloadSnapshot, CaseloadWorkerCount
from workforce.caseloads.workloads import band_counts, current_assignments_query, worker_caseloads
from workforce.extensions import db
from workforce.kernel.measures import (
    BehindRecord,
    DrillDown,
    Measure,
    MeasureRecords,
    MeasureScope,
    MeasureValue,
    Polarity,
    RecordList,
    Source,
    Unit,
    shared,
)
from workforce.people.models import Assignment, StaffMember


def holders_in_post(end: date, scope: MeasureScope) -> tuple[int, float, int]:
    """(cases, FTE, headcount) of social workers in post holding at least one case, in one aggregate query.

    DfE: cases held by social workers in post (agency included) over the FTE of those holding at least one
    case. A social worker here is a staff member with a Social Work England number; in post means an
    assignment current on the snapshot date.
    """
    query = holders_statement(
        end,
        scope,
        lambda fte: (
            func.coalesce(func.sum(CaseloadWorkerCount.total_cases), 0),
            func.coalesce(func.sum(fte), 0.0),
            func.count(CaseloadWorkerCount.id),
        ),
    )
    if query is None:
        return 0, 0.0, 0
    cases, fte, headcount = db.session.execute(query).one()
    return int(cases), float(fte), int(headcount)


def holders_statement(end: date, scope: MeasureScope, columns):
    """The case holders in post on the latest snapshot to `end`, selecting `columns(fte column)`; None when
    there is no snapshot. The figures aggregate it and their drill-down lists its rows."""
    snapshot = dao.get_latest_snapshot(end)
    if snapshot is None:
        return None
    in_post = current_assignments_query(snapshot.snapshot_date).group_by(Assignment.staff_id).subquery()
    query = (
        select(*columns(in_post.c.fte))
        .join(in_post, in_post.c.staff_id == CaseloadWorkerCount.staff_id)
        .join(StaffMember, StaffMember.id == CaseloadWorkerCount.staff_id)
        .where(
            CaseloadWorkerCount.snapshot_id == snapshot.id,
            CaseloadWorkerCount.total_cases > 0,
            StaffMember.swe_number.is_not(None),
        )
    )
    team_ids = scope.team_ids()
    if team_ids is not None:
        query = query.where(CaseloadWorkerCount.team_id.in_(sorted(team_ids)))
    return query


def holders_in_post_on_each(ends: list[date], scope: MeasureScope) -> dict[date, tuple[int, float, int]]:
    """`holders_in_post(end, scope)` for every date in `ends`, in two queries however many dates there are:
    one finds the snapshot each date uses, one aggregates the case holders of all those snapshots."""
    if not ends:
        return {}
    snapshots = db.session.execute(
        select(CaseloadSnapshot.id, CaseloadSnapshot.snapshot_date)
        .where(CaseloadSnapshot.status == SnapshotStatus.IMPORTED, CaseloadSnapshot.snapshot_date <= max(ends))
        .order_by(CaseloadSnapshot.snapshot_date, CaseloadSnapshot.id)
    ).all()
    used: dict[date, int | None] = {}
    for end in ends:  # the latest on or before the date, the highest id among those of that date
        used[end] = next((id_ for id_, on in reversed(snapshots) if on <= end), None)
    wanted = sorted({id_ for id_ in used.values() if id_ is not None})
    figures: dict[int, tuple[int, float, int]] = {}
    if wanted:
        fte = (
            select(func.sum(Assignment.fte))
            .where(
                Assignment.staff_id == CaseloadWorkerCount.staff_id,
                Assignment.start_date <= CaseloadSnapshot.snapshot_date,
                or_(Assignment.end_date.is_(None), Assignment.end_date >= CaseloadSnapshot.snapshot_date),
            )
            .correlate(CaseloadWorkerCount, CaseloadSnapshot)
            .scalar_subquery()
        )
        holders = (
            select(
                CaseloadWorkerCount.snapshot_id.label("snapshot_id"),
                CaseloadWorkerCount.total_cases.label("cases"),
                fte.label("fte"),
            )
            .join(CaseloadSnapshot, CaseloadSnapshot.id == CaseloadWorkerCount.snapshot_id)
            .join(StaffMember, StaffMember.id == CaseloadWorkerCount.staff_id)
            .where(
                CaseloadWorkerCount.snapshot_id.in_(wanted),
                CaseloadWorkerCount.total_cases > 0,
                StaffMember.swe_number.is_not(None),
            )
        )
        team_ids = scope.team_ids()
        if team_ids is not None:
            holders = holders.where(CaseloadWorkerCount.team_id.in_(sorted(team_ids)))
        holders = holders.subquery()
        rows = db.session.execute(
            select(
                holders.c.snapshot_id,
                func.coalesce(func.sum(holders.c.cases), 0),
                func.coalesce(func.sum(holders.c.fte), 0.0),
                func.count(),
            )
            .where(holders.c.fte.is_not(None))
            .group_by(holders.c.snapshot_id)
        ).all()
        figures = {id_: (int(cases), float(fte_total), int(count)) for id_, cases, fte_total, count in rows}
    return {end: figures.get(id_, (0, 0.0, 0)) if id_ else (0, 0.0, 0) for end, id_ in used.items()}


def case_holders_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    _cases, fte, _headcount = holders_in_post(end, scope)
    return MeasureValue.total(round(fte, 6))


def cases(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    held, _fte, _headcount = holders_in_post(end, scope)
    return MeasureValue.total(held)


def caseload_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    held, fte, _headcount = holders_in_post(end, scope)
    return MeasureValue.ratio(held, fte)


def case_holders(end: date, scope: MeasureScope):
    """Case holders in post in the scope, from the latest snapshot to the date (shared within a roll-up)."""

    def compute():
        snapshot = dao.get_latest_snapshot(end)
        if snapshot is None:
            return []
        workers = worker_caseloads(snapshot, scope.team_ids())
        return [worker for worker in workers if worker.in_post and worker.total_cases > 0 and worker.staff_id]

    return shared(("caseload-holders", end, scope), compute)


def over_threshold_percent(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    holders = case_holders(end, scope)
    over = sum(1 for worker in holders if worker.status is CaseloadStatus.OVER)
    return MeasureValue.ratio(over, len(holders), 100)


def asye_within_protected_percent(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    asye = [worker for worker in case_holders(end, scope) if worker.programme is Programme.ASYE]
    within = sum(1 for worker in asye if worker.status is not CaseloadStatus.OVER)
    return MeasureValue.ratio(within, len(asye), 100)


def band_measure(label: str):
    def compute(start: date, end: date, scope: MeasureScope) -> MeasureValue:
        holders = case_holders(end, scope)
        in_band = dict(band_counts(holders))[label]
        return MeasureValue.ratio(in_band, len(holders), 100)

    return compute


def band_id(label: str) -> str:
    return "caseload_band_" + label.lower().replace(" ", "_") + "_percent"


LATEST = "Uses the latest caseload snapshot imported on or before the end of the period."


#: What a band measure reads: the snapshot's worker counts, the people and their thresholds.
BAND_READS = frozenset(
    {
        "academy_early_career",
        "assignments",
        "caseload_snapshots",
        "caseload_thresholds",
        "caseload_worker_counts",
        "settings",
        "staff",
        "teams",
    }
)


def caseload_measures() -> list[Measure]:
    measures = [
        Measure(
            "case_holders_fte",
            "Case holders (FTE)",
            "FTE of social workers in post (agency included) holding at least one case. " + LATEST,
            Source.DFE,
            Unit.FTE,
            Polarity.NEUTRAL,
            case_holders_fte,
            census_comparable=True,
            reads=frozenset({"assignments", "caseload_snapshots", "caseload_worker_counts", "staff", "teams"}),
        ),
        Measure(
            "cases",
            "Cases held by social workers",
            "Cases allocated to social workers in post (agency included). " + LATEST,
            Source.DFE,
            Unit.COUNT,
            Polarity.NEUTRAL,
            cases,
            census_comparable=True,
            reads=frozenset({"assignments", "caseload_snapshots", "caseload_worker_counts", "staff", "teams"}),
        ),
        Measure(
            "caseload_fte",
            "Average caseload (cases per FTE)",
            "Cases held by social workers in post (agency included) divided by the FTE of those holding at "
            "least one case. " + LATEST,
            Source.DFE,
            Unit.RATIO,
            Polarity.LOWER_IS_BETTER,
            caseload_fte,
            census_comparable=True,
            reads=frozenset({"assignments", "caseload_snapshots", "caseload_worker_counts", "staff", "teams"}),
        ),
        Measure(
            "caseload_over_threshold_percent",
            "Case holders over their caseload threshold (%)",
            "Case-holding social workers in post whose FTE-adjusted (and, when on, weighted) caseload is over "
            "their threshold, as a percentage of all case holders in post. " + LATEST,
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.LOWER_IS_BETTER,
            over_threshold_percent,
            reads=frozenset(
                {
                    "academy_early_career",
                    "assignments",
                    "caseload_snapshots",
                    "caseload_thresholds",
                    "caseload_worker_counts",
                    "settings",
                    "staff",
                    "teams",
                }
            ),
        ),
        Measure(
            "caseload_asye_within_protected_percent",
            "ASYE workers within their protected caseload (%)",
            "Newly qualified (ASYE) case holders in post whose caseload is not over the protected ASYE "
            "threshold, as a percentage of ASYE case holders. " + LATEST,
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            asye_within_protected_percent,
            reads=frozenset(
                {
                    "academy_early_career",
                    "assignments",
                    "caseload_snapshots",
                    "caseload_thresholds",
                    "caseload_worker_counts",
                    "settings",
                    "staff",
                    "teams",
                }
            ),
        ),
    ]
    for label, _lower, _upper in BANDS:
        measures.append(
            Measure(
                band_id(label),
                f"Case holders with a caseload {label.lower()} cases per FTE (%)",
                f"Case-holding social workers in post whose cases per FTE are {label.lower()}, as a percentage of "
                "all case holders in post (caseload distribution). " + LATEST,
                Source.LOCAL,
                Unit.PERCENT,
                Polarity.NEUTRAL,
                band_measure(label),
                reads=BAND_READS,
            )
        )
    return measures


def _worker(worker, detail: str, amount: float = 1.0) -> BehindRecord:
    return BehindRecord("Case holder", worker.name, worker.team_id, detail, amount)


def _holder_rows(end: date, scope: MeasureScope):
    query = holders_statement(
        end, scope, lambda fte: (CaseloadWorkerCount.team_id, CaseloadWorkerCount.total_cases, fte, StaffMember)
    )
    if query is None:
        return []
    return db.session.execute(query.order_by(StaffMember.last_name, StaffMember.first_name)).all()


def _holder_records(end: date, scope: MeasureScope, amount: str) -> RecordList:
    records = tuple(
        BehindRecord(
            "Case holder",
            f"{staff.last_name}, {staff.first_name} ({staff.employee_number})",
            team_id,
            f"{cases} cases, {fte:g} FTE",
            float(cases if amount == "cases" else fte),
        )
        for team_id, cases, fte, staff in _holder_rows(end, scope)
    )
    if amount == "cases":
        return RecordList("Cases held by case holders in post", "Cases", records)
    return RecordList("FTE of case holders in post", "FTE", records)


def _counted(end: date, scope: MeasureScope, chosen, title: str, of=lambda worker: True) -> MeasureRecords:
    workers = [worker for worker in case_holders(end, scope) if of(worker)]

    def record(worker):
        per_fte = worker.caseload_per_fte
        status = worker.status.value if worker.status else "no threshold"
        return _worker(worker, f"{per_fte:.1f} cases per FTE, {status}" if per_fte is not None else status)

    return MeasureRecords(
        RecordList(title, "Count", tuple(record(worker) for worker in workers if chosen(worker))),
        RecordList("Case holders in post", "Count", tuple(record(worker) for worker in workers)),
    )


def caseload_drill_downs() -> dict[str, DrillDown]:
    permission = CaseloadPermission.VIEW_CASELOADS
    drill_downs = {
        "case_holders_fte": DrillDown(
            lambda start, end, scope: MeasureRecords(_holder_records(end, scope, "fte")), permission
        ),
        "cases": DrillDown(lambda start, end, scope: MeasureRecords(_holder_records(end, scope, "cases")), permission),
        "caseload_fte": DrillDown(
            lambda start, end, scope: MeasureRecords(
                _holder_records(end, scope, "cases"), _holder_records(end, scope, "fte")
            ),
            permission,
        ),
        "caseload_over_threshold_percent": DrillDown(
            lambda start, end, scope: _counted(
                end, scope, lambda worker: worker.status is CaseloadStatus.OVER, "Case holders over their threshold"
            ),
            permission,
        ),
        "caseload_asye_within_protected_percent": DrillDown(
            lambda start, end, scope: _counted(
                end,
                scope,
                lambda worker: worker.status is not CaseloadStatus.OVER,
                "ASYE case holders within the protected caseload",
                of=lambda worker: worker.programme is Programme.ASYE,
            ),
            permission,
        ),
    }
    for label, _lower, _upper in BANDS:
        drill_downs[band_id(label)] = DrillDown(
            lambda start, end, scope, label=label: _counted(
                end,
                scope,
                lambda worker: worker.in_post and worker.total_cases > 0 and worker.band == label,
                f"Case holders with {label.lower()} cases per FTE",
            ),
            permission,
        )
    return drill_downs
