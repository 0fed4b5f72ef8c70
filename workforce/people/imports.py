"""Imports from the HR system: staff with their assignments, and absences. Every row is checked first;
then all rows are applied or none. Re-importing the same file changes nothing; a later extract updates
people by employee number and records leavers from their end date, reason and destination.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.import_mappings import (
    CodedField,
    ImportLayout,
    ImportMapping,
    MappedTable,
    enum_codes,
    name_in_extract,
    read_through,
    register_layout,
)
from workforce.kernel.imports import (
    ImportReport,
    LoadedRow,
    hold_import_lock,
    load_rows,
    report_duplicates,
    require_headers,
)
from workforce.kernel.models import Team
from workforce.kernel.spreadsheets import Sheet, SpreadsheetError, Table, build_template, read_table
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    Ethnicity,
    LeaverDestination,
    QualificationLevel,
    ReasonForLeaving,
    Sex,
    StartOrigin,
)
from workforce.people.models import DEFAULT_STANDARD_HOURS, Absence, Assignment, StaffMember, SurveyResult
from workforce.people.schemas import AbsenceRowSchema, StaffRowSchema, SurveyRowSchema

#: Column header -> row field. Census item names where the census has one (DfE CSWW), else our own.
STAFF_COLUMNS = {
    "EmployeeNumber": "employee_number",
    "FirstName": "first_name",
    "LastName": "last_name",
    "SWENo": "swe_number",
    "Email": "email",
    "PersonBirthDate": "date_of_birth",
    "Sex": "sex",
    "Ethnicity": "ethnicity",
    "QualLevel": "qualification_level",
    "OrgRole": "census_role",
    "RoleStartDate": "start_date",
    "StartOrigin": "start_origin",
    "RoleEndDate": "end_date",
    "LeaverDestination": "leaver_destination",
    "ReasonLeave": "reason_for_leaving",
    "AgencyWorker": "agency",
    "FTE": "fte",
    "Team": "team",
    "JobTitle": "job_title",
    "ContractedHours": "contracted_hours",
    "StandardHours": "standard_hours",
    "EmploymentType": "employment_type",
}
STAFF_REQUIRED = ("EmployeeNumber", "FirstName", "LastName", "Team", "OrgRole", "RoleStartDate")

STAFF_NOTES = [
    ("EmployeeNumber", "Required. The HR system's employee number; WPQ matches people by it."),
    ("FirstName, LastName", "Required."),
    ("SWENo", "Social Work England number: SW followed by digits (SW0123 is stored as SW123)."),
    (
        "Email",
        "The person's work email address. WPQ offers the account with this email for linking, creates "
        "accounts with it, and matches council sign-in by it. Each email belongs to one person.",
    ),
    ("PersonBirthDate", "Date of birth, as 2025-09-30 or 30/09/2025. Seen only by HR and administrators."),
    ("Sex", "Census code: M or F."),
    ("Ethnicity", "Census code, for example WBRI, AIND, BAFR, REFU, NOBT."),
    ("QualLevel", "Census code: 1 undergraduate, 2 postgraduate, 3 other."),
    ("OrgRole", "Required. Census code 1-6: 1 senior manager ... 5 case holder, 6 qualified without cases."),
    ("RoleStartDate", "Required. The first day in this role and team."),
    ("StartOrigin", "Census code 1-10 for people joining the service; leave empty for a move within it."),
    ("RoleEndDate", "The last day in the role; empty while it continues."),
    ("LeaverDestination", "Census code 1-9, for a leaver (with RoleEndDate and ReasonLeave)."),
    ("ReasonLeave", "Census code 1-10, for a leaver (with RoleEndDate and LeaverDestination)."),
    ("AgencyWorker", "1 for an agency worker (not paid directly by the council), else 0."),
    ("FTE", "The FTE of this role, 0 to 1; empty to use contracted hours / standard hours."),
    ("Team", "Required. The team's name exactly as in WPQ."),
    ("JobTitle", "The local job title."),
    ("ContractedHours, StandardHours", "Hours a week; standard hours default to 37."),
    ("EmploymentType", "permanent, fixed-term, agency, secondment or casual."),
    (
        "Rows",
        "One row per person per role: a person in two posts has two rows. Empty cells leave what WPQ "
        "holds unchanged. People missing from a later extract are not changed, unless the import is marked as "
        "a full extract: then each is listed for HR to confirm as a leaver or keep.",
    ),
]

ABSENCE_COLUMNS = {
    "EmployeeNumber": "employee_number",
    "AbsenceReason": "reason",
    "AbsenceStartDate": "start_date",
    "AbsenceEndDate": "end_date",
}
ABSENCE_NOTES = [
    ("EmployeeNumber", "Required. The employee number of someone already in WPQ."),
    ("AbsenceReason", "Required. Census code: MAT, OTH, PUB, SIC, TRN, UNA or UNP."),
    ("AbsenceStartDate", "Required. The first day of absence."),
    ("AbsenceEndDate", "The last day of absence; empty while it continues."),
    ("Rows", "An absence is matched by person and first day: importing it again updates its end date."),
]

STAFF_LAYOUT = register_layout(
    ImportLayout(
        kind="staff",
        title="Staff and assignments",
        columns=tuple(STAFF_COLUMNS),
        required=STAFF_REQUIRED,
        coded={
            "Sex": CodedField("Sex", enum_codes(Sex, {Sex.MALE: "Male", Sex.FEMALE: "Female"})),
            "Ethnicity": CodedField("Ethnicity", enum_codes(Ethnicity)),
            "QualLevel": CodedField("Qualification level", enum_codes(QualificationLevel)),
            "OrgRole": CodedField("Census role", enum_codes(CensusRole)),
            "StartOrigin": CodedField("Start origin", enum_codes(StartOrigin)),
            "LeaverDestination": CodedField("Leaver destination", enum_codes(LeaverDestination)),
            "ReasonLeave": CodedField("Reason for leaving", enum_codes(ReasonForLeaving)),
            "EmploymentType": CodedField("Employment type", enum_codes(EmploymentType)),
        },
        dates=("PersonBirthDate", "RoleStartDate", "RoleEndDate"),
        synonyms={
            "FirstName": ("Forename", "Forenames", "Given Name", "First Names", "Known As"),
            "LastName": ("Surname", "Family Name"),
            "Email": ("Work Email", "Email Address", "Work Email Address"),
            "PersonBirthDate": ("Date of Birth", "DOB", "Birth Date"),
            "Sex": ("Gender", "Legal Sex"),
            "Ethnicity": ("Ethnic Origin", "Ethnic Group", "Ethnicity Code"),
            "QualLevel": ("Qualification Level", "Highest Qualification"),
            "OrgRole": ("Census Role", "Grade", "Job Type", "Role"),
            "RoleStartDate": (
                "Start Date",
                "Assignment Start",
                "Assignment Start Date",
                "Post Start Date",
                "Date Started",
            ),
            "StartOrigin": ("Starter Origin", "Start Origin", "Joined From"),
            "RoleEndDate": ("End Date", "Leaving Date", "Termination Date", "Date Left", "Assignment End Date"),
            "LeaverDestination": ("Destination", "Leaving Destination", "Leaver Destination"),
            "ReasonLeave": ("Leaving Reason", "Reason for Leaving", "Termination Reason"),
            "AgencyWorker": ("Agency", "Agency Worker"),
            "FTE": ("Full Time Equivalent", "WTE", "Whole Time Equivalent"),
            "JobTitle": ("Job Title", "Position Title", "Post Title", "Position"),
            "ContractedHours": ("Hours", "Weekly Hours", "Hours Per Week", "Contracted Hours"),
            "StandardHours": ("Full Time Hours", "FT Hours", "Standard Hours"),
            "EmploymentType": ("Contract Type", "Employment Status", "Contract"),
        },
        fte_column="FTE",
        hours_column="ContractedHours",
        standard_hours_column="StandardHours",
        reconciles=True,
    )
)
ABSENCE_LAYOUT = register_layout(
    ImportLayout(
        kind="absences",
        title="Absences",
        columns=tuple(ABSENCE_COLUMNS),
        required=("EmployeeNumber", "AbsenceReason", "AbsenceStartDate"),
        coded={"AbsenceReason": CodedField("Absence reason", enum_codes(AbsenceReason))},
        dates=("AbsenceStartDate", "AbsenceEndDate"),
        synonyms={
            "AbsenceReason": ("Absence Reason", "Reason", "Absence Type", "Absence Code"),
            "AbsenceStartDate": ("Start Date", "First Day", "Absence Start", "Date From", "From"),
            "AbsenceEndDate": ("End Date", "Last Day", "Absence End", "Date To", "To"),
        },
    )
)


@dataclass
class ImportOutcome:
    """What an import did (or, in a preview, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    assignments_created: int = 0
    assignments_updated: int = 0
    leavers: int = 0
    #: People missing from a full extract whom HR confirmed as leavers, and those HR kept in post.
    confirmed_leavers: int = 0
    kept_in_post: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.assignments_created or self.assignments_updated)


