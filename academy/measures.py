"""The academy's measures for the improvement-plan roll-up, each one aggregate query.

A person's team is the team of their assignment on the date that matters to the measure (the end of the
period, the session date, the review's due date), so a figure by team follows where people worked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, exists, func, literal, or_, select

from academy import rules
from academy.constants import Attendance, EarlyCareerOutcome, EnrolmentStatus
from academy.models import (
    Completion,
    CpdRecord,
    EarlyCareerRecord,
    EarlyCareerReview,
    Enrolment,
    Feedback,
    TrainingRequirement,
    TrainingSession,
)
from workforce.extensions import db
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit
from workforce.people.models import Assignment, StaffMember

MODULE = "academy"


def team_on(staff_id_column, on_column):
    """The team of a person's assignment on a date (the latest-started one when two overlap), in SQL."""
    return (
        select(Assignment.team_id)
        .where(
            Assignment.staff_id == staff_id_column,
            Assignment.start_date <= on_column,
            or_(Assignment.end_date.is_(None), Assignment.end_date >= on_column),
        )
        .order_by(Assignment.start_date.desc(), Assignment.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _in_scope(statement, team_column, scope: MeasureScope):
    team_ids = scope.team_ids()
    if team_ids is None:
        return statement.where(team_column.is_not(None))
    return statement.where(team_column.in_(sorted(team_ids)))


def _in_post(on: date, team_ids: frozenset[int] | None = None):
    """People in post on a date, one row each, with the team and job type of their latest assignment
    (only those in the given teams). The latest assignments are found once, grouped, not per person."""
    latest = (
        select(func.max(Assignment.id))
        .where(Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date >= on))
        .group_by(Assignment.staff_id)
    )
    people = select(Assignment.staff_id.label("staff_id"), Assignment.team_id, Assignment.census_role).where(
        Assignment.id.in_(latest)
    )
    if team_ids is not None:
        people = people.where(Assignment.team_id.in_(sorted(team_ids)))
    return people.subquery()


def _training_statement(end: date, scope: MeasureScope, columns):
    """One row per person in post and requirement that applies to them, selecting `columns(people, valid)`."""
    people = _in_post(end, scope.team_ids())
    valid = exists().where(
        Completion.staff_id == people.c.staff_id,
        Completion.course_id == TrainingRequirement.course_id,
        Completion.completed_on <= end,
        or_(Completion.expires_on.is_(None), Completion.expires_on > end),
        Completion.withdrawn_at.is_(None),
    )
    on_programme = exists().where(
        EarlyCareerRecord.staff_id == people.c.staff_id,
        EarlyCareerRecord.programme == TrainingRequirement.early_career_programme,
        EarlyCareerRecord.start_date <= end,
        or_(EarlyCareerRecord.outcome_on.is_(None), EarlyCareerRecord.outcome_on > end),
        or_(EarlyCareerRecord.outcome.is_(None), EarlyCareerRecord.outcome != EarlyCareerOutcome.WITHDRAWN),
    )
    return (
        select(*columns(people, valid))
        .select_from(people)
        .join(
            TrainingRequirement,
            and_(
                or_(TrainingRequirement.census_role.is_(None), TrainingRequirement.census_role == people.c.census_role),
                or_(TrainingRequirement.team_id.is_(None), TrainingRequirement.team_id == people.c.team_id),
                or_(TrainingRequirement.early_career_programme.is_(None), on_programme),
            ),
        )
    )


def _counted(condition):
    return func.count(), func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def mandatory_training_compliance(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = _training_statement(end, scope, lambda people, valid: _counted(valid))
    total, held = db.session.execute(query).one()
    return MeasureValue.ratio(held, total, 100)


def _reviews_statement(start: date, end: date, scope: MeasureScope, columns):
    team = team_on(EarlyCareerRecord.staff_id, EarlyCareerReview.due_on)
    on_time = and_(EarlyCareerReview.held_on.is_not(None), EarlyCareerReview.held_on <= EarlyCareerReview.due_on)
    query = (
        select(*columns(team, on_time))
        .select_from(EarlyCareerReview)
        .join(EarlyCareerRecord, EarlyCareerRecord.id == EarlyCareerReview.record_id)
        .where(
            EarlyCareerReview.due_on >= start,
            EarlyCareerReview.due_on <= end,
            # A programme that ended before a review fell due owes no review.
            or_(EarlyCareerRecord.outcome_on.is_(None), EarlyCareerRecord.outcome_on > EarlyCareerReview.due_on),
        )
    )
    return _in_scope(query, team, scope)


def early_career_reviews_on_time(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    total, held = db.session.execute(
        _reviews_statement(start, end, scope, lambda team, on_time: _counted(on_time))
    ).one()
    return MeasureValue.ratio(held, total, 100)


def _completion_statement(start: date, end: date, scope: MeasureScope, columns):
    team = team_on(EarlyCareerRecord.staff_id, EarlyCareerRecord.outcome_on)
    passed = EarlyCareerRecord.outcome == EarlyCareerOutcome.PASSED
    query = select(*columns(team, passed)).where(
        EarlyCareerRecord.outcome.in_([EarlyCareerOutcome.PASSED, EarlyCareerOutcome.FAILED]),
        EarlyCareerRecord.outcome_on >= start,
        EarlyCareerRecord.outcome_on <= end,
    )
    return _in_scope(query, team, scope)


def early_career_completion(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = _completion_statement(start, end, scope, lambda team, passed: _counted(passed))
    total, done = db.session.execute(query).one()
    return MeasureValue.ratio(done, total, 100)


def _cpd_statement(start: date, end: date, scope: MeasureScope, columns):
    first, _ = rules.registration_year(rules.registration_year_end(end))
    people = _in_post(end)
    records = (
        select(
            CpdRecord.staff_id,
            func.count().label("records"),
            func.sum(case((CpdRecord.peer_reflection.is_(True), 1), else_=0)).label("reflected"),
        )
        .where(CpdRecord.recorded_on >= first, CpdRecord.recorded_on <= end, CpdRecord.withdrawn_at.is_(None))
        .group_by(CpdRecord.staff_id)
        .subquery()
    )
    ready = and_(records.c.records >= 2, records.c.reflected >= 1)
    query = (
        select(*columns(people, records, ready))
        .select_from(people)
        .join(StaffMember, StaffMember.id == people.c.staff_id)
        .outerjoin(records, records.c.staff_id == people.c.staff_id)
        # Registered social workers renew with Social Work England; others are not counted.
        .where(StaffMember.swe_number.is_not(None))
    )
    return _in_scope(query, people.c.team_id, scope)


def cpd_renewal_readiness(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = _cpd_statement(start, end, scope, lambda people, records, ready: _counted(ready))
    total, count = db.session.execute(query).one()
    return MeasureValue.ratio(count, total, 100)


def _session_day():
    return func.date(TrainingSession.starts_at)


def _sessions_between(start: date, end: date):
    first = datetime.combine(start, time.min, tzinfo=UTC)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    return and_(TrainingSession.starts_at >= first, TrainingSession.starts_at < after)


def _attendance_statement(start: date, end: date, scope: MeasureScope, columns):
    attended = Enrolment.attendance.in_([Attendance.PRESENT, Attendance.LATE])
    team = team_on(Enrolment.staff_id, _session_day())
    query = (
        select(*columns(team, attended))
        .select_from(Enrolment)
        .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(
            Enrolment.status == EnrolmentStatus.ENROLLED,
            Enrolment.attendance.is_not(None),
            TrainingSession.cancelled_at.is_(None),
            _sessions_between(start, end),
        )
    )
    return _in_scope(query, team, scope)


def attendance_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = _attendance_statement(start, end, scope, lambda team, attended: _counted(attended))
    total, count = db.session.execute(query).one()
    return MeasureValue.ratio(count, total, 100)


def _feedback_statement(start: date, end: date, scope: MeasureScope, columns):
    team = team_on(Enrolment.staff_id, _session_day())
    query = (
        select(*columns(team))
        .select_from(Feedback)
        .join(Enrolment, Enrolment.id == Feedback.enrolment_id)
        .join(TrainingSession, TrainingSession.id == Feedback.session_id)
        .where(_sessions_between(start, end))
    )
    return _in_scope(query, team, scope)


def average_confidence_change(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = _feedback_statement(
        start,
        end,
        scope,
        lambda team: (
            func.count(),
            func.coalesce(func.sum(Feedback.confidence_after - Feedback.confidence_before), literal(0)),
        ),
    )
    total, change = db.session.execute(query).one()
    return MeasureValue.ratio(float(change), total)


def all_measures() -> list[Measure]:
    return [
        Measure(
            "academy_mandatory_training_compliance",
            "Mandatory training compliance",
            "Required training held and in date at the end of the period / training required of the people in "
            "post then (each person once per requirement that applies to their job type and team) x 100",
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            mandatory_training_compliance,
            module=MODULE,
            reads=frozenset(
                {"academy_completions", "academy_early_career", "academy_requirements", "assignments", "teams"}
            ),
        ),
        Measure(
            "academy_asye_reviews_on_time",
            "ASYE and early-career reviews on time",
            "Early-career reviews due in the period that were held on or before their due date (moved by pauses) "
            "/ reviews due in the period x 100",
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            early_career_reviews_on_time,
            module=MODULE,
            reads=frozenset({"academy_early_career", "academy_early_career_reviews", "assignments", "teams"}),
        ),
        Measure(
            "academy_asye_completion",
            "ASYE and early-career completion",
            "Early-career programmes passed in the period / programmes passed or failed in the period x 100 "
            "(withdrawals are not counted)",
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            early_career_completion,
            module=MODULE,
            reads=frozenset({"academy_early_career", "assignments", "teams"}),
        ),
        Measure(
            "academy_cpd_renewal_readiness",
            "CPD ready for registration renewal",
            "Registered social workers in post at the end of the period with at least two CPD records in the "
            "registration year to that date, one with peer reflection / registered social workers in post x 100",
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            cpd_renewal_readiness,
            module=MODULE,
            reads=frozenset({"academy_cpd_records", "assignments", "staff", "teams"}),
        ),
        Measure(
            "academy_attendance_rate",
            "Training attendance rate",
            "Confirmed places on sessions in the period marked present or late / confirmed places with "
            "attendance taken x 100",
            Source.LOCAL,
            Unit.PERCENT,
            Polarity.HIGHER_IS_BETTER,
            attendance_rate,
            module=MODULE,
            reads=frozenset({"academy_enrolments", "academy_sessions", "assignments", "teams"}),
        ),
        Measure(
            "academy_average_confidence_change",
            "Average change in confidence after training",
            "Sum of (confidence after - confidence before, on a 1-5 scale) over feedback on sessions in the "
            "period / number of feedback answers",
            Source.LOCAL,
            Unit.RATIO,
            Polarity.HIGHER_IS_BETTER,
            average_confidence_change,
            module=MODULE,
            reads=frozenset({"academy_enrolments", "academy_feedback", "academy_sessions", "assignments", "teams"}),
        ),
    ]
