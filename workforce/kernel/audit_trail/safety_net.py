"""A safety net under the audit trail: a transaction that changes a tracked record without an audit event for it
is refused at commit.

Services write the audit trail by hand (`record_created`, `record_updated`, ...), so a new code path can change
a person's record and forget to. With `AUDIT_SAFETY_NET` on (the test configuration turns it on), every flush
made by a request, or by a command, import or job acting as someone (`audit_trail.acting_as`),
notes the tracked records it inserts, updates or deletes and the audit events it writes; at commit each changed
record needs an event about it, or about the record it belongs to, in the same transaction, or the commit raises
`UnauditedChange` naming them.

A model is tracked when it sets `__audited__ = True`. A record audited through the record it belongs to (a
discussed case in its supervision's event) names that record's type and foreign key in `__audit_parent__`,
for example `("Supervision", "supervision_id")`. Changes to columns marked unaudited (`info=UNAUDITED`, such as
the form version counter) need no event. Work that is deliberately not audited (demo data) runs inside
`not_audited(reason)`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from workforce.kernel.audit_trail import acting
from workforce.kernel.models import UNAUDITED, AuditEvent

_KEY = "wpq_audit_safety_net"
_exempt = contextvars.ContextVar("wpq_audit_exempt", default=None)


class UnauditedChange(RuntimeError):
    """A transaction changed tracked records without writing the audit trail for them."""


@contextlib.contextmanager
def not_audited(reason: str) -> Iterator[None]:
    """Changes made inside are not checked (for example demo data, which is not anyone's record)."""
    token = _exempt.set(reason)
    try:
        yield
    finally:
        _exempt.reset(token)


def _record_type(obj) -> str:
    return getattr(obj, "__audit_name__", type(obj).__name__)


def _enabled() -> bool:
    """On in apps configured for it, for the work of the application itself: a request, or a command, import or
    job acting as someone. Records a test builds for itself outside them are the test's setting, not a change."""
    if not (has_app_context() and current_app.config.get("AUDIT_SAFETY_NET")):
        return False
    return has_request_context() or acting() is not None


def _audited_change(obj) -> bool:
    """Whether an update touched a column the audit trail records (not only bookkeeping columns)."""
    state = inspect(obj)
    for column_attr in state.mapper.column_attrs:
        column = column_attr.columns[0]
        if column.info.get("audit") == UNAUDITED["audit"]:
            continue
        if state.attrs[column_attr.key].history.has_changes():
            return True
    return False


def _keys(obj) -> tuple[tuple[str, str], ...]:
    """The audit events that would account for a change to `obj`: one about it, or about its parent."""
    # The identity is not assigned yet while the flush that inserted the record finishes; the key is.
    primary_key = inspect(obj).mapper.primary_key_from_instance(obj)
    keys = [(_record_type(obj), str(primary_key[0]))]
    parent = getattr(type(obj), "__audit_parent__", None)
    if parent is not None:
        parent_type, foreign_key = parent
        keys.append((parent_type, str(getattr(obj, foreign_key))))
    return tuple(keys)


def _state(session: Session) -> dict:
    return session.info.setdefault(_KEY, {"changed": {}, "audited": set()})


def _after_flush(session: Session, _flush_context) -> None:
    if not _enabled():
        return
    state = _state(session)
    exempt = _exempt.get() is not None
    for obj in session.new:
        if isinstance(obj, AuditEvent):
            state["audited"].add((obj.record_type, obj.record_id))
    if exempt:
        return
    changes = [("inserted", obj) for obj in session.new] + [("deleted", obj) for obj in session.deleted]
    changes += [("updated", obj) for obj in session.dirty if _audited_change(obj)]
    for what, obj in changes:
        if getattr(type(obj), "__audited__", False):
            keys = _keys(obj)
            state["changed"].setdefault(keys, f"{keys[0][0]} {keys[0][1]} {what}")


def _before_commit(session: Session) -> None:
    if not _enabled():
        return
    session.flush()
    state = session.info.pop(_KEY, None)
    if not state:
        return
    missing = [
        description
        for keys, description in state["changed"].items()
        if not any(key in state["audited"] for key in keys)
    ]
    if missing:
        raise UnauditedChange("Changed without an audit event in the same transaction: " + "; ".join(sorted(missing)))


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    """Listen on every session; the checks run only in apps with `AUDIT_SAFETY_NET` on."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