def template_workbook(columns: dict[str, str], notes: list[tuple[str, str]], title: str):
    """A blank template: the header row, and a notes sheet explaining each column."""
    return build_template(
        [
            Sheet(title, list(columns), []),
            Sheet("Notes", ["Column", "What to enter"], notes, column_widths={"What to enter": 100}),
        ]
    )


def read_file(data: bytes, filename: str, report: ImportReport):
    try:
        return read_table(data, filename)
    except SpreadsheetError as problem:
        report.add(0, "", filename, str(problem))
        return None


# Staff


def _teams_by_name() -> dict[str, Team]:
    return {team.name.lower(): team for team in db.session.execute(select(Team)).scalars()}


def read_mapped(
    data: bytes, filename: str, mapping: ImportMapping | None, layout: ImportLayout, report: ImportReport
) -> MappedTable | None:
    """The file read through a mapping (None: WPQ's own layout) as WPQ's own layout."""
    table = read_file(data, filename, report)
    if table is None:
        return None
    return read_through(table, mapping, layout, report)


def check_staff(
    data: bytes, filename: str, mapping: ImportMapping | None = None
) -> tuple[ImportReport, list[LoadedRow]]:
    """Validate every row; the rows are safe to apply only when the report is ok."""
    report = ImportReport()
    mapped = read_mapped(data, filename, mapping, STAFF_LAYOUT, report)
    if mapped is None:
        return report, []
    since = len(report.problems)
    rows = check_staff_table(mapped.table, report)
    name_in_extract(report, mapped, since)
    return report, rows


