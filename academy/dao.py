"""Queries of the academy: catalogue, sessions, people in scope and their completions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Row, Select, case, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from academy.models import (
    Completion,
    Course,
    CpdRecord,
    EarlyCareerRecord,
    Enrolment,
    Feedback,
    Notice,
    PracticeEducator,
    Programme,
    StudentPlacement,
    TrainingRequirement,
    TrainingSession,
)
from workforce.extensions import db
from workforce.kernel.models import Team
from workforce.kernel.permissions import Scope
from workforce.people.models import Assignment, StaffMember


def list_programmes() -> list[Programme]:
    return list(db.session.execute(select(Programme).order_by(Programme.name)).scalars())


def list_courses() -> list[Course]:
    return list(db.session.execute(select(Course).join(Programme).order_by(Programme.name, Course.title)).scalars())


def list_sessions(upcoming_from=None) -> list[TrainingSession]:
    query = select(TrainingSession).order_by(TrainingSession.starts_at)
    if upcoming_from is not None:
        query = query.where(TrainingSession.starts_at >= upcoming_from)
    return list(db.session.execute(query).scalars())


def current_assignments_query(on: date) -> Select:
    """Each person's current assignment on a date (the most recent start when they hold two)."""
    latest = (
        select(Assignment.staff_id, func.max(Assignment.id).label("assignment_id"))
        .where(Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date >= on))
        .group_by(Assignment.staff_id)
        .subquery()
    )
    return select(Assignment).join(latest, latest.c.assignment_id == Assignment.id)


def current_teams_subquery(on: date):
    """(staff_id, team_id): each person's team on a date, through their current assignment."""
    return current_assignments_query(on).with_only_columns(Assignment.staff_id, Assignment.team_id).subquery()


def staff_in_scope(statement: Select, scope: Scope, staff_column, on: date, teams=None) -> Select:
    """Rows of people the scope may see the training of: their teams' people on `on`, or the user themself.

    Joins StaffMember and the people's current teams (`teams`, from `current_teams_subquery`) to `statement`."""
    teams = teams if teams is not None else current_teams_subquery(on)
    statement = statement.join(StaffMember, StaffMember.id == staff_column).outerjoin(
        teams, teams.c.staff_id == staff_column
    )
    return scope.apply(statement, teams.c.team_id, own_column=StaffMember.user_id)


def completions_in_scope_query(scope: Scope, on: date, teams) -> Select:
    """Training records (completions) of the people the scope covers, for the training records list; a completion
    withdrawn as recorded in error is not a training record any more."""
    query = select(Completion).where(Completion.withdrawn_at.is_(None))
    return staff_in_scope(query, scope, Completion.staff_id, on, teams)


def list_course_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(select(Course.id, Course.title).order_by(Course.title, Course.id)).all()
    return [(row.id, row.title) for row in rows]


def get_current_assignment(staff_id: int, on: date) -> Assignment | None:
    return db.session.execute(current_assignments_query(on).where(Assignment.staff_id == staff_id)).scalar()


def team_of_staff(staff_id: int, on: date) -> int | None:
    assignment = get_current_assignment(staff_id, on)
    return assignment.team_id if assignment else None


def people_in_scope_query(scope: Scope, on: date, team_id: int | None = None) -> Select:
    query = (
        current_assignments_query(on)
        .add_columns(StaffMember)
        .join(StaffMember, StaffMember.id == Assignment.staff_id)
        .where(StaffMember.archived_at.is_(None))
        .order_by(StaffMember.last_name, StaffMember.first_name, StaffMember.id)
    )
    if team_id is not None:
        query = query.where(Assignment.team_id == team_id)
    return scope.apply(query, Assignment.team_id)


def list_people_in_scope(
    scope: Scope, on: date, team_id: int | None = None, limit: int | None = None, offset: int = 0
) -> list[tuple[StaffMember, Assignment]]:
    """People in post on a date that the scope covers, with their current assignment (and its team), by name;
    `limit` and `offset` give one page of them."""
    query = people_in_scope_query(scope, on, team_id).options(joinedload(Assignment.team))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [(staff, assignment) for assignment, staff in db.session.execute(query).all()]


