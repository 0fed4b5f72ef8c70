"""Changing early-career records, practice educators, student placements and CPD records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy import dao, rules
from academy.constants import (
    CpdType,
    EarlyCareerOutcome,
    EarlyCareerProgramme,
    EducatorStage,
    FinalRecommendation,
    PlacementOutcome,
    ReviewOutcome,
)
from academy.models import (
    CpdRecord,
    EarlyCareerPause,
    EarlyCareerRecord,
    EarlyCareerReview,
    PracticeEducator,
    StudentPlacement,
)
from academy.services import AcademyError
from workforce.extensions import db
from workforce.kernel import audit_trail, clock, freshness
from workforce.people.models import StaffMember


def start_early_career(
    staff: StaffMember,
    start_date: date,
    programme: EarlyCareerProgramme | None = None,
    assessor: StaffMember | None = None,
    supervisor: StaffMember | None = None,
    learning_agreement_on: date | None = None,
    protected_time_percent: int = 10,
) -> EarlyCareerRecord:
    for record in dao.early_career_records_of(staff.id):
        if record.outcome is None:
            raise AcademyError(f"{staff.name} already has an early-career record without an outcome", "staff_id")
    record = EarlyCareerRecord(
        staff_member=staff,
        programme=programme or rules.programme_for_start(start_date),
        start_date=start_date,
        assessor=assessor,
        supervisor=supervisor,
        learning_agreement_on=learning_agreement_on,
        protected_time_percent=protected_time_percent,
    )
    db.session.add(record)
    for month, due_on in rules.review_due_dates(start_date, rules.review_months(record.programme)).items():
        db.session.add(EarlyCareerReview(record=record, month=month, due_on=due_on))
    db.session.flush()
    audit_trail.record_created(record, staff=staff.name)
    return record


def pauses_of(record: EarlyCareerRecord) -> list[tuple[date, date]]:
    return [(pause.start_date, pause.end_date) for pause in record.pauses]


def _reschedule(record: EarlyCareerRecord) -> None:
    due = rules.review_due_dates(record.start_date, [r.month for r in record.reviews], pauses_of(record))
    for review in record.reviews:
        review.due_on = due[review.month]


def review_schedule(record: EarlyCareerRecord) -> list[EarlyCareerReview]:
    """The review points in order, each with its due date (moved by pauses) and what was held."""
    return sorted(record.reviews, key=lambda review: review.month)


def deadline(record: EarlyCareerRecord) -> date:
    return rules.completion_deadline(record.start_date, pauses_of(record))


def add_pause(record: EarlyCareerRecord, start_date: date, end_date: date, reason: str | None = None):
    if end_date < start_date:
        raise AcademyError("The end of the pause must be on or after its start", "end_date")
    if start_date < record.start_date:
        raise AcademyError("The pause must start on or after the programme's start", "start_date")
    for pause in record.pauses:
        if pause.start_date <= end_date and start_date <= pause.end_date:
            raise AcademyError("The pause overlaps another pause", "start_date")
    pause = EarlyCareerPause(record=record, start_date=start_date, end_date=end_date, reason=reason or None)
    db.session.add(pause)
    db.session.flush()
    _reschedule(record)
    db.session.flush()
    audit_trail.record_created(pause, note=f"Pause in {record}; reviews due after it moved")
    return pause


def record_review(record: EarlyCareerRecord, month: int, held_on: date, outcome: ReviewOutcome, notes=None):
    review = next((review for review in record.reviews if review.month == month), None)
    if review is None:
        raise AcademyError("Select a review point of this programme", "month")
    if review.held_on is not None:
        raise AcademyError(f"The {month}-month review is already recorded", "month")
    if held_on < record.start_date:
        raise AcademyError("The review date must be on or after the programme's start", "held_on")
    before = audit_trail.snapshot(review)
    review.held_on = held_on
    review.outcome = outcome
    review.notes = (notes or "").strip() or None
    review.withdrawn_at = review.withdrawn_reason = None
    db.session.flush()
    audit_trail.record_updated(review, before, note=f"Review held in {record}")
    return review


def _check_held_on(review: EarlyCareerReview, held_on: date) -> None:
    if held_on < review.record.start_date:
        raise AcademyError("The review date must be on or after the programme's start", "held_on")
    if held_on > clock.today():
        raise AcademyError("The date the review was held must be today or in the past", "held_on")


def correct_review(review: EarlyCareerReview, held_on: date, outcome: ReviewOutcome, notes=None) -> EarlyCareerReview:
    """Correct a review already held (its date, outcome or notes); the audit trail keeps what it said before."""
    if review.held_on is None:
        raise AcademyError(f"The {review.month}-month review has not been recorded yet", "held_on")
    _check_held_on(review, held_on)
    before = audit_trail.snapshot(review)
    review.held_on, review.outcome, review.notes = held_on, outcome, (notes or "").strip() or None
    db.session.flush()
    audit_trail.record_updated(review, before, note="Corrected")
    return review


def withdraw_review(review: EarlyCareerReview, reason: str) -> EarlyCareerReview:
    """Withdraw a review recorded in error: the review point is due again (so the schedule and the measures
    see it as not held), and the audit trail keeps the date, outcome and notes it had, with the reason."""
    if review.held_on is None:
        raise AcademyError(f"The {review.month}-month review has not been recorded", "reason")
    before = audit_trail.snapshot(review)
    review.held_on, review.outcome, review.notes = None, None, None
    review.withdrawn_at, review.withdrawn_reason = clock.now(), reason.strip()
    db.session.flush()
    audit_trail.record_updated(review, before, action=audit_trail.Action.ARCHIVED, note="Withdrawn")
    return review


def record_outcome(
    record: EarlyCareerRecord,
    recommendation: FinalRecommendation | None,
    recommendation_on: date | None,
    outcome: EarlyCareerOutcome | None,
    outcome_on: date | None,
) -> EarlyCareerRecord:
    if (outcome is None) != (outcome_on is None):
        raise AcademyError("Enter the outcome and the date it was decided", "outcome_on")
    if outcome_on is not None and outcome_on < record.start_date:
        raise AcademyError("The outcome date must be on or after the programme's start", "outcome_on")
    before = audit_trail.snapshot(record)
    record.final_recommendation = recommendation
    record.recommendation_on = recommendation_on
    record.outcome = outcome
    record.outcome_on = outcome_on
    db.session.flush()
    audit_trail.record_updated(record, before)
    return record


def early_career_status(staff_id: int, on: date) -> bool | None:
    """True when the person is in their ASYE / early-career year on `on`; None when WPQ has no record.

    Provided to other modules as "early-career-status" (supervision frequency, caseload thresholds).
    """
    records = dao.early_career_records_of(staff_id)
    if not records:
        return None
    return any(
        record.start_date <= on
        and (record.outcome_on is None or on < record.outcome_on)
        and record.outcome is not EarlyCareerOutcome.WITHDRAWN
        for record in records
    )


def early_career_periods() -> dict[int, list[tuple[date, date | None]]]:
    """Every person's early-career periods, kept with the generation of the early-career table (a schedule,
    a working list and the supervision measures ask for them; they change only as a record is saved)."""
    return freshness.kept("academy.early-career-periods", _early_career_periods)


def _early_career_periods() -> dict[int, list[tuple[date, date | None]]]:
    """Every person's early-career periods in one query, for modules that ask about many people at once.

    Maps staff id to (first day, day the period ended or None) for each record not withdrawn; a person whose
    only records were withdrawn maps to an empty list (WPQ knows them, and they are not in the programme).
    Provided to other modules as "early-career-periods"; it answers as `early_career_status` does.
    """
    periods: dict[int, list[tuple[date, date | None]]] = {}
    rows = db.session.execute(
        select(
            EarlyCareerRecord.staff_id,
            EarlyCareerRecord.start_date,
            EarlyCareerRecord.outcome_on,
            EarlyCareerRecord.outcome,
        )
    )
    for staff_id, start_date, outcome_on, outcome in rows:
        spans = periods.setdefault(staff_id, [])
        if outcome is not EarlyCareerOutcome.WITHDRAWN:
            spans.append((start_date, outcome_on))
    return periods


def add_practice_educator(staff: StaffMember, stage: EducatorStage, qualified_on: date | None) -> PracticeEducator:
    educator = PracticeEducator(staff_member=staff, stage=stage, qualified_on=qualified_on)
    db.session.add(educator)
    db.session.flush()
    audit_trail.record_created(educator)
    return educator


def add_placement(
    educator: PracticeEducator,
    student_name: str,
    university: str,
    start_date: date,
    end_date: date,
    days: int,
    team_id: int | None = None,
    outcome: PlacementOutcome | None = None,
) -> StudentPlacement:
    if end_date < start_date:
        raise AcademyError("The end date must be on or after the start date", "end_date")
    placement = StudentPlacement(
        educator=educator,
        student_name=student_name.strip(),
        university=university.strip(),
        start_date=start_date,
        end_date=end_date,
        days=days,
        team_id=team_id,
        outcome=outcome,
    )
    db.session.add(placement)
    db.session.flush()
    audit_trail.record_created(placement, educator=str(educator))
    return placement


def add_cpd(
    staff: StaffMember,
    cpd_type: CpdType,
    recorded_on: date,
    learning: str,
    impact: str,
    peer_reflection: bool = False,
    peer_reflection_notes: str | None = None,
) -> CpdRecord:
    if recorded_on > clock.today():
        raise AcademyError("The date of the CPD must be today or in the past", "recorded_on")
    record = CpdRecord(
        staff_member=staff,
        cpd_type=cpd_type,
        recorded_on=recorded_on,
        learning=learning.strip(),
        impact=impact.strip(),
        peer_reflection=peer_reflection,
        peer_reflection_notes=(peer_reflection_notes or "").strip() or None,
    )
    db.session.add(record)
    db.session.flush()
    audit_trail.record_created(record, note=f"CPD for {staff.name}")
    return record


def correct_cpd(
    record: CpdRecord,
    cpd_type: CpdType,
    recorded_on: date,
    learning: str,
    impact: str,
    peer_reflection: bool = False,
    peer_reflection_notes: str | None = None,
) -> CpdRecord:
    """Correct a CPD record the worker made; the audit trail keeps what it said before."""
    if record.withdrawn_at is not None:
        raise AcademyError("This CPD record was withdrawn and cannot be changed", "learning")
    if recorded_on > clock.today():
        raise AcademyError("The date of the CPD must be today or in the past", "recorded_on")
    before = audit_trail.snapshot(record)
    record.cpd_type = cpd_type
    record.recorded_on = recorded_on
    record.learning = learning.strip()
    record.impact = impact.strip()
    record.peer_reflection = peer_reflection
    record.peer_reflection_notes = (peer_reflection_notes or "").strip() or None
    db.session.flush()
    audit_trail.record_updated(record, before, note="Corrected")
    return record


def withdraw_cpd(record: CpdRecord) -> CpdRecord:
    """Withdraw a CPD record made in error: kept (nothing is deleted), no longer counted towards renewal."""
    if record.withdrawn_at is not None:
        raise AcademyError("This CPD record is already withdrawn")
    before = audit_trail.snapshot(record)
    record.withdrawn_at = clock.now()
    db.session.flush()
    audit_trail.record_updated(record, before, action=audit_trail.Action.ARCHIVED, note="Withdrawn")
    return record


def renewal_readiness(staff_id: int, on: date) -> dict:
    """The registration year containing `on`, its records, readiness, and whether the window is open."""
    year_end = rules.registration_year_end(on)
    first, last = rules.registration_year(year_end)
    records = [record for record in dao.list_cpd(staff_id) if first <= record.recorded_on <= last]
    return {
        "year_start": first,
        "year_end": year_end,
        "records": records,
        "ready": rules.renewal_ready(((r.recorded_on, r.peer_reflection) for r in records), year_end),
        "window_open": rules.in_renewal_window(on),
    }
