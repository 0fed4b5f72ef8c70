"""Building the census return for a year (1 October to 30 September) from the people and caseload records.

Records (DfE CSWW 2025):
- one per council-employed person in post at 30 September: headcount once, in the more senior role (the
  lower OrgRole number), FTE summed over their assignments;
- one per council-employed person leaving in the year (assignments marked as leaving, ended in the year),
  de-duplicated in the same way;
- one per agency assignment current at any time in the year: agency records are not de-duplicated.

The LA-level figures come from the same SQL measures as the workforce dashboard, at 30 September. Cases30
comes from the caseload snapshot the caseload measures use for 30 September (the latest imported on or
before it), with the same rule: cases of social workers in post holding at least one case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, or_, select

from workforce.benchmarks.dao import council_la_code
from workforce.caseloads import dao as caseloads_dao
from workforce.caseloads.models import CaseloadSnapshot, CaseloadWorkerCount
from workforce.caseloads.workloads import current_assignments_query
from workforce.census import settings as census_settings
from workforce.extensions import db
from workforce.kernel.dates import census_year
from workforce.kernel.imports import normalise_swe_number
from workforce.kernel.measures import MeasureScope
from workforce.kernel.working_days import working_days_between
from workforce.people.constants import AbsenceReason
from workforce.people.measures import (
    agency,
    agency_fte_on,
    council_employed,
    in_post_on,
    vacancy_fte_on,
)
from workforce.people.models import Absence, Assignment, StaffMember

IN_POST = "In post at 30 September"
LEAVER = "Leaver in the year"
AGENCY = "Agency worker"

#: Marks "not a starter in the year" (StartOrigin left out), as opposed to a starter without a code (None).
NOT_A_STARTER = object()


def fte_text(value: float) -> str:
    return f"{value:.6f}"


def two_places(value: float) -> str:
    return f"{value:.2f}"


def yes_no(value: bool) -> str:
    return "1" if value else "0"


@dataclass
class CensusRecord:
    """One CSWWWorker: the census items as the text the file holds, and the staff record behind it."""

    kind: str
    staff_id: int
    name: str
    items: dict[str, str | None] = field(default_factory=dict)
    #: The SWE number as held, before normalisation (for the validation message).
    swe_held: str | None = None
    #: True for a case holder (OrgRole 5) in post at 30 September.
    case_holder_in_post: bool = False

    def get(self, item: str) -> str | None:
        return self.items.get(item)


@dataclass
class CensusReturn:
    year: int
    start: date
    end: date
    la_code: str | None
    la_level: dict[str, str | None]
    records: list[CensusRecord]
    snapshot: CaseloadSnapshot | None

    def records_of(self, kind: str) -> list[CensusRecord]:
        return [record for record in self.records if record.kind == kind]


def build_return(year: int) -> CensusReturn:
    start, end = census_year(year)
    council = MeasureScope.council()
    snapshot = caseloads_dao.get_latest_snapshot(end)
    la_level: dict[str, str | None] = {
        "NumberOfVacancies": two_places(vacancy_fte_on(end, council)),
        "NoAgencyFTE": two_places(agency_fte_on(end, council)),
        "NoAgencyHeadcount": str(_agency_headcount_on(end)),
        **census_settings.pay_items(),
    }
    staff = _staff_by_id(start, end)
    starts = _starts_by_staff(start, end)
    cases = _cases_by_staff(snapshot)
    days_lost = _sickness_days_by_staff(start, end)
    absent = _absence_on(end)
    records: list[CensusRecord] = []
    in_post_ids: set[int] = set()
    for staff_id, assignments in _group(_employed_in_post(end)).items():
        in_post_ids.add(staff_id)
        records.append(_employed_record(IN_POST, staff[staff_id], assignments, starts.get(staff_id, NOT_A_STARTER)))
    for staff_id, assignments in _group(_leaving_between(start, end)).items():
        records.append(_employed_record(LEAVER, staff[staff_id], assignments, starts.get(staff_id, NOT_A_STARTER)))
    for assignment in _agency_engaged(start, end):
        records.append(_agency_record(staff[assignment.staff_id], assignment, end))
    # Days lost go on one record per person: the in-post record if there is one, else the leaver record.
    placed: set[int] = set()
    for record in records:
        if record.kind == AGENCY:
            continue
        if record.kind == LEAVER and record.staff_id in in_post_ids:
            continue
        if record.staff_id not in placed:
            placed.add(record.staff_id)
            record.items["WorkingDaysLost"] = two_places(days_lost.get(record.staff_id, 0))
    # Cases30 (and FTE30, the FTE of the case holder on the snapshot date) on the record current at 30 Sept.
    for record in records:
        if record.staff_id in cases and record.items.get("FTE30") is not None:
            held, fte = cases.pop(record.staff_id)
            record.items["Cases30"] = str(held)
            record.items["FTE30"] = fte_text(fte)
        if record.items.get("FTE30") is not None:
            reason = absent.get(record.staff_id)
            record.items["Absat30Sept"] = yes_no(reason is not None)
            record.items["ReasonAbsence"] = reason
    return CensusReturn(year, start, end, council_la_code(), la_level, records, snapshot)


def _agency_headcount_on(on: date) -> int:
    return int(
        db.session.execute(select(func.count(distinct(Assignment.staff_id))).where(in_post_on(on), agency())).scalar()
        or 0
    )


def _staff_by_id(start: date, end: date) -> dict[int, StaffMember]:
    overlapping = select(Assignment.staff_id).where(
        Assignment.start_date <= end, or_(Assignment.end_date.is_(None), Assignment.end_date >= start)
    )
    rows = db.session.execute(select(StaffMember).where(StaffMember.id.in_(overlapping))).scalars()
    return {member.id: member for member in rows}


def _employed_in_post(end: date) -> list[Assignment]:
    query = select(Assignment).where(in_post_on(end), council_employed()).order_by(Assignment.start_date)
    return list(db.session.execute(query).scalars())


def _leaving_between(start: date, end: date) -> list[Assignment]:
    query = (
        select(Assignment)
        .where(Assignment.is_leaving.is_(True), Assignment.end_date.between(start, end), council_employed())
        .order_by(Assignment.start_date)
    )
    return list(db.session.execute(query).scalars())


def _agency_engaged(start: date, end: date) -> list[Assignment]:
    query = (
        select(Assignment)
        .where(agency(), Assignment.start_date <= end, or_(Assignment.end_date.is_(None), Assignment.end_date >= start))
        .order_by(Assignment.staff_id, Assignment.start_date)
    )
    return list(db.session.execute(query).scalars())


def _group(assignments: list[Assignment]) -> dict[int, list[Assignment]]:
    grouped: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        grouped[assignment.staff_id].append(assignment)
    return grouped


def _cases_by_staff(snapshot: CaseloadSnapshot | None) -> dict[int, tuple[int, float]]:
    """Cases and FTE on the snapshot date of each social worker in post holding at least one case."""
    if snapshot is None:
        return {}
    in_post = current_assignments_query(snapshot.snapshot_date).group_by(Assignment.staff_id).subquery()
    rows = db.session.execute(
        select(CaseloadWorkerCount.staff_id, CaseloadWorkerCount.total_cases, in_post.c.fte)
        .join(in_post, in_post.c.staff_id == CaseloadWorkerCount.staff_id)
        .join(StaffMember, StaffMember.id == CaseloadWorkerCount.staff_id)
        .where(
            CaseloadWorkerCount.snapshot_id == snapshot.id,
            CaseloadWorkerCount.total_cases > 0,
            StaffMember.swe_number.is_not(None),
        )
    ).all()
    return {staff_id: (int(total), float(fte)) for staff_id, total, fte in rows}


def _sickness_days_by_staff(start: date, end: date) -> dict[int, int]:
    """Working days lost to sickness in the year by each person, each absence clipped to the year."""
    rows = db.session.execute(
        select(Absence.staff_id, Absence.start_date, Absence.end_date).where(
            Absence.reason == AbsenceReason.SICKNESS,
            Absence.withdrawn_at.is_(None),
            Absence.start_date <= end,
            or_(Absence.end_date.is_(None), Absence.end_date >= start),
        )
    ).all()
    days: dict[int, int] = defaultdict(int)
    for staff_id, first, last in rows:
        days[staff_id] += working_days_between(max(first, start), min(last or end, end))
    return days


def _absence_on(on: date) -> dict[int, str]:
    rows = db.session.execute(
        select(Absence.staff_id, Absence.reason)
        .where(
            Absence.start_date <= on,
            or_(Absence.end_date.is_(None), Absence.end_date >= on),
            Absence.withdrawn_at.is_(None),
        )
        .order_by(Absence.start_date)
    ).all()
    return {staff_id: reason.value for staff_id, reason in rows}


def _swe(member: StaffMember) -> str | None:
    try:
        return normalise_swe_number(member.swe_number)
    except ValueError:
        return member.swe_number


def _starts_by_staff(start: date, end: date) -> dict[int, str | None]:
    """Council-employed people who started in the year: the census code of their (latest) start, or None
    when they joined in the year (their first assignment began in it) but no start origin is recorded.

    A start is an assignment with a start origin (internal moves carry none), as in the starters measure.
    """
    rows = db.session.execute(
        select(Assignment.staff_id, Assignment.start_date, Assignment.start_origin)
        .where(council_employed(), Assignment.start_date <= end)
        .order_by(Assignment.staff_id, Assignment.start_date)
    ).all()
    first: dict[int, date] = {}
    starts: dict[int, str | None] = {}
    for staff_id, started, origin in rows:
        first.setdefault(staff_id, started)
        if started >= start and origin is not None:
            starts[staff_id] = str(int(origin))
    for staff_id, started in first.items():
        if started >= start:
            starts.setdefault(staff_id, None)
    return starts


def _employed_record(
    kind: str, member: StaffMember, assignments: list[Assignment], start_origin: str | None | object = NOT_A_STARTER
) -> CensusRecord:
    senior = min(assignments, key=lambda assignment: (int(assignment.census_role), assignment.start_date))
    fte = sum(assignment.fte for assignment in assignments)
    items: dict[str, str | None] = {
        "AgencyWorker": "0",
        "SWENo": _swe(member),
        "FTE": fte_text(fte),
        "PersonBirthDate": member.date_of_birth.isoformat() if member.date_of_birth else None,
        "Sex": member.sex.value if member.sex else None,
        "Ethnicity": member.ethnicity.value if member.ethnicity else None,
        "QualLevel": str(int(member.qualification_level)) if member.qualification_level else None,
        "StepUpGrad": yes_no(member.step_up),
        "OrgRole": str(int(senior.census_role)),
        "RoleStartDate": senior.start_date.isoformat(),
        "FrontlineGrad": yes_no(member.frontline),
    }
    if start_origin is not NOT_A_STARTER:
        items["StartOrigin"] = start_origin
    if kind == LEAVER:
        leaving = max(assignments, key=lambda assignment: assignment.end_date)
        items["RoleEndDate"] = leaving.end_date.isoformat()
        items["LeaverDestination"] = str(int(leaving.leaver_destination)) if leaving.leaver_destination else None
        items["ReasonLeave"] = str(int(leaving.reason_for_leaving)) if leaving.reason_for_leaving else None
    else:
        items["FTE30"] = fte_text(fte)
    record = CensusRecord(kind, member.id, member.name, items, member.swe_number)
    record.case_holder_in_post = kind == IN_POST and items["OrgRole"] == "5"
    return record


def _agency_record(member: StaffMember, assignment: Assignment, end: date) -> CensusRecord:
    items: dict[str, str | None] = {
        "AgencyWorker": "1",
        "SWENo": _swe(member),
        "FTE": fte_text(assignment.fte),
        "OrgRole": str(int(assignment.census_role)),
        "RoleStartDate": assignment.start_date.isoformat(),
    }
    if assignment.end_date is not None and assignment.end_date <= end:
        items["RoleEndDate"] = assignment.end_date.isoformat()
    if assignment.current_on(end) and (assignment.end_date is None or assignment.end_date > end):
        items["FTE30"] = fte_text(assignment.fte)
    return CensusRecord(AGENCY, member.id, member.name, items, member.swe_number)