def count_people_in_scope(scope: Scope, on: date, team_id: int | None = None) -> int:
    query = people_in_scope_query(scope, on, team_id).order_by(None).subquery()
    return db.session.execute(select(func.count()).select_from(query)).scalar_one()


def list_job_types_in_scope(scope: Scope, on: date, team_id: int | None = None) -> list[tuple[int, object, int]]:
    """(staff id, job type, team id) of each person the matrix covers: columns only, no records loaded."""
    query = people_in_scope_query(scope, on, team_id).order_by(None)
    query = query.with_only_columns(Assignment.staff_id, Assignment.census_role, Assignment.team_id)
    return [tuple(row) for row in db.session.execute(query)]


def best_expiries(scope: Scope, on: date, team_id: int | None, course_ids: list[int]) -> dict[tuple[int, int], object]:
    """(staff, course) -> the expiry of the completion that counts on `on` (None for training that never
    expires), for everyone the scope's matrix covers; aggregated in SQL. Which completion counts is the
    rule of `latest_completions`: one that never expires if there is one, else the latest expiry."""
    if not course_ids:
        return {}
    people = people_in_scope_query(scope, on, team_id).order_by(None).with_only_columns(Assignment.staff_id)
    rows = db.session.execute(
        select(
            Completion.staff_id,
            Completion.course_id,
            func.max(case((Completion.expires_on.is_(None), 1), else_=0)),
            func.max(Completion.expires_on),
        )
        .where(
            Completion.staff_id.in_(people),
            Completion.course_id.in_(course_ids),
            Completion.completed_on <= on,
            Completion.withdrawn_at.is_(None),
        )
        .group_by(Completion.staff_id, Completion.course_id)
    )
    return {(staff_id, course_id): None if never else expires for staff_id, course_id, never, expires in rows}


def early_career_programmes_in_scope(scope: Scope, on: date, team_id: int | None = None) -> dict[int, frozenset]:
    """`early_career_programmes_on` for everyone the scope's matrix covers, in one query."""
    people = people_in_scope_query(scope, on, team_id).order_by(None).with_only_columns(Assignment.staff_id)
    return _programmes_on(EarlyCareerRecord.staff_id.in_(people), on)


def list_people_in_teams(scope: Scope, on: date, team_ids: list[int]) -> list[StaffMember]:
    """People in post on a date in any of the teams, of those the scope covers, by name."""
    if not team_ids:
        return []
    query = people_in_scope_query(scope, on).where(Assignment.team_id.in_(team_ids))
    return [staff for _, staff in db.session.execute(query).all()]


def list_requirements_for_course(course_id: int) -> list[TrainingRequirement]:
    return [requirement for requirement in list_requirements() if requirement.course_id == course_id]


def list_staff_choices(scope: Scope, on: date) -> list[StaffMember]:
    return [staff for staff, _ in list_people_in_scope(scope, on)]


def get_staff_for_user(user_id: int) -> StaffMember | None:
    return db.session.execute(select(StaffMember).where(StaffMember.user_id == user_id)).scalar()


def list_teams_in_scope(scope: Scope) -> list[Team]:
    return list(
        db.session.execute(
            scope.apply(select(Team).where(Team.archived_at.is_(None)).order_by(Team.name), Team.id)
        ).scalars()
    )


def list_requirements() -> list[TrainingRequirement]:
    """Every requirement with its course and team loaded, since each is named by both (`str()`)."""
    return list(
        db.session.execute(
            select(TrainingRequirement)
            .join(Course)
            .options(contains_eager(TrainingRequirement.course), selectinload(TrainingRequirement.team))
            .order_by(Course.title, TrainingRequirement.id)
        ).scalars()
    )


