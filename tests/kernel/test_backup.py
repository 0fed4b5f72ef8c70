"""Backup and restore round trip, on a database of its own (backups read committed data)."""

import flask_migrate
import pytest
from sqlalchemy import select

from workforce.app import create_app
from workforce.extensions import db
from workforce.kernel.models import Team
from workforce.kernel.teams import services as teams_services


@pytest.fixture
def own_database(tmp_path):
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}"})
    with app.app_context():
        flask_migrate.upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def team_names():
    return db.session.execute(select(Team.name).order_by(Team.name)).scalars().all()


def test_a_backup_restores_the_database_as_it_was(own_database, tmp_path):
    runner = own_database.test_cli_runner()
    area = teams_services.find_or_create_service_area("Front Door")
    teams_services.create_team("MASH", area)
    db.session.commit()
    backup_file = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    teams_services.create_team("Assessment Team 1", area)
    db.session.commit()
    assert team_names() == ["Assessment Team 1", "MASH"]
    result = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code == 0, result.output
    assert team_names() == ["MASH"]


def test_backup_refuses_to_overwrite_a_file(own_database, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"keep me")
    result = own_database.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert existing.read_bytes() == b"keep me"


def test_restore_refuses_a_file_that_is_not_a_wpq_backup(own_database, tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    result = own_database.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "is not a WPQ backup" in result.output
