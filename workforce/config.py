"""Configuration classes, read from the environment."""

import os
from datetime import timedelta

#: The development secret; production refuses to start with it (or with none).
DEVELOPMENT_SECRET_KEY = "wpq-development-secret-not-for-production"


class ConfigurationError(RuntimeError):
    """The environment does not describe a safe configuration."""


def database_url_from_environment() -> str | None:
    """DATABASE_URL with the driver WPQ uses for PostgreSQL made explicit."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    ENVIRONMENT = "development"
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    #: None means the SQLite file in the instance folder; DATABASE_URL overrides it (see `load`).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "wpq_session"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    #: Sign a user out after this long without a request (default 30 minutes).
    IDLE_TIMEOUT = timedelta(minutes=30)
    #: Sign a user out this long after they signed in, however active (default 12 hours).
    ABSOLUTE_SESSION_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None
    #: Failed sign-ins in a row after which each further failure makes the account wait.
    SIGN_IN_FAILURES_BEFORE_DELAY = 3
    #: Waits after the 3rd and 4th failures in a row; the 5th locks the account.
    SIGN_IN_DELAYS = (timedelta(seconds=30), timedelta(minutes=2))
    SIGN_IN_LOCK_AFTER = 5
    SIGN_IN_LOCK_DURATION = timedelta(minutes=30)
    #: argon2 cost (RFC 9106 second recommended option, as argon2-cffi's defaults).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_COST = 65536
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    #: Sign-in attempts per address (on top of the per-account delay and lock).
    SIGN_IN_RATE_LIMIT = "20 per minute;200 per hour"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PREFERRED_URL_SCHEME = "http"
    #: Background jobs (`workforce.kernel.jobs`). True runs each job in the process that started it, once the
    #: request is over (tests); otherwise the queue is the SQLite file below, or Redis when REDIS_URL is set.
    JOBS_IMMEDIATE = False
    #: The queue's SQLite file; None means `wpq-queue.sqlite3` in the instance folder (WPQ_JOBS_QUEUE_FILE).
    JOBS_QUEUE_FILE: str | None = None
    #: Jobs one worker runs at once; None means 1 on SQLite (one writer at a time) and 2 otherwise.
    JOBS_WORKER_THREADS: int | None = None
    #: Progress is written at most this often (seconds), and the running worker's heartbeat this often.
    JOBS_PROGRESS_SECONDS = 1.0
    JOBS_HEARTBEAT_SECONDS = 5.0
    #: A running job whose worker has not beaten for this long (seconds) is taken as abandoned.
    JOBS_LEASE_SECONDS = 60.0
    #: A queued job not picked up for this long (seconds) is handed to the queue again.
    JOBS_RESEND_AFTER_SECONDS = 300.0
    #: A job's download is kept until it is downloaded, or for this many hours.
    JOBS_RESULT_KEEP_HOURS = 24.0


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    ENVIRONMENT = "testing"
    TESTING = True
    #: Tests sign in many times from one address; the rate-limit tests switch it back on.
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = True
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 1024
    JOBS_IMMEDIATE = True
    #: Saves mark figures stale but start no recompute: the stored-figure tests start it themselves.
    FIGURES_REFRESH_ON_SAVE = False


class ProductionConfig(Config):
    ENVIRONMENT = "production"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls, secret_key: str | None) -> None:
        if not secret_key or secret_key == DEVELOPMENT_SECRET_KEY:
            raise ConfigurationError(
                "SECRET_KEY is not set. Production refuses to start without a secret of its own: "
                "set SECRET_KEY to a long random value (for example the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
            )


#: Job settings an environment variable WPQ_<name> overrides (e.g. WPQ_JOBS_QUEUE_FILE).
JOB_SETTINGS_FROM_ENVIRONMENT = {
    "JOBS_QUEUE_FILE": str,
    "JOBS_WORKER_THREADS": int,
    "JOBS_HEARTBEAT_SECONDS": float,
    "JOBS_LEASE_SECONDS": float,
    "JOBS_RESEND_AFTER_SECONDS": float,
    "JOBS_RESULT_KEEP_HOURS": float,
}


def environment_overrides() -> dict:
    """Settings read from the environment when an app is created, not when this module is imported."""
    overrides: dict = {}
    if os.environ.get("SECRET_KEY"):
        overrides["SECRET_KEY"] = os.environ["SECRET_KEY"]
    url = database_url_from_environment()
    if url:
        overrides["SQLALCHEMY_DATABASE_URI"] = url
    if os.environ.get("REDIS_URL"):
        overrides["REDIS_URL"] = os.environ["REDIS_URL"]
        overrides["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    for name, cast in JOB_SETTINGS_FROM_ENVIRONMENT.items():
        if os.environ.get(f"WPQ_{name}"):
            overrides[name] = cast(os.environ[f"WPQ_{name}"])
    if os.environ.get("WPQ_IDLE_TIMEOUT_MINUTES"):
        overrides["IDLE_TIMEOUT"] = timedelta(minutes=int(os.environ["WPQ_IDLE_TIMEOUT_MINUTES"]))
    if os.environ.get("WPQ_ABSOLUTE_TIMEOUT_HOURS"):
        overrides["ABSOLUTE_SESSION_TIMEOUT"] = timedelta(hours=int(os.environ["WPQ_ABSOLUTE_TIMEOUT_HOURS"]))
    return overrides


def engine_options(database_uri: str) -> dict:
    """Connection pool settings for a server database (per gunicorn worker); SQLite needs none."""
    options: dict = {"pool_pre_ping": True}
    if not database_uri.startswith("sqlite"):
        options.update(
            pool_size=int(os.environ.get("WPQ_DB_POOL_SIZE", "5")),
            max_overflow=int(os.environ.get("WPQ_DB_MAX_OVERFLOW", "5")),
            pool_recycle=1800,
        )
    return options


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    name = name or os.environ.get("WPQ_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigurationError(f"WPQ_ENV is {name!r}; use one of {', '.join(sorted(CONFIGS))}.") from None
