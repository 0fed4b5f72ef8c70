"""Output and input schemas of the kernel's records (teams, users), measures and tokens: explicit fields."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from workforce.api.constants import MAX_ID
from workforce.kernel import clock
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.roles import Role


class Id(fields.Integer):
    """A record's identifier given by a caller: a whole number from 1 to the largest the database holds."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(min=1, max=MAX_ID, error="Enter an id from {min} to {max}"), **kwargs)


def code_parameter(enum_type) -> fields.Enum:
    """A query parameter taking one code of a code list (an Enum's stored values); others are a 422."""
    return fields.Enum(enum_type, by_value=True, error_messages={"unknown": "Use one of: {choices}"})


class Code(fields.Field):
    """An enum member written as its code (the stored value): "hr", 5, "WBRI"."""

    def __init__(self, enum_type, **kwargs):
        super().__init__(**kwargs)
        self.enum_type = enum_type

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.value


class UtcDateTime(fields.DateTime):
    """A moment in ISO 8601 with its UTC offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else clock.as_utc(value).isoformat()


class Reference(Schema):
    """Another record, by id and name."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


class TeamSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    service_area_id = fields.Integer(required=True)
    service_area = fields.Function(lambda team: team.service_area.name, required=True, metadata={"type": "string"})
    managers = fields.List(fields.Nested(Reference), required=True)
    created_at = UtcDateTime(required=True)
    archived_at = UtcDateTime(allow_none=True, required=True)


class TeamInputSchema(Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120, error="Enter a team name of 120 characters or fewer"),
        error_messages={"required": "Enter the team name"},
    )
    service_area = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120, error="Enter a service area of 120 characters or fewer"),
        error_messages={"required": "Enter the service area"},
    )
    manager_ids = fields.List(Id(), load_default=list, metadata={"description": "Team managers' user ids"})


class UserSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    role = Code(Role, required=True)
    team_id = fields.Integer(allow_none=True, required=True)
    managed_team_ids = fields.Function(
        lambda user: [team.id for team in user.managed_teams],
        required=True,
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    active = fields.Function(lambda user: user.is_active, required=True, metadata={"type": "boolean"})
    last_signed_in_at = UtcDateTime(allow_none=True, required=True)


class MeasureSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    definition = fields.String(required=True)
    source = fields.Function(lambda measure: str(measure.source), required=True, metadata={"type": "string"})
    unit = fields.Function(lambda measure: str(measure.unit), required=True, metadata={"type": "string"})
    polarity = fields.Function(lambda measure: str(measure.polarity), required=True, metadata={"type": "string"})
    module = fields.String(required=True)
    census_comparable = fields.Boolean(required=True)


class MeasureValueSchema(Schema):
    measure = fields.String(required=True)
    title = fields.String(required=True)
    unit = fields.String(required=True)
    polarity = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    level = fields.String(required=True, metadata={"enum": [level.value for level in ScopeLevel]})
    scope_id = fields.Integer(allow_none=True, required=True)
    numerator = fields.Float(allow_none=True, required=True)
    denominator = fields.Float(allow_none=True, required=True)
    value = fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "null when not applicable (a zero denominator) or suppressed"},
    )
    suppressed = fields.Boolean(
        required=True,
        metadata={
            "description": "true when the figure is suppressed ([c] on the pages) to protect small numbers: "
            "value, numerator and denominator are then null. Only committee viewers' figures are suppressed."
        },
    )
    computed_at = UtcDateTime(
        required=True,
        metadata={
            "description": "when the figure was computed: the stored figure's time for a whole month (or the "
            "current month to today), else the time of the request"
        },
    )
