"""Error pages in GOV.UK style."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workforce.extensions import db

TITLES = {
    400: "Sorry, there is a problem with that request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, that action is not allowed here",
    413: "The file is too large",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def render_error(status: int, detail: str | None = None):
    title = TITLES.get(status, "Sorry, there is a problem")
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400, "The form had expired or was sent from another page. Go back, reload the page and try again."
    )


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unexpected error")
    if current_app.config.get("TESTING") and current_app.config.get("PROPAGATE_TEST_ERRORS", True):
        raise error
    return render_error(500)
