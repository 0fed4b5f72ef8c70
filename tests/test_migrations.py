"""Migrations are numbered in order, have one head, and match the models."""

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from workforce.extensions import db as _db

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def script_directory(app) -> ScriptDirectory:
    migrate: Migrate = app.extensions["migrate"]
    with app.app_context():
        return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def test_there_is_one_head(app):
    assert len(script_directory(app).get_heads()) == 1


def test_migrations_are_numbered_in_order(app):
    files = sorted(path.name for path in VERSIONS.glob("*.py"))
    numbers = [int(re.match(r"(\d{4})_", name).group(1)) for name in files]
    assert numbers == list(range(1, len(files) + 1))
    scripts = script_directory(app)
    for revision in scripts.walk_revisions():
        expected_previous = None if revision.revision == "0001" else f"{int(revision.revision) - 1:04d}"
        assert revision.down_revision == expected_previous, revision.revision


def test_the_models_and_migrations_agree(app):
    with app.app_context(), _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_every_migration_downgrades_and_upgrades_again(tmp_path):
    """On SQLite, and on PostgreSQL when the tests run with DATABASE_URL (a database of its own)."""
    import flask_migrate

    from tests.conftest import scratch_database
    from workforce.app import create_app

    with scratch_database(tmp_path, "migrations") as url:
        _downgrade_and_upgrade_every_migration(
            flask_migrate, create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        )


def _downgrade_and_upgrade_every_migration(flask_migrate, app):
    with app.app_context():
        revisions = [revision.revision for revision in script_directory(app).walk_revisions()]
        flask_migrate.upgrade()
        for revision in revisions:
            flask_migrate.downgrade(revision=f"{revision}-1" if revision != "0001" else "base")
        flask_migrate.upgrade()
        _db.engine.dispose()


def _revision_of(topic: str) -> str:
    """The revision number of the migration whose file is named after `topic`."""
    (path,) = VERSIONS.glob(f"*_{topic}.py")
    return path.name[:4]


def test_evidence_documents_move_between_the_instance_folder_and_the_database(tmp_path):
    """The evidence-documents migration reads the files earlier versions wrote to instance/improvement-evidence into the
    database, and its downgrade writes them back."""
    from datetime import date

    import flask_migrate

    from tests.builders import create_user
    from tests.conftest import scratch_database
    from workforce.app import create_app
    from workforce.improvement import services
    from workforce.improvement.models import Evidence
    from workforce.kernel.roles import Role

    pdf = b"%PDF-1.7 minutes of the workforce board"
    with scratch_database(tmp_path, "evidence") as url:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        app.instance_path = str(tmp_path / "instance")
        with app.app_context():
            flask_migrate.upgrade()
            leader = create_user(Role.SENIOR_LEADER)
            strand = services.create_strand(services.create_plan("Plan"), "Workforce")
            action = services.create_action(strand, "Recruit", leader, date(2026, 6, 30))
            evidence = services.add_document(action, "minutes.pdf", pdf, leader)
            _db.session.commit()
            evidence_id, stored_name = evidence.id, evidence.stored_name
            _db.session.remove()

            flask_migrate.downgrade(revision=_revision_of("evidence_documents") + "-1")
            assert (tmp_path / "instance" / "improvement-evidence" / stored_name).read_bytes() == pdf

            flask_migrate.upgrade()
            assert services.document_content(_db.session.get(Evidence, evidence_id)) == pdf
            _db.session.remove()
            _db.engine.dispose()


def test_caseload_mappings_move_into_the_import_mappings_and_back(tmp_path):
    """The import-mappings migration turns each caseload mapping into an import mapping with the same id (import
    jobs keep pointing at it), its columns keyed by WPQ's headers; its downgrade turns them back."""
    import json

    import flask_migrate
    import sqlalchemy as sa

    from tests.conftest import scratch_database
    from workforce.app import create_app
    from workforce.caseloads.mappings import field_columns, shape_of, source_system_of
    from workforce.kernel.import_mappings import ImportMapping

    with scratch_database(tmp_path, "mappings") as url:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade(revision=_revision_of("import_mappings") + "-1")
            with _db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO caseload_mappings (id, name, source_system, shape, columns, created_at) VALUES "
                        "(7, 'Liquidlogic weekly', 'liquidlogic', 'worker-counts', :columns, '2025-01-01 00:00:00')"
                    ),
                    {"columns": '{"employee_number": "Worker ID", "cp": "CP cases", "team": ""}'},
                )
            flask_migrate.upgrade()
            mapping = _db.session.get(ImportMapping, 7)
            assert (mapping.kind, mapping.name, mapping.source) == ("caseloads", "Liquidlogic weekly", "Liquidlogic")
            assert mapping.columns == {"EmployeeNumber": "Worker ID", "CP": "CP cases"}
            assert field_columns(mapping) == {"employee_number": "Worker ID", "cp": "CP cases"}
            assert (shape_of(mapping).value, source_system_of(mapping).value) == ("worker-counts", "liquidlogic")
            _db.session.remove()

            flask_migrate.downgrade(revision=_revision_of("import_mappings") + "-1")
            with _db.engine.connect() as connection:
                row = connection.execute(sa.text("SELECT name, shape, columns FROM caseload_mappings")).one()
            assert row[0:2] == ("Liquidlogic weekly", "worker-counts")
            columns = json.loads(row[2]) if isinstance(row[2], str) else row[2]
            assert columns == {"employee_number": "Worker ID", "cp": "CP cases"}
            _db.engine.dispose()
