"""Browser tests: Playwright drives Debian's Chromium against WPQ served from a thread.

They skip, saying why, where Chromium or Playwright is missing; `.ci/run` installs Chromium first.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import flask_migrate
import pytest
from werkzeug.serving import make_server

from workforce.app import create_app
from workforce.extensions import db
from workforce.kernel.demo import load_demo

CHROMIUM = os.environ.get("WPQ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


def _skip_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium is not installed at {CHROMIUM} (install Debian's chromium package, as .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app the browser talks to, holding the demo council; tests may add records in its context."""
    reason = _skip_reason()
    if reason and os.environ.get("WPQ_REQUIRE_BROWSER"):
        pytest.fail(f"Browser tests are required here: {reason}")
    if reason:
        pytest.skip(reason)
    database = tmp_path_factory.mktemp("browser") / "wpq-browser.sqlite3"
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        flask_migrate.upgrade()
        load_demo("small", seed=1)
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, legend: str, value) -> None:
    """Type a date (a `date` or ISO text) in the GOV.UK date input whose legend is `legend`."""
    from datetime import date

    day = value if isinstance(value, date) else date.fromisoformat(value)
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def pytest_terminal_summary(terminalreporter):
    """The second accessibility engine's counts, for the CI log."""
    from tests.browser.test_accessibility import ACE_COUNTS

    if ACE_COUNTS["pages"]:
        terminalreporter.write_line(
            f"IBM Equal Access: {ACE_COUNTS['pages']} page runs, {ACE_COUNTS['violations']} violations"
        )
