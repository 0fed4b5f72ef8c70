"""Counting the SQL statements a request issues, to prove pages do not grow a query per row."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
            self.statements.append(statement)


@contextlib.contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    counter = QueryCounter()
    event.listen(Engine, "before_cursor_execute", counter._record)
    try:
        yield counter
    finally:
        event.remove(Engine, "before_cursor_execute", counter._record)


def queries_for(client_request, endpoint: str, **values) -> int:
    """The number of SQL statements one GET of `endpoint` issues."""
    with counting_queries() as counter:
        client_request.get(endpoint, **values)
    return counter.count
