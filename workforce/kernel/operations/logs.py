"""Request ids and structured logs.

Every request carries an id: the caller's `X-Request-ID` when it is a plausible one (a reverse proxy or load
balancer sets it), otherwise a new one; it is sent back in the response's `X-Request-ID` and is on every log
line written while the request runs, with the signed-in user's id (a number, never a name or email).
In production (or with `WPQ_LOG_FORMAT=json`) log lines are JSON objects, one a line, on standard error,
through python-json-logger; each request also writes one `request` line: method, path without the query
string (search text could name a person), endpoint, status and duration.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
#: What a request id taken from a caller may look like: anything else is replaced, so that a header cannot
#: put arbitrary text (or a person's details) into the logs.
PLAUSIBLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_logger = logging.getLogger("wpq.request")

#: The fields of every JSON line, in order; `request_id` and `user_id` come from RequestContextFilter.
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s"


def current_request_id() -> str | None:
    if has_request_context():
        return getattr(g, "request_id", None)
    return None


def current_user_id() -> int | None:
    """The signed-in user's id, if Flask-Login has already loaded the user for this request."""
    if not has_request_context():
        return None
    user = getattr(g, "_login_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.id


class RequestContextFilter(logging.Filter):
    """Adds the request id and the user id to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        if not hasattr(record, "user_id"):
            record.user_id = current_user_id()
        return True


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(JSON_FIELDS, rename_fields={"asctime": "time", "levelname": "level"}))
    handler.addFilter(RequestContextFilter())
    return handler


def configure_json_logging(level: str = "INFO") -> None:
    """Send every logger's records (WPQ's, Flask's, SQLAlchemy's, gunicorn's) to one JSON handler."""
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "wpq_json", False):
            root.removeHandler(existing)
    handler = json_handler()
    handler.wpq_json = True
    root.addHandler(handler)
    root.setLevel(level)


def start_request() -> None:
    supplied = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = supplied if PLAUSIBLE_REQUEST_ID.match(supplied) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def finish_request(response: Response) -> Response:
    request_id = getattr(g, "request_id", None)
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    started = getattr(g, "request_started", None)
    if started is not None:
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
    return response


def init_app(app: Flask) -> None:
    # First of the before-request functions, so that even a refused request has its id.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)
    if app.config.get("LOG_FORMAT") == "json":
        configure_json_logging(app.config.get("LOG_LEVEL", "INFO"))
