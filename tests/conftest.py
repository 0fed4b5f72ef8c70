"""Test set-up: one migrated database per run, a rolled-back transaction per test, and page helpers."""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import g, url_for
from sqlalchemy import orm

from workforce.app import create_app
from workforce.extensions import db as _db
from workforce.kernel import clock, freshness
from workforce.kernel.auth.sessions import SESSION_KEY

pytest_plugins = ["tests.oidc.fixtures"]


def _worker_suffix() -> str:
    """Under pytest-xdist each worker process gets databases of its own ("_gw0", "_gw1", ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


def _fresh_postgresql_database(url: str, suffix: str) -> tuple[str, Callable[[], None]]:
    """A new, empty PostgreSQL database beside the one `url` names, and a function that drops it."""
    server, _, name = make_url_parts(url)
    new_name = f"{name}{suffix}"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{new_name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{new_name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{new_name}" WITH (FORCE)')
        admin.dispose()

    return f"{server}/{new_name}", drop


def _test_database_url(tmp_path_factory) -> tuple[str, Callable[[], None]]:
    url = os.environ.get("DATABASE_URL")
    if url and _worker_suffix():
        return _fresh_postgresql_database(url, _worker_suffix())
    if url:
        return url, lambda: None
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "wpq-test.sqlite3"), lambda: None


def reset_database(engine: sa.Engine) -> None:
    """Drop every table (including Alembic's) so the run starts from an empty database."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        metadata.drop_all(bind=connection)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url, drop = _test_database_url(tmp_path_factory)
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        reset_database(_db.engine)
        flask_migrate.upgrade()
        _db.session.remove()
    # Each test keeps one app context open across its requests (for the rolled-back transaction);
    # a real request gets a fresh `g`, so tests must too, or one client's user leaks into the next.
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    yield app
    with app.app_context():
        _db.engine.dispose()
    drop()


@contextlib.contextmanager
def rolled_back(app):
    """An app context whose session works inside a transaction that is rolled back at the end."""
    context = app.app_context()
    context.push()
    connection = _db.engine.connect()
    transaction = connection.begin()
    original = _db.session
    _db.session = orm.scoped_session(
        orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        scopefunc=original.registry.scopefunc,
    )
    # Figures kept by an earlier test were computed from rows this one does not have (ids can repeat).
    freshness.clear()
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = original
        transaction.rollback()
        connection.close()
        context.pop()


@pytest.fixture
def db(app):
    """The database inside a transaction that is rolled back after the test, whatever it committed."""
    with rolled_back(app) as database:
        yield database


def _demo_database_url(tmp_path_factory) -> tuple[str, Callable[[], None]]:
    """A database of its own for the demo council: a SQLite file, or a second PostgreSQL database."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("demo") / "wpq-demo.sqlite3"), lambda: None
    return _fresh_postgresql_database(url, f"{_worker_suffix()}_demo")


@contextlib.contextmanager
def scratch_database(tmp_path, name: str):
    """An empty database of its own: a SQLite file, or (with DATABASE_URL) a PostgreSQL database beside the
    test database, dropped afterwards. For tests that need committed data or a whole schema to themselves."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        return
    server, _, database = make_url_parts(url)
    scratch = f"{database}{_worker_suffix()}_{name}"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{scratch}"')
    try:
        yield f"{server}/{scratch}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.dispose()


def make_url_parts(url: str) -> tuple[str, str, str]:
    server, _, name = url.rpartition("/")
    return server, "/", name.split("?")[0]


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """An app over the full small demo council (every module's seeder), generated once per run."""
    from workforce.kernel.demo import load_demo

    url, drop = _demo_database_url(tmp_path_factory)
    demo_app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with demo_app.app_context():
        reset_database(_db.engine)
        flask_migrate.upgrade()
        load_demo("small", seed=1)
        _db.session.commit()
        _db.session.remove()
    demo_app.before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
    yield demo_app
    with demo_app.app_context():
        _db.engine.dispose()
    drop()


@dataclass
class DemoCouncil:
    users: dict
    client_request: ClientRequest
    database: object


@pytest.fixture
def demo(demo_app):
    """The demo council inside a rolled-back transaction, with its users by role and a page client."""
    from workforce.kernel.models import User

    with rolled_back(demo_app) as database:
        users = {
            user.role: user
            for user in database.session.execute(sa.select(User)).scalars()
            if user.email.endswith("@demo-borough.example")
        }
        yield DemoCouncil(users, ClientRequest(demo_app.test_client(), demo_app), database)


@pytest.fixture
def limited_app(app, monkeypatch):
    """Builds an app with rate limits on, over the test database; the one shared limiter is put back after.

    Flask-Limiter keeps one limiter per process, so the app built last would otherwise leave limits on (and
    its storage) for every later test. Each app counts under a key prefix of its own."""
    import secrets

    from workforce.extensions import limiter

    for attribute in ("enabled", "_storage", "_limiter", "_key_prefix", "_storage_options"):
        if hasattr(limiter, attribute):
            value = getattr(limiter, attribute)
            monkeypatch.setattr(limiter, attribute, dict(value) if isinstance(value, dict) else value)

    def build(**settings):
        limiter._key_prefix = settings.pop("RATELIMIT_KEY_PREFIX", f"wpq-test-{secrets.token_hex(6)}")
        # Flask-Limiter merges each app's storage options into the ones it holds, so an option of an app
        # built earlier (the database's URL) would reach a storage that does not take it (Redis).
        if hasattr(limiter, "_storage_options"):
            limiter._storage_options = {}
        return create_app(
            {
                "WPQ_ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "RATELIMIT_ENABLED": True,
                **settings,
            }
        )

    return build


@pytest.fixture
def client(app, db):
    return app.test_client()


def check_page(page: BeautifulSoup, path: str) -> None:
    """Checks every HTML page passes: one h1, a title, unique ids, a CSRF token in every posting form."""
    h1s = page.find_all("h1")
    assert len(h1s) == 1, f"{path} has {len(h1s)} h1 elements"
    title = page.find("title")
    assert title is not None and title.get_text(strip=True), f"{path} has no title"
    ids = Counter(element["id"] for element in page.find_all(id=True))
    duplicates = [value for value, count in ids.items() if count > 1]
    assert not duplicates, f"{path} repeats ids {duplicates}"
    main = page.find("main")
    forms = main.find_all("form") if main else []
    if len(forms) > 1:  # WCAG 1.3.1 (IBM Equal Access): several form landmarks need names to tell them apart
        unnamed = [form.get("action") for form in forms if not (form.get("aria-label") or form.get("aria-labelledby"))]
        assert not unnamed, f"{path} has {len(forms)} forms and these have no aria-label: {unnamed}"
    for form in page.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), f"{path} has a form without a CSRF token"
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit") or field.name == "button":
            continue
        field_id = field.get("id")
        has_label = field_id and page.find("label", attrs={"for": field_id})
        assert has_label or field.get("aria-label"), f"{path}: field {field.get('name')} has no label"


