"""Configuration classes, read from the environment."""

import json
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
    #: The audit-trail safety net (`workforce.kernel.audit_trail.safety_net`); on in the tests.
    AUDIT_SAFETY_NET = False
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
    #: The cookie is sent again only when the session changes (the idle timeout is kept server-side).
    SESSION_REFRESH_EACH_REQUEST = False
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
    #: None counts in WPQ's own database (`workforce.kernel.rate_limits`), shared by every worker;
    #: REDIS_URL sets Redis instead.
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_HEADERS_ENABLED = True
    PREFERRED_URL_SCHEME = "http"
    #: The council's SMTP relay (WPQ_SMTP_URL), e.g. smtp://relay.council.gov.uk:25 or smtps://user:pw@host:465.
    SMTP_URL: str | None = None
    SMTP_TIMEOUT = 30
    #: Where people reach WPQ (WPQ_BASE_URL), the start of every link in a message; None uses the
    #: `notifications.base_url` setting.
    BASE_URL: str | None = None
    #: The From address of every message (WPQ_MAIL_FROM).
    MAIL_FROM = "WPQ <wpq@localhost>"
    #: GOV.UK Notify API key (WPQ_NOTIFY_API_KEY); when set, Notify is used rather than SMTP.
    NOTIFY_API_KEY: str | None = None
    #: Notify template id per kind of message: a rule key, "reminder" (any rule without its own),
    #: "digest" and "password-reset" (WPQ_NOTIFY_TEMPLATE_IDS, a JSON object).
    NOTIFY_TEMPLATE_IDS: dict = {}
    NOTIFY_BASE_URL: str | None = None
    #: The reminder round runs this often, and the digests once a day at this time (UTC), on the job queue.
    NOTIFICATIONS_ROUND_MINUTES = 15
    NOTIFICATIONS_DIGEST_AT = "07:00"
    #: The monthly staff feed (WPQ_STAFF_FEED_FOLDER): the newest extract dropped in this folder is imported
    #: as a full extract through the staff mapping WPQ_STAFF_FEED_MAPPING, on this day of the month at this
    #: time (UTC). No folder, no feed.
    STAFF_FEED_FOLDER: str | None = None
    STAFF_FEED_MAPPING: str | None = None
    STAFF_FEED_DAY = 1
    STAFF_FEED_AT = "06:00"
    #: A password-reset link works once, for this long.
    PASSWORD_RESET_VALID_FOR = timedelta(hours=1)
    #: Reset requests per address (the page), and links sent per account an hour.
    PASSWORD_RESET_RATE_LIMIT = "5 per minute;20 per hour"
    PASSWORD_RESET_LINKS_PER_HOUR = 3
    #: "text" (Flask's own log lines) or "json" (one JSON object a line, with the request id and user id).
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    #: The bearer token a Prometheus scraper presents to /metrics; unset, /metrics answers 404.
    METRICS_TOKEN: str | None = None
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
    #: OpenID Connect sign-in with the council's identity provider (Microsoft Entra ID:
    #: https://login.microsoftonline.com/<tenant id>/v2.0). Off while the issuer is empty.
    WPQ_OIDC_ISSUER = ""
    WPQ_OIDC_CLIENT_ID = ""
    WPQ_OIDC_CLIENT_SECRET = ""
    #: Scopes asked for at the identity provider; email and profile give the email and name claims.
    WPQ_OIDC_SCOPES = "openid email profile"
    #: Seconds of clock difference allowed when checking the ID token's expiry and issue time.
    WPQ_OIDC_CLOCK_LEEWAY_SECONDS = 60
    #: False: only break-glass administrators may sign in with a password (docs/go-live.md).
    WPQ_LOCAL_PASSWORDS = True
    #: True: a person the provider signs in who has no account but a staff record with their email gets an
    #: account at once, with the role worked out from their job. False (the default): they are refused.
    WPQ_OIDC_PROVISION_FROM_STAFF = False


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
    #: Refuse a commit that changes a tracked person-level record without an audit event for it.
    AUDIT_SAFETY_NET = True
    #: Saves mark figures stale but start no recompute: the stored-figure tests start it themselves.
    FIGURES_REFRESH_ON_SAVE = False


class ProductionConfig(Config):
    ENVIRONMENT = "production"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    LOG_FORMAT = "json"

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
    for variable, key in (
        ("WPQ_LOG_FORMAT", "LOG_FORMAT"),
        ("WPQ_LOG_LEVEL", "LOG_LEVEL"),
        ("WPQ_METRICS_TOKEN", "METRICS_TOKEN"),
    ):
        if os.environ.get(variable):
            overrides[key] = os.environ[variable]
    for name, cast in JOB_SETTINGS_FROM_ENVIRONMENT.items():
        if os.environ.get(f"WPQ_{name}"):
            overrides[name] = cast(os.environ[f"WPQ_{name}"])
    if os.environ.get("WPQ_IDLE_TIMEOUT_MINUTES"):
        overrides["IDLE_TIMEOUT"] = timedelta(minutes=int(os.environ["WPQ_IDLE_TIMEOUT_MINUTES"]))
    if os.environ.get("WPQ_ABSOLUTE_TIMEOUT_HOURS"):
        overrides["ABSOLUTE_SESSION_TIMEOUT"] = timedelta(hours=int(os.environ["WPQ_ABSOLUTE_TIMEOUT_HOURS"]))
    if os.environ.get("WPQ_SMTP_URL"):
        overrides["SMTP_URL"] = os.environ["WPQ_SMTP_URL"]
    if os.environ.get("WPQ_BASE_URL"):
        overrides["BASE_URL"] = os.environ["WPQ_BASE_URL"]
    for variable, key in (
        ("WPQ_STAFF_FEED_FOLDER", "STAFF_FEED_FOLDER"),
        ("WPQ_STAFF_FEED_MAPPING", "STAFF_FEED_MAPPING"),
    ):
        if os.environ.get(variable):
            overrides[key] = os.environ[variable]
    if os.environ.get("WPQ_MAIL_FROM"):
        overrides["MAIL_FROM"] = os.environ["WPQ_MAIL_FROM"]
    if os.environ.get("WPQ_NOTIFY_API_KEY"):
        overrides["NOTIFY_API_KEY"] = os.environ["WPQ_NOTIFY_API_KEY"]
    if os.environ.get("WPQ_NOTIFY_TEMPLATE_IDS"):
        try:
            overrides["NOTIFY_TEMPLATE_IDS"] = dict(json.loads(os.environ["WPQ_NOTIFY_TEMPLATE_IDS"]))
        except (ValueError, TypeError):
            raise ConfigurationError(
                'WPQ_NOTIFY_TEMPLATE_IDS must be a JSON object such as {"reminder": "<id>", "digest": "<id>"}.'
            ) from None
    for name in ("WPQ_OIDC_ISSUER", "WPQ_OIDC_CLIENT_ID", "WPQ_OIDC_CLIENT_SECRET", "WPQ_OIDC_SCOPES"):
        if os.environ.get(name):
            overrides[name] = os.environ[name]
    for name in ("WPQ_LOCAL_PASSWORDS", "WPQ_OIDC_PROVISION_FROM_STAFF"):
        if os.environ.get(name):
            overrides[name] = _flag(os.environ[name])
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
