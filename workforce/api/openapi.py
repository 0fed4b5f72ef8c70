"""The OpenAPI 3 description, generated from the registered resources, imports and their marshmallow schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from workforce.api import measures_api
from workforce.api.constants import API_PREFIX, MAX_BULK_ROWS
from workforce.api.resources import list_parameters
from workforce.api.schemas import Code
from workforce.kernel.contract import registry

OPENAPI_VERSION = "3.0.3"
PROBLEM = {"$ref": "#/components/responses/Problem"}


def schema_name(schema: type[Schema] | Schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Schema")


class Components:
    """Collects the schemas referred to while the paths are described."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict] = {}
        #: The class behind each name: two modules' schemas must not share a name in the description.
        self.classes: dict[str, type] = {}

    def ref(self, schema: type[Schema] | Schema, exclude_required: tuple[str, ...] = ()) -> dict:
        name = schema_name(schema)
        schema_class = schema if isinstance(schema, type) else type(schema)
        known = self.classes.setdefault(name, schema_class)
        if known is not schema_class:
            raise ValueError(f"Two schemas are both called {name}: {known.__module__} and {schema_class.__module__}")
        if name not in self.schemas:
            self.schemas[name] = {}
            self.schemas[name] = self.object_schema(schema if isinstance(schema, type) else type(schema))
        return {"$ref": f"#/components/schemas/{name}"}

    def object_schema(self, schema_class: type[Schema]) -> dict:
        declared = schema_class._declared_fields
        properties = {name: self.field(field) for name, field in declared.items()}
        required = [name for name, field in declared.items() if field.required]
        result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            result["required"] = required
        return result

    def field(self, field: fields.Field) -> dict:
        result = self._field_type(field)
        metadata = field.metadata or {}
        if "description" in metadata:
            result["description"] = metadata["description"]
        if "enum" in metadata:
            result["enum"] = list(metadata["enum"])
        for validator in _validators(field):
            _apply_validator(result, validator)
        if field.allow_none and "$ref" not in result:
            result["nullable"] = True
            if "enum" in result:
                result["enum"] = [*result["enum"], None]
        return result

    def _field_type(self, field: fields.Field) -> dict:
        if isinstance(field, fields.Nested):
            return self.ref(field.nested)
        if isinstance(field, fields.List):
            return {"type": "array", "items": self.field(field.inner)}
        if isinstance(field, Code | fields.Enum):
            members = field.enum_type if isinstance(field, Code) else field.enum
            values = [member.value for member in members]
            kind = "integer" if all(isinstance(value, int) for value in values) else "string"
            return {"type": kind, "enum": values}
        if isinstance(field, fields.DateTime):
            return {"type": "string", "format": "date-time"}
        if isinstance(field, fields.Date):
            return {"type": "string", "format": "date"}
        if isinstance(field, fields.Boolean):
            return {"type": "boolean"}
        if isinstance(field, fields.Integer):
            return {"type": "integer"}
        if isinstance(field, fields.Number):
            return {"type": "number"}
        if isinstance(field, fields.String):
            return {"type": "string"}
        if isinstance(field, fields.Function | fields.Method):
            declared = dict(field.metadata or {})
            return {key: declared[key] for key in ("type", "items", "format") if key in declared}
        return {}


def _validators(field: fields.Field) -> list:
    return list(field.validators or [])


def _apply_validator(result: dict, validator) -> None:
    if isinstance(validator, validate.Length):
        if validator.min is not None:
            result["minLength"] = validator.min
        if validator.max is not None:
            result["maxLength"] = validator.max
    elif isinstance(validator, validate.Range):
        if validator.min is not None:
            result["minimum"] = validator.min
        if validator.max is not None:
            result["maximum"] = validator.max
    elif isinstance(validator, validate.OneOf):
        result["enum"] = list(validator.choices)


def query_parameters(components: Components, parameters: type[Schema]) -> list[dict]:
    result = []
    for name, field in parameters._declared_fields.items():
        described = components.field(field)
        description = described.pop("description", None)
        parameter = {"name": name, "in": "query", "required": bool(field.required), "schema": described}
        if description:
            parameter["description"] = description
        result.append(parameter)
    return result


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _operation(summary: str, scope: str, responses: dict, description: str = "", **extra) -> dict:
    operation = {
        "summary": summary,
        "description": (description + f"\n\nToken scope: `{scope}`.").strip(),
        "responses": {**responses, "default": PROBLEM},
        **extra,
    }
    return operation


