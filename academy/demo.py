"""The academy's part of the demo council: five years of programmes, sessions, places, waitlists,
attendance, feedback, expiring training, early-career cohorts, placements and CPD.

It works from whatever staff records and assignments exist (the people seeder runs first) and adds
nothing personal when there are none. History rows are inserted in bulk without audit events, so that
the large council loads quickly; everything is drawn from the context's seeded generator.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from academy import rules
from academy.constants import (
    Attendance,
    CompletionSource,
    CpdType,
    DeliveryMode,
    EarlyCareerOutcome,
    EarlyCareerProgramme,
    EducatorStage,
    EnrolmentStatus,
    FinalRecommendation,
    PlacementOutcome,
    ReviewOutcome,
    Standard,
)
from academy.models import (
    Completion,
    Course,
    CpdRecord,
    EarlyCareerPause,
    EarlyCareerRecord,
    EarlyCareerReview,
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
from workforce.kernel.contract import DemoSeeder
from workforce.kernel.dates import add_months, display_date
from workforce.people.constants import CensusRole, StartOrigin
from workforce.people.models import Assignment, StaffMember

YEARS = 5
BATCH = 2000
#: Completions inserted in this run (staff, course, day), so two sessions of one course a day add one.
_SEEN: set = set()

#: Programme -> [(course, mode, hours, validity months, standards, required of: None everyone / roles)].
CATALOGUE = {
    "Mandatory training": [
        ("Safeguarding children level 3", DeliveryMode.CLASSROOM, 6.0, 36, [Standard.PQS_PRACTITIONER], None),
        ("Data protection and information sharing", DeliveryMode.E_LEARNING, 1.5, 12, [], None),
        (
            "Domestic abuse: practice with families",
            DeliveryMode.BLENDED,
            6.0,
            36,
            [Standard.PQS_PRACTITIONER],
            (CensusRole.CASE_HOLDER, CensusRole.SENIOR_PRACTITIONER),
        ),
        ("Court skills", DeliveryMode.CLASSROOM, 6.0, 24, [Standard.PQS_PRACTITIONER], (CensusRole.CASE_HOLDER,)),
    ],
    "ASYE programme": [
        ("ASYE induction", DeliveryMode.CLASSROOM, 6.0, None, [Standard.EARLY_CAREER], None),
        ("Reflective practice group", DeliveryMode.ONLINE, 2.0, None, [Standard.EARLY_CAREER], None),
    ],
    "Practice supervisor development": [
        (
            "Supervision skills",
            DeliveryMode.CLASSROOM,
            12.0,
            None,
            [Standard.PQS_SUPERVISOR],
            (CensusRole.FIRST_LINE_MANAGER,),
        ),
    ],
    "Academy induction": [
        ("Welcome to children's services", DeliveryMode.ONLINE, 3.0, None, [Standard.PCF], None),
    ],
}
FACILITATORS = ["Ruth Ahmed", "Owen Price", "Nadia Kowalski", "Ben Hughes", "External trainer"]
VENUES = ["Civic Centre, Room 2", "Learning Hub, Floor 1", "Family Centre, Hall"]
UNIVERSITIES = ["University of the Midlands", "City University", "Northern Metropolitan University"]
COMMENTS = [
    "Practical and well paced",
    "More case examples would help",
    "Useful for my current cases",
    "Too much in one day",
    "Good discussion with colleagues",
]


def seed(context) -> None:
    as_of = context.as_of
    first_day = date(as_of.year - YEARS, as_of.month, 1)
    _SEEN.clear()
    courses = _catalogue()
    people = _people()
    _requirements(courses)
    if not people:
        return
    sessions = _sessions(context, courses, people, first_day)
    _history(context, courses, people, first_day)
    # Each step flushes once at its end; no autoflush on every query (settings are read per record).
    with db.session.no_autoflush:
        _early_career(context, people)
        _educators(context, people)
        _cpd(context, people, first_day)
    db.session.flush()
    context.progress(f"Academy: {len(sessions)} sessions for {len(people)} people")


def _catalogue() -> dict[str, tuple[Course, tuple | None]]:
    courses = {}
    for programme_name, rows in CATALOGUE.items():
        programme = Programme(name=programme_name)
        db.session.add(programme)
        for title, mode, hours, validity, standards, required in rows:
            course = Course(
                programme=programme,
                title=title,
                delivery_mode=mode,
                hours=hours,
                validity_months=validity,
                standards=[s.value for s in standards],
            )
            db.session.add(course)
            courses[title] = (course, required)
    db.session.flush()
    return courses


def _requirements(courses) -> None:
    for title in (
        "Safeguarding children level 3",
        "Data protection and information sharing",
        "Domestic abuse: practice with families",
        "Court skills",
        "Supervision skills",
    ):
        course, required = courses[title]
        for role in required or (None,):
            db.session.add(TrainingRequirement(course=course, census_role=role))
    for programme in EarlyCareerProgramme:
        db.session.add(TrainingRequirement(course=courses["ASYE induction"][0], early_career_programme=programme))
    db.session.flush()


class People:
    """Every assignment in memory, to answer "who was in post on this date" quickly."""

    def __init__(self, rows):
        self.assignments = rows
        self.by_staff = defaultdict(list)
        for row in rows:
            self.by_staff[row.staff_id].append(row)
        self.starts = sorted(rows, key=lambda row: row.start_date)
        self.start_dates = [row.start_date for row in self.starts]

    def __len__(self):
        return len(self.by_staff)

    def in_post(self, on: date) -> list:
        return [
            row
            for row in self.starts[: bisect_right(self.start_dates, on)]
            if row.end_date is None or row.end_date >= on
        ]


def _people() -> People:
    rows = db.session.execute(
        select(
            Assignment.staff_id,
            Assignment.team_id,
            Assignment.census_role,
            Assignment.start_date,
            Assignment.end_date,
            Assignment.start_origin,
            StaffMember.swe_number,
            StaffMember.user_id,
        )
        .join(StaffMember, StaffMember.id == Assignment.staff_id)
        .order_by(Assignment.id)
    ).all()
    return People(rows)


def _sessions(context, courses, people, first_day) -> list[TrainingSession]:
    rng, as_of = context.rng, context.as_of
    # Sessions a year: 60 at the large council, growing with the size (600 at the stress size).
    per_year = round(60 * context.scale) if context.large else 16
    sessions = []
    titles = list(courses)
    days = (as_of + timedelta(days=90) - first_day).days
    for _ in range(per_year * YEARS):
        course, _ = courses[rng.choice(titles)]
        day = first_day + timedelta(days=rng.randrange(days))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime.combine(day, time(9 + rng.randrange(2), 30))
        online = course.delivery_mode in (DeliveryMode.ONLINE, DeliveryMode.E_LEARNING)
        session = TrainingSession(
            course=course,
            starts_at=start,
            ends_at=start + timedelta(hours=max(1.5, min(course.hours, 7))),
            venue=None if online else rng.choice(VENUES),
            online=online,
            facilitator=rng.choice(FACILITATORS),
            capacity=rng.choice([8, 10, 12, 16]),
            requires_approval=rng.random() < 0.2,
        )
        if day < as_of and rng.random() < 0.04:
            session.cancelled_at = start - timedelta(days=rng.randrange(2, 14))
            session.cancellation_reason = rng.choice(["Facilitator unwell", "Too few places booked", "Venue closed"])
        db.session.add(session)
        sessions.append(session)
    db.session.flush()
    completions: list[tuple[Enrolment, dict]] = []
    # One flush at the end: no autoflush per session, so the large council loads in seconds.
    with db.session.no_autoflush:
        for session in sorted(sessions, key=lambda s: s.starts_at):
            _fill(context, session, people, completions)
    db.session.flush()
    for enrolment, row in completions:
        row["enrolment_id"] = enrolment.id
    _insert_completions([row for _, row in completions])
    return sessions


def _fill(context, session: TrainingSession, people, completions: list) -> None:
    """Places, a waitlist, cancellations with promotion, attendance and feedback for one session."""
    rng, as_of = context.rng, context.as_of
    day = session.starts_at.date()
    candidates = people.in_post(day)
    if not candidates:
        return
    wanted = min(len(candidates), session.capacity + rng.randrange(0, 5))
    chosen = rng.sample(candidates, wanted)
    booked_at = session.starts_at - timedelta(days=30)
    enrolments = []
    for order, row in enumerate(chosen):
        full = order >= session.capacity
        enrolment = Enrolment(
            session_id=session.id,
            staff_id=row.staff_id,
            status=EnrolmentStatus.WAITLISTED if full else EnrolmentStatus.ENROLLED,
            waitlisted_at=booked_at + timedelta(hours=order) if full else None,
            created_at=booked_at + timedelta(hours=order),
        )
        enrolments.append(enrolment)
    db.session.add_all(enrolments)
    placed = [e for e in enrolments if e.status is EnrolmentStatus.ENROLLED]
    waiting = [e for e in enrolments if e.status is EnrolmentStatus.WAITLISTED]
    # Some people give their place up; the longest-waiting person takes it.
    for enrolment in list(placed):
        if rng.random() < 0.08:
            enrolment.status = EnrolmentStatus.CANCELLED
            if waiting:
                promoted = waiting.pop(0)
                promoted.status = EnrolmentStatus.ENROLLED
                promoted.waitlisted_at = None
                placed.append(promoted)
                db.session.add(
                    Notice(
                        staff_id=promoted.staff_id,
                        created_at=booked_at + timedelta(days=7),
                        message=(
                            f"A place on {session.course.title} on {display_date(day)} became free and is now yours"
                        ),
                    )
                )
            placed.remove(enrolment)
    if session.cancelled_at is not None:
        for enrolment in placed + waiting:
            enrolment.status = EnrolmentStatus.SESSION_CANCELLED
            enrolment.waitlisted_at = None
            db.session.add(
                Notice(
                    staff_id=enrolment.staff_id,
                    created_at=session.cancelled_at,
                    message=f"{session.course.title} on {display_date(day)} has been cancelled: "
                    f"{session.cancellation_reason}",
                )
            )
        return
    if day >= as_of:
        return
    expires = rules.expiry_date(day, session.course.validity_months)
    completions = []
    for enrolment in placed:
        roll = rng.random()
        attendance = (
            Attendance.PRESENT
            if roll < 0.8
            else Attendance.LATE
            if roll < 0.86
            else Attendance.ABSENT
            if roll < 0.95
            else Attendance.EXCUSED
        )
        enrolment.attendance = attendance
        enrolment.hours = (
            session.course.hours
            if attendance is Attendance.PRESENT
            else (round(session.course.hours * 0.8, 1) if attendance is Attendance.LATE else 0.0)
        )
        if attendance is Attendance.LATE:
            enrolment.attendance_remarks = "Arrived after the start"
        if not attendance.attended:
            continue
        completions.append(
            (
                enrolment,
                {
                    "staff_id": enrolment.staff_id,
                    "course_id": session.course_id,
                    "completed_on": day,
                    "expires_on": expires,
                    "source": CompletionSource.ATTENDANCE,
                    "enrolment_id": None,
                },
            )
        )
        if rng.random() < 0.6:
            before = rng.randint(1, 4)
            feedback = Feedback(
                enrolment=enrolment,
                session_id=session.id,
                confidence_before=before,
                confidence_after=min(5, before + rng.choice([0, 1, 1, 2])),
                satisfaction=rng.choice([3, 4, 4, 5, 5]),
                comments=rng.choice(COMMENTS) if rng.random() < 0.4 else None,
                given_on=day,
            )
            if day + timedelta(days=91) <= as_of and rng.random() < 0.4:
                feedback.impact = rng.choice(
                    [
                        "I plan visits with the child's view first",
                        "I use the tools in supervision",
                        "Not much change yet",
                    ]
                )
                feedback.impact_given_on = day + timedelta(days=91)
            db.session.add(feedback)


def _insert_completions(rows: list[dict], seen: set | None = None) -> None:
    """Insert completions in bulk, skipping any the same person already has for that course that day."""
    seen = _SEEN if seen is None else seen
    unique = []
    for row in rows:
        key = (row["staff_id"], row["course_id"], row["completed_on"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    for start in range(0, len(unique), BATCH):
        db.session.execute(insert(Completion), unique[start : start + BATCH])


def _history(context, courses, people, first_day) -> None:
    """Completions of required training from before WPQ, as if imported: some lapse, some never done."""
    rng = context.rng
    rows = []
    for staff_id, assignments in people.by_staff.items():
        start = max(first_day - timedelta(days=365 * 2), min(a.start_date for a in assignments))
        last = max((a.end_date or context.as_of) for a in assignments)
        role = assignments[-1].census_role
        for course, required in courses.values():
            if course.validity_months is None or (required is not None and role not in required):
                continue
            if rng.random() < 0.07:
                continue  # never done: the matrix shows "Not done"
            day = start + timedelta(days=rng.randrange(0, 120))
            while day <= last:
                rows.append(
                    {
                        "staff_id": staff_id,
                        "course_id": course.id,
                        "completed_on": day,
                        "expires_on": rules.expiry_date(day, course.validity_months),
                        "source": CompletionSource.IMPORT,
                        "enrolment_id": None,
                    }
                )
                # Renewed a little before or after expiry, so some cells are expiring and some expired.
                day = add_months(day, course.validity_months) + timedelta(days=rng.randint(-80, 40))
    _insert_completions(rows)


def _early_career(context, people) -> None:
    rng, as_of = context.rng, context.as_of
    staff_ids = {r.staff_id for r in people.assignments if r.start_origin == StartOrigin.NEWLY_QUALIFIED}
    assessors = [
        r.staff_id
        for r in people.in_post(as_of)
        if r.census_role in (CensusRole.SENIOR_PRACTITIONER, CensusRole.FIRST_LINE_MANAGER)
    ]
    for staff_id in sorted(staff_ids):
        start = min(a.start_date for a in people.by_staff[staff_id])
        record = EarlyCareerRecord(
            staff_id=staff_id,
            programme=rules.programme_for_start(start),
            start_date=start,
            assessor_id=rng.choice(assessors) if assessors else None,
            supervisor_id=rng.choice(assessors) if assessors else None,
            learning_agreement_on=start + timedelta(days=rng.randrange(5, 40)),
            protected_time_percent=10,
        )
        db.session.add(record)
        pauses = []
        if rng.random() < 0.1:
            pause_start = start + timedelta(days=rng.randrange(60, 200))
            pauses.append((pause_start, pause_start + timedelta(days=rng.randrange(14, 90))))
        due = rules.review_due_dates(start, rules.review_months(record.programme), pauses)
        for month, due_on in due.items():
            review = EarlyCareerReview(record=record, month=month, due_on=due_on)
            if due_on <= as_of and rng.random() < 0.95:
                review.held_on = due_on + timedelta(days=rng.randint(-10, 20))
                review.outcome = rng.choice([ReviewOutcome.ON_TRACK] * 6 + [ReviewOutcome.SOME_CONCERNS])
            db.session.add(review)
        for pause_start, pause_end in pauses:
            db.session.add(
                EarlyCareerPause(record=record, start_date=pause_start, end_date=pause_end, reason="Extended leave")
            )
        final = max(due.values())
        if final + timedelta(days=30) <= as_of:
            passed = rng.random() < 0.93
            record.final_recommendation = FinalRecommendation.PASS if passed else FinalRecommendation.FAIL
            record.recommendation_on = final + timedelta(days=10)
            record.outcome = EarlyCareerOutcome.PASSED if passed else EarlyCareerOutcome.FAILED
            record.outcome_on = final + timedelta(days=25)
    db.session.flush()


def _educators(context, people) -> None:
    rng, as_of = context.rng, context.as_of
    senior = sorted(
        {
            r.staff_id
            for r in people.in_post(as_of)
            if r.census_role in (CensusRole.SENIOR_PRACTITIONER, CensusRole.CASE_HOLDER)
        }
    )
    count = max(1, len(senior) // 15) if senior else 0
    for staff_id in rng.sample(senior, min(count, len(senior))):
        educator = PracticeEducator(
            staff_id=staff_id,
            stage=rng.choice(list(EducatorStage)),
            qualified_on=as_of - timedelta(days=rng.randrange(200, 1500)),
        )
        db.session.add(educator)
        for year in range(YEARS):
            if rng.random() < 0.6:
                start = date(as_of.year - year, 1, 8) if as_of.month > 6 else date(as_of.year - year - 1, 9, 15)
                days = rng.choice([70, 100])
                end = start + timedelta(days=days * 7 // 5)
                db.session.add(
                    StudentPlacement(
                        educator=educator,
                        student_name=f"Student {rng.randrange(1000, 9999)}",
                        university=rng.choice(UNIVERSITIES),
                        start_date=start,
                        end_date=end,
                        days=days,
                        outcome=(
                            None
                            if end > as_of
                            else rng.choice([PlacementOutcome.PASSED] * 8 + [PlacementOutcome.FAILED])
                        ),
                    )
                )
    db.session.flush()


def _cpd(context, people, first_day) -> None:
    rng, as_of = context.rng, context.as_of
    rows = []
    registered = {r.staff_id: r for r in people.assignments if r.swe_number}
    for staff_id in sorted(registered):
        assignments = people.by_staff[staff_id]
        begin = max(first_day, min(a.start_date for a in assignments))
        end = min(as_of, max((a.end_date or as_of) for a in assignments))
        year_end = rules.registration_year_end(begin)
        while True:
            year_start, _ = rules.registration_year(year_end)
            span_start, span_end = max(begin, year_start), min(end, year_end)
            if span_start > span_end:
                break
            for _ in range(rng.choice([0, 1, 2, 2, 3, 4])):
                day = span_start + timedelta(days=rng.randrange((span_end - span_start).days + 1))
                rows.append(
                    {
                        "staff_id": staff_id,
                        "cpd_type": rng.choice(list(CpdType)),
                        "recorded_on": day,
                        "learning": "Learning from " + rng.choice(COMMENTS).lower(),
                        "impact": "Applied with families on my caseload",
                        "peer_reflection": rng.random() < 0.45,
                        "peer_reflection_notes": None,
                    }
                )
            year_end = date(year_end.year + 1, 11, 30)
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(CpdRecord), rows[start : start + BATCH])


SEEDER = DemoSeeder("Academy", 250, seed)
