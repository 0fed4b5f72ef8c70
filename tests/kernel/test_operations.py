"""Health, readiness, request ids, JSON logs, metrics, and the refusal to migrate a newer database."""

from __future__ import annotations

import io
import json
import logging
import shutil
import socket
import subprocess
import time

import flask_migrate
import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from tests.builders import create_user
from tests.conftest import scratch_database
from workforce.app import create_app
from workforce.extensions import db as _db
from workforce.kernel.operations import health, logs
from workforce.kernel.roles import Role


def test_healthz_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_the_database_and_migrations_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "job queue": "ok"},
    }


def test_readyz_is_not_ready_while_migrations_are_behind(tmp_path):
    with scratch_database(tmp_path, "behind") as url:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade(revision="0015")
            response = app.test_client().get("/readyz")
            _db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"] == "behind the code: run wpq db upgrade"


def test_readyz_is_not_ready_when_redis_is_unreachable(app, db):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    try:
        response = app.test_client().get("/readyz")
    finally:
        del app.config["REDIS_URL"]
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] == "unreachable"


@pytest.fixture
def redis_server():
    """A Redis server of its own on a free port."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


def test_readyz_checks_redis_when_it_is_configured(app, db, redis_server):
    app.config["REDIS_URL"] = redis_server
    try:
        response = app.test_client().get("/readyz")
    finally:
        del app.config["REDIS_URL"]
    assert response.status_code == 200
    assert response.get_json()["checks"]["redis"] == "ok"


def test_a_failing_readiness_check_makes_readyz_not_ready(app, db):
    health.add_readiness_check(app, "mail relay", lambda: "no answer from the relay")
    try:
        response = app.test_client().get("/readyz")
    finally:
        del app.extensions[health.CHECKS_EXTENSION]["mail relay"]
    assert response.status_code == 503
    assert response.get_json()["checks"]["mail relay"] == "no answer from the relay"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_request_id_from_the_caller_is_returned(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-4f1c2a"})
    assert response.headers["X-Request-ID"] == "lb-4f1c2a"


@pytest.mark.parametrize("supplied", [None, "", "has spaces and a name: Jo Bloggs", "x" * 129])
def test_a_missing_or_implausible_request_id_is_replaced_by_a_new_one(client, supplied):
    headers = {"X-Request-ID": supplied} if supplied is not None else {}
    first = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    assert first != supplied


@pytest.fixture
def json_log():
    stream = io.StringIO()
    handler = logs.json_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_every_request_writes_a_json_line_with_its_request_id_and_user_id_but_no_personal_data(
    client_request, json_log
):
    user = create_user(Role.HR, name="Ffion Pritchard", email="ffion.pritchard@example.gov.uk")
    client_request.login(user)
    client_request.client.get("/?search=Pritchard", headers={"X-Request-ID": "req-123"})
    line = next(entry for entry in json_log() if entry.get("request_id") == "req-123")
    assert line["message"] == "request"
    assert line["user_id"] == user.id
    assert line["path"] == "/"
    assert line["status"] == 200
    assert {"time", "level", "name", "endpoint", "method", "duration_ms"} <= set(line)
    text = json.dumps(json_log())
    assert "Pritchard" not in text
    assert "ffion" not in text.lower()


def test_production_writes_json_logs(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test-only")
    app = create_app({"WPQ_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["LOG_FORMAT"] == "json"
    root = logging.getLogger()
    added = [handler for handler in root.handlers if getattr(handler, "wpq_json", False)]
    try:
        assert len(added) == 1
    finally:
        for handler in added:
            root.removeHandler(handler)


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_answer_404_without_a_configured_token(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token(app, db):
    app.config["METRICS_TOKEN"] = "scrape-token"
    try:
        client = app.test_client()
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        response = client.get("/metrics", headers={"Authorization": "Bearer scrape-token"})
    finally:
        app.config["METRICS_TOKEN"] = None
    assert response.status_code == 200
    assert "wpq_http_requests_total" in response.get_data(as_text=True)


def test_requests_are_counted_and_timed_by_endpoint(client):
    before = sample("wpq_http_requests_total", endpoint="operations.healthz", method="GET", status="200")
    timed = sample("wpq_http_request_duration_seconds_count", endpoint="operations.healthz")
    client.get("/healthz")
    client.get("/healthz")
    assert sample("wpq_http_requests_total", endpoint="operations.healthz", method="GET", status="200") == before + 2
    assert sample("wpq_http_request_duration_seconds_count", endpoint="operations.healthz") == timed + 2


def test_scraped_gauges_report_the_job_queue(app, db):
    from workforce.kernel.operations import metrics

    app.config["METRICS_TOKEN"] = "scrape-token"
    metrics.add_scraped_gauge(app, "wpq_test_jobs", "Jobs by state", "state", lambda: {"queued": 3, "failed": 1})
    try:
        text = (
            app.test_client().get("/metrics", headers={"Authorization": "Bearer scrape-token"}).get_data(as_text=True)
        )
    finally:
        app.config["METRICS_TOKEN"] = None
        app.extensions[metrics.GAUGES_EXTENSION].pop()
    assert 'wpq_test_jobs{state="queued"} 3.0' in text
    assert 'wpq_test_jobs{state="failed"} 1.0' in text


def test_an_export_is_timed(client_request):
    client_request.login(create_user(Role.HR))
    before = sample("wpq_export_duration_seconds_count", endpoint="people.import_template")
    response = client_request.client.get("/staff/import/staff/template")
    assert response.status_code == 200, response.status_code
    assert sample("wpq_export_duration_seconds_count", endpoint="people.import_template") == before + 1


def test_db_upgrade_refuses_a_database_newer_than_the_code(tmp_path):
    with scratch_database(tmp_path, "newer") as url:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade()
            with _db.engine.begin() as connection:
                connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
            result = app.test_cli_runner().invoke(args=["db", "upgrade"])
            with _db.engine.connect() as connection:
                version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
            _db.engine.dispose()
    assert result.exit_code == 1
    assert version == "9999"


def test_the_metrics_page_lists_the_job_queue_and_failed_jobs(app, db):
    from workforce.kernel.jobs.constants import JobStatus
    from workforce.kernel.jobs.models import Job

    db.session.add(Job(kind="test.export", status=JobStatus.FAILED, params={}, attempts=3, max_attempts=3))
    db.session.add(Job(kind="test.export", status=JobStatus.DONE, params={}, attempts=2, max_attempts=3))
    db.session.add(Job(kind="test.export", status=JobStatus.QUEUED, params={}, attempts=0, max_attempts=3))
    db.session.commit()
    app.config["METRICS_TOKEN"] = "scrape-token"
    try:
        text = app.test_client().get("/metrics", headers={"Authorization": "Bearer scrape-token"}).get_data(True)
    finally:
        app.config["METRICS_TOKEN"] = None
    assert 'wpq_jobs{status="failed"} 1.0' in text
    assert 'wpq_jobs{status="queued"} 1.0' in text
    assert 'wpq_job_failed_attempts{kind="test.export"} 4.0' in text
    assert 'wpq_job_queue_depth{queue="pending"}' in text


def test_readyz_is_not_ready_when_the_job_queue_is_unreachable(app, db):
    from huey import RedisHuey

    from workforce.kernel.jobs import queue

    kept = app.extensions[queue.EXTENSION]
    app.extensions[queue.EXTENSION] = RedisHuey("wpq-test", url=f"redis://127.0.0.1:{free_port()}/0")
    try:
        response = app.test_client().get("/readyz")
    finally:
        app.extensions[queue.EXTENSION] = kept
    assert response.status_code == 503
    assert response.get_json()["checks"]["job queue"] == "unreachable"


def test_an_import_is_timed_by_kind(client_request):
    from tests.builders import create_team
    from tests.people.test_import_views import upload
    from tests.people.test_imports import staff_row

    create_team("Team A")
    client_request.login(create_user(Role.HR))
    before = sample("wpq_import_duration_seconds_count", kind="staff")
    page = upload(client_request, [staff_row(1, "Team A")])
    assert sample("wpq_import_duration_seconds_count", kind="staff") == before + 1
    client_request.post("people.confirm_import", {"token": page.select_one("input[name=token]")["value"]}, kind="staff")
    assert sample("wpq_import_duration_seconds_count", kind="staff") == before + 2
