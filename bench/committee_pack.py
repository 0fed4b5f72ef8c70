"""Time the committee pack against writing the same number of cells with openpyxl's write-only mode.

    python -m bench.committee_pack [--size small|large] [--repeat 3]

Loads the demo council into a temporary SQLite database (every module's demo seeders, so the plan's
periods are computed through the measure registry), builds the pack for the latest published month, then
writes a plain write-only workbook with the same number of cells in the same run, and prints both times
and their ratio. When no module has registered any of the measures the demo plan uses (a branch with
the improvement module alone), two stand-in measures over the kernel's teams and users go into the
demo plan's workforce strand so that the pack has trend tables and charts to build; the output says so.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from datetime import date
from pathlib import Path

import flask_migrate
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from workforce.app import create_app
from workforce.extensions import db
from workforce.improvement import dao, demo
from workforce.improvement.pack import build_pack
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.demo import load_demo
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit
from workforce.kernel.models import User
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes


def _users_in_teams(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = select(func.count()).select_from(User).where(User.team_id.is_not(None))
    if scope.team_ids() is not None:
        query = query.where(User.team_id.in_(scope.team_ids()))
    return MeasureValue.total(db.session.execute(query).scalar_one())


STAND_INS = (
    Measure(
        "bench_users_in_teams",
        "WPQ users in teams (stand-in)",
        "Stand-in measure for the benchmark: WPQ users who belong to a team.",
        Source.LOCAL,
        Unit.COUNT,
        Polarity.HIGHER_IS_BETTER,
        _users_in_teams,
        module="bench",
    ),
)


def _social_worker_share(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    in_teams = select(func.count()).select_from(User).where(User.team_id.is_not(None))
    if scope.team_ids() is not None:
        in_teams = in_teams.where(User.team_id.in_(scope.team_ids()))
    social_workers = in_teams.where(User.role == Role.SOCIAL_WORKER)
    return MeasureValue.ratio(
        db.session.execute(social_workers).scalar_one(), db.session.execute(in_teams).scalar_one(), 100
    )


STAND_INS += (
    Measure(
        "bench_social_worker_share",
        "Social workers among WPQ users in teams (stand-in)",
        "Stand-in measure for the benchmark: social workers as a percentage of WPQ users in teams.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        _social_worker_share,
        module="bench",
    ),
)


def _use_stand_ins_when_nothing_is_registered(app) -> bool:
    """Put the stand-ins in the demo plan's workforce strand when none of its wished-for measures exist."""
    measures = registry(app).measures
    wished = [measure_id for ids in demo.STRAND_MEASURES.values() for measure_id in ids]
    if any(measure_id in measures for measure_id in wished):
        return False
    strand = demo.STRANDS[1]
    demo.STRAND_MEASURES = {**demo.STRAND_MEASURES, strand: [measure.id for measure in STAND_INS]}
    return True


def count_cells(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    cells = sum(
        1 for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )
    workbook.close()
    return cells


def write_only_baseline(cells: int) -> bytes:
    """The same number of cells, half numbers and half text, in rows of ten, with openpyxl write-only."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    row: list = []
    for index in range(cells):
        row.append(index * 1.5 if index % 2 else f"text {index}")
        if len(row) == 10:
            sheet.append(row)
            row = []
    if row:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.committee_pack")
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}"})
        registry(app).measures.register_all(STAND_INS)
        stand_ins = _use_stand_ins_when_nothing_is_registered(app)
        with app.app_context():
            flask_migrate.upgrade()
            started = time.perf_counter()
            load_demo(options.size, seed=1)
            db.session.commit()
            loaded = time.perf_counter() - started
            month = dao.latest_period(published_only=True).month
            plan = dao.list_plans()[0]
            measures = sum(len(strand.measures) for strand in plan.strands)
            pack_times, baseline_times = [], []
            data = b""
            for _ in range(options.repeat):
                started = time.perf_counter()
                data = workbook_bytes(build_pack(plan, month, published_only=True))
                pack_times.append(time.perf_counter() - started)
            cells = count_cells(data)
            for _ in range(options.repeat):
                started = time.perf_counter()
                write_only_baseline(cells)
                baseline_times.append(time.perf_counter() - started)
        pack, baseline = min(pack_times), min(baseline_times)
        print(f"demo size {options.size}: loaded in {loaded:.1f}s; {clock.today():%Y-%m-%d}")
        if stand_ins:
            print("no registered measure of the demo plan exists here: stand-in measures were added")
        print(f"committee pack for {month:%Y-%m}: {measures} measures, {cells:,} cells, {len(data):,} bytes")
        print(f"pack (query + build + save), best of {options.repeat}: {pack * 1000:.0f} ms")
        print(f"write-only workbook with the same cells, best of {options.repeat}: {baseline * 1000:.0f} ms")
        print(f"ratio pack / write-only: {pack / baseline:.1f}")


if __name__ == "__main__":
    main()
