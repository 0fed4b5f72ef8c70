"""Builders for supervision policies, sessions and the staff they concern."""

from __future__ import annotations

from datetime import date

from supervision.constants import Frequency, SessionStatus, SupervisionType
from supervision.models import Supervision, SupervisionAgreement, SupervisionPolicy
from tests.builders import create_team
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.extensions import db
from workforce.kernel.dates import add_months
from workforce.kernel.models import Team
from workforce.people.constants import AbsenceReason, RegistrationStatus
from workforce.people.models import Absence, StaffMember


def create_policy(effective_from: date = date(2000, 1, 1), **overrides) -> SupervisionPolicy:
    values = {
        "effective_from": effective_from,
        "standard_frequency": Frequency.MONTHLY,
        "newly_qualified_weekly_weeks": 6,
        "newly_qualified_fortnightly_months": 6,
        "minimum_minutes": 90,
        "long_absence_days": 28,
        "supervisor_must_be_registered": True,
    }
    policy = SupervisionPolicy(**{**values, **overrides})
    db.session.add(policy)
    db.session.commit()
    return policy


def create_worker(
    team: Team | None = None,
    start: date = date(2020, 1, 6),
    end: date | None = None,
    qualification_date: date | None = date(2015, 7, 1),
    **overrides,
) -> StaffMember:
    """A registered social worker in post in `team` from `start` (to `end`)."""
    team = team or create_team()
    staff = create_staff_member(
        qualification_date=qualification_date, registration_status=RegistrationStatus.REGISTERED, **overrides
    )
    create_assignment(staff, create_post(team=team), start_date=start, end_date=end)
    return staff


def create_absence(staff: StaffMember, start: date, end: date | None, reason=AbsenceReason.SICKNESS) -> Absence:
    absence = Absence(staff_member=staff, reason=reason, start_date=start, end_date=end)
    db.session.add(absence)
    db.session.commit()
    return absence


def create_agreement(
    supervisee: StaffMember,
    frequency: Frequency,
    starts_on: date,
    ended_on: date | None = None,
    supervisor: StaffMember | None = None,
) -> SupervisionAgreement:
    """A supervision agreement for `supervisee` at the agreed `frequency` from `starts_on`."""
    supervisor = supervisor or create_staff_member()
    agreement = SupervisionAgreement(
        supervisee=supervisee,
        supervisor=supervisor,
        team_id=supervisee.assignments[0].team_id if supervisee.assignments else create_team().id,
        frequency=frequency,
        supervision_type=SupervisionType.INDIVIDUAL,
        starts_on=starts_on,
        review_on=add_months(starts_on, 12),
        ended_on=ended_on,
    )
    db.session.add(agreement)
    db.session.commit()
    return agreement


def create_supervision(
    supervisee: StaffMember,
    supervisor: StaffMember | None = None,
    held_on: date | None = date(2024, 1, 10),
    **overrides,
) -> Supervision:
    supervisor = (
        supervisor or supervisee.line_manager or create_staff_member(registration_status=RegistrationStatus.REGISTERED)
    )
    team_id = overrides.pop("team_id", None)
    if team_id is None:
        team_id = supervisee.assignments[-1].team_id if supervisee.assignments else create_team().id
    values = {
        "supervisee": supervisee,
        "supervisor": supervisor,
        "team_id": team_id,
        "status": SessionStatus.HELD if held_on else SessionStatus.PLANNED,
        "supervision_type": SupervisionType.INDIVIDUAL,
        "planned_on": held_on,
        "held_on": held_on,
        "duration_minutes": 90 if held_on else None,
        "agenda": "Caseload and wellbeing",
        "topics": ["workload", "wellbeing"],
        "reflective_notes": "Reflected on a difficult visit.",
        "wellbeing_checked": True,
    }
    supervision = Supervision(**{**values, **overrides})
    db.session.add(supervision)
    db.session.commit()
    return supervision


def hold_sessions(supervisee: StaffMember, *days: date, **overrides) -> list[Supervision]:
    return [create_supervision(supervisee, held_on=day, **overrides) for day in days]


def create_supervision_team(**team_overrides):
    """A team with a team manager and a social worker, each with a linked staff record, the manager as
    line manager: the usual people in a supervision test."""
    from tests.builders import create_team_manager, create_user
    from workforce.kernel.roles import Role

    team = create_team(**team_overrides)
    manager_user = create_team_manager(team)
    manager = create_worker(team=team, user_id=manager_user.id, first_name="Helen", last_name="Manager")
    worker_user = create_user(Role.SOCIAL_WORKER, team=team)
    worker = create_worker(team=team, user_id=worker_user.id, first_name="Lewis", last_name="Worker")
    worker.line_manager_id = manager.id
    db.session.commit()
    return team, manager_user, manager, worker_user, worker
