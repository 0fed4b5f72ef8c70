"""A hand-built council for the reminder tests: one team with an overdue supervision, a late audit and
expiring training, on Wednesday 2 December 2026."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tests.academy.builders import create_completion, create_course
from tests.audits.builders import create_audit, create_programme
from tests.builders import create_team, create_team_manager, create_user
from tests.supervision.builders import create_policy, create_worker, hold_sessions
from workforce.extensions import db
from workforce.kernel.audit_trail.safety_net import not_audited
from workforce.kernel.models import Team, User
from workforce.kernel.notifications import services
from workforce.kernel.notifications.constants import DigestFrequency
from workforce.kernel.roles import Role
from workforce.people.models import StaffMember

TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


@dataclass
class Council:
    team: Team
    manager: User
    worker: User
    worker_staff: StaffMember
    auditor: User
    programme_owner: User
    head_of_service: User
    case_reference: str


def build_council() -> Council:
    """A small council built as test data (the builders write no audit trail), inside a request."""
    with not_audited("test data built by the builders"):
        return _build_council()


def _build_council() -> Council:
    create_policy()
    team = create_team("Riverside Assessment")
    manager = create_team_manager(team, name="Helen Manager", email="helen@example.gov.uk")
    manager_staff = create_worker(team=team, user_id=manager.id, first_name="Helen", last_name="Manager")
    signed = {"supervisor_signed_at": NOW, "supervisee_signed_at": NOW}
    hold_sessions(manager_staff, date(2026, 11, 25), **signed)
    worker = create_user(Role.SOCIAL_WORKER, team=team, name="Lewis Worker", email="lewis@example.gov.uk")
    worker_staff = create_worker(team=team, user_id=worker.id, first_name="Lewis", last_name="Worker")
    worker_staff.line_manager_id = manager_staff.id
    db.session.commit()
    # Last supervised on 1 October: monthly, so due by 1 November and more than 14 days overdue.
    hold_sessions(worker_staff, date(2026, 10, 1), supervisor=manager_staff, **signed)

    auditor = create_user(Role.TEAM_MANAGER, name="Asha Auditor", email="asha@example.gov.uk")
    programme_owner = create_user(Role.QA_OFFICER, name="Quinn Owner", email="quinn@example.gov.uk")
    head_of_service = create_user(Role.SENIOR_LEADER, name="Sam Head", email="sam@example.gov.uk")
    programme = create_programme(created_by_id=programme_owner.id)
    audit = create_audit(
        team=team,
        auditor=auditor,
        due_date=date(2026, 11, 10),
        allocated_on=date(2026, 10, 20),
        reference="CR777123",
        programme=programme,
    )

    safeguarding = create_course(title="Safeguarding children", validity_months=12)
    first_aid = create_course(title="First aid", validity_months=12)
    create_completion(worker_staff, safeguarding, date(2025, 12, 20))
    create_completion(worker_staff, first_aid, date(2025, 12, 28))

    for user in (manager, auditor, programme_owner, head_of_service):
        services.set_preference(user, DigestFrequency.IMMEDIATE)
    services.set_preference(worker, DigestFrequency.DAILY)
    db.session.commit()
    return Council(team, manager, worker, worker_staff, auditor, programme_owner, head_of_service, audit.case_reference)
