"""Writing the audit trail: services call these in the same transaction as the change they make."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import enum
import re
from collections.abc import Iterator
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import inspect

from workforce.extensions import db
from workforce.kernel.models import REDACTED, UNAUDITED, AuditEvent

#: What `str()` gives a record with no name of its own (`<CpdRecord 2409>`, `<... object at 0x...>`).
_REPR = re.compile(r"^<[A-Za-z_][^\n]*>$")


def label_of(obj) -> str:
    """The label stored with an event: the record's own words, never its Python representation."""
    text = str(obj)
    return "" if _REPR.match(text) else text


#: Shown in place of values of redacted fields such as password hashes.
REDACTED_VALUE = "[changed]"

_acting = contextvars.ContextVar("wpq_audit_actor", default=None)


class Origin(enum.StrEnum):
    WEB = "web"
    COMMAND_LINE = "command line"
    IMPORT = "import"
    API = "api"
    SCHEDULE = "schedule"
    #: A background job (`workforce.kernel.jobs`), attributed to whoever started it.
    JOB = "job"


class Action(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    ARCHIVED = "archived"
    RESTORED = "restored"
    PASSWORD_SET = "password set"
    UNLOCKED = "unlocked"
    ERASED = "erased"
    LINKED = "linked"
    UNLINKED = "unlinked"
    PROVISIONED = "provisioned"
    DEACTIVATED = "deactivated"


@contextlib.contextmanager
def acting_as(label: str, origin: Origin = Origin.COMMAND_LINE, user_id: int | None = None) -> Iterator[None]:
    """Attribute changes made outside a web request (a command, an import job) to a named actor."""
    token = _acting.set((user_id, label, origin))
    try:
        yield
    finally:
        _acting.reset(token)


def acting() -> tuple[int | None, str, Origin] | None:
    """The actor `acting_as` names for the work under way, or None in a request or outside any."""
    return _acting.get()


def _actor() -> tuple[int | None, str, str]:
    acting = _acting.get()
    if acting is not None:
        return acting[0], acting[1], str(acting[2])
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, f"{current_user.name} ({current_user.role.value})", str(Origin.WEB)
    return None, "System", str(Origin.SCHEDULE)


def to_json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json_value(item) for item in value]
    return value


def snapshot(obj, **extra: Any) -> dict[str, Any]:
    """The audited column values of a record, plus named extras (for example a list of managers)."""
    values: dict[str, Any] = {}
    for column_attr in inspect(obj).mapper.column_attrs:
        column = column_attr.columns[0]
        if column.info.get("audit") == UNAUDITED["audit"] or column.primary_key:
            continue
        value = getattr(obj, column_attr.key)
        if column.info.get("audit") == REDACTED["audit"]:
            values[column_attr.key] = (REDACTED, value)
        else:
            values[column_attr.key] = to_json_value(value)
    for key, value in extra.items():
        values[key] = to_json_value(value)
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        redacted = (
            isinstance(old, tuple) and old[:1] == (REDACTED,) or isinstance(new, tuple) and new[:1] == (REDACTED,)
        )
        if redacted:
            changes[key] = {
                "before": None if _redacted_value(old) is None else REDACTED_VALUE,
                "after": None if _redacted_value(new) is None else REDACTED_VALUE,
            }
        else:
            changes[key] = {"before": old, "after": new}
    return changes


def _redacted_value(value: Any) -> Any:
    return value[1] if isinstance(value, tuple) and value[:1] == (REDACTED,) else value


def _record_type(obj) -> str:
    return getattr(obj, "__audit_name__", type(obj).__name__)


def record(obj, action: str, changes: dict | None = None, note: str | None = None) -> AuditEvent:
    """Append one audit event about `obj`; flushes first so a new record has its id."""
    db.session.flush()
    actor_id, actor_label, origin = _actor()
    event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label[:200],
        origin=origin,
        action=str(action),
        record_type=_record_type(obj),
        record_id=str(inspect(obj).identity[0] if inspect(obj).identity else ""),
        record_label=label_of(obj)[:200],
        changes=changes or {},
        note=note,
    )
    db.session.add(event)
    return event


def record_created(obj, note: str | None = None, **extra: Any) -> AuditEvent:
    db.session.flush()
    after = snapshot(obj, **extra)
    changes = diff({}, {key: value for key, value in after.items() if value not in (None, [], "")})
    return record(obj, Action.CREATED, changes, note)


def record_updated(
    obj, before: dict[str, Any], action: str = Action.UPDATED, note: str | None = None, **extra: Any
) -> AuditEvent | None:
    """Record what changed since `before` (a `snapshot`); nothing is written when nothing changed."""
    changes = diff(before, snapshot(obj, **extra))
    if not changes and action == Action.UPDATED:
        return None
    return record(obj, action, changes, note)


def record_created_many(objects, note: str | None = None) -> list[AuditEvent]:
    """`record_created` for many new records with one flush (imports of thousands of rows)."""
    db.session.flush()
    return [
        _event(obj, Action.CREATED, diff({}, {k: v for k, v in snapshot(obj).items() if v not in (None, [], "")}), note)
        for obj in objects
    ]


def record_updated_many(pairs, note: str | None = None) -> list[AuditEvent]:
    """`record_updated` for many (record, before) pairs with one flush; unchanged records write nothing."""
    db.session.flush()
    events = []
    for obj, before in pairs:
        changes = diff(before, snapshot(obj))
        if changes:
            events.append(_event(obj, Action.UPDATED, changes, note))
    return events


def _event(obj, action: str, changes: dict, note: str | None) -> AuditEvent:
    actor_id, actor_label, origin = _actor()
    event = AuditEvent(
        actor_id=actor_id,
        actor_label=actor_label[:200],
        origin=origin,
        action=str(action),
        record_type=_record_type(obj),
        record_id=str(inspect(obj).identity[0] if inspect(obj).identity else ""),
        record_label=label_of(obj)[:200],
        changes=changes,
        note=note,
    )
    db.session.add(event)
    return event