def describe_resource(components: Components, resource) -> dict[str, dict]:
    listed = {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": {"type": "array", "items": components.ref(resource.schema)},
            "meta": {"$ref": "#/components/schemas/PageMeta"},
            "links": {"$ref": "#/components/schemas/PageLinks"},
        },
        "additionalProperties": False,
    }
    one = {
        "type": "object",
        "required": ["data"],
        "properties": {"data": components.ref(resource.schema)},
        "additionalProperties": False,
    }
    description = resource.description
    if resource.restricted_fields:
        description += " Fields shown only to some roles: " + ", ".join(resource.restricted_fields) + "."
    collection: dict[str, Any] = {
        "get": _operation(
            f"List {resource.title.lower()}",
            resource.read_scope,
            {"200": _json(listed, f"A page of {resource.title.lower()}")},
            description,
            operationId=f"list_{resource.name.replace('-', '_')}",
            tags=[resource.title],
            parameters=query_parameters(components, list_parameters(resource.sorts, resource.filters)),
        )
    }
    if resource.create is not None:
        collection["post"] = _operation(
            f"Create {resource.title.lower()}",
            resource.write_scope,
            {"201": _json(one, "The record created")},
            operationId=f"create_{resource.name.replace('-', '_')}",
            tags=[resource.title],
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": components.ref(resource.input_schema)}},
            },
        )
    item = {
        "get": _operation(
            f"Read one of {resource.title.lower()}",
            resource.read_scope,
            {"200": _json(one, "The record")},
            description,
            operationId=f"get_{resource.name.replace('-', '_')}",
            tags=[resource.title],
            parameters=[{"name": "record_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        )
    }
    return {f"{API_PREFIX}/{resource.name}": collection, f"{API_PREFIX}/{resource.name}/{{record_id}}": item}


def describe_import(components: Components, bulk_import) -> dict[str, dict]:
    columns = ", ".join(f"`{header}` ({meaning})" for header, meaning in bulk_import.columns.items())
    row = {
        "type": "object",
        "additionalProperties": {
            "nullable": True,
            "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
        },
    }
    body = {
        "type": "object",
        "required": ["rows"],
        "properties": {"rows": {"type": "array", "items": row, "minItems": 1, "maxItems": MAX_BULK_ROWS}},
    }
    upload = {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}
    extra = {}
    if bulk_import.options is not None:
        extra["parameters"] = query_parameters(components, bulk_import.options)
    return {
        f"{API_PREFIX}/imports/{bulk_import.name}": {
            "post": _operation(
                f"Import {bulk_import.title.lower()}",
                bulk_import.scope,
                {"200": _json({"$ref": "#/components/schemas/ImportResult"}, "Every row was imported")},
                f"{bulk_import.description} Columns: {columns}. All rows are imported or none: a 422 carries the "
                "row report in `errors`.",
                operationId=f"import_{bulk_import.name.replace('-', '_')}",
                tags=["Imports"],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": body}, "multipart/form-data": {"schema": upload}},
                },
                **extra,
            )
        }
    }


def common_components(components: Components) -> dict:
    string_list = {"type": "array", "items": {"type": "string"}}
    row_problem = {
        "type": "object",
        "required": ["row", "column", "value", "message"],
        "properties": {
            "row": {"type": "integer"},
            "column": {"type": "string"},
            "value": {"type": "string"},
            "message": {"type": "string"},
        },
    }
    components.schemas.update(
        {
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details; `errors` holds field errors or an import's row report.",
                "required": ["type", "title", "status", "detail", "instance"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                    "errors": {
                        "oneOf": [
                            {"type": "object", "additionalProperties": string_list},
                            {"type": "array", "items": {"$ref": "#/components/schemas/RowProblem"}},
                        ]
                    },
                    "total_rows": {"type": "integer"},
                },
            },
            "RowProblem": row_problem,
            "PageMeta": {
                "type": "object",
                "required": ["page", "per_page", "total", "pages"],
                "properties": {key: {"type": "integer"} for key in ("page", "per_page", "total", "pages")},
            },
            "PageLinks": {
                "type": "object",
                "required": ["self", "first", "last", "next", "prev"],
                "properties": {
                    "self": {"type": "string"},
                    "first": {"type": "string"},
                    "last": {"type": "string"},
                    "next": {"type": "string", "nullable": True},
                    "prev": {"type": "string", "nullable": True},
                },
            },
            "ImportResult": {
                "type": "object",
                "required": ["import", "total_rows", "counts"],
                "properties": {
                    "import": {"type": "string"},
                    "total_rows": {"type": "integer"},
                    "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
            },
        }
    )
    return {
        "Problem": {
            "description": "Problem details (RFC 9457)",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    }


def build_description() -> dict:
    """The whole description: the registered resources and imports, the measures, and the token routes."""
    modules = registry()
    components = Components()
    responses = common_components(components)
    paths: dict[str, dict] = {}
    for resource in sorted(modules.api_resources.values(), key=lambda item: item.name):
        paths.update(describe_resource(components, resource))
    paths.update(measures_api.describe(components, _operation, _json, query_parameters))
    for bulk_import in sorted(modules.api_imports.values(), key=lambda item: item.name):
        paths.update(describe_import(components, bulk_import))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "WPQ API",
            "version": "1",
            "description": (
                "Workforce and Practice Quality records and measures as JSON. Send a token as "
                "`Authorization: Bearer <token>`; a token acts as its user, within its scopes, and sees no more "
                "than its user sees in the pages. Errors are RFC 9457 problem details."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"token": []}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(components.schemas.items())),
            "responses": responses,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