def check_staff_table(table: Table, report: ImportReport) -> list[LoadedRow]:
    """Validate every row of a table in WPQ's own layout into `report` (the page's and the API's checks)."""
    if not require_headers(table, report, STAFF_REQUIRED):
        return []
    loaded = load_rows(table, StaffRowSchema(), STAFF_COLUMNS, report, with_partial=True)
    teams = _teams_by_name()
    for row in loaded:
        team = row.data.get("team")
        if team is not None and team.lower() not in teams:
            report.add(row.number, "Team", row.raw.get("Team"), f"There is no team called {team}")
    rows = [row for row in loaded if row.complete]
    report_duplicates(
        rows,
        lambda row: (row.data["employee_number"], row.data["team"].lower(), row.data["start_date"]),
        "RoleStartDate",
        report,
        "This row repeats the person, team and role start date of row {first}",
    )
    _check_swe_numbers(rows, report)
    _check_emails(rows, report)
    return rows


def _check_emails(rows: list[LoadedRow], report: ImportReport) -> None:
    """One work email belongs to one person, in the file and in WPQ."""
    owner_in_file: dict[str, tuple[str, int]] = {}
    emails = {row.data["email"] for row in rows if row.data["email"]}
    owners = (
        dict(
            db.session.execute(
                select(StaffMember.email, StaffMember.employee_number).where(StaffMember.email.in_(emails))
            ).all()
        )
        if emails
        else {}
    )
    for row in rows:
        email, employee = row.data["email"], row.data["employee_number"]
        if not email:
            continue
        first = owner_in_file.setdefault(email, (employee, row.number))
        if first[0] != employee:
            report.add(row.number, "Email", row.raw.get("Email"), f"Row {first[1]} gives {email} to another person")
        elif owners.get(email) not in (None, employee):
            report.add(row.number, "Email", row.raw.get("Email"), f"{email} belongs to employee {owners[email]} in WPQ")


