"""The academy's demo seeder: five years of history from whatever staff exist, and nothing when none do."""

import random
from datetime import date

from sqlalchemy import func, select

from academy import demo
from academy.constants import EnrolmentStatus, MatrixState
from academy.matrix import build_matrix
from academy.models import Completion, CpdRecord, EarlyCareerRecord, Enrolment, Feedback, Notice, TrainingSession
from tests.academy.builders import create_person
from tests.builders import create_team, create_user
from workforce.extensions import db
from workforce.kernel.demo import DemoContext
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole, StartOrigin
from workforce.people.models import Assignment

AS_OF = date(2026, 11, 1)


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _context() -> DemoContext:
    return DemoContext(size="small", seed=1, as_of=AS_OF, rng=random.Random(1))


def test_the_seeder_adds_only_the_catalogue_when_there_are_no_staff(db):
    demo.seed(_context())
    assert _count(TrainingSession) == 0
    assert _count(Completion) == 0


def test_the_seeder_builds_a_history_with_waitlists_expiries_cohorts_and_feedback(db):
    teams = [create_team(), create_team()]
    for number in range(40):
        role = CensusRole.SENIOR_PRACTITIONER if number % 8 == 0 else CensusRole.CASE_HOLDER
        create_person(teams[number % 2], census_role=role, start_date=date(2019 + number % 7, 9, 1))
    newly_qualified = db.session.execute(select(Assignment).limit(6)).scalars().all()
    for assignment in newly_qualified:
        assignment.start_origin = StartOrigin.NEWLY_QUALIFIED
    db.session.commit()

    demo.seed(_context())

    assert _count(TrainingSession) == 16 * demo.YEARS
    statuses = set(db.session.execute(select(Enrolment.status)).scalars())
    assert {EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.CANCELLED} <= statuses
    assert _count(Feedback) > 0 and _count(Notice) > 0 and _count(CpdRecord) > 0
    assert _count(EarlyCareerRecord) == 6
    matrix = build_matrix(scope_of(create_user(Role.ACADEMY_LEAD)), AS_OF)
    states = {cell.state for row in matrix.rows for cell in row.cells}
    assert {MatrixState.CURRENT, MatrixState.EXPIRED, MatrixState.NOT_DONE} <= states
