"""The supervision demo seeder."""

from datetime import date

from sqlalchemy import func, select

from supervision import dao
from supervision.constants import SessionStatus
from supervision.models import QualityAudit, Supervision, SupervisionCase
from tests.supervision.builders import create_supervision
from workforce.kernel.roles import Role


def test_the_demo_social_worker_gets_a_staff_record_managed_by_the_demo_team_manager(demo):
    worker = dao.get_staff_for_user(demo.users[Role.SOCIAL_WORKER])
    manager = dao.get_staff_for_user(demo.users[Role.TEAM_MANAGER])
    assert worker is not None and manager is not None
    assert worker.line_manager_id == manager.id
    supervisees = dao.list_recordable_supervisees(demo.users[Role.TEAM_MANAGER], date(2026, 11, 1))
    assert worker in supervisees
    # New records after the bulk-loaded ones get fresh ids (PostgreSQL's sequence was moved past them).
    assert create_supervision(worker, manager, held_on=date(2026, 11, 1)).id is not None


def test_the_demo_has_years_of_sessions_with_cancellations_late_sign_off_and_an_audit_sample(demo):
    db = demo.database
    held = db.session.execute(
        select(func.count()).select_from(Supervision).where(Supervision.status == SessionStatus.HELD)
    ).scalar_one()
    cancelled = db.session.execute(
        select(func.count()).select_from(Supervision).where(Supervision.status == SessionStatus.CANCELLED)
    ).scalar_one()
    first = db.session.execute(select(func.min(Supervision.held_on))).scalar_one()
    assert held > 50 and cancelled > 0
    assert first < date(2022, 1, 1)
    assert db.session.execute(select(func.count()).select_from(SupervisionCase)).scalar_one() > 0
    assert db.session.execute(select(func.count()).select_from(QualityAudit)).scalar_one() > 0
    late = db.session.execute(select(Supervision).where(Supervision.supervisee_signed_at.is_not(None))).scalars().all()
    assert any((signed.supervisee_signed_at.date() - signed.held_on).days > 7 for signed in late)