def _check_swe_numbers(rows: list[LoadedRow], report: ImportReport) -> None:
    """One SWE number belongs to one person, in the file and in WPQ."""
    owner_in_file: dict[str, tuple[str, int]] = {}
    numbers = {row.data["swe_number"] for row in rows if row.data["swe_number"]}
    owners = (
        dict(
            db.session.execute(
                select(StaffMember.swe_number, StaffMember.employee_number).where(StaffMember.swe_number.in_(numbers))
            ).all()
        )
        if numbers
        else {}
    )
    for row in rows:
        swe, employee = row.data["swe_number"], row.data["employee_number"]
        if not swe:
            continue
        first = owner_in_file.setdefault(swe, (employee, row.number))
        if first[0] != employee:
            report.add(row.number, "SWENo", row.raw.get("SWENo"), f"Row {first[1]} gives {swe} to another person")
        elif owners.get(swe) not in (None, employee):
            report.add(row.number, "SWENo", row.raw.get("SWENo"), f"{swe} belongs to employee {owners[swe]} in WPQ")


def _staff_values(row: dict, existing: StaffMember | None) -> dict:
    """The staff record's values from a row; empty optional cells keep what WPQ holds."""
    values = {"first_name": row["first_name"], "last_name": row["last_name"]}
    for name in ("swe_number", "email", "date_of_birth", "sex", "ethnicity", "qualification_level"):
        if row[name] is not None:
            values[name] = row[name]
    employment = EmploymentType.AGENCY if row["agency"] else row["employment_type"]
    if employment is not None:
        values["employment_type"] = employment
    elif existing is None:
        values["employment_type"] = EmploymentType.PERMANENT
    for name in ("contracted_hours", "standard_hours"):
        if row[name] is not None:
            values[name] = row[name]
        elif existing is None:
            values[name] = DEFAULT_STANDARD_HOURS
    return values


def _assignment_values(row: dict, person: StaffMember) -> dict:
    census_role = row["census_role"]
    values = {
        "census_role": census_role,
        "employment_type": person.employment_type,
        "fte": round(row["fte"], 6) if row["fte"] is not None else round(person.fte, 6),
        "end_date": row["end_date"],
        "is_leaving": row["reason_for_leaving"] is not None,
        "reason_for_leaving": row["reason_for_leaving"],
        "leaver_destination": row["leaver_destination"],
    }
    if row["start_origin"] is not None:
        values["start_origin"] = row["start_origin"]
    return values