def start_test_session(app, user) -> str:
    """A live server-side session row for `user` (what signing in makes), and the secret its cookie holds."""
    from flask import session

    from workforce.kernel.auth.sessions import start_session

    with app.test_request_context(headers={"User-Agent": "WPQ tests"}):
        start_session(user)
        _db.session.commit()
        return session[SESSION_KEY]


class ClientRequest:
    """Requests by endpoint name that assert the status and return the parsed, checked page."""

    def __init__(self, client, app):
        self.client = client
        self.app = app
        self.csrf_token: str | None = None

    def login(self, user) -> None:
        started = clock.now().timestamp()
        secret = start_test_session(self.app, user)
        with self.client.session_transaction() as session:
            session[SESSION_KEY] = secret
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["signed_in_at"] = started
            session["last_seen"] = started
        self.csrf_token = None

    def url(self, endpoint: str, **values) -> str:
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def get(self, endpoint: str, _expected_status: int = 200, _query: dict | None = None, **values):
        return self.get_url(self.url(endpoint, **values), _expected_status, _query)

    def get_url(self, path: str, _expected_status: int = 200, _query: dict | None = None):
        response = self.client.get(path, query_string=_query)
        assert response.status_code == _expected_status, (
            f"GET {path}: expected {_expected_status}, got {response.status_code}"
        )
        return self._parse(response, path)

    def _parse(self, response, path):
        if response.mimetype != "text/html":
            return response
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        page.response = response
        if response.status_code < 300 or response.status_code >= 400:
            check_page(page, path)
        return page

    def _token(self) -> str:
        if self.csrf_token is None:
            response = self.client.get(self.url("pages.accessibility_statement"))
            page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            field = page.find("input", attrs={"name": "csrf_token"})
            if field is None:
                response = self.client.get(self.url("auth.sign_in"))
                page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
                field = page.find("input", attrs={"name": "csrf_token"})
            self.csrf_token = field["value"]
        return self.csrf_token

    def post(
        self,
        endpoint: str,
        _data: dict | None = None,
        _expected_status: int = 302,
        _expected_redirect: str | None = None,
        _follow_redirects: bool = False,
        **values,
    ):
        return self.post_url(
            self.url(endpoint, **values), _data, _expected_status, _expected_redirect, _follow_redirects
        )

    def job_file(self, endpoint: str, _data: dict | None = None, **values):
        """Post to a page that starts a job making a file, follow it to the job's page (the job has run: tests
        run jobs as soon as the request that started them ends) and download the file it offers."""
        path = self.url(endpoint, **values)
        response = self.client.post(path, data={"csrf_token": self._token(), **(_data or {})})
        assert response.status_code == 302, f"POST {path}: expected 302, got {response.status_code}"
        page = self.get_url(response.location)
        link = page.find("a", string=re.compile(r"^Download "))
        assert link is not None, f"the job's page offers no file: {page.get_text(' ', strip=True)[:500]}"
        download = self.client.get(link["href"])
        assert download.status_code == 200, f"GET {link['href']}: {download.status_code}"
        return download

    def post_url(self, path, _data=None, _expected_status=302, _expected_redirect=None, _follow_redirects=False):
        data = {"csrf_token": self._token(), **(_data or {})}
        response = self.client.post(path, data=data, follow_redirects=_follow_redirects)
        if path.startswith(("/sign-in", "/sign-out")):
            # Signing in or out starts a new session, and with it a new CSRF token.
            self.csrf_token = None
        assert response.status_code == _expected_status, (
            f"POST {path}: expected {_expected_status}, got {response.status_code}"
        )
        if _expected_redirect is not None:
            assert response.location == _expected_redirect, f"redirected to {response.location}"
        return self._parse(response, path)


@pytest.fixture
def client_request(client, app):
    return ClientRequest(client, app)


def error_summary(page) -> list[str]:
    summary = page.select_one(".govuk-error-summary")
    if summary is None:
        return []
    return [item.get_text(strip=True) for item in summary.select(".govuk-error-summary__list li")]


def date_shown(page, name: str) -> str:
    """The date in the GOV.UK date input called `name`, as ISO (`2026-11-24`), or "" when a box is empty."""
    parts = [page.select_one(f"#{name}-{part}").get("value", "") for part in ("year", "month", "day")]
    if not all(parts):
        return ""
    year, month, day = (int(part) for part in parts)
    return f"{year:04d}-{month:02d}-{day:02d}"


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Move WPQ's clock: `frozen_clock.set(datetime)` and `frozen_clock.advance(timedelta)`."""

    class FrozenClock:
        def __init__(self):
            self.moment = clock.now()

        def set(self, moment: datetime) -> None:
            self.moment = moment

        def advance(self, delta) -> None:
            self.moment = self.moment + delta

    frozen = FrozenClock()
    monkeypatch.setattr(clock, "now", lambda: frozen.moment)
    return frozen
