"""Engine set-up shared by the web app, the commands and the tests."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, wait for locks, and let SQLAlchemy own transactions so that
    savepoints and transactional DDL work (the pysqlite recipe in SQLAlchemy's documentation)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def render_migration_item(type_, obj, autogen_context):
    """Autogenerate writes WPQ's column types as the plain SQL types they store."""
    from workforce.kernel.models import IntegerCode

    if type_ == "type" and isinstance(obj, IntegerCode):
        return "sa.Integer()"
    return False