def latest_completions(staff_ids: list[int], course_ids: list[int], on: date) -> dict[tuple[int, int], Row]:
    """(staff, course) -> (staff_id, course_id, completed_on, expires_on) of the completion with the latest
    expiry (or none) on or before `on`."""
    if not staff_ids or not course_ids:
        return {}
    # Columns, not records: a page of people carries every completion of five years or more.
    rows = db.session.execute(
        select(Completion.staff_id, Completion.course_id, Completion.completed_on, Completion.expires_on)
        .where(
            Completion.staff_id.in_(staff_ids),
            Completion.course_id.in_(course_ids),
            Completion.completed_on <= on,
            Completion.withdrawn_at.is_(None),
        )
        .order_by(Completion.completed_on)
    )
    best: dict[tuple[int, int], Row] = {}
    for completion in rows:
        key = (completion.staff_id, completion.course_id)
        held = best.get(key)
        if (
            held is None
            or held.expires_on is not None
            and (completion.expires_on is None or completion.expires_on >= held.expires_on)
        ):
            best[key] = completion
    return best


def list_open_enrolments_for_staff(staff_id: int) -> list[Enrolment]:
    return list(
        db.session.execute(
            select(Enrolment)
            .join(TrainingSession)
            .where(Enrolment.staff_id == staff_id)
            .order_by(TrainingSession.starts_at.desc())
        ).scalars()
    )


def find_enrolment(session_id: int, staff_id: int) -> Enrolment | None:
    return db.session.execute(
        select(Enrolment).where(Enrolment.session_id == session_id, Enrolment.staff_id == staff_id)
    ).scalar()


def next_on_waitlist(session: TrainingSession) -> Enrolment | None:
    from academy.constants import EnrolmentStatus

    return db.session.execute(
        select(Enrolment)
        .where(Enrolment.session_id == session.id, Enrolment.status == EnrolmentStatus.WAITLISTED)
        .order_by(Enrolment.waitlisted_at, Enrolment.id)
        .limit(1)
    ).scalar()


def list_notices(staff_id: int, limit: int = 10) -> list[Notice]:
    return list(
        db.session.execute(
            select(Notice)
            .where(Notice.staff_id == staff_id)
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        ).scalars()
    )


def get_feedback_for_enrolment(enrolment_id: int) -> Feedback | None:
    return db.session.execute(select(Feedback).where(Feedback.enrolment_id == enrolment_id)).scalar()


def feedback_summary(session_ids: list[int]) -> dict:
    """Aggregate answers for sessions: count, mean confidence before/after and satisfaction, comments."""
    row = db.session.execute(
        select(
            func.count(Feedback.id),
            func.avg(Feedback.confidence_before),
            func.avg(Feedback.confidence_after),
            func.avg(Feedback.satisfaction),
        ).where(Feedback.session_id.in_(session_ids))
    ).one()
    comments = list(
        db.session.execute(
            select(Feedback.comments)
            .where(Feedback.session_id.in_(session_ids), Feedback.comments.is_not(None))
            .order_by(Feedback.comments)
        ).scalars()
    )
    impacts = list(
        db.session.execute(
            select(Feedback.impact)
            .where(Feedback.session_id.in_(session_ids), Feedback.impact.is_not(None))
            .order_by(Feedback.impact)
        ).scalars()
    )
    return {
        "responses": row[0],
        "confidence_before": row[1],
        "confidence_after": row[2],
        "satisfaction": row[3],
        "comments": comments,
        "impacts": impacts,
    }


def list_early_career_in_scope(scope: Scope, on: date) -> list[EarlyCareerRecord]:
    teams = current_assignments_query(on).with_only_columns(Assignment.staff_id, Assignment.team_id).subquery()
    query = (
        select(EarlyCareerRecord)
        .join(StaffMember, StaffMember.id == EarlyCareerRecord.staff_id)
        .outerjoin(teams, teams.c.staff_id == EarlyCareerRecord.staff_id)
        .order_by(EarlyCareerRecord.start_date.desc(), StaffMember.last_name)
    )
    return list(db.session.execute(scope.apply(query, teams.c.team_id)).scalars())


def early_career_records_of(staff_id: int) -> list[EarlyCareerRecord]:
    return list(
        db.session.execute(
            select(EarlyCareerRecord)
            .where(EarlyCareerRecord.staff_id == staff_id)
            .order_by(EarlyCareerRecord.start_date)
        ).scalars()
    )


