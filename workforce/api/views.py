"""The JSON API at /api/v1/: token-authenticated, scoped like the pages, problem details for every failure."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_login import current_user

from workforce.api import measures_api, openapi
from workforce.api import resources as framework
from workforce.api.auth import current_token, rate_limit_key, require_scope, token_required
from workforce.api.bulk import run_import
from workforce.api.constants import API_PREFIX
from workforce.api.problems import ApiProblem, refuse_undeclared_methods
from workforce.extensions import db, limiter
from workforce.kernel.audit_trail import Origin, acting_as
from workforce.kernel.contract import registry

blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)
# Declared once, here, when the blueprint is made (not per app), and counted per token, not per address.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)(blueprint)
blueprint.before_request(refuse_undeclared_methods)


def _resource(resource_name: str):
    resource = registry().api_resources.get(resource_name)
    if resource is None:
        raise ApiProblem(404, f"There is no resource called {resource_name}.")
    return resource


@blueprint.route("/")
@token_required
def index():
    """What this token can reach: the resources, measures and imports, each with its scope."""
    framework.no_extra_query()
    token = current_token()
    resources = [
        {
            "name": name,
            "title": resource.title,
            "href": url_for("api.list_records", resource_name=name),
            "scope": resource.read_scope,
            "allowed": token.allows(resource.read_scope),
        }
        for name, resource in sorted(registry().api_resources.items())
    ]
    return jsonify(
        {
            "user": {"id": current_user.id, "name": current_user.name, "role": current_user.role.value},
            "scopes": sorted(token.scopes),
            "resources": resources,
            "openapi": url_for("api.openapi_description"),
        }
    )


@blueprint.route("/openapi.json")
@token_required
def openapi_description():
    framework.no_extra_query()
    return jsonify(openapi.build_description())


@blueprint.route("/measures")
@token_required
def list_measures():
    require_scope(measures_api.SCOPE)
    return jsonify(measures_api.list_measures(current_user._get_current_object()))


@blueprint.route("/measure-values")
@token_required
def measure_values():
    require_scope(measures_api.SCOPE)
    return jsonify(measures_api.measure_values(current_user._get_current_object()))


@blueprint.route("/<resource_name>", methods=["GET", "POST"])
@token_required
def list_records(resource_name: str):
    resource = _resource(resource_name)
    if request.method == "GET":
        require_scope(resource.read_scope)
        return jsonify(framework.list_records(resource))
    require_scope(resource.write_scope)
    user = current_user._get_current_object()
    resource.check_write(user)
    framework.no_extra_query()
    data = framework.load_body(resource.input_schema)
    with acting_as(f"{user.name} ({user.role.value})", origin=Origin.API, user_id=user.id):
        record = resource.create(data)
        db.session.flush()
    db.session.commit()
    body = resource.dump(record, user)
    response = jsonify({"data": body})
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_one_record", resource_name=resource.name, record_id=body["id"])
    return response


@blueprint.route("/<resource_name>/<int:record_id>")
@token_required
def get_one_record(resource_name: str, record_id: int):
    resource = _resource(resource_name)
    require_scope(resource.read_scope)
    framework.no_extra_query()
    return jsonify(framework.get_record(resource, record_id))


@blueprint.route("/imports/<import_name>", methods=["POST"])
@token_required
def import_rows(import_name: str):
    bulk_import = registry().api_imports.get(import_name)
    if bulk_import is None:
        raise ApiProblem(404, f"There is no import called {import_name}.")
    require_scope(bulk_import.scope)
    body, status = run_import(bulk_import)
    return jsonify(body), status
