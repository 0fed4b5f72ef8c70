"""Demo leaver checklists, exit interviews and stay interviews for the people seeder's staff."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, or_, select

from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType, ReasonForLeaving
from workforce.people.models import Assignment
from workforce.retention.constants import ExitOutcome, ExitTheme
from workforce.retention.models import ExitInterview, LeaverChecklist, StayInterview, exit_interview_themes

THEME_WEIGHTS = [
    (ExitTheme.WORKLOAD, 30),
    (ExitTheme.SUPERVISION, 8),
    (ExitTheme.MANAGEMENT, 12),
    (ExitTheme.PAY, 15),
    (ExitTheme.PROGRESSION, 10),
    (ExitTheme.TRAVEL, 8),
    (ExitTheme.WELLBEING, 10),
    (ExitTheme.CULTURE, 5),
    (ExitTheme.OTHER, 2),
]
KEEPS = [
    "My team and my manager",
    "Reflective supervision every month",
    "Flexible working",
    "The academy's training offer",
    "Manageable caseload since the restructure",
]
MIGHT_LEAVE = [
    "Caseload creeping above 20",
    "Travel to the new office",
    "Better pay in the neighbouring council",
    "No route to senior practitioner",
    "Court work pressure",
]
ACTIONS = [
    "Review caseload at next supervision",
    "Discuss progression route with head of service",
    "Agree hybrid working pattern",
    "Book onto the practice educator course",
    None,
]


def seed_retention(context) -> None:
    rng, today = context.rng, context.as_of
    hr = context.users.get(Role.HR)
    manager = context.users.get(Role.TEAM_MANAGER)
    leavers = db.session.execute(
        select(Assignment)
        .where(
            Assignment.is_leaving.is_(True),
            Assignment.end_date.is_not(None),
            Assignment.end_date >= today - timedelta(days=730),
            Assignment.end_date <= today,
            Assignment.employment_type != EmploymentType.AGENCY,
        )
        .order_by(Assignment.end_date, Assignment.id)
    ).scalars()
    for assignment in leavers:
        last_day = assignment.end_date
        offered = rng.random() < 0.75
        db.session.add(
            LeaverChecklist(
                assignment=assignment,
                team_id=assignment.team_id,
                cases_reallocated_on=last_day - timedelta(days=rng.randint(0, 10)) if rng.random() < 0.9 else None,
                equipment_returned_on=last_day if rng.random() < 0.85 else None,
                exit_interview_offered_on=last_day - timedelta(days=rng.randint(7, 25)) if offered else None,
            )
        )
        if not offered or rng.random() < 0.35 or assignment.reason_for_leaving is ReasonForLeaving.DECEASED:
            continue
        interview = ExitInterview(
            assignment=assignment,
            team_id=assignment.team_id,
            held_on=last_day - timedelta(days=rng.randint(1, 6)),
            outcome=ExitOutcome.RETAINED if rng.random() < 0.08 else ExitOutcome.EXIT_CONFIRMED,
            recorded_by_id=hr.id if hr else None,
        )
        db.session.add(interview)
        db.session.flush()
        themes = set(
            rng.choices([t for t, _ in THEME_WEIGHTS], weights=[w for _, w in THEME_WEIGHTS], k=rng.randint(1, 3))
        )
        db.session.execute(
            insert(exit_interview_themes), [{"exit_interview_id": interview.id, "theme": theme} for theme in themes]
        )
    current = db.session.execute(
        select(Assignment)
        .where(
            Assignment.start_date <= today - timedelta(days=180),
            or_(Assignment.end_date.is_(None), Assignment.end_date > today),
            Assignment.employment_type == EmploymentType.PERMANENT,
        )
        .order_by(Assignment.id)
    ).scalars()
    for assignment in current:
        if rng.random() > 0.15:
            continue
        db.session.add(
            StayInterview(
                staff_id=assignment.staff_id,
                team_id=assignment.team_id,
                held_on=today - timedelta(days=rng.randint(5, 330)),
                held_by_id=manager.id if manager else None,
                what_keeps_you=rng.choice(KEEPS),
                what_might_make_you_leave=rng.choice(MIGHT_LEAVE),
                agreed_actions=rng.choice(ACTIONS),
            )
        )
    db.session.flush()
