"""The benchmark suite: generate the demo council at the large and the ten-times stress size, then measure the
roll-up, the main pages, the exports and the imports, each against a baseline in the same run, with the peak
memory of each export and import, and write docs/performance.md.

    python -m bench [--sizes large,stress] [--database sqlite|postgresql|both] [--only rollup,pages,...]

Generated data is cached (a SQLite file, or a PostgreSQL template database) keyed by size, seed, as-of date and
a fingerprint of the demo seeders and migrations, so that measuring again after a code change is quick; each run
works on a fresh copy. Each run's figures are kept under instance/bench/results and docs/performance.md is
written from every result there, so the sizes and databases can be run one at a time. The command fails only
when a run breaks, never on a slow figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from flask import Flask
from sqlalchemy import MetaData, create_engine, select, text

from bench.harness import Figure, Report, Server, best_times, load, sign_in_cookie
from bench.report import save_result, write_markdown
from workforce.app import create_app
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.demo import DEMO_PASSWORD, DEMO_USERS, demo_email, load_demo
from workforce.kernel.measures import MeasureScope, roll_up
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.permissions import public
from workforce.kernel.roles import Role

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "instance" / "bench"
AS_OF = date(2026, 10, 31)
SEED = 1
GROUPS = ("rollup", "pages", "exports", "imports", "jobs", "working-day")
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"

#: The issue's main pages besides every role's home page: (role, name, path or a function of the ids).
MAIN_PAGES: list[tuple[Role, str, str]] = [
    (Role.HR, "staff list", "/staff"),
    (Role.TEAM_MANAGER, "team caseloads", "/caseloads/teams/{team_id}"),
    (Role.SENIOR_LEADER, "supervision overdue list", "/supervision/schedule?show=overdue"),
    (Role.QA_OFFICER, "audit report", "/audits/report"),
    (Role.ACADEMY_LEAD, "training matrix", "/academy/matrix"),
    (Role.SENIOR_LEADER, "plan overview", "/improvement/plans/{plan_id}"),
    (Role.SENIOR_LEADER, "measure page", "/improvement/plan-measures/{plan_measure_id}"),
]


def bench_app(database_url: str) -> Flask:
    app = create_app(
        {
            "WPQ_ENV": "development",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "IDLE_TIMEOUT": timedelta(hours=8),
        }
    )

    @app.route("/bench-bare")
    @public
    def bench_bare():
        return "ok"

    return app


# Data: generated once per size and cached


def data_fingerprint() -> str:
    """Changes when the demo seeders change (and the generated data would differ). A later migration does not
    invalidate the cache: each run migrates its working copy."""
    digest = hashlib.sha256()
    patterns = ["**/demo.py", "**/demo_data.py", "**/seeder.py"]
    files = sorted({path for pattern in patterns for path in ROOT.glob(pattern) if ".venv" not in path.parts})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def generate(database_url: str, size: str) -> float:
    """Migrate an empty database and load the demo council into it; returns the seconds the demo took (and
    prints the CPU seconds of this process, which a machine shared with other work does not inflate)."""
    app = bench_app(database_url)
    with app.app_context():
        flask_migrate.upgrade()
        started, cpu = time.perf_counter(), time.process_time()
        load_demo(size, seed=SEED, as_of=AS_OF)
        db.session.commit()
        seconds = time.perf_counter() - started
        print(f"  demo generation: {seconds:.0f} s, {time.process_time() - cpu:.0f} s of CPU in Python", flush=True)
        db.session.remove()
        db.engine.dispose()
    return seconds


class SQLiteData:
    label = "SQLite"

    def __init__(self, size: str, regenerate: bool) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        self.size = size
        self.cached = CACHE / f"sqlite-{size}-seed{SEED}-{AS_OF:%Y%m%d}-{data_fingerprint()}.sqlite3"
        self.work = CACHE / f"work-sqlite-{size}.sqlite3"
        self.regenerate = regenerate

    def prepare(self) -> float | None:
        generated = None
        if self.regenerate or not self.cached.exists():
            for old in CACHE.glob(f"sqlite-{self.size}-*.sqlite3"):
                old.unlink()
            building = self.cached.with_suffix(".building")
            building.unlink(missing_ok=True)
            generated = generate(f"sqlite:///{building}", self.size)
            building.rename(self.cached)
        self.fresh_copy()
        return generated

    def fresh_copy(self) -> None:
        self.drop()
        shutil.copyfile(self.cached, self.work)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.work}"

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.work}{suffix}").unlink(missing_ok=True)


def analyze(database_url: str) -> None:
    """Table statistics for the planner after a bulk load (as docs/deployment.md asks after a large import):
    without them PostgreSQL plans the roll-up's joins for empty tables. Copies of the database keep them."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