def apply_staff(rows: list[LoadedRow], progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Apply checked rows: create or update people by employee number, then their assignments."""
    hold_import_lock("staff")
    outcome = ImportOutcome()
    teams = _teams_by_name()
    numbers = sorted({row.data["employee_number"] for row in rows})
    people: dict[str, StaffMember] = {}
    for batch in range(0, len(numbers), 500):
        chunk = numbers[batch : batch + 500]
        for person in db.session.execute(select(StaffMember).where(StaffMember.employee_number.in_(chunk))).scalars():
            people[person.employee_number] = person
    # Personal details come from each person's latest role in the file.
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda row: (row.data["start_date"], row.number)):
        latest[row.data["employee_number"]] = row.data
    new_people, changed_people = [], []
    for number in numbers:
        existing = people.get(number)
        values = _staff_values(latest[number], existing)
        if existing is None:
            person = StaffMember(employee_number=number, **values)
            db.session.add(person)
            people[number] = person
            new_people.append(person)
            continue
        changes = {name: value for name, value in values.items() if getattr(existing, name) != value}
        if changes:
            changed_people.append((existing, audit_trail.snapshot(existing), changes))
        else:
            outcome.unchanged += 1
    for person, _before, changes in changed_people:
        for name, value in changes.items():
            setattr(person, name, value)
    db.session.flush()
    audit_trail.record_created_many(new_people, note="Imported from the HR system")
    audit_trail.record_updated_many(
        [(person, before) for person, before, _ in changed_people], note="Updated from the HR system"
    )
    outcome.created, outcome.updated = len(new_people), len(changed_people)
    outcome.examples = [f"Added {person} ({person.employee_number})" for person in new_people[:5]]
    outcome.examples += [f"Updated {person} ({person.employee_number})" for person, _, _ in changed_people[:5]]
    _apply_assignments(rows, people, teams, outcome, progress)
    return outcome


def _apply_assignments(rows, people, teams, outcome: ImportOutcome, progress) -> None:
    staff_ids = [person.id for person in people.values()]
    existing: dict[tuple[int, int, date], Assignment] = {}
    for batch in range(0, len(staff_ids), 500):
        chunk = staff_ids[batch : batch + 500]
        for assignment in db.session.execute(select(Assignment).where(Assignment.staff_id.in_(chunk))).scalars():
            existing[(assignment.staff_id, assignment.team_id, assignment.start_date)] = assignment
    created, updated = [], []
    for done, row in enumerate(rows, start=1):
        person = people[row.data["employee_number"]]
        team = teams[row.data["team"].lower()]
        values = _assignment_values(row.data, person)
        current = existing.get((person.id, team.id, row.data["start_date"]))
        if current is None:
            assignment = Assignment(
                staff_member=person,
                team=team,
                start_date=row.data["start_date"],
                case_holding=values["census_role"] in (CensusRole.CASE_HOLDER, CensusRole.SENIOR_PRACTITIONER),
                **values,
            )
            db.session.add(assignment)
            created.append(assignment)
            outcome.leavers += int(values["is_leaving"])
        else:
            changes = {name: value for name, value in values.items() if getattr(current, name) != value}
            if changes:
                before = audit_trail.snapshot(current)
                outcome.leavers += int(values["is_leaving"] and not current.is_leaving)
                for name, value in changes.items():
                    setattr(current, name, value)
                updated.append((current, before))
        if progress and done % 250 == 0:
            progress(250)
    if progress:
        progress(len(rows) % 250)
    db.session.flush()
    audit_trail.record_created_many(created, note="Imported from the HR system")
    audit_trail.record_updated_many(updated, note="Updated from the HR system")
    outcome.assignments_created, outcome.assignments_updated = len(created), len(updated)


# Full extracts: the people WPQ holds in post whom the HR system's full extract leaves out.


@dataclass(frozen=True)
class MissingPerson:
    staff_id: int
    employee_number: str
    name: str
    teams: tuple[str, ...]
    #: The latest start of their open assignments: a confirmed leaving date cannot be before it.
    latest_start: date


@dataclass(frozen=True)
class Leaving:
    last_day: date
    reason: ReasonForLeaving
    destination: LeaverDestination


@dataclass
class Reconciliation:
    """HR's decision for each person missing from a full extract: a leaver (with date and reason) or kept."""

    leavers: dict[str, Leaving] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)

    def decided(self, employee_number: str) -> bool:
        return employee_number in self.leavers or employee_number in self.kept