def list_practice_educators() -> list[PracticeEducator]:
    return list(
        db.session.execute(
            select(PracticeEducator).join(StaffMember).order_by(StaffMember.last_name, StaffMember.first_name)
        ).scalars()
    )


def list_placements() -> list[StudentPlacement]:
    return list(db.session.execute(select(StudentPlacement).order_by(StudentPlacement.start_date.desc())).scalars())


def list_cpd(staff_id: int) -> list[CpdRecord]:
    return list(
        db.session.execute(
            select(CpdRecord)
            .where(CpdRecord.staff_id == staff_id, CpdRecord.withdrawn_at.is_(None))
            .order_by(CpdRecord.recorded_on.desc())
        ).scalars()
    )


def find_course_by_title(title: str) -> Course | None:
    return db.session.execute(select(Course).where(func.lower(Course.title) == title.strip().lower())).scalar()


def find_staff_by_numbers(numbers: list[str]) -> dict[str, StaffMember]:
    rows = db.session.execute(select(StaffMember).where(StaffMember.employee_number.in_(numbers))).scalars()
    return {staff.employee_number: staff for staff in rows}


def existing_completion_keys(staff_ids: list[int]) -> set[tuple[int, int, date]]:
    """(staff, course, day) of every completion held, withdrawn ones too: a day holds one record of a course."""
    rows = db.session.execute(
        select(Completion.staff_id, Completion.course_id, Completion.completed_on).where(
            Completion.staff_id.in_(staff_ids)
        )
    ).all()
    return {tuple(row) for row in rows}


def staff_ids_in_scope_query(scope: Scope, on: date) -> Select:
    """The ids of the people `list_people_in_scope` gives, as a subquery to filter by (no records loaded)."""
    return people_in_scope_query(scope, on).order_by(None).with_only_columns(Assignment.staff_id)


def list_enrolments_awaiting_approval(staff_ids: list[int] | Select) -> list[Enrolment]:
    """Places waiting for a manager's approval, booked by the people given (a list of ids or a query of them)."""
    from academy.constants import EnrolmentStatus

    if not isinstance(staff_ids, Select) and not staff_ids:
        return []
    return list(
        db.session.execute(
            select(Enrolment)
            .join(TrainingSession)
            .options(
                contains_eager(Enrolment.session).joinedload(TrainingSession.course),
                joinedload(Enrolment.staff_member),
            )
            .where(Enrolment.staff_id.in_(staff_ids), Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)
            .order_by(TrainingSession.starts_at)
        ).scalars()
    )


def early_career_programmes_on(staff_ids: list[int], on: date) -> dict[int, frozenset]:
    """Person -> the early-career programmes they are in on a date (from the start to the day before the
    outcome; a withdrawal ends it too)."""
    if not staff_ids:
        return {}
    return _programmes_on(EarlyCareerRecord.staff_id.in_(staff_ids), on)


def _programmes_on(who, on: date) -> dict[int, frozenset]:
    from academy.constants import EarlyCareerOutcome

    rows = db.session.execute(
        select(EarlyCareerRecord.staff_id, EarlyCareerRecord.programme).where(
            who,
            EarlyCareerRecord.start_date <= on,
            or_(EarlyCareerRecord.outcome_on.is_(None), EarlyCareerRecord.outcome_on > on),
            or_(EarlyCareerRecord.outcome.is_(None), EarlyCareerRecord.outcome != EarlyCareerOutcome.WITHDRAWN),
        )
    ).all()
    programmes: dict[int, set] = {}
    for staff_id, programme in rows:
        programmes.setdefault(staff_id, set()).add(programme)
    return {staff_id: frozenset(values) for staff_id, values in programmes.items()}


def list_completions_for_staff(staff_id: int) -> list[Completion]:
    """A person's completed training, latest first, withdrawn records included (the page marks them)."""
    query = select(Completion).where(Completion.staff_id == staff_id).order_by(Completion.completed_on.desc())
    return list(db.session.execute(query).scalars())
