"""The records behind each academy measure: the requirements, reviews, programmes, CPD, places and feedback.

Each list is read by the same statement as the figure in `academy.measures` (the figure aggregates the
statement's rows; the list selects them), so the lists add up to the figure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func

from academy import measures as m
from academy.constants import AcademyPermission
from academy.models import (
    Course,
    EarlyCareerRecord,
    EarlyCareerReview,
    Enrolment,
    Feedback,
    TrainingRequirement,
    TrainingSession,
)
from workforce.extensions import db
from workforce.kernel.dates import display_date
from workforce.kernel.measures import BehindRecord, DrillDown, MeasureRecords, MeasureScope, RecordList
from workforce.people.models import StaffMember

COUNT = "Count"


def _name(staff_id: int) -> str:
    staff = db.session.get(StaffMember, staff_id)
    return f"{staff.last_name}, {staff.first_name} ({staff.employee_number})"


def _split(rows, numerator_title: str, denominator_title: str, amount_label: str = COUNT) -> MeasureRecords:
    """`rows` of (counts in the numerator, record): the numerator's records and every record."""
    return MeasureRecords(
        RecordList(numerator_title, amount_label, tuple(record for chosen, record in rows if chosen)),
        RecordList(denominator_title, amount_label, tuple(record for _chosen, record in rows)),
    )


def training(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._training_statement(
        end,
        scope,
        lambda people, valid: (people.c.staff_id, people.c.team_id, Course.title, case((valid, True), else_=False)),
    ).join(Course, Course.id == TrainingRequirement.course_id)
    rows = [
        (
            bool(held),
            BehindRecord(
                "Training requirement",
                _name(staff_id),
                team_id,
                f"{course}: {'held and in date' if held else 'not held or expired'}",
                1.0,
            ),
        )
        for staff_id, team_id, course, held in db.session.execute(query)
    ]
    return _split(rows, "Requirements held and in date", "Requirements of people in post")


def reviews(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._reviews_statement(
        start,
        end,
        scope,
        lambda team, on_time: (EarlyCareerReview, EarlyCareerRecord.staff_id, team, case((on_time, True), else_=False)),
    ).order_by(EarlyCareerReview.due_on)
    rows = [
        (
            bool(on_time),
            BehindRecord(
                "Early-career review",
                _name(staff_id),
                team_id,
                f"{review.month}-month review due {display_date(review.due_on)}, "
                + (f"held {display_date(review.held_on)}" if review.held_on else "not held"),
                1.0,
            ),
        )
        for review, staff_id, team_id, on_time in db.session.execute(query)
    ]
    return _split(rows, "Reviews held on time", "Reviews due in the period")


def completion(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._completion_statement(
        start, end, scope, lambda team, passed: (EarlyCareerRecord, team, case((passed, True), else_=False))
    ).order_by(EarlyCareerRecord.outcome_on)
    rows = [
        (
            bool(passed),
            BehindRecord(
                "Early-career programme",
                _name(record.staff_id),
                team_id,
                f"{record.programme.value} {record.outcome.value} {display_date(record.outcome_on)}",
                1.0,
            ),
        )
        for record, team_id, passed in db.session.execute(query)
    ]
    return _split(rows, "Programmes passed", "Programmes passed or failed in the period")


def cpd(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._cpd_statement(
        start,
        end,
        scope,
        lambda people, records, ready: (
            people.c.staff_id,
            people.c.team_id,
            func.coalesce(records.c.records, 0),
            func.coalesce(records.c.reflected, 0),
            case((ready, True), else_=False),
        ),
    )
    rows = [
        (
            bool(ready),
            BehindRecord(
                "Registered social worker",
                _name(staff_id),
                team_id,
                f"{count} CPD records this registration year, {reflected} with peer reflection",
                1.0,
            ),
        )
        for staff_id, team_id, count, reflected, ready in db.session.execute(query)
    ]
    return _split(rows, "Ready for renewal", "Registered social workers in post")


def attendance(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._attendance_statement(
        start,
        end,
        scope,
        lambda team, attended: (Enrolment, TrainingSession, team, case((attended, True), else_=False)),
    ).order_by(TrainingSession.starts_at, Enrolment.id)
    rows = [
        (
            bool(attended),
            BehindRecord(
                "Place on a session",
                _name(enrolment.staff_id),
                team_id,
                f"session {session.id} on {display_date(session.starts_at)}: {enrolment.attendance.value}",
                1.0,
            ),
        )
        for enrolment, session, team_id, attended in db.session.execute(query)
    ]
    return _split(rows, "Places marked present or late", "Places with attendance taken")


def confidence(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    query = m._feedback_statement(start, end, scope, lambda team: (Feedback, Enrolment.staff_id, team)).order_by(
        Feedback.id
    )
    rows = [
        (
            feedback,
            BehindRecord(
                "Feedback",
                _name(staff_id),
                team_id,
                f"session {feedback.session_id}: confidence {feedback.confidence_before} before, "
                f"{feedback.confidence_after} after",
                float(feedback.confidence_after - feedback.confidence_before),
            ),
        )
        for feedback, staff_id, team_id in db.session.execute(query)
    ]
    return MeasureRecords(
        RecordList("Change in confidence (after - before)", "Change", tuple(record for _f, record in rows)),
        RecordList(
            "Feedback answers",
            COUNT,
            tuple(BehindRecord(r.kind, r.reference, r.team_id, r.detail, 1.0) for _f, r in rows),
        ),
    )


DRILL_DOWNS = {
    "academy_mandatory_training_compliance": DrillDown(training, AcademyPermission.VIEW_MATRIX),
    "academy_asye_reviews_on_time": DrillDown(reviews, AcademyPermission.VIEW_EARLY_CAREER),
    "academy_asye_completion": DrillDown(completion, AcademyPermission.VIEW_EARLY_CAREER),
    "academy_cpd_renewal_readiness": DrillDown(cpd, AcademyPermission.VIEW_MATRIX),
    "academy_attendance_rate": DrillDown(attendance, AcademyPermission.VIEW_ACADEMY),
    "academy_average_confidence_change": DrillDown(confidence, AcademyPermission.VIEW_ACADEMY),
}
