from datetime import date

from sqlalchemy import func, select

from tests.builders import create_team
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads import demo
from workforce.caseloads.models import CaseloadCase, CaseloadSnapshot, CaseloadWorkerCount
from workforce.extensions import db
from workforce.kernel.demo import DemoContext

AS_OF = date(2025, 10, 15)


def context(seed: int = 3) -> DemoContext:
    import random

    return DemoContext(size="small", seed=seed, as_of=AS_OF, rng=random.Random(seed))


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_month_ends_are_the_last_days_of_the_months_before_the_date():
    assert demo.month_ends(date(2025, 3, 15), 3) == [date(2024, 12, 31), date(2025, 1, 31), date(2025, 2, 28)]
    assert demo.month_ends(date(2025, 3, 31), 1) == [date(2025, 3, 31)]


def test_the_seeder_does_nothing_without_staff(db):
    demo.seed(context())
    assert count(CaseloadSnapshot) == 0


def test_cases_follow_allocations_and_a_leavers_cases_are_reallocated(db):
    team = create_team(name="Child in Need and Child Protection Team 9")
    stayer = create_staff_member()
    create_assignment(stayer, team=team, start_date=date(2019, 1, 1))
    leaver = create_staff_member()
    create_assignment(leaver, team=team, start_date=date(2019, 1, 1), end_date=date(2024, 6, 10), is_leaving=True)
    demo.seed(context())
    assert count(CaseloadSnapshot) == demo.MONTHS
    rows = db.session.execute(
        select(CaseloadSnapshot.snapshot_date, CaseloadWorkerCount.staff_id, CaseloadWorkerCount.total_cases).join(
            CaseloadSnapshot, CaseloadSnapshot.id == CaseloadWorkerCount.snapshot_id
        )
    ).all()
    leaver_months = {on for on, staff_id, _total in rows if staff_id == leaver.id}
    assert max(leaver_months) == date(2024, 5, 31)
    assert all(total > 0 for _on, staff_id, total in rows if staff_id == stayer.id)
    # Case rows only for the latest months, matching their counts.
    latest = (
        db.session.execute(select(CaseloadSnapshot).order_by(CaseloadSnapshot.snapshot_date.desc())).scalars().first()
    )
    cases = db.session.execute(
        select(func.count()).select_from(CaseloadCase).where(CaseloadCase.snapshot_id == latest.id)
    ).scalar_one()
    assert cases == latest.case_count > 0
    assert count(CaseloadCase) < sum(total for _on, _staff, total in rows)


def test_the_seeder_is_deterministic_for_a_seed(db):
    team = create_team()
    worker = create_staff_member()
    create_assignment(worker, team=team, start_date=date(2019, 1, 1))
    demo.seed(context(seed=5))
    first = db.session.execute(select(CaseloadWorkerCount.total_cases).order_by(CaseloadWorkerCount.id)).scalars().all()
    db.session.execute(CaseloadCase.__table__.delete())
    db.session.execute(CaseloadWorkerCount.__table__.delete())
    db.session.execute(CaseloadSnapshot.__table__.delete())
    demo.seed(context(seed=5))
    again = db.session.execute(select(CaseloadWorkerCount.total_cases).order_by(CaseloadWorkerCount.id)).scalars().all()
    assert first == again