def _open_assignments(on: date, staff_ids=None):
    # A role already recorded as leaving is HR's decision made: it is neither asked about nor changed again.
    query = select(Assignment).where(
        Assignment.employment_type != EmploymentType.AGENCY,
        Assignment.is_leaving.is_(False),
        Assignment.start_date <= on,
        (Assignment.end_date.is_(None)) | (Assignment.end_date >= on),
    )
    if staff_ids is not None:
        query = query.where(Assignment.staff_id.in_(staff_ids))
    return db.session.execute(query.order_by(Assignment.staff_id, Assignment.start_date)).scalars()


def missing_from_extract(
    rows: list[LoadedRow], on: date | None = None, kept: tuple[str, ...] | list[str] = ()
) -> list[MissingPerson]:
    """Council-employed people in post on `on` (today) whose employee number is not in the extract.

    Agency workers are left out: the council's HR system does not pay them, so its extract does not hold
    them. People HR kept in post earlier for this source (`kept`) are not listed again."""
    on = on or clock.today()
    in_file = {row.data["employee_number"] for row in rows}
    skipped = set(kept)
    found: dict[int, list[Assignment]] = {}
    for assignment in _open_assignments(on):
        found.setdefault(assignment.staff_id, []).append(assignment)
    if not found:
        return []
    people = {
        person.id: person
        for person in db.session.execute(select(StaffMember).where(StaffMember.id.in_(list(found)))).scalars()
    }
    teams = {team.id: team.name for team in db.session.execute(select(Team)).scalars()}
    missing = []
    for staff_id, assignments in found.items():
        person = people[staff_id]
        if person.employee_number in in_file or person.employee_number in skipped:
            continue
        missing.append(
            MissingPerson(
                staff_id,
                person.employee_number,
                f"{person.first_name} {person.last_name}",
                tuple(sorted({teams[assignment.team_id] for assignment in assignments})),
                max(assignment.start_date for assignment in assignments),
            )
        )
    return sorted(missing, key=lambda person: (person.name.lower(), person.employee_number))


def check_reconciliation(missing: list[MissingPerson], decisions: Reconciliation | None, report: ImportReport) -> None:
    """Every person missing from a full extract needs HR's decision before anything is applied."""
    decisions = decisions or Reconciliation()
    for person in missing:
        number = person.employee_number
        if not decisions.decided(number):
            report.add(
                0,
                "EmployeeNumber",
                number,
                f"{person.name} is in post in WPQ but not in this full extract: confirm them as a leaver "
                "(with their last day and reason) or keep them in post",
            )
        elif number in decisions.leavers and decisions.leavers[number].last_day < person.latest_start:
            report.add(
                0,
                "RoleEndDate",
                number,
                f"{person.name}'s last day must be on or after {person.latest_start:%d/%m/%Y}, "
                "when their current role started",
            )
    known = {person.employee_number for person in missing}
    for number in sorted((set(decisions.leavers) | decisions.kept) - known):
        report.add(0, "EmployeeNumber", number, "This person is not among those missing from the extract")


def apply_reconciliation(
    missing: list[MissingPerson], decisions: Reconciliation, outcome: ImportOutcome, on: date | None = None
) -> None:
    """End the open roles of each confirmed leaver on their last day, with their reason and destination."""
    leaving = {
        person.staff_id: decisions.leavers[person.employee_number]
        for person in missing
        if person.employee_number in decisions.leavers
    }
    changed = []
    for assignment in _open_assignments(on or clock.today(), list(leaving)):
        decision = leaving[assignment.staff_id]
        changed.append((assignment, audit_trail.snapshot(assignment)))
        assignment.end_date = decision.last_day
        assignment.is_leaving = True
        assignment.reason_for_leaving = decision.reason
        assignment.leaver_destination = decision.destination
    db.session.flush()
    audit_trail.record_updated_many(changed, note="Confirmed as a leaver: missing from the full HR extract")
    outcome.confirmed_leavers = len(leaving)
    outcome.leavers += len(leaving)
    outcome.kept_in_post = len(decisions.kept & {person.employee_number for person in missing})
    outcome.examples += [
        f"Left: {person.name} ({person.employee_number})" for person in missing if person.staff_id in leaving
    ][:5]


