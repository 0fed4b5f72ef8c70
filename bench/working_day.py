"""A working day at a large council: the main pages under wrk, quiet and while someone signs in every 2 seconds.

    python -m bench.working_day DATABASE_URL [--port 5102] [--seconds 12] [--connections 8] [--label after]

The server is gunicorn as `make run` starts it (2 workers x 4 threads, a listening socket each) on the
database given (load it first with `wpq demo load --size large`), with a bare route added to the same app as
the baseline. Each page gets wrk with 8 connections for 12 seconds after a warm-up request on each of 8
connections at once (so every worker process has rendered it), signed in as the role the page is for; then the
same again while a writer signs in through the sign-in form every 2 seconds (the commonest write of a working
day: it changes the user's `last_signed_in_at`). Figures are p50, p95 and p99 latency and requests per second,
with each page's requests per second as a share of the bare route's. The machine is shared, so the system load
average is kept with the figures.
Results go to instance/bench/working-day/<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import sign_in_cookie
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.jobs.commands import REUSE_PORT

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "instance" / "bench" / "working-day"

#: The pages of the working-day table: (name, the demo user it is measured as or None, path).
PAGES: list[tuple[str, str | None, str]] = [
    ("bare Flask route (baseline)", None, "/bench-bare"),
    ("sign-in page", None, "/sign-in"),
    ("team manager home", "team-manager", "/"),
    ("staff list (HR)", "hr", "/staff"),
    ("overdue list (senior leader)", "senior-leader", "/supervision/schedule?show=overdue"),
    ("council caseloads (senior leader)", "senior-leader", "/caseloads"),
    ("audit report (QA officer)", "qa-officer", "/audits/report"),
    ("training matrix (academy lead)", "academy-lead", "/academy/matrix"),
    ("plan overview (senior leader)", "senior-leader", "/improvement/plans/1"),
]
#: Who signs in every 2 seconds: a user none of the measured pages is signed in as.
WRITER = "committee-viewer"
WRITE_EVERY_SECONDS = 2.0

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WPQ-RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50=%d p95=%d p99=%d max=%d\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def bench_wsgi():
    """The app as `make run` serves it, plus a bare route; rate limiting off so that the writer's sign-ins
    every 2 seconds are not refused (the limiter's memory storage writes nothing to the database anyway)."""
    from workforce.app import create_app
    from workforce.kernel.permissions import public

    app = create_app({"RATELIMIT_ENABLED": False})

    @app.route("/bench-bare")
    @public
    def bench_bare():
        return "ok"

    return app


class Gunicorn:
    def __init__(self, database_url: str, port: int) -> None:
        self.database_url, self.port = database_url, port

    def __enter__(self) -> Gunicorn:
        env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(  # noqa: S603  (our own gunicorn on our own app)
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                *REUSE_PORT,
                "bench.working_day:bench_wsgi()",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench-bare", timeout=5).read()
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


class Writer(threading.Thread):
    """Signs in through the form every 2 seconds until stopped; counts its sign-ins."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port, self.stopping, self.done, self.failed = port, threading.Event(), 0, 0

    def run(self) -> None:
        while not self.stopping.wait(WRITE_EVERY_SECONDS):
            try:
                sign_in_cookie(self.port, demo_email(WRITER), DEMO_PASSWORD)
                self.done += 1
            except Exception:
                self.failed += 1


def wrk(port: int, path: str, cookie: str | None, seconds: int, connections: int, script: str) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"WPQ-RESULT (.*)", output)
    if not match:
        raise RuntimeError(f"wrk gave no result for {path}: {output}")
    values = {key: int(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    return {
        "requests": values["requests"],
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "errors": values["errors"] + values["non2xx"],
        "p50_ms": values["p50"] / 1000,
        "p95_ms": values["p95"] / 1000,
        "p99_ms": values["p99"] / 1000,
        "max_ms": values["max"] / 1000,
    }


def warm_up(port: int, path: str, cookie: str | None, user: str | None, connections: int) -> None:
    """One request on each of as many new connections as wrk opens, at once: each gunicorn worker has its own
    listening socket, so this reaches every worker process (one request would reach one of them)."""

    def one(_):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310  (warm-up, and the check)
            if response.status != 200 or (user and "/sign-in" in response.url):
                raise RuntimeError(f"{path} as {user} answered {response.status} at {response.url}")

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(one, range(connections)))


def measure(port: int, seconds: int, connections: int, with_writes: bool) -> list[dict]:
    cookies = {}
    for _name, user, _path in PAGES:
        if user and user not in cookies:
            cookies[user] = sign_in_cookie(port, demo_email(user), DEMO_PASSWORD)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    writer = Writer(port) if with_writes else None
    if writer:
        writer.start()
    rows = []
    try:
        for name, user, path in PAGES:
            warm_up(port, path, cookies.get(user), user, connections)
            load_before = os.getloadavg()[0]
            result = wrk(port, path, cookies.get(user), seconds, connections, script.name)
            rows.append({"page": name, "path": path, "user": user, "load": load_before, **result})
            print(
                f"  {'writes' if with_writes else 'quiet '} {name}: p50 {result['p50_ms']:.0f} ms, "
                f"p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, {result['rps']:.1f} req/s, "
                f"{result['errors']} errors (load {load_before:.1f})",
                flush=True,
            )
    finally:
        if writer:
            writer.stopping.set()
            writer.join()
        os.unlink(script.name)
    if writer:
        rows.append({"page": "writer", "sign_ins": writer.done, "failed": writer.failed})
    return rows


def _cells(row: dict | None, bare: float) -> str:
    if row is None:
        return "- | - | - | -"
    if not row["requests"]:
        return "no request finished in the run | 0 | 0% | **no**"
    share = row["rps"] / bare if bare else 0
    met = "yes" if row["p95_ms"] < 100 and share >= 0.15 else "**no**"
    return (
        f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f} / {row['p99_ms']:.0f} ms | {row['rps']:.1f} | "
        f"{share * 100:.1f}% | {met}"
    )


def _load_avg(rows: list[dict]) -> str:
    loads = [row["load"] for row in rows if "load" in row]
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else "-"


def markdown(folder: Path = RESULTS) -> list[str]:
    """The working-day section of docs/performance.md: "before" beside the latest other run, quiet and with
    writes, each page's p50 / p95 / p99, requests per second and share of the bare route's."""
    runs = {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}
    if not runs:
        return []
    before = runs.get("before")
    others = sorted((run for label, run in runs.items() if label != "before"), key=lambda run: run["at"])
    after = others[-1] if others else None
    shown = [(name, run) for name, run in (("Before", before), ("After", after)) if run]
    lines = [
        "## A working day: the main pages under wrk, quiet and with a sign-in every 2 seconds",
        "",
        "`python -m bench.working_day DATABASE_URL` (`make bench-working-day`): PostgreSQL at the large size "
        "(`wpq demo load --size large`), gunicorn as `make run` starts it (2 workers x 4 threads, a listening "
        "socket each), wrk with 8 connections for 12 s per page after a warm-up request on each of 8 "
        "connections at once, first quiet, then while another user signs in through the form every 2 seconds. "
        "Each cell: p50 / p95 / p99, requests per second, the share of the "
        "bare route's requests per second in the same run, and whether the target (p95 under 100 ms and at "
        "least 15% of the bare route) is met.",
        "",
    ]
    for name, run in shown:
        lines.append(
            f"- {name}: measured {run['at']} at commit {run.get('commit') or 'before this work'}; system load "
            f"average (2 cores, shared) {_load_avg(run['quiet'])} quiet and {_load_avg(run['writes'])} with writes."
        )
    lines.append("")
    for phase, title in (("quiet", "Quiet"), ("writes", "With a sign-in every 2 seconds")):
        header = "| Page |" + "".join(f" {name} p50 / p95 / p99 | req/s | of bare | met |" for name, _ in shown)
        lines += [f"### {title}", "", header, "|---|" + "---|---|---|---|" * len(shown)]
        tables = {name: {row["page"]: row for row in run[phase] if "rps" in row} for name, run in shown}
        bares = {name: rows.get(PAGES[0][0], {}).get("rps", 0) for name, rows in tables.items()}
        for page, _user, path in PAGES:
            cells = " | ".join(_cells(tables[name].get(page), bares[name]) for name, _ in shown)
            lines.append(f"| {page} `{path}` | {cells} |")
        writers = [(name, row) for name, run in shown for row in run[phase] if row.get("page") == "writer"]
        lines.append("")
        if writers:
            lines += [
                "Sign-ins made during the run: "
                + ", ".join(f"{name} {row['sign_ins']} ({row['failed']} failed)" for name, row in writers)
                + ".",
                "",
            ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.working_day", description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=5102)
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--label", default="latest")
    args = parser.parse_args(argv)
    git = shutil.which("git")
    commit = (
        subprocess.run([git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()  # noqa: S603
        if git
        else ""
    )
    result = {"label": args.label, "at": datetime.now(UTC).isoformat(timespec="minutes"), "commit": commit}
    with Gunicorn(args.database_url, args.port):
        result["quiet"] = measure(args.port, args.seconds, args.connections, with_writes=False)
        result["writes"] = measure(args.port, args.seconds, args.connections, with_writes=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.label}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
