"""The staff-scoping rule every module uses to list the staff a user may see."""

from datetime import date, timedelta

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.roles import Role
from workforce.people import dao


def visible(user):
    return set(db.session.execute(dao.visible_staff_query(user)).scalars())


@pytest.fixture
def two_teams(db):
    own, other = create_team(), create_team()
    mine = create_assignment(post=create_post(own)).staff_member
    theirs = create_assignment(post=create_post(other)).staff_member
    return own, other, mine, theirs


@pytest.mark.parametrize("role", [Role.HR, Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.ACADEMY_LEAD])
def test_council_wide_roles_see_everyone(two_teams, role):
    _, _, mine, theirs = two_teams
    assert {mine, theirs} <= visible(create_user(role))


def test_a_team_manager_sees_only_people_in_their_own_teams(two_teams):
    own, _, mine, theirs = two_teams
    manager = create_team_manager(own)
    assert visible(manager) == {mine}


def test_a_team_manager_still_sees_people_who_left_their_team_in_the_last_12_months(db):
    team = create_team()
    today = clock.today()
    recent = create_assignment(post=create_post(team), end_date=today - timedelta(days=200), is_leaving=True)
    old = create_assignment(post=create_post(team), start_date=date(2010, 1, 4), end_date=today - timedelta(days=400))
    seen = visible(create_team_manager(team))
    assert recent.staff_member in seen
    assert old.staff_member not in seen


def test_a_practice_supervisor_sees_their_supervisees_and_themself(db):
    user = create_user(Role.PRACTICE_SUPERVISOR)
    supervisor = create_staff_member(user=user)
    supervisee = create_staff_member(line_manager=supervisor)
    stranger = create_staff_member()
    assert visible(user) == {supervisor, supervisee}
    assert stranger not in visible(user)


def test_a_social_worker_sees_only_themself(db):
    user = create_user(Role.SOCIAL_WORKER)
    me = create_staff_member(user=user)
    create_staff_member()
    assert visible(user) == {me}


def test_a_user_without_a_staff_record_sees_nobody_unless_council_wide(db):
    create_staff_member()
    assert visible(create_user(Role.SOCIAL_WORKER)) == set()
    assert visible(create_user(Role.PRACTICE_SUPERVISOR)) == set()


def test_a_committee_viewer_sees_nobody(two_teams):
    assert visible(create_user(Role.COMMITTEE_VIEWER)) == set()


def test_can_see_staff_member_answers_for_one_record(two_teams):
    own, _, mine, theirs = two_teams
    manager = create_team_manager(own)
    assert dao.can_see_staff_member(manager, mine)
    assert not dao.can_see_staff_member(manager, theirs)
