"""Figures kept between requests are served only while no record has changed since they were computed."""

from sqlalchemy import insert, select, update

from tests.builders import create_service_area, create_team, create_user
from workforce.kernel import audit_trail, figure_cache
from workforce.kernel.models import AuditEvent, Team, team_managers
from workforce.kernel.roles import Role


def counter():
    calls = []

    def compute():
        calls.append(len(calls) + 1)
        return calls[-1]

    return compute


def test_a_kept_figure_is_served_until_a_record_changes(db):
    compute = counter()
    assert figure_cache.cached("test.kept", compute) == 1
    assert figure_cache.cached("test.kept", compute) == 1
    team = create_team()
    assert figure_cache.cached("test.kept", compute) == 2
    team.name = "Renamed"
    db.session.commit()
    assert figure_cache.cached("test.kept", compute) == 3
    assert figure_cache.cached("test.kept", compute) == 3


def test_every_commit_that_changes_a_record_gives_a_new_generation_and_none_repeats(db):
    seen = {figure_cache.current_generation()}
    team = create_team()
    db.session.commit()
    seen.add(figure_cache.current_generation())
    db.session.delete(team)
    db.session.commit()
    seen.add(figure_cache.current_generation())
    assert len(seen) == 3


def test_a_commit_that_changes_nothing_keeps_the_generation(db):
    before = figure_cache.current_generation()
    db.session.execute(select(Team)).all()
    db.session.commit()
    assert figure_cache.current_generation() == before


def test_figures_are_computed_afresh_and_not_kept_while_changes_are_uncommitted(db):
    area = create_service_area()
    db.session.commit()
    before = figure_cache.current_generation()
    assert figure_cache.cached("test.uncommitted", counter()) == 1
    nested = db.session.begin_nested()
    db.session.add(Team(name="Never kept", service_area=area))
    db.session.flush()
    assert figure_cache.has_uncommitted_changes(db.session())
    assert figure_cache.cached("test.uncommitted", lambda: "from data that never was") == "from data that never was"
    nested.rollback()
    assert figure_cache.current_generation() == before
    assert figure_cache.cached("test.uncommitted", counter()) == 1


def test_statements_run_through_the_session_change_the_generation_and_reads_do_not(db):
    team = create_team()
    manager = create_user(Role.TEAM_MANAGER)
    db.session.commit()
    before = figure_cache.current_generation()
    db.session.execute(select(Team)).all()
    assert figure_cache.current_generation() == before
    db.session.execute(update(Team).where(Team.id == team.id).values(name="Bulk renamed"))
    db.session.commit()
    after_update = figure_cache.current_generation()
    assert after_update != before
    db.session.execute(insert(team_managers).values(team_id=team.id, user_id=manager.id))
    db.session.commit()
    assert figure_cache.current_generation() != after_update


def test_an_audit_trail_entry_alone_keeps_the_generation(db):
    team = create_team()
    db.session.commit()
    before = figure_cache.current_generation()
    audit_trail.record_created(team)
    db.session.commit()
    assert db.session.execute(select(AuditEvent).where(AuditEvent.record_id == str(team.id))).first()
    assert figure_cache.current_generation() == before