class PostgreSQLData:
    label = "PostgreSQL"

    def __init__(self, size: str, regenerate: bool, server_url: str) -> None:
        self.size = size
        self.server_url = server_url
        self.template = f"wpq_bench_tpl_{size}_{data_fingerprint()}"
        self.work = f"wpq_bench_{size}"
        self.regenerate = regenerate

    def _admin(self):
        return create_engine(self.server_url, isolation_level="AUTOCOMMIT")

    def _database_url(self, name: str) -> str:
        return self.server_url.rsplit("/", 1)[0] + f"/{name}"

    def prepare(self) -> float | None:
        admin = self._admin()
        generated = None
        try:
            with admin.connect() as connection:
                names = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
                exists = self.template in names
                if self.regenerate or not exists:
                    for name in names:
                        if name.startswith(f"wpq_bench_tpl_{self.size}_"):
                            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    building = f"{self.template}_building"
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)'))
                    connection.execute(text(f'CREATE DATABASE "{building}"'))
            if self.regenerate or not exists:
                generated = generate(self._database_url(building), self.size)
                analyze(self._database_url(building))
                with admin.connect() as connection:
                    connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{self.template}"'))
        finally:
            admin.dispose()
        self.fresh_copy()
        return generated

    def fresh_copy(self) -> None:
        admin = self._admin()
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.template}"'))
        finally:
            admin.dispose()

    @property
    def url(self) -> str:
        return self._database_url(self.work)

    def drop(self) -> None:
        admin = self._admin()
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)'))
        finally:
            admin.dispose()


# Roll-up


def reporting_month(as_of: date) -> tuple[date, date]:
    first_of_this_month = as_of.replace(day=1)
    end = first_of_this_month - timedelta(days=1)
    return end.replace(day=1), end


def scopes() -> list[MeasureScope]:
    areas = db.session.execute(select(ServiceArea.id).order_by(ServiceArea.id)).scalars().all()
    teams = db.session.execute(select(Team.id).order_by(Team.id)).scalars().all()
    return (
        [MeasureScope.council()]
        + [MeasureScope.service_area(area) for area in areas]
        + [MeasureScope.team(team) for team in teams]
    )


def plain_scan() -> int:
    """Read every row of every table the modules keep (the audit trail aside), once."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    rows = 0
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name in ("audit_events", "alembic_version"):
                continue
            rows += len(connection.execute(table.select()).fetchall())
    return rows


def bench_rollup(report: Report) -> None:
    start, end = reporting_month(AS_OF)
    measures = list(registry().measures)
    all_scopes = scopes()

    def rollup():
        with roll_up():
            for scope in all_scopes:
                for measure in measures:
                    measure.compute(start, end, scope)
        db.session.rollback()

    scanned = [0]

    def scan():
        scanned[0] = plain_scan()

    scan_seconds, scan_cpu = best_times(scan, repeat=2)
    rollup_seconds, rollup_cpu = best_times(rollup, repeat=1)
    report.add(
        Figure(
            "Roll-up",
            "every measure, one month, council + service areas + teams",
            rollup_seconds,
            scan_seconds,
            "s",
            "within 3x the plain scan",
            rollup_seconds <= 3 * scan_seconds,
            f"{len(measures)} measures x {len(all_scopes)} scopes for {start:%B %Y}; "
            f"plain scan of {scanned[0]:,} rows; CPU time in WPQ's process {rollup_cpu:.1f} s against "
            f"{scan_cpu:.1f} s ({rollup_cpu / scan_cpu if scan_cpu else 0:.1f}x)",
        )
    )


# Pages


def page_paths() -> list[tuple[Role, str, str]]:
    """Each role's home page and the issue's main pages, with the demo's ids filled in."""
    manager = db.session.execute(select(User).where(User.email == demo_email("team-manager"))).scalar_one()
    from workforce.improvement.models import ImprovementPlan, PlanMeasure

    ids = {
        "team_id": manager.managed_teams[0].id if manager.managed_teams else manager.team_id,
        "plan_id": db.session.execute(select(ImprovementPlan.id).order_by(ImprovementPlan.id).limit(1)).scalar(),
        "plan_measure_id": db.session.execute(select(PlanMeasure.id).order_by(PlanMeasure.id).limit(1)).scalar(),
    }
    paths = [(role, "home page", "/") for role, _name, _local in DEMO_USERS]
    paths += [(role, name, path.format(**ids)) for role, name, path in MAIN_PAGES]
    return paths


