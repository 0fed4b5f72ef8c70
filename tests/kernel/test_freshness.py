"""A figure kept between requests is served until a table it read changes; bookkeeping changes nothing."""

from sqlalchemy import func, insert, select, update

from tests.builders import create_service_area, create_team, create_user
from workforce.extensions import db as database
from workforce.kernel import audit_trail, clock, freshness
from workforce.kernel.models import AuditEvent, DataGeneration, Team, User, team_managers
from workforce.kernel.roles import Role


def count_teams(calls: list):
    def compute():
        calls.append(1)
        return database.session.execute(select(func.count()).select_from(Team)).scalar()

    return compute


def generation(table: str) -> str | None:
    return database.session.execute(select(DataGeneration.token).where(DataGeneration.name == table)).scalar()


def test_a_kept_figure_is_served_until_a_table_it_read_changes(db):
    calls = []
    create_team()
    assert freshness.kept("test.teams", count_teams(calls)) == 1
    assert freshness.kept("test.teams", count_teams(calls)) == 1
    assert len(calls) == 1
    create_team()
    assert freshness.kept("test.teams", count_teams(calls)) == 2
    assert len(calls) == 2


def test_a_change_to_a_table_the_figure_did_not_read_keeps_it(db):
    calls = []
    create_team()
    freshness.kept("test.teams-only", count_teams(calls))
    create_user(Role.HR, name="Someone New")
    assert freshness.kept("test.teams-only", count_teams(calls)) == 1
    assert len(calls) == 1


def test_a_sign_in_changes_no_generation(db):
    user = create_user(Role.HR)
    database.session.commit()
    before = generation("users")
    user.last_signed_in_at = clock.now()
    user.failed_sign_ins = 0
    database.session.commit()
    assert generation("users") == before
    user.name = "Renamed"
    database.session.commit()
    assert generation("users") != before


def test_every_commit_that_changes_a_table_gives_it_a_new_generation_and_none_repeats(db):
    seen = {generation("teams")}
    team = create_team()
    database.session.commit()
    seen.add(generation("teams"))
    database.session.delete(team)
    database.session.commit()
    seen.add(generation("teams"))
    assert len(seen) == 3


def test_a_commit_that_changes_nothing_keeps_the_generations(db):
    create_team()
    before = database.session.execute(select(DataGeneration.name, DataGeneration.token)).all()
    database.session.execute(select(Team)).all()
    database.session.commit()
    assert database.session.execute(select(DataGeneration.name, DataGeneration.token)).all() == before


def test_figures_are_computed_afresh_and_not_kept_while_changes_are_uncommitted(db):
    area = create_service_area()
    database.session.commit()
    calls = []
    assert freshness.kept("test.uncommitted", count_teams(calls)) == 0
    nested = database.session.begin_nested()
    database.session.add(Team(name="Never kept", service_area=area))
    database.session.flush()
    assert freshness.has_uncommitted_changes(database.session())
    assert freshness.kept("test.uncommitted", lambda: "from data that never was") == "from data that never was"
    nested.rollback()
    assert freshness.kept("test.uncommitted", count_teams(calls)) == 0  # the team rolled back is never counted


def test_statements_run_through_the_session_change_their_tables_generation(db):
    team = create_team()
    manager = create_user(Role.TEAM_MANAGER)
    database.session.commit()
    before = generation("teams")
    database.session.execute(update(Team).where(Team.id == team.id).values(name="Bulk renamed"))
    database.session.commit()
    assert generation("teams") != before
    before_managers = generation("team_managers")
    database.session.execute(insert(team_managers).values(team_id=team.id, user_id=manager.id))
    database.session.commit()
    assert generation("team_managers") != before_managers


def test_an_audit_trail_entry_alone_changes_no_generation(db):
    team = create_team()
    database.session.commit()
    before = database.session.execute(select(DataGeneration.name, DataGeneration.token)).all()
    audit_trail.record_created(team)
    database.session.commit()
    assert database.session.execute(select(AuditEvent).where(AuditEvent.record_id == str(team.id))).first()
    assert database.session.execute(select(DataGeneration.name, DataGeneration.token)).all() == before


def test_the_tables_a_computation_read_are_recorded_through_nested_kept_figures(db):
    create_team()
    freshness.kept("test.inner", count_teams([]))
    _, read = freshness.tables_read(
        lambda: (freshness.kept("test.inner", count_teams([])), database.session.execute(select(User)).all())
    )
    assert read == {"teams", "users"}


def test_a_value_for_this_request_is_computed_once_and_forgotten_when_the_request_commits_a_change(app, db):
    calls = []
    create_team()
    database.session.commit()
    with app.test_request_context():
        assert freshness.for_this_request("test.teams", count_teams(calls)) == 1
        assert freshness.for_this_request("test.teams", count_teams(calls)) == 1
        assert len(calls) == 1
        create_team()
        database.session.commit()
        assert freshness.for_this_request("test.teams", count_teams(calls)) == 2
        assert freshness.for_this_request("test.teams", count_teams(calls)) == 2
        assert len(calls) == 2
        database.session.execute(update(Team).values(name=Team.name + " (renamed)"))  # held: not remembered
        freshness.for_this_request("test.teams", count_teams(calls))
        freshness.for_this_request("test.teams", count_teams(calls))
        assert len(calls) == 4
        database.session.commit()
    with app.test_request_context():
        assert freshness.for_this_request("test.teams", count_teams(calls)) == 2
        assert len(calls) == 5  # a new request reads the records again


def test_a_request_reads_the_generations_once_and_again_after_it_commits_a_change(app, db):
    calls = []
    create_team()
    database.session.commit()
    with app.test_request_context():
        freshness.kept("test.teams-a", count_teams(calls))
        freshness.kept("test.teams-b", count_teams(calls))
        assert freshness.kept("test.teams-a", count_teams(calls)) == 1
        assert len(calls) == 2
        create_team()
        database.session.commit()
        assert freshness.kept("test.teams-a", count_teams(calls)) == 2
        assert len(calls) == 3


def test_a_kept_figure_that_read_a_setting_from_the_requests_cache_is_computed_again_when_it_changes(app, db):
    from workforce.kernel import settings

    calls = []

    def council_name():
        calls.append(1)
        return settings.get("council_name")

    with app.test_request_context():
        settings.get("demo_mode")  # the request reads every setting here, before the figure is computed
        assert freshness.kept("test.council-name", council_name) == "Your council"
    with app.test_request_context():
        settings.put("council_name", "Riverside Borough Council")
        database.session.commit()
    with app.test_request_context():
        assert freshness.kept("test.council-name", council_name) == "Riverside Borough Council"
    assert len(calls) == 2
