"""Engine set-up shared by the web app, the commands and the tests."""

import sqlite3

from sqlalchemy import Select, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool


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
    cursor.execute("PRAGMA busy_timeout=0")  # statistics are never worth waiting for another writer
    _analyze_when_never_analyzed(cursor)
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _analyze_when_never_analyzed(cursor) -> None:
    """SQLite plans queries from the statistics ANALYZE keeps; without them it guesses, and at scale it guesses
    badly (an index on a column that is nearly always NULL looks selective). Gather them when there are none.

    A database whose tables are all empty (a new install) has no statistics even after ANALYZE, so it is
    analysed only while it also has records: otherwise every new connection would write, and take the write
    lock from the other processes starting beside it. Tables that fill later are analysed by `PRAGMA
    optimize` as connections close, and after a demo load or an import by `refresh_statistics`."""
    try:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1")
            if cursor.fetchone() is not None:
                return
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'users' AND type = 'table'")
        if cursor.fetchone() is None:
            return  # not migrated yet
        cursor.execute("SELECT 1 FROM users LIMIT 1")
        if cursor.fetchone() is None:
            return  # a new install: nothing to gather statistics on
        cursor.execute("ANALYZE")
    except sqlite3.OperationalError:  # read-only, or another connection is writing: plan without them this time
        pass


def refresh_statistics(session) -> None:
    """Gather the query planner's statistics afresh (SQLite and PostgreSQL), after loading many rows."""
    session.execute(text("ANALYZE"))


@event.listens_for(Pool, "close")
def _optimize_sqlite_on_close(dbapi_connection, connection_record):
    """SQLite's advice: PRAGMA optimize before a connection closes re-analyzes tables that have grown."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        try:
            dbapi_connection.execute("PRAGMA busy_timeout=0")
            dbapi_connection.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass


#: Requests that may save: their SQLite transactions take the write lock as they begin.
SAVING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _saves(connection) -> bool:
    """True for the app's own connection in a request that saves (not another engine's, such as the
    rate-limit counters', which must never wait for the request's own write lock)."""
    from flask import has_request_context, request

    if not has_request_context() or request.method not in SAVING_METHODS:
        return False
    from workforce.extensions import db

    return connection.engine is db.engine


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    """SQLite in WAL mode: a transaction that read and then writes fails at once ("database is locked", no
    waiting) when another process committed in between, since its snapshot is out of date. A request that
    saves (a form, an API write) therefore begins with BEGIN IMMEDIATE, which waits its turn for the write
    lock (busy_timeout) before reading anything; pages and the worker's long reads stay ordinary readers
    that never wait for a writer."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _saves(connection) else "BEGIN")


def render_migration_item(type_, obj, autogen_context):
    """Autogenerate writes WPQ's column types as the plain SQL types they store."""
    from workforce.kernel.models import IntegerCode

    if type_ == "type" and isinstance(obj, IntegerCode):
        return "sa.Integer()"
    return False


def count_rows(query: Select) -> int:
    """How many rows a list query returns, in one query (for paging it without loading every row)."""
    from workforce.extensions import db

    return db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