def bench_pages(app: Flask, report: Report, requests_per_page: int, seconds_per_page: float) -> None:
    large = report.size == "large"
    with app.app_context():
        paths = page_paths()
        db.session.remove()
    with Server(app) as server:
        load(server.port, "/bench-bare", None, total=16)  # warm up
        bare = load(server.port, "/bench-bare", None, total=requests_per_page * 4)
        report.add(
            Figure(
                "Pages",
                "bare Flask route",
                bare.requests_per_second,
                bare.requests_per_second,
                "req/s",
                "baseline",
                None,
                f"p95 {bare.p95_ms:.1f} ms",
                p95_ms=bare.p95_ms,
            )
        )
        cookies = {}
        for role, _name, local_part in DEMO_USERS:
            cookies[role] = sign_in_cookie(server.port, demo_email(local_part), DEMO_PASSWORD)
        for role, name, path in paths:
            load(server.port, path, cookies[role], concurrency=1, total=1)  # warm up (templates, caches)
            result = load(server.port, path, cookies[role], total=requests_per_page, seconds=seconds_per_page)
            if result.errors:
                report.failures.append(f"{role.value} {path}: {result.errors} of {result.requests} requests failed")
            share = result.requests_per_second / bare.requests_per_second if bare.requests_per_second else 0
            report.add(
                Figure(
                    "Pages",
                    f"{name} ({role.value}) {path}",
                    result.requests_per_second,
                    bare.requests_per_second,
                    "req/s",
                    ">= 15% of bare, p95 < 100 ms (large)",
                    (share >= 0.15 and result.p95_ms < 100) if large else None,
                    f"p95 {result.p95_ms:.0f} ms, {result.requests} requests",
                    p95_ms=result.p95_ms,
                )
            )


# Exports and imports, each in a process of its own (for its peak memory)


