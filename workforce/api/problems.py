"""One error format for every API failure: RFC 9457 problem details (`application/problem+json`)."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, json, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from workforce.api.constants import PROBLEM_TYPE_BASE
from workforce.extensions import db
from workforce.kernel import errors
from workforce.kernel.contract import registry

PROBLEM_MIMETYPE = "application/problem+json"

#: The title of each status, the same for every occurrence (RFC 9457 §3.1.3); `detail` says what happened.
TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Validation failed",
    429: "Too many requests",
    500: "Internal server error",
}

DETAILS = {
    400: "The request could not be read.",
    401: "Send a valid API token as 'Authorization: Bearer <token>'.",
    403: "Your token or your role does not allow this.",
    404: "There is nothing at this address, or it is outside what your token may see.",
    405: "This address does not accept that method.",
    413: "The request is larger than WPQ accepts.",
    429: "This token has made too many requests; wait and try again.",
    500: "Something went wrong in WPQ. The error has been logged.",
}


class ApiProblem(Exception):
    """Raised by API code to answer with a problem; `errors` holds field errors ({field: [messages]})."""

    def __init__(self, status: int, detail: str | None = None, errors: Any = None, **extra: Any):
        super().__init__(detail or DETAILS.get(status, ""))
        self.status = status
        self.detail = detail or DETAILS.get(status, TITLES.get(status, "Error"))
        self.errors = errors
        self.extra = extra


def problem_type(status: int) -> str:
    return f"{PROBLEM_TYPE_BASE}{status}"


def problem_response(status: int, detail: str | None = None, errors: Any = None, headers=None, **extra: Any):
    body: dict[str, Any] = {
        "type": problem_type(status),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, TITLES.get(status, "Error")),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    if headers:
        response.headers.update(headers)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="WPQ API"'
    return response


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


#: Methods every API address answers without the OpenAPI description naming them (HEAD with each GET).
IMPLIED = {"GET": ("GET", "HEAD")}


def declared_methods(path: str) -> list[str]:
    """The methods the OpenAPI description declares for `path` (with HEAD beside GET): the routes' methods,
    less OPTIONS, less POST on a resource that takes no writes. Empty when no route matches."""
    adapter = current_app.url_map.bind("localhost")
    methods: list[str] = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            rule, arguments = adapter.match(path, method=method, return_rule=True)
        except HTTPException:
            continue
        if method == "POST" and rule.endpoint == "api.list_records":
            resource = registry().api_resources.get(arguments.get("resource_name"))
            if resource is None or resource.create is None:
                continue
        for implied in IMPLIED.get(method, (method,)):
            if implied not in methods:
                methods.append(implied)
    return methods


def refuse_undeclared_methods():
    """Before any API view: OPTIONS, and any method the description does not declare for the address,
    answer 405 problem details with the declared methods in Allow (Flask would otherwise answer OPTIONS
    itself, naming every method the route takes)."""
    if request.url_rule is None:
        return None
    declared = declared_methods(request.path)
    if request.method not in declared:
        raise MethodNotAllowed(valid_methods=declared)
    return None


def handle_problem(problem: ApiProblem):
    return problem_response(problem.status, problem.detail, problem.errors, **problem.extra)


def handle_http_error(error: HTTPException):
    """Under /api/ every HTTP error is a problem; elsewhere the kernel's error pages answer."""
    if not is_api_request():
        return errors.handle_http_error(error)
    if error.code is None or error.code < 400:
        return error
    headers = {}
    if error.code == 405:
        headers["Allow"] = ", ".join(declared_methods(request.path) or error.valid_methods or ())
    if error.code == 429:
        headers.update(dict(error.get_headers()))
        headers.pop("Content-Type", None)
    detail = DETAILS.get(error.code) if error.code in DETAILS else error.description
    return problem_response(error.code, detail, headers=headers)


def handle_unexpected_error(error: Exception):
    if not is_api_request():
        return errors.handle_unexpected_error(error)
    db.session.rollback()
    current_app.logger.exception("Unexpected error in the API")
    if current_app.config.get("TESTING") and current_app.config.get("PROPAGATE_TEST_ERRORS", True):
        raise error
    return problem_response(500)


def init_app(app: Flask) -> None:
    # Registered after the kernel's handlers, so these replace them; pages still get the kernel's.
    app.register_error_handler(ApiProblem, handle_problem)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
