"""The resource framework: a module declares a `Resource` and the API lists, reads and creates its records.

A resource names its token-scope area, its output schema (explicit fields), a query returning the records
a user may see (scoped with `workforce.kernel.permissions`), the fields callers may filter and sort by,
and optionally an input schema and a `create` operation. Modules add resources with
`registry().add_api_resource(Resource(...))` in their `init_app`; see docs/api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for
from flask_login import current_user
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import Select, func, select

from workforce.api.constants import DEFAULT_PER_PAGE, MAX_ID, MAX_PER_PAGE, Access, scope_name
from workforce.api.problems import ApiProblem
from workforce.extensions import db
from workforce.kernel.imports import NUL_MESSAGE, holds_nul
from workforce.kernel.permissions import user_can


class Operator:
    EQUAL = "equal to"
    AT_LEAST = "on or after"
    AT_MOST = "on or before"
    CONTAINS = "containing"


@dataclass(frozen=True)
class Filter:
    """A query parameter that narrows a list: `column` compared with the value `field` parses."""

    column: Any
    field: fields.Field
    description: str
    operator: str = Operator.EQUAL

    def apply(self, statement: Select, value: Any) -> Select:
        if self.operator == Operator.AT_LEAST:
            return statement.where(self.column >= value)
        if self.operator == Operator.AT_MOST:
            return statement.where(self.column <= value)
        if self.operator == Operator.CONTAINS:
            escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return statement.where(func.lower(self.column).like(f"%{escaped}%", escape="\\"))
        return statement.where(self.column == value)


def date_range(column: Any, name: str, verb: str) -> dict[str, Filter]:
    """`<name>_from` and `<name>_to`: records whose `column` falls on or after, and on or before, a date."""
    return {
        f"{name}_from": Filter(column, fields.Date(), f"{verb} on or after", Operator.AT_LEAST),
        f"{name}_to": Filter(column, fields.Date(), f"{verb} on or before", Operator.AT_MOST),
    }


@dataclass(frozen=True)
class Resource:
    #: The URL segment, kebab-case and plural: /api/v1/<name>.
    name: str
    #: The token-scope area: a token needs "<area>:read" to list and read, "<area>:write" to create.
    area: str
    title: str
    description: str
    #: Output schema class, with explicit fields.
    schema: type[Schema]
    #: The records `user` may see, already scoped (team managers their teams, and so on).
    query: Callable[[Any], Select]
    #: The primary key column, for /api/v1/<name>/<id> and as the last sort key.
    id_column: Any
    #: Sort keys callers may use (`sort=name`, `sort=-name` for descending).
    sorts: dict[str, Any]
    default_sort: str
    filters: dict[str, Filter] = field(default_factory=dict)
    #: The permission the user must hold to read; None when the query's scoping is the whole rule.
    permission: str | None = None
    #: Fields of the output schema to leave out for a user (fields by role).
    hidden_fields: Callable[[Any], set[str]] = lambda user: set()
    #: Fields only some roles see, so the OpenAPI description can say so.
    restricted_fields: tuple[str, ...] = ()
    #: Creating a record: input schema and `create(data)` returning the new record (it flushes and audits).
    input_schema: type[Schema] | None = None
    create: Callable[[dict], Any] | None = None
    write_permission: str | None = None

    @property
    def read_scope(self) -> str:
        return scope_name(self.area, Access.READ)

    @property
    def write_scope(self) -> str:
        return scope_name(self.area, Access.WRITE)

    def check_read(self, user) -> None:
        if self.permission and not user_can(self.permission, user):
            raise ApiProblem(403, f"Your role cannot read {self.title.lower()}.")

    def check_write(self, user) -> None:
        if self.create is None:
            raise ApiProblem(405, f"{self.title} cannot be created through the API.")
        if self.write_permission and not user_can(self.write_permission, user):
            raise ApiProblem(403, f"Your role cannot create {self.title.lower()}.")

    def dump(self, records, user, many: bool = False):
        return self.schema(exclude=tuple(sorted(self.hidden_fields(user))), many=many).dump(records)


def sort_parameter(resource_sorts: dict[str, Any]) -> fields.Field:
    choices = sorted(resource_sorts) + sorted(f"-{key}" for key in resource_sorts)
    return fields.String(
        validate=validate.OneOf(choices, error="Sort by one of: {choices}"),
        metadata={"description": "Sort key; prefix with - for descending.", "enum": choices},
    )


def list_parameters(sorts: dict[str, Any], filters: dict[str, Filter]) -> type[Schema]:
    """The query parameters of a list: pagination, sorting and the declared filters, nothing else."""
    attributes: dict[str, fields.Field] = {
        "page": fields.Integer(
            load_default=1,
            validate=validate.Range(min=1, max=MAX_ID, error="Enter a page number from {min} to {max}"),
            metadata={"description": "The page to return, from 1."},
        ),
        "per_page": fields.Integer(
            load_default=DEFAULT_PER_PAGE,
            validate=validate.Range(min=1, max=MAX_PER_PAGE, error="Enter a page size from {min} to {max}"),
            metadata={"description": f"Records per page, at most {MAX_PER_PAGE}."},
        ),
        "sort": sort_parameter(sorts),
    }
    for name, declared in filters.items():
        declared.field.metadata.setdefault("description", declared.description)
        attributes[name] = declared.field
    return Schema.from_dict(attributes, name="ListParameters")


def load_query(parameters: type[Schema]) -> dict:
    """The query string loaded through `parameters`; anything undeclared or invalid is a 422."""
    repeated = [key for key in request.args if len(request.args.getlist(key)) > 1]
    if repeated:
        raise ApiProblem(
            422, "A query parameter was given more than once.", {key: ["Give this once"] for key in repeated}
        )
    with_nul = [key for key, value in request.args.items() if holds_nul(key) or holds_nul(value)]
    if with_nul:
        raise ApiProblem(422, "The query parameters are not valid.", {key: [NUL_MESSAGE] for key in with_nul})
    try:
        return parameters(unknown=RAISE).load(request.args.to_dict())
    except ValidationError as error:
        raise ApiProblem(422, "The query parameters are not valid.", field_errors(error.messages)) from None


def load_body(schema: type[Schema]) -> dict:
    if not request.is_json:
        raise ApiProblem(415 if request.data else 422, "Send the record as JSON (Content-Type: application/json).")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiProblem(422, "The body must be a JSON object.", {"_body": ["Send a JSON object"]})
    if holds_nul(payload):
        raise ApiProblem(422, "The record is not valid.", {"_body": [NUL_MESSAGE]})
    try:
        return schema(unknown=RAISE).load(payload)
    except ValidationError as error:
        raise ApiProblem(422, "The record is not valid.", field_errors(error.messages)) from None


def field_errors(messages: Any) -> dict[str, list[str]]:
    """Marshmallow's messages as {field: [messages]} (nested fields joined with dots)."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat.setdefault(prefix or "_body", []).extend(value)
        else:
            flat.setdefault(prefix or "_body", []).append(str(value))

    walk("", messages)
    return flat


