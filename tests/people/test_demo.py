"""The demo workforce: realistic, linked to the demo users, and the registry agrees with plain SQL on it."""

from datetime import date

import pytest
from sqlalchemy import func, select, text

from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.demo import load_demo
from workforce.kernel.roles import Role
from workforce.people.constants import LeaverDestination, ReasonForLeaving, RegistrationStatus
from workforce.people.models import Absence, Assignment, StaffMember

AS_OF = date(2026, 11, 1)
START, END = date(2025, 10, 1), date(2026, 9, 30)


@pytest.fixture
def demo(db):
    return load_demo("small", seed=3, as_of=AS_OF, only=["Staff, posts, starters and leavers, absence"])


def sql(statement, **parameters):
    return db.session.execute(text(statement), parameters).scalar() or 0


def registry_value(measure_id):
    return registry().measures.compute(measure_id, START, END)


IN_POST = "start_date <= :end AND (end_date IS NULL OR end_date > :end)"


def test_the_registry_agrees_with_plain_sql_on_the_demo_workforce(demo):
    inpost_fte = sql(f"SELECT SUM(fte) FROM assignments WHERE {IN_POST} AND employment_type <> 'agency'", end=END)
    headcount = sql(
        f"SELECT COUNT(DISTINCT staff_id) FROM assignments WHERE {IN_POST} AND employment_type <> 'agency'", end=END
    )
    agency_fte = sql(f"SELECT SUM(fte) FROM assignments WHERE {IN_POST} AND employment_type = 'agency'", end=END)
    leavers_fte = sql(
        "SELECT SUM(fte) FROM assignments WHERE is_leaving = :yes AND employment_type <> 'agency' "
        "AND end_date >= :start AND end_date <= :end",
        start=START,
        end=END,
        yes=True,
    )
    vacancy_fte = sql(
        "SELECT SUM(CASE WHEN p.budgeted_fte > COALESCE(f.fte, 0) THEN p.budgeted_fte - COALESCE(f.fte, 0) ELSE 0 END) "
        "FROM posts p LEFT JOIN (SELECT post_id, SUM(fte) AS fte FROM assignments "
        f"WHERE {IN_POST} AND employment_type <> 'agency' GROUP BY post_id) f ON f.post_id = p.id "
        "WHERE p.funded_from <= :end AND (p.funded_to IS NULL OR p.funded_to >= :end)",
        end=END,
    )
    assert inpost_fte > 100 and headcount > 100
    assert registry_value("inpost_fte").value == pytest.approx(inpost_fte)
    assert registry_value("inpost_headcount").value == headcount
    assert registry_value("agency_fte").value == pytest.approx(agency_fte)
    assert registry_value("leavers_fte").value == pytest.approx(leavers_fte)
    assert registry_value("turnover_rate_fte").value == pytest.approx(leavers_fte / inpost_fte * 100)
    assert registry_value("agency_rate_fte").value == pytest.approx(agency_fte / (agency_fte + inpost_fte) * 100)
    assert registry_value("vacancy_rate_fte").value == pytest.approx(vacancy_fte / (vacancy_fte + inpost_fte) * 100)


def test_the_demo_rates_are_in_the_range_councils_report(demo):
    assert 5 <= registry_value("turnover_rate_fte").value <= 25
    assert 3 <= registry_value("agency_rate_fte").value <= 25
    assert 4 <= registry_value("vacancy_rate_fte").value <= 25
    assert 1 <= registry_value("absence_rate_fte").value <= 7


def test_the_demo_has_part_timers_long_absences_lapsed_registrations_and_every_leaving_reason(demo):
    assert sql("SELECT COUNT(*) FROM staff WHERE contracted_hours < standard_hours") > 5
    long_spells = db.session.execute(
        select(func.count())
        .select_from(Absence)
        .where(Absence.end_date.is_(None) | (Absence.end_date > Absence.start_date))
    ).scalar()
    assert long_spells > 0
    statuses = set(db.session.execute(select(StaffMember.registration_status)).scalars())
    assert RegistrationStatus.LAPSED in statuses and None in statuses
    reasons = set(db.session.execute(select(Assignment.reason_for_leaving).where(Assignment.is_leaving)).scalars())
    destinations = set(db.session.execute(select(Assignment.leaver_destination).where(Assignment.is_leaving)).scalars())
    assert set(ReasonForLeaving) <= reasons
    assert set(LeaverDestination) <= destinations


def test_the_demo_users_hold_posts_in_the_team_managers_team(demo):
    manager = db.session.execute(
        select(StaffMember).where(StaffMember.user_id == demo.users[Role.TEAM_MANAGER].id)
    ).scalar_one()
    team = demo.users[Role.TEAM_MANAGER].managed_teams[0]
    for role in (Role.PRACTICE_SUPERVISOR, Role.SOCIAL_WORKER):
        person = db.session.execute(select(StaffMember).where(StaffMember.user_id == demo.users[role].id)).scalar_one()
        assert person.line_manager == manager
        assert any(assignment.team == team and assignment.end_date is None for assignment in person.assignments)
    supervisor = db.session.execute(
        select(StaffMember).where(StaffMember.user_id == demo.users[Role.PRACTICE_SUPERVISOR].id)
    ).scalar_one()
    assert (
        db.session.execute(
            select(func.count()).select_from(StaffMember).where(StaffMember.line_manager_id == supervisor.id)
        ).scalar()
        > 0
    )