# Absences


def check_absences(
    data: bytes, filename: str, mapping: ImportMapping | None = None
) -> tuple[ImportReport, list[LoadedRow]]:
    report = ImportReport()
    mapped = read_mapped(data, filename, mapping, ABSENCE_LAYOUT, report)
    if mapped is None:
        return report, []
    since = len(report.problems)
    rows = check_absences_table(mapped.table, report)
    name_in_extract(report, mapped, since)
    return report, rows


def check_absences_table(table: Table, report: ImportReport) -> list[LoadedRow]:
    """Validate every absence row of a read table into `report`."""
    if not require_headers(table, report, ("EmployeeNumber", "AbsenceReason", "AbsenceStartDate")):
        return []
    loaded = load_rows(table, AbsenceRowSchema(), ABSENCE_COLUMNS, report, with_partial=True)
    numbers = {row.data["employee_number"] for row in loaded if row.data.get("employee_number") is not None}
    known = (
        set(
            db.session.execute(
                select(StaffMember.employee_number).where(StaffMember.employee_number.in_(numbers))
            ).scalars()
        )
        if numbers
        else set()
    )
    for row in loaded:
        if row.data.get("employee_number") is not None and row.data["employee_number"] not in known:
            report.add(
                row.number,
                "EmployeeNumber",
                row.raw.get("EmployeeNumber"),
                "There is no member of staff with this employee number",
            )
    rows = [row for row in loaded if row.complete]
    report_duplicates(
        rows,
        lambda row: (row.data["employee_number"], row.data["start_date"]),
        "AbsenceStartDate",
        report,
        "This row repeats the person and first day of row {first}",
    )
    return rows


def apply_absences(rows: list[LoadedRow], progress: Callable[[int], None] | None = None) -> ImportOutcome:
    hold_import_lock("absences")
    outcome = ImportOutcome()
    numbers = {row.data["employee_number"] for row in rows}
    people = {
        person.employee_number: person
        for person in db.session.execute(select(StaffMember).where(StaffMember.employee_number.in_(numbers))).scalars()
    }
    existing = {
        (absence.staff_id, absence.start_date): absence
        for absence in db.session.execute(
            select(Absence).where(
                Absence.staff_id.in_([person.id for person in people.values()]), Absence.withdrawn_at.is_(None)
            )
        ).scalars()
    }
    created, updated = [], []
    for row in rows:
        person = people[row.data["employee_number"]]
        current = existing.get((person.id, row.data["start_date"]))
        if current is None:
            absence = Absence(
                staff_member=person,
                reason=row.data["reason"],
                start_date=row.data["start_date"],
                end_date=row.data["end_date"],
            )
            db.session.add(absence)
            created.append(absence)
        elif (current.reason, current.end_date) != (row.data["reason"], row.data["end_date"]):
            updated.append((current, audit_trail.snapshot(current)))
            current.reason, current.end_date = row.data["reason"], row.data["end_date"]
        else:
            outcome.unchanged += 1
    if progress:
        progress(len(rows))
    db.session.flush()
    audit_trail.record_created_many(created, note="Imported from the HR system")
    audit_trail.record_updated_many(updated, note="Updated from the HR system")
    outcome.created, outcome.updated = len(created), len(updated)
    return outcome


def count_staff() -> int:
    return db.session.execute(select(func.count()).select_from(StaffMember)).scalar_one()


