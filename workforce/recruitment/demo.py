"""Demo recruitment: two years of vacancies and applicants with realistic drop-out, built on the posts and
starters the people seeder made (a starter's own application reaches "start confirmed")."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType, StartOrigin
from workforce.people.models import Assignment, Post
from workforce.recruitment import services
from workforce.recruitment.constants import (
    ApplicantSource,
    CheckKind,
    ClosureReason,
    StageKind,
    VacancyStatus,
)
from workforce.recruitment.models import (
    Applicant,
    Application,
    Interview,
    InterviewScore,
    Offer,
    PreEmploymentCheck,
    StageChange,
    Vacancy,
)

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ellie",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jack",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Reece",
    "Sana",
    "Tom",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fox",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owusu",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Walker",
]
SOURCES = [
    (ApplicantSource.DIRECT_ADVERT, 40),
    (ApplicantSource.AGENCY_CONVERSION, 12),
    (ApplicantSource.STEP_UP, 6),
    (ApplicantSource.FRONTLINE, 6),
    (ApplicantSource.UNIVERSITY_PARTNERSHIP, 10),
    (ApplicantSource.INTERNATIONAL, 8),
    (ApplicantSource.STUDENT_PLACEMENT, 6),
    (ApplicantSource.INTERNAL, 8),
    (ApplicantSource.OTHER, 4),
]
WITHDRAWAL = [
    ClosureReason.ACCEPTED_ANOTHER_JOB,
    ClosureReason.PERSONAL_CIRCUMSTANCES,
    ClosureReason.NO_RESPONSE,
    ClosureReason.PROCESS_TOO_SLOW,
]
REJECTION = [
    ClosureReason.DOES_NOT_MEET_CRITERIA,
    ClosureReason.INSUFFICIENT_EXPERIENCE,
    ClosureReason.INTERVIEW_PERFORMANCE,
    ClosureReason.NOT_REGISTERED,
]
DECLINE = [
    ClosureReason.PAY,
    ClosureReason.LOCATION_OR_TRAVEL,
    ClosureReason.COUNTER_OFFER,
    ClosureReason.WORKLOAD_CONCERNS,
]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


class _Builder:
    def __init__(self, context):
        self.context = context
        self.rng = context.rng
        # Ids rather than related objects throughout: linking new rows to the loaded staff records makes
        # every addition walk that whole object graph.
        self.stages = {stage.kind: stage.id for stage in services.ensure_default_stages()}
        self.kinds: dict[int, StageKind] = {}
        self.hr = context.users.get(Role.HR)
        self.panel = [user for role, user in context.users.items() if role in (Role.TEAM_MANAGER, Role.HR)]
        self.number = 0

    def applicant(self, first=None, last=None) -> Applicant:
        self.number += 1
        first = first or self.rng.choice(FIRST_NAMES)
        last = last or self.rng.choice(LAST_NAMES)
        applicant = Applicant(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{self.number}@example.com".lower(),
            phone=f"07700 9{self.number % 100000:05d}",
            swe_number=f"SW{900000 + self.number}",
            qualification_date=self.context.as_of - timedelta(days=self.rng.randint(200, 5000)),
            consented_on=None,
        )
        # Added to the session through its application (save-update cascade), as are the pipeline log,
        # interviews, offers and checks: adding each one walks the whole object graph every time.
        return applicant

    def source(self) -> ApplicantSource:
        return self.rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]

    def move(self, application, kind, day, reason=None):
        application.moves.append(
            StageChange(
                from_stage_id=application.stage_id,
                to_stage_id=self.stages[kind],
                moved_at=_moment(day),
                moved_by_id=self.hr.id if self.hr else None,
                reason=reason,
            )
        )
        application.stage_id = self.stages[kind]
        self.kinds[id(application)] = kind
        application.closure_reason = reason

    def application(self, vacancy, applicant, applied_on, source=None, origin=StartOrigin.DIFFERENT_LA_IN_ENGLAND):
        application = Application(
            applicant=applicant,
            stage_id=self.stages[StageKind.APPLIED],
            source=source or self.source(),
            start_origin=origin,
            applied_on=applied_on,
        )
        vacancy.applications.append(application)
        application.moves.append(StageChange(to_stage_id=self.stages[StageKind.APPLIED], moved_at=_moment(applied_on)))
        self.kinds[id(application)] = StageKind.APPLIED
        applicant.consented_on = applied_on
        return application

    def run_through(self, application, closes_on: date, hired: bool, offer_goes_here: bool, today: date):
        """Take one application as far as it goes; returns True when it reached an accepted offer."""
        rng = self.rng
        day = closes_on + timedelta(days=rng.randint(2, 7))
        if day > today:
            return False
        if not hired and rng.random() < 0.35:
            self.move(application, StageKind.REJECTED, day, rng.choice(REJECTION[:2]))
            return False
        if not hired and rng.random() < 0.08:
            self.move(application, StageKind.WITHDRAWN, day, rng.choice(WITHDRAWAL))
            return False
        self.move(application, StageKind.SCREENING, day)
        day += timedelta(days=rng.randint(5, 14))
        if day > today:
            return False
        if not hired and rng.random() < 0.2:
            self.move(application, StageKind.WITHDRAWN, day, rng.choice(WITHDRAWAL))
            return False
        self.move(application, StageKind.INTERVIEW, day)
        interview_day = day + timedelta(days=rng.randint(2, 6))
        if interview_day > today:
            return False
        interview = Interview(held_on=interview_day, panel=self.panel[:2])
        application.interviews.append(interview)
        criteria = [
            "Analysis and decision making",
            "Direct work with children and families",
            "Risk and safeguarding",
            "Values and reflection",
        ]
        floor = 3 if hired or offer_goes_here else 1
        interview.scores = [InterviewScore(criterion=c, score=rng.randint(floor, 4)) for c in criteria]
        day = interview_day + timedelta(days=rng.randint(1, 4))
        if not (hired or offer_goes_here):
            self.move(application, StageKind.REJECTED, day, ClosureReason.INTERVIEW_PERFORMANCE)
            return False
        self.move(application, StageKind.OFFER, day)
        offer = Offer(made_on=day, made_by_id=self.hr.id if self.hr else None)
        application.offers.append(offer)
        answer_day = day + timedelta(days=rng.randint(1, 7))
        if answer_day > today:
            return False
        if not hired:
            offer.accepted, offer.answered_on = False, answer_day
            self.move(application, StageKind.OFFER_DECLINED, answer_day, rng.choice(DECLINE))
            return False
        offer.accepted, offer.answered_on = True, answer_day
        self.move(application, StageKind.CHECKS, answer_day)
        for kind in CheckKind:
            done = min(answer_day + timedelta(days=rng.randint(5, 35)), today)
            check = PreEmploymentCheck(kind=kind)
            application.checks.append(check)
            if done <= today:
                check.completed_on = done
        return True


def seed_recruitment(context) -> None:
    posts = list(db.session.execute(select(Post).order_by(Post.id)).scalars())
    if not posts:
        return
    builder = _Builder(context)
    window_start = context.as_of - timedelta(days=730)
    starters = list(
        db.session.execute(
            select(Assignment)
            .where(
                Assignment.start_date > window_start + timedelta(days=120),
                Assignment.start_date <= context.as_of,
                Assignment.post_id.is_not(None),
                Assignment.employment_type.in_([EmploymentType.PERMANENT, EmploymentType.FIXED_TERM]),
            )
            .order_by(Assignment.start_date, Assignment.id)
            .options(selectinload(Assignment.staff_member), selectinload(Assignment.post))
        ).scalars()
    )
    with db.session.no_autoflush:
        _seed_vacancies(builder, posts, starters, window_start)
    db.session.flush()


def _seed_vacancies(builder, posts, starters, window_start) -> None:
    rng, today = builder.rng, builder.context.as_of
    plans = [(starter.post, starter) for starter in starters]
    # Vacancies that did not fill: withdrawn, or still open at the as-of date.
    for _ in range(max(3, len(starters) // 3)):
        plans.append((rng.choice(posts), None))
    for post, starter in plans:
        if starter is not None:
            first_day = starter.start_date
            approved = first_day - timedelta(days=rng.randint(75, 140))
        else:
            approved = window_start + timedelta(days=rng.randint(0, 700))
            first_day = None
        raised = approved - timedelta(days=rng.randint(5, 15))
        opens = approved + timedelta(days=rng.randint(1, 5))
        closes = opens + timedelta(days=rng.randint(21, 28))
        vacancy = Vacancy(
            post_id=post.id,
            team_id=post.team_id,
            fte=1.0,
            status=VacancyStatus.ADVERTISED,
            raised_on=raised,
            raised_by_id=builder.hr.id if builder.hr else None,
            head_of_service_approved_on=raised + timedelta(days=rng.randint(1, 4)),
            approved_on=approved,
            approved_by_id=builder.hr.id if builder.hr else None,
            advert_opens_on=opens,
            advert_closes_on=closes,
        )
        db.session.add(vacancy)
        applicants = rng.randint(2, 9)
        offer_index = rng.randrange(applicants) if starter is None and rng.random() < 0.5 else None
        for index in range(applicants):
            applied = opens + timedelta(days=rng.randint(0, max(0, (closes - opens).days)))
            if applied > today:
                continue
            application = builder.application(vacancy, builder.applicant(), applied)
            builder.run_through(application, closes, hired=False, offer_goes_here=index == offer_index, today=today)
        if starter is not None:
            staff = starter.staff_member
            hired = builder.application(
                vacancy,
                builder.applicant(staff.first_name, staff.last_name),
                opens + timedelta(days=rng.randint(0, 10)),
                origin=starter.start_origin or StartOrigin.NOT_KNOWN,
            )
            builder.run_through(hired, closes, hired=True, offer_goes_here=True, today=first_day)
            builder.move(hired, StageKind.STARTED, first_day)
            hired.staff_id, hired.assignment_id = staff.id, starter.id
            vacancy.status, vacancy.filled_on = VacancyStatus.FILLED, first_day
        elif closes + timedelta(days=60) < today and rng.random() < 0.7:
            vacancy.status, vacancy.withdrawn_on = VacancyStatus.WITHDRAWN, closes + timedelta(days=60)
            vacancy.withdrawal_reason = "No appointable candidate; covered by agency while re-advertising"
            for application in vacancy.applications:
                if not builder.kinds[id(application)].is_closed:
                    builder.move(application, StageKind.REJECTED, vacancy.withdrawn_on, ClosureReason.REJECTED_OTHER)
