"""`/healthz` (the process answers) and `/readyz` (it can serve: database, migrations, Redis, job queue).

Both are open without signing in, for load balancers and orchestrators, and say nothing about any person:
only which dependency is ready and which is not.
"""

from __future__ import annotations

from collections.abc import Callable

import redis
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from workforce.extensions import db
from workforce.kernel.operations.schema import SchemaState, schema_state, script_directory
from workforce.kernel.permissions import public

blueprint = Blueprint("operations", __name__)

#: Extra readiness checks other parts of WPQ add (the job queue): name -> a function answering None when
#: ready, or a short reason when not. Kept in app.extensions so each app has its own.
CHECKS_EXTENSION = "wpq_readiness_checks"


def add_readiness_check(app: Flask, name: str, check: Callable[[], str | None]) -> None:
    app.extensions.setdefault(CHECKS_EXTENSION, {})[name] = check


@blueprint.route("/healthz")
@public
def healthz():
    return jsonify(status="ok")


@blueprint.route("/readyz")
@public
def readyz():
    checks: dict[str, str] = {}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
            state = schema_state(connection, _scripts())
            checks["migrations"] = "ok" if state is SchemaState.AT_HEAD else state.value
    except SQLAlchemyError:
        checks["database"] = "unreachable"
        checks["migrations"] = "unknown"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        try:
            redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2).ping()
            checks["redis"] = "ok"
        except redis.RedisError:
            checks["redis"] = "unreachable"
    for name, check in current_app.extensions.get(CHECKS_EXTENSION, {}).items():
        try:
            problem = check()
        except Exception:  # a failing check means not ready, never an error page
            problem = "unreachable"
        checks[name] = problem or "ok"
    ready = all(value == "ok" for value in checks.values())
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _scripts():
    """The migration scripts, read once per process (they do not change while it runs)."""
    scripts = current_app.extensions.get("wpq_migration_scripts")
    if scripts is None:
        scripts = current_app.extensions["wpq_migration_scripts"] = script_directory()
    return scripts


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
