"""The roll-up's slowest SQL statements on PostgreSQL, with their plans.

    python -m bench.explain DATABASE_URL [--top 8] [--month 2026-09]

Runs the roll-up of every registered measure for one month at council, service-area and team scope (as the
benchmark does) while recording each statement and its time, then prints the slowest statements (by total
time over every scope) with `EXPLAIN (ANALYZE, BUFFERS)` of one execution of each, so that a missing index or a
sequential scan of a large table shows. Use it on the stress-size data (`python -m bench --database postgresql
--sizes stress --keep` leaves it in the database wpq_bench_stress).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import event, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain", description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--month", default="2026-09", help="The month rolled up (default 2026-09)")
    parser.add_argument("--teams", type=int, default=None, help="Roll up only the first N teams (default all)")
    args = parser.parse_args(argv)
    start = date.fromisoformat(args.month + "-01")
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    from bench.suite import bench_app, scopes
    from workforce.extensions import db
    from workforce.kernel.contract import registry
    from workforce.kernel.measures import roll_up

    app = bench_app(args.database_url)
    if not args.database_url.startswith("postgresql"):
        parser.error("EXPLAIN ANALYZE here is for PostgreSQL")
    timings: dict[str, list[float]] = defaultdict(list)
    examples: dict[str, tuple] = {}
    measures_of: dict[str, set[str]] = defaultdict(set)
    current = {"measure": ""}

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            conn.info.setdefault("bench_started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            elapsed = time.perf_counter() - conn.info["bench_started"].pop()
            timings[statement].append(elapsed)
            measures_of[statement].add(current["measure"])
            if statement not in examples and not executemany:
                examples[statement] = parameters

        measures = list(registry().measures)
        all_scopes = scopes()
        if args.teams is not None:
            council_and_areas = [scope for scope in all_scopes if scope.level.name != "TEAM"]
            all_scopes = council_and_areas + [scope for scope in all_scopes if scope.level.name == "TEAM"][: args.teams]
        started = time.perf_counter()
        with roll_up():
            for scope in all_scopes:
                for measure in measures:
                    current["measure"] = measure.id
                    measure.compute(start, end, scope)
        total = time.perf_counter() - started
        db.session.rollback()
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        print(
            f"Roll-up of {len(measures)} measures x {len(all_scopes)} scopes for {start:%B %Y}: {total:.1f} s, "
            f"{sum(len(t) for t in timings.values())} statements ({len(timings)} distinct), "
            f"{sum(sum(t) for t in timings.values()):.1f} s in the database"
        )
        ranked = sorted(timings.items(), key=lambda item: sum(item[1]), reverse=True)[: args.top]
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            for number, (statement, times) in enumerate(ranked, start=1):
                print()
                print(
                    f"#{number}: {sum(times):.2f} s over {len(times)} runs (slowest {max(times) * 1000:.0f} ms), "
                    f"measures: {', '.join(sorted(measures_of[statement]))}"
                )
                print(statement.strip()[:1500])
                with raw.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, examples.get(statement))
                    for (line,) in cursor.fetchall():
                        print("    " + line)
            connection.execute(text("SELECT 1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
