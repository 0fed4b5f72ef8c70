"""Computed figures reused between requests while the data behind them is unchanged.

Every transaction that inserts, changes or deletes a record (other than audit-trail entries) gives the
data a new generation as it commits: a random token written to `data_generations` in the same
transaction as the change, just before the commit, so the one row every writer updates is locked only for
the moment of the commit (a long import does not hold up everyone else's saves). A figure is kept with
the token it was computed under and served only while the token read from the database is the same, so it
is never stale: a backdated correction, an import or a setting changed in another worker process all
change the token, and the next request recomputes. A token is never reused. While a transaction holds
changes it has not committed, its figures are computed afresh and not kept, so a figure that counts
changes later rolled back is never served.

The figures themselves are kept in each process's memory (bounded, least recently used first out);
the token is what the processes share.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from workforce.extensions import db
from workforce.kernel.models import AuditEvent, DataGeneration

T = TypeVar("T")

GENERATION = "records"
#: The session's `info` key that says its transaction has changed records it has not committed yet.
CHANGED = "figure_cache.changed"
#: Tables whose changes no cached figure reads, the bookkeeping tables: the audit trail, the token itself, and
#: the jobs table and its files (a job's status is not a figure; the work a job does is tracked as any change).
UNTRACKED_TABLES = frozenset(
    {AuditEvent.__tablename__, DataGeneration.__tablename__, "alembic_version", "jobs", "job_files"}
)
MAX_ENTRIES = 4096

_lock = threading.Lock()
_figures: OrderedDict[Hashable, tuple[str, object]] = OrderedDict()


def new_token() -> str:
    return uuid.uuid4().hex


def current_generation() -> str:
    """The data's generation as this transaction sees it (one primary-key read)."""
    token = db.session.execute(select(DataGeneration.token).where(DataGeneration.name == GENERATION)).scalar()
    if token is None:  # a database made before generations were kept: start one
        token = bump(db.session)
    return token


def bump(session: Session) -> str:
    """Give the data a new generation, in the session's transaction."""
    token = new_token()
    connection = session.connection()
    changed = connection.execute(
        update(DataGeneration.__table__).where(DataGeneration.name == GENERATION).values(token=token)
    ).rowcount
    if not changed:
        connection.execute(insert(DataGeneration.__table__).values(name=GENERATION, token=token))
    return token


def has_uncommitted_changes(session: Session) -> bool:
    return bool(session.info.get(CHANGED))


def cached(key: Hashable, compute: Callable[[], T], generation: str | None = None) -> T:
    """`compute()`, or the value it gave under the data's current generation.

    Pass `generation` (from `current_generation()`) to look up several figures with one read of it.
    """
    if has_uncommitted_changes(db.session()):
        return compute()
    generation = generation or current_generation()
    with _lock:
        entry = _figures.get(key)
        if entry is not None and entry[0] == generation:
            _figures.move_to_end(key)
            return entry[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _figures[key] = (generation, value)
        _figures.move_to_end(key)
        while len(_figures) > MAX_ENTRIES:
            _figures.popitem(last=False)
    return value


def init_app(app) -> None:
    """Nothing to set up per app: the session events below are registered once, on import."""


def clear() -> None:
    """Forget every kept figure (they would be recomputed anyway once the data changes)."""
    with _lock:
        _figures.clear()


def _tracked(instances) -> bool:
    return any(getattr(instance, "__tablename__", None) not in UNTRACKED_TABLES for instance in instances)


@event.listens_for(Session, "after_flush")
def _note_changes_after_flush(session: Session, flush_context) -> None:
    if _tracked(session.new) or _tracked(session.deleted) or _tracked(session.dirty):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_changes_by_statements(state) -> None:
    """Bulk INSERT, UPDATE and DELETE statements run through the session change records too."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in UNTRACKED_TABLES:
        state.session.info[CHANGED] = True


@event.listens_for(Session, "before_commit")
def _new_generation_as_changes_commit(session: Session) -> None:
    session.flush()  # the commit flushes after this hook; flush first so that its changes are counted
    if session.info.pop(CHANGED, False):
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes_when_the_transaction_ends(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
