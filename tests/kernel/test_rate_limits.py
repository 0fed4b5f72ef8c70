"""Rate-limit counters in WPQ's database: atomic, windowed, and shared by every gunicorn worker."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import sqlalchemy as sa

from workforce.kernel.rate_limits import WINDOWS, DatabaseStorage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def storage(tmp_path):
    url = os.environ.get("DATABASE_URL")
    if url:
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    else:
        url = f"sqlite:///{tmp_path / 'limits.sqlite3'}"
    engine = sa.create_engine(url)
    WINDOWS.create(engine, checkfirst=True)
    engine.dispose()
    storage = DatabaseStorage(url=url)
    storage.reset()
    yield storage
    storage.reset()
    storage.engine.dispose()


def test_hits_count_up_within_a_window(storage):
    assert [storage.incr("sign-in/1.2.3.4", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("sign-in/1.2.3.4") == 3
    assert storage.get("another key") == 0
    assert storage.get_expiry("sign-in/1.2.3.4") > time.time() + 55


def test_an_ended_window_starts_again_from_the_new_hit(storage):
    with storage.engine.begin() as connection:
        connection.execute(sa.insert(WINDOWS).values(key="k", count=40, expires_at=time.time() - 1))
    assert storage.get("k") == 0
    assert storage.incr("k", 60, amount=2) == 2
    assert storage.get_expiry("k") > time.time() + 55


def test_clear_and_reset_forget_counts(storage):
    storage.incr("a", 60)
    storage.incr("b", 60)
    storage.clear("a")
    assert storage.get("a") == 0 and storage.get("b") == 1
    assert storage.reset() == 1
    assert storage.get("b") == 0
    assert storage.check()


def test_concurrent_hits_are_never_lost(storage):
    def hit():
        for _ in range(25):
            storage.incr("busy", 60)

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert storage.get("busy") == 100


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {server.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=30).close()  # noqa: S310 (the local test server)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def _status(opener, request) -> int:
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="this test is about the set-up without Redis")
def test_the_sign_in_and_api_limits_hold_across_two_gunicorn_workers_without_redis(tmp_path):
    """`make run`'s set-up (two workers, SQLite, no Redis): the limit is the limit, not twice it."""
    url = f"sqlite:///{tmp_path / 'wpq.sqlite3'}"
    environment = {**os.environ, "DATABASE_URL": url, "WPQ_ENV": "development"}
    environment.pop("REDIS_URL", None)
    wpq = str(Path(sys.executable).with_name("wpq"))
    subprocess.run([wpq, "db", "upgrade"], env=environment, cwd=ROOT, check=True, capture_output=True)
    secret = subprocess.run(
        [sys.executable, "-c", CREATE_TOKEN], env=environment, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    port = _free_port()
    application = "workforce.app:create_app({'SIGN_IN_RATE_LIMIT': '5 per minute', 'API_RATE_LIMIT': '4 per minute'})"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "2",
            "--access-logfile",
            "-",
            "--access-logformat",
            "worker=%(p)s status=%(s)s %(r)s",
            application,
        ],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/sign-in", server)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with opener.open(f"{base}/sign-in", timeout=30) as response:
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode())
        form = f"csrf_token={token.group(1)}&email=nobody%40example.gov.uk&password=wrong".encode()
        sign_ins: list[int] = []

        def sign_in():
            request = urllib.request.Request(f"{base}/sign-in", data=form, headers={"Connection": "close"})  # noqa: S310
            sign_ins.append(_status(opener, request))

        # In pairs at once: a sync worker busy hashing one password cannot take the other, so both answer.
        for _ in range(6):
            pair = [threading.Thread(target=sign_in) for _ in range(2)]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
        api = []
        for _ in range(10):
            request = urllib.request.Request(  # noqa: S310 (the local test server)
                f"{base}/api/v1/teams", headers={"Authorization": f"Bearer {secret}", "Connection": "close"}
            )
            api.append(_status(urllib.request.build_opener(), request))
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert sorted(sign_ins) == [200] * 5 + [429] * 7, log
    assert api == [200] * 4 + [429] * 6, log
    posts = re.findall(r"worker=<?(\d+)>? status=\d+ POST /sign-in", log)
    assert len(set(posts)) == 2, f"both workers must have answered sign-ins to prove the count is shared:\n{log}"


CREATE_TOKEN = """
from workforce.app import create_app
from workforce.extensions import db
from workforce.api import services
from workforce.kernel.auth.services import new_session_token
from workforce.kernel.models import User
from workforce.kernel.roles import Role

app = create_app()
with app.app_context():
    user = User(email="admin@example.gov.uk", name="Admin", role=Role.ADMINISTRATOR,
                session_token=new_session_token(), failed_sign_ins=0)
    db.session.add(user)
    db.session.flush()
    token, secret = services.create_token(user, "limits", ["teams:read"], 30, user)
    db.session.commit()
    print(secret)
"""


def test_on_sqlite_the_counters_are_in_a_file_of_their_own_beside_the_database(tmp_path):
    from workforce.kernel.rate_limits import counters_url

    assert counters_url(f"sqlite:///{tmp_path}/wpq.sqlite3") == f"sqlite:///{tmp_path}/wpq-rate-limits.sqlite3"
    assert counters_url("postgresql+psycopg://wpq@db/wpq") == "postgresql+psycopg://wpq@db/wpq"
    storage = DatabaseStorage(url=counters_url(f"sqlite:///{tmp_path}/wpq.sqlite3"))
    assert storage.incr("sign-in", 60) == 1 and storage.get("sign-in") == 1
    assert (tmp_path / "wpq-rate-limits.sqlite3").exists()
