from sqlalchemy import select

from tests.builders import create_team, create_team_manager, create_user
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import scope_of, scoped
from workforce.kernel.roles import Role


def test_a_team_manager_scope_covers_only_managed_teams(db):
    own, other = create_team(), create_team()
    manager = create_team_manager(own)
    scope = scope_of(manager)
    assert scope.covers_team(own.id)
    assert not scope.covers_team(other.id)
    rows = db.session.execute(scoped(select(Team), Team.id, user=manager)).scalars().all()
    assert rows == [own]


def test_a_social_worker_sees_only_their_own_rows(db):
    team = create_team()
    worker = create_user(Role.SOCIAL_WORKER, team=team)
    other = create_user(Role.SOCIAL_WORKER, team=team)
    query = scoped(select(User), User.team_id, own_column=User.id, user=worker)
    assert db.session.execute(query).scalars().all() == [worker]
    assert other not in db.session.execute(query).scalars().all()


def test_a_committee_viewer_sees_no_team_rows(db):
    create_team()
    viewer = create_user(Role.COMMITTEE_VIEWER)
    assert db.session.execute(scoped(select(Team), Team.id, user=viewer)).scalars().all() == []


def test_hr_sees_every_team(db):
    teams = [create_team(), create_team()]
    hr = create_user(Role.HR)
    rows = db.session.execute(scoped(select(Team), Team.id, user=hr)).scalars().all()
    assert set(teams) <= set(rows)
