"""Which tables a commit changed, and figures kept between requests while the tables they read are unchanged.

Every transaction notes the tables whose records it inserts, changes or deletes. Bookkeeping makes nothing
stale: the audit trail, the stored figures and this module's own tables, and an update that touches only
columns left out of the audit trail (a sign-in's `last_signed_in_at`, `failed_sign_ins` and session token,
an API token's `last_used_at`; see `workforce.kernel.models.UNAUDITED`). As the transaction commits, each
changed table gets a new random generation token in `data_generations` (one row per table, written just
before the commit so that the row is locked only for the moment of the commit), and the listeners added
with `on_commit` are told which tables changed: the stored figures (`workforce.kernel.stored_figures`) mark
stale just the measures that read them.

`kept(key, compute)` serves page figures that are not registered measures (a caseload trend, the workforce
home panel): it records the tables the computation's SQL read and keeps the result, in this process's
memory, with those tables' tokens. It is served again only while every one of those tokens is unchanged,
so a sign-in or a save to an unrelated table leaves it kept, and a save that matters, in any worker
process, makes the next request recompute. While a transaction holds changes it has not committed, figures
are computed afresh and not kept.

`kept_page` does the same for a whole read-only page: the page a person was shown is shown to them again, in
the same sign-in session, while none of the tables its rendering read has changed, and for at most a minute
(for what depends on the time of day). The first view after a save that matters renders the page afresh.
"""

from __future__ import annotations

import contextvars
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from functools import wraps
from typing import TypeVar

from flask import Response, current_app, g, has_request_context, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Table, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql import util as sql_util

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.models import UNAUDITED, AuditEvent, DataGeneration

T = TypeVar("T")

#: The session's `info` key holding the tables its transaction has changed and not committed yet.
CHANGED = "freshness.changed"
#: Tables whose changes make nothing stale: the audit trail, the generations, and the jobs table and its
#: files (a job's status and progress are not figures; the work a job does is tracked as any change),
#: sign-in sessions and rate-limit counts (written as people use WPQ), and the messages sent.
#: Other kernel modules add theirs with `ignore_tables`.
UNTRACKED_TABLES: set[str] = {
    AuditEvent.__tablename__,
    DataGeneration.__tablename__,
    "alembic_version",
    "jobs",
    "job_files",
    "sign_in_sessions",
    "rate_limit_windows",
    "notification_outbox",
    "password_resets",
}
MAX_ENTRIES = 4096
#: Rendered pages kept by `kept_page`, in each process: at most this many bytes of pages in all.
PAGE_BYTES = 64 * 1024 * 1024
#: A kept page is rendered afresh after this many seconds even when no table it read has changed.
PAGE_SECONDS = 60
#: `g`'s key for the values computed once per request (`for_this_request`).
REQUEST_KEPT = "wpq_request_kept"
#: `g`'s key for the tables' tokens as this request first read them.
GENERATIONS = "wpq_generations"

_lock = threading.Lock()
_kept: OrderedDict[Hashable, tuple[tuple[tuple[str, str | None], ...], object, datetime]] = OrderedDict()
_pages: OrderedDict[
    Hashable, tuple[tuple[tuple[str, str | None], ...], int, list[tuple[str, str]], bytes, datetime]
] = OrderedDict()
_page_bytes = 0
#: Where a kept page's forms carry the form token: each request's own is put in as the page is sent.
FORM_TOKEN = b"\x00wpq-form-token\x00"
#: Kept pages a request is rendering afresh because they are a minute old.
_refreshing: set[Hashable] = set()
_listeners: list[Callable[[Session, frozenset[str]], None]] = []
#: While `kept` computes: the sets collecting the tables read (one per nested computation).
_reading: contextvars.ContextVar[tuple[set[str], ...]] = contextvars.ContextVar("wpq_tables_read", default=())


def ignore_tables(*names: str) -> None:
    """Changes to these tables make nothing stale (bookkeeping: job progress, stored figures...)."""
    UNTRACKED_TABLES.update(names)


