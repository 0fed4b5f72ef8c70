"""Demo caseloads: monthly snapshots over five years that follow the demo workforce's assignments.

Cases are simulated: each month some close, new ones are allocated to the case holders in post in their team,
and the cases of workers who left or moved are reallocated within the team (a fortnight's grace, so the latest
month can show a leaver still holding cases). History is stored as per-worker counts; the latest months also
keep their case rows, which is what keeps the large demo fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from workforce.caseloads.constants import CaseType, ExtractShape, SnapshotStatus, SourceSystem
from workforce.caseloads.models import CaseloadCase, CaseloadSnapshot, CaseloadWorkerCount
from workforce.extensions import db
from workforce.kernel import dates
from workforce.kernel.models import Team
from workforce.people.models import Assignment, StaffMember

MONTHS = 60
#: Months (the latest) whose case rows are kept as well as the counts.
MONTHS_WITH_CASES = 3
#: Share of open cases closed in a month.
MONTHLY_CLOSURES = 0.09
#: Days after leaving before a leaver's cases are reallocated.
REALLOCATION_GRACE = timedelta(days=14)
CHUNK = 5_000

#: Case types by a word in the team's name; other teams hold a child in need / child protection mix.
TEAM_CASE_TYPES: list[tuple[str, list[tuple[CaseType, int]]]] = [
    ("care leavers", [(CaseType.CARE_LEAVER, 9), (CaseType.CHILD_LOOKED_AFTER, 1)]),
    ("in care", [(CaseType.CHILD_LOOKED_AFTER, 9), (CaseType.CARE_LEAVER, 1)]),
    ("fostering", [(CaseType.CHILD_LOOKED_AFTER, 6), (CaseType.OTHER, 4)]),
    ("adoption", [(CaseType.CHILD_LOOKED_AFTER, 7), (CaseType.OTHER, 3)]),
    ("early help", [(CaseType.EARLY_HELP, 9), (CaseType.CHILD_IN_NEED, 1)]),
    ("assessment", [(CaseType.CHILD_IN_NEED, 7), (CaseType.CHILD_PROTECTION, 2), (CaseType.OTHER, 1)]),
    ("mash", [(CaseType.CHILD_IN_NEED, 6), (CaseType.OTHER, 4)]),
    ("disabled", [(CaseType.CHILD_IN_NEED, 7), (CaseType.CHILD_PROTECTION, 1), (CaseType.CHILD_LOOKED_AFTER, 2)]),
]
DEFAULT_CASE_TYPES = [(CaseType.CHILD_IN_NEED, 5), (CaseType.CHILD_PROTECTION, 4), (CaseType.CHILD_LOOKED_AFTER, 1)]


def month_ends(as_of: date, count: int) -> list[date]:
    """The last `count` month ends on or before `as_of`, oldest first."""
    last = as_of if as_of == dates.month_end(as_of) else dates.add_months(dates.month_start(as_of), -1)
    return dates.month_ends(last, count)


@dataclass
class Case:
    reference: str
    case_type: CaseType
    team_id: int
    staff_id: int
    allocation_date: date


@dataclass(frozen=True)
class Spell:
    staff_id: int
    team_id: int
    fte: float
    start: date
    end: date | None


#: Each case type's count column, looked up once (the simulation asks hundreds of thousands of times).
COUNT_COLUMNS = {case_type: case_type.count_column for case_type in CaseType}


def _case_types_for(team_name: str) -> tuple[list[CaseType], list[int]]:
    lowered = team_name.lower()
    for word, mix in TEAM_CASE_TYPES:
        if word in lowered:
            return [case_type for case_type, _ in mix], [weight for _, weight in mix]
    return [case_type for case_type, _ in DEFAULT_CASE_TYPES], [weight for _, weight in DEFAULT_CASE_TYPES]


def seed(context) -> None:
    spells = [
        Spell(staff_id, team_id, fte, start, end)
        for staff_id, team_id, fte, start, end in db.session.execute(
            select(Assignment.staff_id, Assignment.team_id, Assignment.fte, Assignment.start_date, Assignment.end_date)
            .join(StaffMember, StaffMember.id == Assignment.staff_id)
            .where(Assignment.case_holding.is_(True), Assignment.fte > 0, StaffMember.swe_number.is_not(None))
            .order_by(Assignment.staff_id, Assignment.start_date)
        )
    ]
    if not spells:
        return
    rng = context.rng
    team_names = dict(db.session.execute(select(Team.id, Team.name)).all())
    qualified: dict[int, date | None] = {}
    numbers: dict[int, str] = {}
    for staff_id, employee_number, qualification_date in db.session.execute(
        select(StaffMember.id, StaffMember.employee_number, StaffMember.qualification_date)
    ):
        qualified[staff_id], numbers[staff_id] = qualification_date, employee_number
    ends = month_ends(context.as_of, MONTHS)
    #: Each worker's usual caseload per FTE; the council runs a little hot, so some are over 18.
    usual = {spell.staff_id: max(6.0, rng.gauss(15.5, 3.2)) for spell in spells}
    open_cases: list[Case] = []
    mixes: dict[int, tuple[list[CaseType], list[int]]] = {}
    sequence = 0
    for index, on in enumerate(ends):
        holders: dict[int, Spell] = {}
        for spell in spells:
            if spell.start <= on and (spell.end is None or spell.end >= on):
                current = holders.get(spell.staff_id)
                if current is None or spell.fte > current.fte:
                    holders[spell.staff_id] = spell
        left_on = {spell.staff_id: spell.end for spell in spells if spell.end is not None and spell.end < on}
        by_team: dict[int, list[int]] = {}
        for staff_id, spell in holders.items():
            by_team.setdefault(spell.team_id, []).append(staff_id)
        counts: dict[int, int] = {}
        kept: list[Case] = []
        for case in open_cases:
            if rng.random() < MONTHLY_CLOSURES:
                continue
            holder = holders.get(case.staff_id)
            if holder is None or holder.team_id != case.team_id:
                left = left_on.get(case.staff_id)
                grace = holder is None and left is not None and on - left <= REALLOCATION_GRACE
                team_holders = by_team.get(case.team_id)
                if not grace:
                    if not team_holders:
                        continue  # the team has no case holders this month: the case moved out of the service
                    case.staff_id = min(team_holders, key=lambda staff_id: counts.get(staff_id, 0))
                    case.allocation_date = on - timedelta(days=rng.randint(0, 27))
            counts[case.staff_id] = counts.get(case.staff_id, 0) + 1
            kept.append(case)
        open_cases = kept
        for staff_id, spell in holders.items():
            qualification = qualified.get(staff_id)
            newly_qualified = qualification is not None and timedelta(0) <= on - qualification < timedelta(days=365)
            target = usual[staff_id] * spell.fte * (0.8 if newly_qualified else 1.0)
            if spell.team_id not in mixes:
                mixes[spell.team_id] = _case_types_for(team_names.get(spell.team_id, ""))
            types, weights = mixes[spell.team_id]
            while counts.get(staff_id, 0) < round(target):
                sequence += 1
                open_cases.append(
                    Case(
                        f"DEMO-{sequence:07d}",
                        rng.choices(types, weights)[0],
                        spell.team_id,
                        staff_id,
                        on - timedelta(days=rng.randint(0, 27)),
                    )
                )
                counts[staff_id] = counts.get(staff_id, 0) + 1
        _store(on, open_cases, numbers, keep_cases=index >= len(ends) - MONTHS_WITH_CASES)
    context.progress(f"Caseloads: {len(ends)} monthly snapshots, {len(open_cases):,} open cases at the latest")


def _store(on: date, cases: list[Case], numbers: dict[int, str], keep_cases: bool) -> None:
    per_worker: dict[int, dict] = {}
    for case in cases:
        row = per_worker.get(case.staff_id)
        if row is None:
            row = per_worker[case.staff_id] = {
                "staff_id": case.staff_id,
                "worker_identifier": numbers[case.staff_id],
                "team_id": case.team_id,
                **dict.fromkeys(COUNT_COLUMNS.values(), 0),
                "total_cases": 0,
            }
        row[COUNT_COLUMNS[case.case_type]] += 1
        row["total_cases"] += 1
    snapshot = CaseloadSnapshot(
        snapshot_date=on,
        source_system=SourceSystem.MOSAIC,
        shape=ExtractShape.CASES if keep_cases else ExtractShape.WORKER_COUNTS,
        status=SnapshotStatus.IMPORTED,
        filename=f"demo-caseloads-{on.isoformat()}.csv",
        case_count=len(cases),
        worker_count=len(per_worker),
    )
    db.session.add(snapshot)
    db.session.flush()
    rows = list(per_worker.values())
    for row in rows:
        row["snapshot_id"] = snapshot.id
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(CaseloadWorkerCount.__table__), rows[start : start + CHUNK])
    if keep_cases:
        case_rows = [
            {
                "snapshot_id": snapshot.id,
                "case_reference": case.reference,
                "case_type": case.case_type,
                "staff_id": case.staff_id,
                "worker_identifier": numbers[case.staff_id],
                "team_id": case.team_id,
                "allocation_date": case.allocation_date,
            }
            for case in cases
        ]
        for start in range(0, len(case_rows), CHUNK):
            db.session.execute(insert(CaseloadCase.__table__), case_rows[start : start + CHUNK])
