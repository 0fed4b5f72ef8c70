"""The audit trail and the staff timeline in the council's words: "Reason for leaving: Resignation",
"Leaving: No → Yes", never a column name, a stored code or a Python representation of a record."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Boolean, Enum
from sqlalchemy.orm import Mapper

from workforce.extensions import db
from workforce.kernel.dates import display_date, display_datetime
from workforce.kernel.models import IntegerCode

NOT_RECORDED = "Not recorded"
#: What `str()` gives a record that has no name of its own (`<CpdRecord 2409>`).
_REPR = re.compile(r"^<[A-Za-z_][^\n]*>$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
#: Field names whose plain humanised form misleads.
_LABELS = {
    "is_leaving": "Leaving the council",
    "fte": "FTE",
    "swe_number": "Social Work England number",
    "dbs_checked_on": "DBS checked on",
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def humanise(name: str) -> str:
    """`reason_for_leaving` → "Reason for leaving"; `team_id` → "Team"."""
    if name in _LABELS:
        return _LABELS[name]
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@cache
def _mappers() -> dict[str, Mapper]:
    found = {}
    for mapper in db.Model.registry.mappers:
        found.setdefault(getattr(mapper.class_, "__audit_name__", mapper.class_.__name__), mapper)
    return found


def _column(record_type: str, field: str):
    mapper = _mappers().get(record_type)
    if mapper is None or field not in mapper.columns:
        return None
    return mapper.columns[field]


def field_label(record_type: str, field: str) -> str:
    column = _column(record_type, field)
    label = column.info.get("label") if column is not None else None
    return label or humanise(field)


def _enum_type(column) -> type[enum.Enum] | None:
    if column is None:
        return None
    if isinstance(column.type, IntegerCode):
        return column.type.enum_type
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        return column.type.enum_class
    return None


def value_words(record_type: str, field: str, value) -> str:
    """A stored value as a person reads it: the code's description, Yes or No, a date as dates are shown."""
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    column = _column(record_type, field)
    enum_type = _enum_type(column)
    if enum_type is not None:
        try:
            member = enum_type(int(value) if issubclass(enum_type, int) else value)
        except (ValueError, TypeError):
            return str(value)
        return str(getattr(member, "label", member.value))
    if isinstance(value, bool) or column is not None and isinstance(column.type, Boolean):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(value_words(record_type, field, item) for item in value) or NOT_RECORDED
    if isinstance(value, str) and _ISO_TIME.match(value):
        try:
            return display_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return display_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def changes_in_words(record_type: str, changes: dict | None) -> list[Change]:
    return [
        Change(
            field_label(record_type, field),
            value_words(record_type, field, change.get("before")),
            value_words(record_type, field, change.get("after")),
        )
        for field, change in (changes or {}).items()
    ]


def record_words(record_type: str, record_id: str, record_label: str) -> str:
    """How the trail names a record: its own label ("Holly Ahmed"), or "CPD record 2409" for one whose
    label was only a Python representation."""
    kind = humanise(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", record_type).lower())
    kind = re.sub(r"\bcpd\b", "CPD", kind, flags=re.IGNORECASE)
    label = (record_label or "").strip()
    if not label or _REPR.match(label) or label == record_id:
        return f"{kind} {record_id}".strip()
    return f"{kind} {record_id}: {label}"


def init_app(app) -> None:
    app.add_template_global(changes_in_words, "changes_in_words")
    app.add_template_global(record_words, "record_words")