def order(statement: Select, sorts: dict[str, Any], sort: str, id_column) -> Select:
    """Sort by the caller's key, then by id; any ordering the module's query carried is replaced."""
    descending = sort.startswith("-")
    column = sorts[sort.lstrip("-")]
    return statement.order_by(None).order_by(column.desc() if descending else column.asc(), id_column.asc())


def paginate(statement: Select, page: int, per_page: int, endpoint: str, **values) -> tuple[list, dict]:
    """One page of `statement` and the body's `meta` and `links` (totals and neighbouring pages)."""
    total = db.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
    records = list(db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).scalars().unique())
    pages = max(1, -(-total // per_page))
    arguments = {key: value for key, value in request.args.items() if key != "page"}

    def page_url(number: int) -> str:
        return url_for(endpoint, **values, **arguments, page=number)

    links = {"self": page_url(page), "first": page_url(1), "last": page_url(pages)}
    links["next"] = page_url(page + 1) if page < pages else None
    links["prev"] = page_url(page - 1) if 1 < page <= pages + 1 else None
    meta = {"page": page, "per_page": per_page, "total": total, "pages": pages}
    return records, {"meta": meta, "links": links}


def list_records(resource: Resource) -> dict:
    user = current_user._get_current_object()
    resource.check_read(user)
    arguments = load_query(list_parameters(resource.sorts, resource.filters))
    statement = resource.query(user)
    for name, declared in resource.filters.items():
        if arguments.get(name) is not None:
            statement = declared.apply(statement, arguments[name])
    statement = order(statement, resource.sorts, arguments.get("sort") or resource.default_sort, resource.id_column)
    records, paging = paginate(
        statement, arguments["page"], arguments["per_page"], "api.list_records", resource_name=resource.name
    )
    return {"data": resource.dump(records, user, many=True), **paging}


def get_record(resource: Resource, record_id: int) -> dict:
    user = current_user._get_current_object()
    resource.check_read(user)
    record = None
    if record_id <= MAX_ID:
        record = db.session.execute(resource.query(user).where(resource.id_column == record_id)).scalars().first()
    if record is None:
        raise ApiProblem(404, f"There is no record {record_id} in {resource.title.lower()} that you may see.")
    return {"data": resource.dump(record, user)}


def no_extra_query() -> None:
    """Reads of one record and writes take no query parameters."""
    load_query(Schema.from_dict({}, name="NoParameters"))
