"""The benchmark suite: generate the demo council at the large and the stress size, then measure the
roll-up, the main pages, the exports and the imports, each against a baseline in the same run."""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from flask import Flask
from sqlalchemy import MetaData, select, text

from bench.harness import Figure, Report, Server, best_time, load, sign_in_cookie, write_markdown
from workforce.app import create_app
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.demo import DEMO_PASSWORD, DEMO_USERS, demo_email, load_demo
from workforce.kernel.measures import MeasureScope, roll_up
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.permissions import public
from workforce.kernel.roles import Role

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 10, 31)


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

    scan_seconds = best_time(scan, repeat=3)
    # The roll-up reads the same rows once per scope level (council, service areas, teams).
    baseline = scan_seconds * 3
    rollup_seconds = best_time(rollup, repeat=1)
    report.add(
        Figure(
            "Roll-up",
            f"{len(measures)} measures x {len(all_scopes)} scopes for {start:%B %Y}",
            rollup_seconds,
            baseline,
            "s",
            "within 3x three plain scans",
            rollup_seconds <= 3 * baseline,
            f"plain scan: {scanned[0]:,} rows in {scan_seconds:.3f} s",
        )
    )


def page_paths(app: Flask) -> list[tuple[Role, str]]:
    """Each role's home page and every section its navigation shows."""
    with app.test_request_context():
        from flask import url_for

        modules = registry(app)
        paths = []
        for role in Role:
            paths.append((role, "/"))
            for entry in modules.navigation:
                if modules.role_has(role, entry.permission):
                    paths.append((role, url_for(entry.endpoint)))
    seen = set()
    unique = []
    for role, path in paths:
        if (role, path) not in seen:
            seen.add((role, path))
            unique.append((role, path))
    return unique


def bench_pages(app: Flask, report: Report, requests_per_page: int) -> None:
    with Server(app) as server:
        bare = load(server.port, "/bench-bare", None, total=requests_per_page * 2)
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
            )
        )
        cookies = {}
        for role, _name, local_part in DEMO_USERS:
            cookies[role] = sign_in_cookie(server.port, demo_email(local_part), DEMO_PASSWORD)
        for role, path in page_paths(app):
            result = load(server.port, path, cookies[role], total=requests_per_page)
            if result.errors:
                report.failures.append(f"{role.value} {path}: {result.errors} of {result.requests} requests failed")
            share = result.requests_per_second / bare.requests_per_second if bare.requests_per_second else 0
            report.add(
                Figure(
                    "Pages",
                    f"{role.value} {path}",
                    result.requests_per_second,
                    bare.requests_per_second,
                    "req/s",
                    ">= 15% of bare, p95 < 100 ms",
                    share >= 0.15 and result.p95_ms < 100,
                    f"p95 {result.p95_ms:.1f} ms",
                )
            )


def run(database_url: str, label: str, size: str, requests_per_page: int) -> Report:
    report = Report(label, size)
    app = bench_app(database_url)
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        load_demo(size, seed=1, as_of=AS_OF)
        db.session.commit()
        generation = time.perf_counter() - started
        report.add(Figure("Data", "demo generation", generation, generation, "s", "-", None))
        for name, step in (
            ("roll-up", lambda: bench_rollup(report)),
            ("pages", lambda: bench_pages(app, report, requests_per_page)),
        ):
            try:
                step()
            except Exception:  # a broken run is reported and fails the command, a slow one never does
                report.failures.append(f"{name}: {traceback.format_exc(limit=3)}")
        db.session.remove()
        db.engine.dispose()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="large,stress", help="Comma-separated demo sizes (default large,stress)")
    parser.add_argument(
        "--postgresql",
        default=None,
        help="Also run on this PostgreSQL server URL (a database per size is created and dropped)",
    )
    parser.add_argument("--requests", type=int, default=80, help="Requests per page in the load test")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    reports = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            print(f"SQLite, {size}:", flush=True)
            reports.append(run(f"sqlite:///{folder}/bench-{size}.sqlite3", "SQLite", size, args.requests))
            if args.postgresql:
                print(f"PostgreSQL, {size}:", flush=True)
                reports.append(run_postgresql(args.postgresql, size, args.requests))
    write_markdown(reports, Path(args.out), [])
    failures = [failure for report in reports for failure in report.failures]
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def run_postgresql(server_url: str, size: str, requests_per_page: int) -> Report:
    from sqlalchemy import create_engine

    name = f"wpq_bench_{size}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        url = server_url.rsplit("/", 1)[0] + f"/{name}"
        return run(url, "PostgreSQL", size, requests_per_page)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
