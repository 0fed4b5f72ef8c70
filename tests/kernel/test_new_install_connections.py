"""A new install on SQLite: connections to a migrated but empty database write nothing as they open, so the
web and worker processes starting side by side never take the write lock from each other."""

import sqlite3

import pytest
import sqlalchemy as sa

from workforce.kernel import database


def _new_database(tmp_path, with_user: bool) -> str:
    path = tmp_path / "wpq.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    if with_user:
        connection.execute("INSERT INTO users (name) VALUES ('Administrator')")
    connection.commit()
    connection.close()
    return str(path)


def _has_statistics(path: str) -> bool:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is not None
    finally:
        connection.close()


def test_opening_an_empty_database_gathers_no_statistics(tmp_path):
    path = _new_database(tmp_path, with_user=False)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    engine.dispose(close=False)  # `PRAGMA optimize` as connections close is not under test here
    assert database is not None and not _has_statistics(path)


def test_opening_a_database_with_records_and_no_statistics_gathers_them(tmp_path):
    path = _new_database(tmp_path, with_user=True)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    engine.dispose(close=False)
    assert _has_statistics(path)


def _other_process_can_write(path: str) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # takes the write lock, writes nothing
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_a_request_that_saves_takes_the_write_lock_as_it_begins_and_a_page_does_not(app):
    from workforce.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's write lock")
        path = db.engine.url.database
    with app.test_request_context("/staff/new", method="POST"), db.engine.begin() as connection:
        connection.execute(sa.text("SELECT count(*) FROM users"))
        assert not _other_process_can_write(path)  # it waits its turn instead of failing on a stale snapshot
    with app.test_request_context("/staff", method="GET"), db.engine.begin() as connection:
        connection.execute(sa.text("SELECT count(*) FROM users"))
        assert _other_process_can_write(path)  # readers never hold writers up
    with app.test_request_context("/sign-in", method="POST"):
        other_engine = sa.create_engine(f"sqlite:///{path}")
        with other_engine.begin() as connection:  # not the app's own engine: an ordinary reader
            connection.execute(sa.text("SELECT count(*) FROM users"))
            assert _other_process_can_write(path)
        other_engine.dispose()
