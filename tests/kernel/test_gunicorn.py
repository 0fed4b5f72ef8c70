"""WPQ under gunicorn with its production settings: two worker processes, their metrics added up by
/metrics (prometheus_client's multiprocess mode), and JSON log lines carrying the request id."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import flask_migrate
import pytest

from tests.kernel.test_operations import free_port
from workforce.app import create_app
from workforce.extensions import db


@pytest.fixture
def gunicorn_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    port = free_port()
    environment = {
        **os.environ,
        "WPQ_ENV": "testing",
        "DATABASE_URL": url,
        "WPQ_METRICS_TOKEN": "gunicorn-test-token",
        "WPQ_LOG_FORMAT": "json",
        "WPQ_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:workforce.kernel.operations.gunicorn_settings",
            "workforce.app:create_app()",
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=60):  # noqa: S310
                    break
            except OSError:  # not listening yet (URLError, a refused or reset connection)
                if process.poll() is not None:
                    pytest.fail("gunicorn stopped: " + (tmp_path / "gunicorn.log").read_text()[-2000:])
                time.sleep(0.1)
        yield base, tmp_path / "gunicorn.log"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, response.read().decode()


def test_metrics_add_up_every_worker_process_and_logs_carry_the_request_id(gunicorn_server):
    base, log_file = gunicorn_server
    for number in range(20):
        get(base + "/readyz", {"X-Request-ID": f"gunicorn-test-{number}"})
    status, text = get(base + "/metrics", {"Authorization": "Bearer gunicorn-test-token"})
    assert status == 200
    counted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith('wpq_http_requests_total{endpoint="operations.readyz"')
    )
    assert counted == 20
    lines = [json.loads(line) for line in log_file.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("message") == "request" and line["path"] == "/readyz"]
    ids = {line["request_id"] for line in requests}
    assert {f"gunicorn-test-{number}" for number in range(20)} <= ids
    assert len({line["name"] for line in lines}) > 1, "gunicorn's own lines are JSON too"
