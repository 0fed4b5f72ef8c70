"""Rate-limit counters in WPQ's own database, shared by every gunicorn worker without Redis.

Flask-Limiter counts through the `limits` library, whose storages are memory (one count per worker
process, so two workers let twice the limit through), Redis, Memcached, MongoDB and etcd. WPQ's default
set-up has none of those servers, so this module adds a `limits` storage over the database WPQ already
has: one row per limit key and fixed window, incremented by a single atomic
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (SQLite 3.35 and PostgreSQL both support it), so
concurrent workers never lose a hit. When REDIS_URL is set the limits go to Redis instead.

The storage writes through an engine of its own, outside the request's transaction: a hit counts even
when the request's own changes are rolled back, and no counter write touches the figure cache's token.
On SQLite the counters are in a file of their own beside the database (`<name>-rate-limits.sqlite3`):
SQLite has one writer at a time per file, and a request that saves holds its database's write lock from
its first statement, so a counter in the same file would wait for the request counting it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from workforce.extensions import db

SCHEME = "wpq-database"
#: Expired windows are deleted at most this often per process (seconds).
PURGE_INTERVAL = 60.0


class RateLimitWindow(db.Model):
    """One fixed window of one rate limit (for example sign-in attempts from one address this minute)."""

    __tablename__ = "rate_limit_windows"

    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    count: Mapped[int] = mapped_column(sa.Integer)
    #: When the window ends, in seconds since the epoch.
    expires_at: Mapped[float] = mapped_column(sa.Float, index=True)


WINDOWS = RateLimitWindow.__table__


class DatabaseStorage(Storage):
    """A `limits` storage for the fixed-window strategy over a SQLAlchemy database URL.

    Configured as `RATELIMIT_STORAGE_URI = "wpq-database://"` with the database URL in
    `RATELIMIT_STORAGE_OPTIONS = {"url": ...}`; `workforce.app` does this when no other storage is set.
    """

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, url: str = "", **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if not url:
            raise ValueError("The wpq-database rate-limit storage needs the database URL as the 'url' option")
        self.url = url
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()
        self._purged_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sa.exc.SQLAlchemyError

    @property
    def engine(self) -> sa.Engine:
        with self._lock:
            if self._engine is None:
                options: dict = {"pool_pre_ping": True}
                if not self.url.startswith("sqlite"):
                    options.update(pool_size=2, max_overflow=2, pool_recycle=1800)
                self._engine = sa.create_engine(self.url, **options)
                if self._engine.dialect.name == "sqlite":
                    self._create_counters_table()
            return self._engine

    def _create_counters_table(self) -> None:
        """The counters' own SQLite file gets its table on first use; workers starting together may race to
        create it, and the one that loses finds it made."""
        for attempt in range(3):
            try:
                WINDOWS.create(self._engine, checkfirst=True)
                return
            except sa.exc.OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def _insert(self):
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            return postgresql.insert(WINDOWS)
        if dialect == "sqlite":
            return sqlite.insert(WINDOWS)
        raise ValueError(f"The wpq-database rate-limit storage supports SQLite and PostgreSQL, not {dialect}")

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        statement = self._insert().values(key=key, count=amount, expires_at=now + expiry)
        expired = WINDOWS.c.expires_at <= now
        statement = statement.on_conflict_do_update(
            index_elements=[WINDOWS.c.key],
            set_={
                "count": sa.case((expired, amount), else_=WINDOWS.c.count + amount),
                "expires_at": sa.case((expired, now + expiry), else_=WINDOWS.c.expires_at),
            },
        ).returning(WINDOWS.c.count)
        with self.engine.begin() as connection:
            count = connection.execute(statement).scalar_one()
            if now - self._purged_at > PURGE_INTERVAL:
                self._purged_at = now
                connection.execute(sa.delete(WINDOWS).where(WINDOWS.c.expires_at <= now))
        return int(count)

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            count = connection.execute(
                sa.select(WINDOWS.c.count).where(WINDOWS.c.key == key, WINDOWS.c.expires_at > time.time())
            ).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self.engine.connect() as connection:
            expires_at = connection.execute(
                sa.select(WINDOWS.c.expires_at).where(WINDOWS.c.key == key, WINDOWS.c.expires_at > now)
            ).scalar()
        return float(expires_at) if expires_at is not None else now

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.select(sa.literal(1)))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(sa.delete(WINDOWS)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(WINDOWS).where(WINDOWS.c.key == key))


def configure(config: dict) -> None:
    """Count in the database unless a storage (Redis, or memory on purpose) is configured."""
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = f"{SCHEME}://"
        config["RATELIMIT_STORAGE_OPTIONS"] = {
            **config.get("RATELIMIT_STORAGE_OPTIONS", {}),
            "url": counters_url(config["SQLALCHEMY_DATABASE_URI"]),
        }


def counters_url(database_url: str) -> str:
    """Where the counters are kept: the database itself, or for a SQLite file a file of their own beside it."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return database_url
    path = Path(url.database)
    return url.set(database=str(path.with_name(f"{path.stem}-rate-limits.sqlite3"))).render_as_string(
        hide_password=False
    )