def on_commit(listener: Callable[[Session, frozenset[str]], None]) -> None:
    """Call `listener(session, tables)` inside each committing transaction that changed tracked tables."""
    if listener not in _listeners:
        _listeners.append(listener)


# -- what a transaction changed --------------------------------------------------------------------------


def _is_bookkeeping_update(instance) -> bool:
    """True when every changed column of the record is one the audit trail leaves out."""
    state = inspect(instance)
    changed = False
    for attribute in state.mapper.column_attrs:
        if not state.attrs[attribute.key].history.has_changes():
            continue
        changed = True
        if any(column.info.get("audit") != UNAUDITED["audit"] for column in attribute.columns):
            return False
    for relationship in state.mapper.relationships:
        if state.attrs[relationship.key].history.has_changes() and relationship.secondary is not None:
            return False
    return changed


def _tables_of(instance) -> set[str]:
    return {table.name for table in inspect(instance).mapper.tables if isinstance(table, Table)}


def _secondary_tables(instance) -> set[str]:
    state = inspect(instance)
    return {
        relationship.secondary.name
        for relationship in state.mapper.relationships
        if relationship.secondary is not None and state.attrs[relationship.key].history.has_changes()
    }


def changed_tables(session: Session) -> frozenset[str]:
    """The tracked tables the session's transaction has changed so far (flushed changes)."""
    return frozenset(session.info.get(CHANGED, ()))


def has_uncommitted_changes(session: Session) -> bool:
    return bool(session.info.get(CHANGED))


def _note(session: Session, tables: Iterable[str]) -> None:
    tracked = {name for name in tables if name not in UNTRACKED_TABLES}
    if tracked:
        session.info.setdefault(CHANGED, set()).update(tracked)


@event.listens_for(Session, "after_flush")
def _note_changes_after_flush(session: Session, flush_context) -> None:
    tables: set[str] = set()
    for instance in list(session.new) + list(session.deleted):
        tables |= _tables_of(instance) | _secondary_tables(instance)
    for instance in session.dirty:
        if session.is_modified(instance) and not _is_bookkeeping_update(instance):
            tables |= _tables_of(instance) | _secondary_tables(instance)
    _note(session, tables)


@event.listens_for(Session, "do_orm_execute")
def _note_changes_by_statements(state) -> None:
    """Bulk INSERT, UPDATE and DELETE statements run through the session change their table."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None:
        _note(state.session, {table.name})


def _bump(session: Session, tables: frozenset[str]) -> None:
    connection = session.connection()
    make_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    for name in sorted(tables):  # one order everywhere, so two commits never wait on each other in a cycle
        statement = make_insert(DataGeneration.__table__).values(name=name, token=uuid.uuid4().hex)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["name"], set_={"token": statement.excluded.token})
        )


@event.listens_for(Session, "before_commit")
def _new_generations_as_changes_commit(session: Session) -> None:
    session.flush()  # the commit flushes after this hook; flush first so that its changes are counted
    tables = frozenset(session.info.pop(CHANGED, ()))
    if not tables:
        return
    for listener in _listeners:
        listener(session, tables)
    session.flush()
    session.info.pop(CHANGED, None)  # what the listeners wrote is bookkeeping
    _bump(session, tables)
    if has_request_context():
        g.pop(REQUEST_KEPT, None)
        g.pop(GENERATIONS, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes_when_the_transaction_ends(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(CHANGED, None)


# -- what a computation read -------------------------------------------------------------------------------


@event.listens_for(Engine, "before_execute")
def _note_tables_read(connection, clauseelement, multiparams, params, execution_options) -> None:
    readers = _reading.get()
    if not readers:
        return
    try:
        tables = {table.name for table in sql_util.find_tables(clauseelement, include_crud=True)}
    except Exception:
        tables = {"*"}
    if not tables and hasattr(clauseelement, "text"):
        tables = {"*"}  # textual SQL: its tables are unknown
    tables -= UNTRACKED_TABLES
    for reader in readers:
        reader.update(tables)


def note_read(*names: str) -> None:
    """Tell the computations being kept that they read these tables, when the rows came from a cache of
    this request's (the settings) rather than from a statement they ran."""
    for reader in _reading.get():
        reader.update(name for name in names if name not in UNTRACKED_TABLES)


