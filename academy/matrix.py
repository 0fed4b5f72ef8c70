"""The training matrix: people in post against the requirements that apply to them, one state per cell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from academy import dao, rules
from academy.constants import MatrixState
from academy.models import TrainingRequirement
from workforce.kernel import freshness
from workforce.kernel.dates import display_date
from workforce.kernel.permissions import Scope
from workforce.kernel.spreadsheets import Sheet
from workforce.people.models import Assignment, StaffMember

#: People on one page of the matrix.
PER_PAGE = 50


@dataclass(frozen=True)
class MatrixCell:
    state: MatrixState | None
    completed_on: date | None = None
    expires_on: date | None = None

    @property
    def text(self) -> str:
        """What the page and the export both show: the state, and the expiry date where there is one."""
        if self.state is None:
            return "Not required"
        if self.expires_on is not None and self.state is not MatrixState.NOT_DONE:
            verb = "expired" if self.state is MatrixState.EXPIRED else "expires"
            return f"{self.state.label} ({verb} {display_date(self.expires_on)})"
        return self.state.label


@dataclass(frozen=True)
class MatrixRow:
    staff: StaffMember
    assignment: Assignment
    cells: list[MatrixCell]


@dataclass(frozen=True)
class Matrix:
    on: date
    requirements: list[TrainingRequirement]
    rows: list[MatrixRow]
    #: Everyone the matrix covers, when `rows` holds one page of them.
    total: int | None = None

    def counts(self) -> dict[MatrixState, int]:
        totals = dict.fromkeys(MatrixState, 0)
        for row in self.rows:
            for cell in row.cells:
                if cell.state is not None:
                    totals[cell.state] += 1
        return totals


def build_matrix(
    scope: Scope,
    on: date,
    team_id: int | None = None,
    page: int | None = None,
    per_page: int = PER_PAGE,
    total: int | None = None,
) -> Matrix:
    """The matrix the scope may see: a team manager gets only their teams' people; `page` (from 1) gives
    `per_page` people of it (of `total`, when the caller has counted them already)."""
    requirements = dao.list_requirements()
    if page is None:
        total = None
        people = dao.list_people_in_scope(scope, on, team_id)
    else:
        if total is None:
            total = dao.count_people_in_scope(scope, on, team_id)
        people = dao.list_people_in_scope(scope, on, team_id, limit=per_page, offset=(page - 1) * per_page)
    staff_ids = [staff.id for staff, _ in people]
    completions = dao.latest_completions(staff_ids, sorted({r.course_id for r in requirements}), on)
    programmes = dao.early_career_programmes_on(staff_ids, on)
    rows = []
    for staff, assignment in people:
        cells = []
        for requirement in requirements:
            if not requirement.applies(assignment.census_role, assignment.team_id, programmes.get(staff.id, ())):
                cells.append(MatrixCell(None))
                continue
            completion = completions.get((staff.id, requirement.course_id))
            state = rules.matrix_state(completion.expires_on if completion else None, completion is not None, on)
            cells.append(
                MatrixCell(
                    state,
                    completion.completed_on if completion else None,
                    completion.expires_on if completion else None,
                )
            )
        rows.append(MatrixRow(staff, assignment, cells))
    return Matrix(on, requirements, rows, total)


def matrix_counts(scope: Scope, on: date, team_id: int | None = None) -> dict[MatrixState, int]:
    """How many cells of the whole matrix are in each state.

    A working list's totals: a team's are read from the records on every request, so they are right the
    moment a completion is saved. The whole council's are kept with the generations of the tables they read
    (`freshness.kept`): as right the moment a save to one of them commits, and not recomputed for a sign-in
    or a save elsewhere. The database aggregates each person's completions (which one counts, and its
    expiry) and only (person, course, expiry) comes back; the rules are those of `build_matrix`."""
    if scope.all_teams and team_id is None:
        return dict(freshness.kept(("academy.matrix-counts", on), lambda: _count_cells(scope, on, None)))
    return _count_cells(scope, on, team_id)


def _count_cells(scope: Scope, on: date, team_id: int | None) -> dict[MatrixState, int]:
    requirements = dao.list_requirements()
    people = dao.list_job_types_in_scope(scope, on, team_id)
    expiries = dao.best_expiries(scope, on, team_id, sorted({r.course_id for r in requirements}))
    programmes = dao.early_career_programmes_in_scope(scope, on, team_id)
    totals = dict.fromkeys(MatrixState, 0)
    for staff_id, census_role, person_team_id in people:
        on_programmes = programmes.get(staff_id, ())
        for requirement in requirements:
            if not requirement.applies(census_role, person_team_id, on_programmes):
                continue
            key = (staff_id, requirement.course_id)
            done = key in expiries
            totals[rules.matrix_state(expiries.get(key), done, on)] += 1
    return totals


def matrix_sheet(matrix: Matrix) -> Sheet:
    headers = ["Employee number", "Name", "Team", "Job type", *[str(r) for r in matrix.requirements]]
    rows = (
        [
            row.staff.employee_number,
            row.staff.name,
            row.assignment.team.name,
            row.assignment.census_role.label,
            *[cell.text for cell in row.cells],
        ]
        for row in matrix.rows
    )
    return Sheet(f"Training matrix {matrix.on:%Y-%m-%d}", headers, rows)


def people_short_of(requirement: TrainingRequirement, scope: Scope, on: date) -> list[StaffMember]:
    """The people the scope covers whom the requirement applies to on a date and who do not hold the course
    in date (never done, or expired: the matrix's "not done" and "expired" cells), by name."""
    people = dao.list_people_in_scope(scope, on)
    staff_ids = [staff.id for staff, _ in people]
    completions = dao.latest_completions(staff_ids, [requirement.course_id], on)
    programmes = dao.early_career_programmes_on(staff_ids, on)
    short = []
    for staff, assignment in people:
        if not requirement.applies(assignment.census_role, assignment.team_id, programmes.get(staff.id, ())):
            continue
        completion = completions.get((staff.id, requirement.course_id))
        state = rules.matrix_state(completion.expires_on if completion else None, completion is not None, on)
        if state in (MatrixState.NOT_DONE, MatrixState.EXPIRED):
            short.append(staff)
    return short
