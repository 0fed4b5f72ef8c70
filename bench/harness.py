"""Timing, concurrent page load, peak memory and the report: the pieces every benchmark uses."""

from __future__ import annotations

import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from werkzeug.serving import make_server


def best_time(function: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by other work on the machine)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def best_times(function: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """The fastest of `repeat` runs: (wall-clock seconds, CPU seconds of this process). The CPU time is not
    inflated by other work on a shared machine, but leaves out the database server's own work."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


@dataclass
class Figure:
    """One measurement against its baseline: `ratio` is figure / baseline in the unit's sense."""

    group: str
    name: str
    value: float
    baseline: float
    unit: str
    #: A short statement of the target, e.g. "within 3x the plain scan".
    target: str
    met: bool | None
    detail: str = ""
    p95_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


@dataclass
class Report:
    database: str
    size: str
    figures: list[Figure] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else "n/a"
        mark = {True: "met", False: "NOT MET", None: "-"}[figure.met]
        print(
            f"  [{self.database} {self.size}] {figure.group}: {figure.name}: {figure.value:.4g} {figure.unit} "
            f"(baseline {figure.baseline:.4g}, ratio {ratio}, target {figure.target}: {mark})",
            flush=True,
        )


class Server:
    """Serves a WSGI app from a thread on a free local port."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)

    @property
    def port(self) -> int:
        return self.server.server_port


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def load(
    port: int, path: str, cookie: str | None, concurrency: int = 8, total: int = 160, seconds: float | None = None
) -> LoadResult:
    """`total` GET requests for `path` from `concurrency` client threads; latency per request.

    With `seconds`, each client stops early once that long has passed (after at least one request), so a
    slow page costs the run a bounded time; the rate is then over the requests made.
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_thread = max(1, total // concurrency)
    deadline = time.perf_counter() + seconds if seconds else None

    def client():
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        for made in range(per_thread):
            if deadline is not None and made >= 1 and time.perf_counter() > deadline:
                break
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return LoadResult(len(latencies), errors, time.perf_counter() - started, latencies)


def sign_in_cookie(port: int, email: str, password: str) -> str:
    """Sign in through the real form and return the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/sign-in")
    response = connection.getresponse()
    body = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = body.split('name="csrf_token" type="hidden" value="')[-1].split('"')[0]
    if 'name="csrf_token"' in body and "value=" in body and not token:
        raise RuntimeError("no CSRF token on the sign-in page")
    form = f"csrf_token={token}&email={email}&password={password}"
    connection.request(
        "POST",
        "/sign-in",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    location = response.getheader("Location", "")
    if response.status != 302 or urlsplit(location).path.startswith("/sign-in"):
        raise RuntimeError(f"could not sign in as {email} ({response.status})")
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    # Then open the page the sign-in leads to, as a browser does, keeping the cookie that page sets (it holds
    # the new sign-in session's form token).
    connection.request("GET", urlsplit(location).path or "/", headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie", "").split(";")[0] or cookie


def peak_memory_mb(module: str, function: str, *args: str) -> float:
    """Run `module.function(*args)` in a fresh Python process and return its peak resident memory (MB)."""
    code = (
        "import importlib, json, resource, sys\n"
        f"getattr(importlib.import_module({module!r}), {function!r})(*json.loads(sys.argv[1]))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    completed = subprocess.run(  # noqa: S603  (our own interpreter running our own code)
        [sys.executable, "-c", code, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    return int(completed.stdout.strip().splitlines()[-1]) / 1024


def machine_description() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            total_kb = int(meminfo.readline().split()[1])
            memory = f", {total_kb / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} CPU cores ({cpu}){memory}, {system}"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