def tables_read(compute: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """`compute()` and the tables its SQL read."""
    reader: set[str] = set()
    token = _reading.set((*_reading.get(), reader))
    try:
        value = compute()
    finally:
        _reading.reset(token)
    return value, frozenset(reader)


def _all_generations() -> dict[str, str]:
    """Every table's token: read once per request (a page checks several kept values) and again after the
    request commits a change. A token read at the start of the request is never newer than the data a kept
    value was computed from, so at worst the next request computes it again."""
    if not has_request_context():
        return _read_generations()
    if GENERATIONS not in g:
        g.setdefault(GENERATIONS, _read_generations())
    return g.get(GENERATIONS)


def _read_generations() -> dict[str, str]:
    return dict(db.session.execute(select(DataGeneration.name, DataGeneration.token)).all())


def _tokens(read: frozenset[str], snapshot: dict[str, str]) -> tuple[tuple[str, str | None], ...]:
    if "*" in read:
        return (("*", "".join(f"{name}={token};" for name, token in sorted(snapshot.items()))),)
    return tuple((name, snapshot.get(name)) for name in sorted(read))


def generations(tables: Iterable[str]) -> tuple[tuple[str, str | None], ...]:
    """(table, token) for each table, in name order; None for a table no commit has changed yet
    ("*", every table's tokens) when a computation's tables are unknown)."""
    names = frozenset(tables)
    if not names:
        return ()
    if "*" in names:
        return _tokens(names, _all_generations())
    rows = dict(
        db.session.execute(
            select(DataGeneration.name, DataGeneration.token).where(DataGeneration.name.in_(sorted(names)))
        ).all()
    )
    return _tokens(names, rows)


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave while none of the tables it read has changed since.

    One read of the generations (a row per table) either way: it checks a kept value, and when the value
    must be computed again it gives the tokens as they were before computing, so that a change committed
    during the computation makes the next request compute again."""
    if has_uncommitted_changes(db.session()):
        return compute()
    snapshot = _all_generations()
    with _lock:
        entry = _kept.get(key)
    if entry is not None:
        tokens, value, computed_at = entry
        if _tokens(frozenset(name for name, _ in tokens), snapshot) == tokens:
            with _lock:
                if key in _kept:
                    _kept.move_to_end(key)
            for reader in _reading.get():  # an enclosing computation read these tables too
                reader.update(name for name, _ in tokens)
            note_as_at(computed_at)
            return value  # type: ignore[return-value]
    computed_at = clock.now()
    value, read = tables_read(compute)
    note_as_at(computed_at)
    with _lock:
        _kept[key] = (_tokens(read, snapshot), value, computed_at)
        _kept.move_to_end(key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return value


def for_this_request(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per request: for a person's own working lists, which several sections of one page
    show (the home page's reminders and its supervision panel ask for the same team's schedule). Read
    straight from the records, never kept between requests; forgotten when the request commits a change,
    and not used at all while it holds changes it has not committed."""
    if not has_request_context() or has_uncommitted_changes(db.session()):
        return compute()
    memo = g.setdefault(REQUEST_KEPT, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


def note_as_at(moment: datetime) -> None:
    """Tell the page being built that it shows a figure computed at `moment` (the page shows the earliest)."""
    if has_request_context():
        moment = clock.as_utc(moment)
        held = g.get("figures_as_at")
        g.figures_as_at = moment if held is None or moment < held else held


def figures_as_at() -> datetime | None:
    """When the oldest figure on the page being built was computed, if it shows any."""
    return g.get("figures_as_at") if has_request_context() else None


# -- whole pages --------------------------------------------------------------------------------------------


def _page_key(endpoint: str | None) -> Hashable | None:
    """Who is looking at what, and when: None when the page must be rendered afresh (not signed in, a message
    to show once, changes not yet committed)."""
    if (
        not current_app.config.get("KEPT_PAGES", True)
        or request.method != "GET"
        or session.get("_flashes")
        or has_uncommitted_changes(db.session())
    ):
        return None
    generate_csrf()  # the page's forms carry this sign-in session's token, so the session is part of the key
    moment = clock.now()
    if not current_user.is_authenticated:
        # A page for everyone (the sign-in page): one copy, each visitor's own form token put in as it is sent.
        return (endpoint, request.full_path, None, None, None, moment.date())
    return (
        endpoint,
        request.full_path,
        current_user.id,
        str(current_user.role),
        session.get("csrf_token"),
        moment.date(),
    )


def _keep_page(key: Hashable, tokens, response: Response, rendered_at: datetime) -> None:
    global _page_bytes
    body = response.get_data().replace(generate_csrf().encode(), FORM_TOKEN)
    headers = [
        (name, value) for name, value in response.headers.items() if name not in ("Set-Cookie", "Content-Length")
    ]
    with _lock:
        old = _pages.pop(key, None)
        if old is not None:
            _page_bytes -= len(old[3])
        _pages[key] = (tokens, response.status_code, headers, body, rendered_at)
        _page_bytes += len(body)
        while _page_bytes > PAGE_BYTES and _pages:
            _page_bytes -= len(_pages.popitem(last=False)[1][3])


def _render_and_keep(view: Callable, args, kwargs, key: Hashable, snapshot, now: datetime) -> Response:
    def render() -> Response:
        note_read("users", "team_managers")
        return make_response(view(*args, **kwargs))

    response, read = tables_read(render)
    if (
        response.status_code == 200
        and response.mimetype == "text/html"
        and "Set-Cookie" not in response.headers
        and not response.is_streamed
        and not has_uncommitted_changes(db.session())
    ):
        _keep_page(key, _tokens(read, snapshot), response, now)
    return response


def _kept_response(body: bytes, status: int, headers) -> Response:
    return Response(body.replace(FORM_TOKEN, generate_csrf().encode()), status, headers)


def kept_page(view: Callable) -> Callable:
    """Serve a read-only page again, unchanged, while nothing it shows can have changed.

    For pages whose GET only reads (lists, dashboards, reports). The permission check runs before this on
    every request, so a kept page is never shown to someone who may no longer see it; the page is kept for
    one person in one sign-in session (a page for people not signed in, such as the sign-in page, is kept
    once for everyone, with each visitor's own form token put in as it is sent), with the tables its
    rendering read (the person's own record among them, so a change of role or teams renders it afresh) and
    their tokens as the request began. Only a successful HTML page is kept, never one that sets a cookie."""

    @wraps(view)
    def serve(*args, **kwargs):
        key = _page_key(request.endpoint)
        if key is None:
            return view(*args, **kwargs)
        snapshot = _all_generations()
        with _lock:
            entry = _pages.get(key)
            if entry is not None:
                _pages.move_to_end(key)
        now = clock.now()
        claimed = False
        if entry is not None:
            tokens, status, headers, body, rendered_at = entry
            if _tokens(frozenset(name for name, _ in tokens), snapshot) == tokens:
                if (now - rendered_at).total_seconds() < PAGE_SECONDS:
                    return _kept_response(body, status, headers)
                # A minute old and nothing it read has changed: one request renders it afresh, and the others
                # arriving meanwhile are shown this one, so that every connection does not render it at once.
                with _lock:
                    claimed = key not in _refreshing
                    if claimed:
                        _refreshing.add(key)
                if not claimed:
                    return _kept_response(body, status, headers)
        try:
            return _render_and_keep(view, args, kwargs, key, snapshot, now)
        finally:
            if claimed:
                with _lock:
                    _refreshing.discard(key)

    return serve


def clear() -> None:
    """Forget every kept figure and page (they would be recomputed anyway once their tables change)."""
    global _page_bytes
    with _lock:
        _kept.clear()
        _pages.clear()
        _page_bytes = 0