# Staff survey results

SURVEY_COLUMNS = {
    "SurveyDate": "survey_date",
    "Team": "team",
    "Question": "question",
    "PercentAgreeing": "percent_agreeing",
    "Responses": "responses",
}
SURVEY_NOTES = [
    ("SurveyDate", "Required. The date the survey closed."),
    ("Team", "Required. The team's name exactly as in WPQ."),
    ("Question", "Required. The question or statement, worded the same way each time it is asked."),
    ("PercentAgreeing", "Required. The percentage who agreed or strongly agreed, 0 to 100."),
    ("Responses", "Required. How many people in the team answered. Results from fewer than 5 are never shown."),
    ("Rows", "A result is matched by survey date, team and question: importing it again updates it."),
]


SURVEY_LAYOUT = register_layout(
    ImportLayout(
        kind="survey",
        title="Staff survey results",
        columns=tuple(SURVEY_COLUMNS),
        required=tuple(SURVEY_COLUMNS),
        dates=("SurveyDate",),
        synonyms={
            "SurveyDate": ("Survey Date", "Date", "Closing Date", "Survey Closed"),
            "Question": ("Statement", "Item", "Question Text"),
            "PercentAgreeing": ("% Agree", "Percent Agree", "Agree %", "Positive %", "Percent Positive"),
            "Responses": ("Respondents", "Number of Responses", "Response Count", "N"),
        },
    )
)


def check_survey(
    data: bytes, filename: str, mapping: ImportMapping | None = None
) -> tuple[ImportReport, list[LoadedRow]]:
    report = ImportReport()
    mapped = read_mapped(data, filename, mapping, SURVEY_LAYOUT, report)
    if mapped is None:
        return report, []
    since = len(report.problems)
    rows = _check_survey_table(mapped.table, report)
    name_in_extract(report, mapped, since)
    return report, rows


def _check_survey_table(table: Table, report: ImportReport) -> list[LoadedRow]:
    if not require_headers(table, report, tuple(SURVEY_COLUMNS)):
        return []
    rows = load_rows(table, SurveyRowSchema(), SURVEY_COLUMNS, report)
    teams = _teams_by_name()
    for row in rows:
        if row.data["team"].lower() not in teams:
            report.add(row.number, "Team", row.raw.get("Team"), f"There is no team called {row.data['team']}")
    report_duplicates(
        rows,
        lambda row: (row.data["survey_date"], row.data["team"].lower(), row.data["question"]),
        "Question",
        report,
        "This row repeats the survey date, team and question of row {first}",
    )
    return rows


def apply_survey(rows: list[LoadedRow], progress: Callable[[int], None] | None = None) -> ImportOutcome:
    hold_import_lock("survey")
    outcome = ImportOutcome()
    teams = _teams_by_name()
    existing = {
        (result.team_id, result.survey_date, result.question): result
        for result in db.session.execute(select(SurveyResult)).scalars()
    }
    created, updated = [], []
    for row in rows:
        team = teams[row.data["team"].lower()]
        key = (team.id, row.data["survey_date"], row.data["question"])
        values = {"percent_agreeing": row.data["percent_agreeing"], "responses": row.data["responses"]}
        current = existing.get(key)
        if current is None:
            result = SurveyResult(team=team, survey_date=key[1], question=key[2], **values)
            db.session.add(result)
            existing[key] = result
            created.append(result)
        elif any(getattr(current, name) != value for name, value in values.items()):
            updated.append((current, audit_trail.snapshot(current)))
            for name, value in values.items():
                setattr(current, name, value)
        else:
            outcome.unchanged += 1
    if progress:
        progress(len(rows))
    db.session.flush()
    audit_trail.record_created_many(created, note="Imported staff survey results")
    audit_trail.record_updated_many(updated, note="Imported staff survey results")
    outcome.created, outcome.updated = len(created), len(updated)
    return outcome