def _workload(name: str, url: str, *extra: str) -> dict:
    completed = subprocess.run(  # noqa: S603  (our own interpreter running our own module)
        [sys.executable, "-m", "bench.workloads", name, url, "--as-of", AS_OF.isoformat(), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{completed.stderr[-3000:]}")
    lines = completed.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


EXPORT_TITLES = {
    "committee-pack": "committee pack",
    "census-export": "census export (Excel)",
    "training-matrix-export": "training-matrix export",
}
IMPORT_TITLES = {
    "caseload-import": "caseload import, 100,000 case rows",
    "staff-import": "staff import, 5,000 staff rows",
}


def _memory_figure(report: Report, title: str, result: dict) -> None:
    stress = report.size == "stress"
    report.add(
        Figure(
            "Memory",
            f"peak, {title}",
            result["peak_mb"],
            result["rss_before_mb"],
            "MB",
            "< 300 MB (exports, stress)" if result["kind"] == "export" else "-",
            (result["peak_mb"] < 300) if stress and result["kind"] == "export" else None,
            "baseline: the process with WPQ loaded, before the work",
        )
    )


def bench_exports(report: Report, url: str) -> None:
    for name, title in EXPORT_TITLES.items():
        try:
            result = _workload(name, url)
        except Exception as problem:
            report.failures.append(f"{title}: {problem}")
            continue
        report.add(
            Figure(
                "Exports",
                title,
                result["seconds"],
                result["baseline_seconds"],
                "s",
                "within 2x the write-only workbook",
                result["seconds"] <= 2 * result["baseline_seconds"],
                f"{result['amount']:,} cells, {result['bytes'] / 1024:,.0f} KiB; CPU time {result['cpu']:.2f} s "
                f"against {result['baseline_cpu']:.2f} s",
            )
        )
        result["kind"] = "export"
        _memory_figure(report, title, result)


def bench_imports(report: Report, url: str, file_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, title in IMPORT_TITLES.items():
            path = str(Path(folder) / f"{name}.{file_format}")
            try:
                _workload(name, url, "--format", file_format, "--file", path, "--prepare")
                result = _workload(name, url, "--format", file_format, "--file", path)
            except Exception as problem:
                report.failures.append(f"{title}: {problem}")
                continue
            rate = result["amount"] / result["seconds"]
            read_rate = result["amount"] / result["baseline_seconds"]
            report.add(
                Figure(
                    "Imports",
                    f"{title} ({file_format})",
                    rate,
                    read_rate,
                    "rows/s",
                    ">= half the plain read's rate",
                    rate >= 0.5 * read_rate,
                    f"{result['seconds']:.1f} s against {result['baseline_seconds']:.2f} s to read the file; CPU time "
                    f"{result['cpu']:.1f} s against {result['baseline_cpu']:.2f} s",
                )
            )
            result["kind"] = "import"
            _memory_figure(report, f"{title} ({file_format})", result)


# Long work as jobs: a month computed and published through the pages, and a worker killed mid-import


def bench_jobs(report: Report, url: str) -> None:
    completed = subprocess.run(  # noqa: S603  (our own interpreter running our own module)
        [sys.executable, "-m", "bench.jobs", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the jobs run failed:\n{completed.stderr[-3000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    pages = f"{result['requests']} web requests, {result['polls']} of them the progress pages"
    ahead = ", ".join(result["queued_ahead"]) or "none"
    report.add(
        Figure(
            "Jobs",
            "computing a month as a job",
            result["compute_running_seconds"],
            result["compute_running_seconds"],
            "s",
            "-",
            None,
            f"the job's own run; {result['compute_seconds']:.1f} s from the button to the progress page saying "
            f"Done (jobs the worker ran before: {ahead}); {pages}",
        )
    )
    report.add(
        Figure(
            "Jobs",
            "publishing the month as a job",
            result["publish_running_seconds"],
            result["publish_running_seconds"],
            "s",
            "-",
            None,
            f"the job's own run; {result['publish_seconds']:.1f} s from the confirmation to the page saying Done",
        )
    )
    report.add(
        Figure(
            "Jobs",
            "slowest web request while it ran",
            result["slowest_request_seconds"],
            1.0,
            "s",
            "< 1 s, none failed",
            result["slowest_request_seconds"] < 1.0 and not result["failed_requests"],
            f"{result['slowest_request']}; {len(result['failed_requests'])} failed"
            + (f" ({', '.join(sorted(set(result['failed_requests'])))})" if result["failed_requests"] else ""),
        )
    )
    report.add(
        Figure(
            "Jobs",
            "worker peak memory, computing and publishing",
            result["worker_peak_mb"],
            result["worker_rss_before_mb"],
            "MB",
            "-",
            None,
            "baseline: the worker process started and waiting, before the jobs (VmHWM against VmRSS)",
        )
    )
    kill = result["kill"]
    report.add(
        Figure(
            "Jobs",
            "caseload import, worker killed with SIGKILL",
            kill["recovered_seconds"],
            kill["recovered_seconds"],
            "s",
            "done once, or failed with nothing saved; upload removed",
            kill["ok"],
            f"killed at {kill['killed_at']}; then {kill['status']} after {kill['attempts']} attempts, "
            f"{kill['snapshots']} snapshot with {kill['cases']:,} of {kill['rows']:,} cases, "
            f"{kill['uploads_left']} uploads left; time from the restart",
        )
    )


# A working day: gunicorn under wrk, quiet and with writes (PostgreSQL, large size only)


def bench_working_day(report: Report, url: str) -> None:
    if report.database != "PostgreSQL" or report.size != "large":
        return
    completed = subprocess.run(  # noqa: S603  (our own interpreter running our own module)
        [sys.executable, "-m", "bench.working_day", url, "--label", "latest"],
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if completed.returncode:
        raise RuntimeError(f"the working-day run failed ({completed.returncode})")
    report.notes.append("The working-day run (gunicorn under wrk) is in its own section below.")


# A run: one database at one size


def run(data, size: str, groups: list[str], options) -> Report:
    report = Report(data.label, size)
    print(f"{data.label}, {size}: preparing the data", flush=True)
    try:
        generated = data.prepare()
    except Exception:
        report.failures.append(f"demo generation: {traceback.format_exc(limit=5)}")
        return report
    if generated is not None:
        report.add(Figure("Data", "demo generation", generated, generated, "s", "-", None, "generated in this run"))
    else:
        report.notes.append("The demo data came from the cache (generated by an earlier run of the same code).")
    app = bench_app(data.url)
    with app.app_context():
        flask_migrate.upgrade()  # a no-op unless the cached data predates a migration
        db.session.remove()
    steps = {
        "rollup": lambda: _in_context(app, lambda: bench_rollup(report)),
        "pages": lambda: bench_pages(app, report, options.requests, options.page_seconds),
        "exports": lambda: bench_exports(report, data.url),
        "imports": lambda: bench_imports(report, data.url, options.import_format),
        "jobs": lambda: bench_jobs(report, data.url),
        "working-day": lambda: bench_working_day(report, data.url),
    }
    done: list[str] = []
    for name in GROUPS:
        if name not in groups:
            continue
        print(f"{data.label}, {size}: {name}", flush=True)
        try:
            steps[name]()
        except Exception:  # a broken run is reported (and fails the command); a slow one never does
            report.failures.append(f"{name}: {traceback.format_exc(limit=5)}")
        done.append(name)
        save_result(report, CACHE / "results", done)  # kept as each group ends: a stopped run keeps them
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if not options.keep:
        data.drop()
    return report


def _in_context(app: Flask, function) -> None:
    with app.app_context():
        try:
            function()
        finally:
            db.session.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="large,stress", help="Comma-separated demo sizes (default large,stress)")
    parser.add_argument(
        "--database", choices=("sqlite", "postgresql", "both"), default="both", help="Where to run (default both)"
    )
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("WPQ_BENCH_POSTGRESQL", DEFAULT_POSTGRESQL),
        help="A PostgreSQL server (any database on it): the benchmark creates and drops its own databases",
    )
    parser.add_argument("--only", default=",".join(GROUPS), help=f"Comma-separated groups ({', '.join(GROUPS)})")
    parser.add_argument("--regenerate", action="store_true", help="Generate the demo data even when cached")
    parser.add_argument("--keep", action="store_true", help="Keep the working copy of the data after the run")
    parser.add_argument("--requests", type=int, default=80, help="Requests per page in the load test (default 80)")
    parser.add_argument("--page-seconds", type=float, default=20, help="At most this long per page (default 20)")
    parser.add_argument("--import-format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--report-only", action="store_true", help="Rewrite the report from the kept results")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    results = CACHE / "results"
    failures: list[str] = []
    if not args.report_only:
        groups = [group for group in args.only.split(",") if group]
        unknown = set(groups) - set(GROUPS)
        if unknown:
            parser.error(f"unknown groups: {', '.join(sorted(unknown))}")
        databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
        for size in args.sizes.split(","):
            for database in databases:
                data = (
                    SQLiteData(size, args.regenerate)
                    if database == "sqlite"
                    else PostgreSQLData(size, args.regenerate, args.postgresql_url)
                )
                report = run(data, size, groups, args)
                save_result(report, results, groups)
                failures += [f"{report.database} {size}: {failure}" for failure in report.failures]
    write_markdown(results, Path(args.out), ROOT / "docs" / "performance-gaps.md")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0
