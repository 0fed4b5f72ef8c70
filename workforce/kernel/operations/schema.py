"""Where the database stands against the code's migrations: at head, behind, or newer than the code."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import Connection


class SchemaState(StrEnum):
    AT_HEAD = "at head"
    BEHIND = "behind the code: run wpq db upgrade"
    NEWER = "newer than the code"


class DatabaseNewerThanCode(RuntimeError):
    """The database holds a migration this version of WPQ does not have."""


def script_directory() -> ScriptDirectory:
    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def current_revisions(connection: Connection) -> set[str]:
    """The migrations the database records (read directly: Alembic's context logs each time it starts,
    which a readiness probe every few seconds would fill the logs with)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def schema_state(connection: Connection, scripts: ScriptDirectory | None = None) -> SchemaState:
    scripts = scripts or script_directory()
    current = current_revisions(connection)
    known = {revision.revision for revision in scripts.walk_revisions()}
    if current - known:
        return SchemaState.NEWER
    if current != set(scripts.get_heads()):
        return SchemaState.BEHIND
    return SchemaState.AT_HEAD


def refuse_a_newer_database(connection: Connection, scripts: ScriptDirectory) -> None:
    """Called by migrations/env.py before any migration runs: a database migrated by a newer release is
    never downgraded or stamped over by an older one (see docs/deployment.md, upgrades)."""
    if schema_state(connection, scripts) is SchemaState.NEWER:
        current = ", ".join(sorted(current_revisions(connection)))
        raise DatabaseNewerThanCode(
            f"The database is at migration {current}, which this version of WPQ does not have: it was upgraded "
            f"by a newer release (this one ends at {', '.join(scripts.get_heads())}). Run the newer release, "
            "or restore a backup taken before that upgrade."
        )
