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
from workforce.kernel import clock

pytest_plugins = ["tests.oidc.fixtures"]


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "wpq-test.sqlite3")


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
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_path_factory)})
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
    server, _, name = make_url_parts(url)
    demo_name = f"{name}_demo"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{demo_name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{demo_name}"')

    def drop():
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{demo_name}" WITH (FORCE)')
        admin.dispose()

    return f"{server}/{demo_name}", drop


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
    for form in page.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), f"{path} has a form without a CSRF token"
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit") or field.name == "button":
            continue
        field_id = field.get("id")
        has_label = field_id and page.find("label", attrs={"for": field_id})
        assert has_label or field.get("aria-label"), f"{path}: field {field.get('name')} has no label"


class ClientRequest:
    """Requests by endpoint name that assert the status and return the parsed, checked page."""

    def __init__(self, client, app):
        self.client = client
        self.app = app
        self.csrf_token: str | None = None

    def login(self, user) -> None:
        started = clock.now().timestamp()
        with self.client.session_transaction() as session:
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
