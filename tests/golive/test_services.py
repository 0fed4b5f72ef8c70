"""Accounts from staff records: roles worked out from the job, linking, provisioning and leavers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.builders import create_team, create_user
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.golive import services
from workforce.golive.constants import ProvisionSkip
from workforce.kernel import jobs
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole, LeaverDestination, ReasonForLeaving


def person_in(team, census_role: CensusRole, **staff):
    person = create_staff_member(**staff)
    create_assignment(person, create_post(team, census_role=census_role))
    return person


def events(db, record_type: str, record_id: int) -> list[tuple[str, str | None]]:
    return list(
        db.session.execute(
            select(AuditEvent.action, AuditEvent.note)
            .where(AuditEvent.record_type == record_type, AuditEvent.record_id == str(record_id))
            .order_by(AuditEvent.id)
        ).all()
    )


@pytest.mark.parametrize(
    ("census_role", "role"),
    [
        (CensusRole.FIRST_LINE_MANAGER, Role.TEAM_MANAGER),
        (CensusRole.MIDDLE_MANAGER, Role.SENIOR_LEADER),
        (CensusRole.SENIOR_MANAGER, Role.SENIOR_LEADER),
        (CensusRole.SENIOR_PRACTITIONER, Role.PRACTICE_SUPERVISOR),
        (CensusRole.CASE_HOLDER, Role.SOCIAL_WORKER),
        (CensusRole.QUALIFIED_WITHOUT_CASES, Role.SOCIAL_WORKER),
    ],
)
def test_the_role_comes_from_the_job(db, census_role, role):
    team = create_team("Assessment Team 1")
    person = person_in(team, census_role)
    worked_out = services.work_out_role(person, date.today())
    assert worked_out.role is role
    if role is not Role.SENIOR_LEADER:
        assert worked_out.teams == (team,)


def test_a_manager_of_two_teams_manages_both_and_a_line_manager_supervises(db):
    first, second = create_team("Team A"), create_team("Team B")
    manager = create_staff_member()
    create_assignment(manager, create_post(first, census_role=CensusRole.FIRST_LINE_MANAGER), fte=0.5)
    create_assignment(manager, create_post(second, census_role=CensusRole.FIRST_LINE_MANAGER), fte=0.5)
    assert services.work_out_role(manager, date.today()).teams == (first, second)
    supervisor = person_in(first, CensusRole.CASE_HOLDER)
    supervisee = person_in(first, CensusRole.CASE_HOLDER, line_manager_id=supervisor.id)
    assert services.work_out_role(supervisor, date.today()).role is Role.PRACTICE_SUPERVISOR
    assert services.work_out_role(supervisee, date.today()).role is Role.SOCIAL_WORKER


def test_the_plan_skips_the_linked_the_emailless_the_gone_and_offers_existing_accounts(db):
    team = create_team("Team A")
    linked = person_in(team, CensusRole.CASE_HOLDER, email="linked@council.example")
    linked.user = create_user(email="linked@council.example")
    no_email = person_in(team, CensusRole.CASE_HOLDER)
    gone = create_staff_member(email="gone@council.example")
    create_assignment(gone, create_post(team), end_date=date(2020, 3, 1))
    taken = person_in(team, CensusRole.CASE_HOLDER, email="taken@council.example")
    create_user(email="Taken@council.example")
    new = person_in(team, CensusRole.CASE_HOLDER, email="new@council.example")
    db.session.commit()
    plan = services.plan_provisioning()
    skips = {planned.staff_member: planned.skip for planned in plan.accounts}
    assert skips == {
        linked: ProvisionSkip.LINKED,
        no_email: ProvisionSkip.NO_EMAIL,
        gone: ProvisionSkip.NOT_IN_POST,
        taken: ProvisionSkip.EMAIL_TAKEN,
        new: None,
    }
    assert [planned.staff_member for planned in plan.to_create] == [new]


def test_provisioning_creates_linked_accounts_without_passwords_and_audits_it(db):
    team = create_team("Team A")
    other = create_team("Team B")
    person = person_in(team, CensusRole.FIRST_LINE_MANAGER, email="manager@council.example")
    elsewhere = person_in(other, CensusRole.CASE_HOLDER, email="elsewhere@council.example")
    created = services.provision(services.plan_provisioning(team))
    db.session.commit()
    assert [user.email for user in created] == ["manager@council.example"]
    user = created[0]
    assert user.role is Role.TEAM_MANAGER and user.managed_teams == [team] and user.password_hash is None
    assert person.user == user and elsewhere.user is None
    assert [action for action, _ in events(db, "User", user.id)] == ["created", "provisioned", "linked"]
    assert events(db, "Staff", person.id)[-1][0] == "linked"


def test_provisioning_only_the_confirmed_people(db):
    team = create_team("Team A")
    first = person_in(team, CensusRole.CASE_HOLDER, email="first@council.example")
    second = person_in(team, CensusRole.CASE_HOLDER, email="second@council.example")
    services.provision(services.plan_provisioning(), [second.id])
    db.session.commit()
    assert first.user is None and second.user is not None


def test_linking_and_unlinking_are_audited_on_both_records(db):
    person = person_in(create_team(), CensusRole.CASE_HOLDER)
    user = create_user(email="someone@council.example")
    services.link_account(person, user)
    with pytest.raises(services.AccountError, match="already linked"):
        services.link_account(person_in(create_team(), CensusRole.CASE_HOLDER), user)
    services.unlink_account(person)
    db.session.commit()
    assert person.user is None
    assert [action for action, _ in events(db, "Staff", person.id)][-2:] == ["linked", "unlinked"]
    assert [action for action, _ in events(db, "User", user.id)][-2:] == ["linked", "unlinked"]


def test_an_account_with_a_staff_records_email_is_offered_for_linking(db):
    person = person_in(create_team(), CensusRole.CASE_HOLDER, email="sam.jones@council.example")
    user = create_user(email="Sam.Jones@council.example")
    create_user(email="nobody@council.example")
    assert [(match.staff_member, match.user) for match in services.email_matches()] == [(person, user)]
    services.link_account(person, user)
    assert services.email_matches() == []


def test_a_leavers_account_is_deactivated_on_their_last_day_and_the_audit_trail_says_so(db):
    today = date.today()
    team = create_team()
    leaver = create_staff_member(email="leaver@council.example")
    create_assignment(
        leaver,
        create_post(team),
        end_date=today,
        is_leaving=True,
        reason_for_leaving=ReasonForLeaving.RESIGNATION,
        leaver_destination=LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
    )
    leaver.user = create_user(email="leaver@council.example")
    later = create_staff_member()
    create_assignment(
        later,
        create_post(team),
        end_date=today + timedelta(days=14),
        is_leaving=True,
        reason_for_leaving=ReasonForLeaving.RESIGNATION,
        leaver_destination=LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
    )
    later.user = create_user(email="later@council.example")
    staying = person_in(team, CensusRole.CASE_HOLDER)
    staying.user = create_user(email="staying@council.example")
    db.session.commit()
    deactivated = services.deactivate_leavers(today)
    db.session.commit()
    assert [(user.email, day) for user, day in deactivated] == [("leaver@council.example", today)]
    assert not leaver.user.is_active and later.user.is_active and staying.user.is_active
    action, note = events(db, "User", leaver.user.id)[-1]
    assert action == "deactivated" and note == f"Left the council: last day {today:%-d %B %Y}"
    assert services.deactivate_leavers(today) == [], "running it again changes nothing"


def test_the_daily_schedule_runs_the_leavers_job(app, db):
    from workforce.kernel.contract import registry
    from workforce.kernel.jobs import runner

    schedule = registry(app).schedules["users.deactivate-leavers"]
    assert schedule.crontab == {"minute": "30", "hour": "23"}
    team = create_team()
    leaver = create_staff_member()
    create_assignment(
        leaver,
        create_post(team),
        end_date=date.today() - timedelta(days=1),
        is_leaving=True,
        reason_for_leaving=ReasonForLeaving.RESIGNATION,
        leaver_destination=LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
    )
    leaver.user = create_user(email="yesterday@council.example")
    db.session.commit()
    job = runner.start_scheduled("users.deactivate-leavers")
    db.session.commit()
    jobs.run_ready()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.DONE, job.failure_reason
    db.session.refresh(leaver.user)
    assert not leaver.user.is_active
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "deactivated", AuditEvent.record_id == str(leaver.user.id))
    ).scalar_one()
    # Started by the schedule, not by a person.
    assert event.origin in ("job", "schedule") and event.actor_id is None
