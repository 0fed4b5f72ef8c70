"""Backup and restore round trip, on a database of its own (backups read committed data): SQLite, or
PostgreSQL when the tests run with DATABASE_URL (pg_dump and pg_restore)."""

import io
import zipfile
from datetime import date

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from tests.builders import create_user
from tests.conftest import scratch_database
from workforce.app import create_app
from workforce.extensions import db
from workforce.improvement import services as plan_services
from workforce.improvement.models import Evidence
from workforce.kernel.models import Team
from workforce.kernel.roles import Role
from workforce.kernel.teams import services as teams_services


@pytest.fixture
def own_database(tmp_path):
    with scratch_database(tmp_path, "backup") as url:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()


def team_names():
    return db.session.execute(select(Team.name).order_by(Team.name)).scalars().all()


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, in primary key order: what a restore must bring back exactly."""
    db.session.remove()
    metadata = sa.MetaData()
    metadata.reflect(bind=db.engine)
    rows = {}
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(sa.select(table).order_by(*order))]
    return rows


def word_document(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<document>{text}</document>")
    return buffer.getvalue()


def evidence_files() -> dict[str, bytes]:
    documents = db.session.execute(select(Evidence).where(Evidence.stored_name.is_not(None))).scalars()
    return {evidence.filename: plan_services.document_content(evidence) for evidence in documents}


def test_a_backup_restores_the_records_and_evidence_files_as_they_were(own_database, tmp_path):
    runner = own_database.test_cli_runner()
    area = teams_services.find_or_create_service_area("Front Door")
    teams_services.create_team("MASH", area)
    leader = create_user(Role.SENIOR_LEADER)
    strand = plan_services.create_strand(plan_services.create_plan("Improvement plan"), "Workforce")
    action = plan_services.create_action(strand, "Recruit permanent social workers", leader, date(2026, 6, 30))
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    plan_services.add_document(action, "recruitment-report.pdf", pdf, leader)
    plan_services.add_document(action, "workforce-strategy.docx", word_document("strategy"), leader)
    db.session.commit()
    action_id, leader_id = action.id, leader.id
    before = every_row()
    files_before = evidence_files()
    assert files_before["recruitment-report.pdf"] == pdf

    backup_file = tmp_path / "wpq.backup"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output

    teams_services.create_team("Assessment Team 1", area)
    removed = db.session.execute(select(Evidence).where(Evidence.filename == "recruitment-report.pdf")).scalar_one()
    db.session.delete(removed)
    action, leader = db.session.get(type(action), action_id), db.session.get(type(leader), leader_id)
    plan_services.add_document(action, "later.pdf", b"%PDF-1.4 added after the backup", leader)
    db.session.commit()
    assert team_names() == ["Assessment Team 1", "MASH"]
    assert set(evidence_files()) == {"workforce-strategy.docx", "later.pdf"}

    result = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code == 0, result.output
    assert every_row() == before
    assert evidence_files() == files_before
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


def test_restore_refuses_a_backup_from_a_newer_version(own_database, tmp_path):
    backup_file = tmp_path / "newer.backup"
    version = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    db.session.commit()
    assert own_database.test_cli_runner().invoke(args=["backup", str(backup_file)]).exit_code == 0
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = :version"), {"version": version})
    teams_services.create_team("Kept", teams_services.find_or_create_service_area("Front Door"))
    db.session.commit()
    result = own_database.test_cli_runner().invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code != 0
    assert "newer version of WPQ" in result.output
    assert team_names() == ["Kept"]
