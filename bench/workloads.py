"""The exports and imports the suite measures, each against its baseline, run in a process of their own so that
the process's peak memory is the workload's.

    python -m bench.workloads NAME DATABASE_URL [--as-of 2026-10-31] [--format xlsx|csv]

prints one JSON object: the workload's time, the baseline's time (measured in the same process), the amount of
work (cells or rows), the resident memory before the workload and the process's peak resident memory.

Exports (read-only): committee-pack, census-export, training-matrix-export, each against writing the same cell
values with openpyxl's write-only mode. Imports (they save, so run them on a throwaway copy of the data):
caseload-import (100,000 case rows) and staff-import (5,000 staff rows), each against reading the same file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from openpyxl import Workbook, load_workbook

CASELOAD_ROWS = 100_000
STAFF_ROWS = 5_000
REPEAT = 2


def rss_mb() -> float:
    """Resident memory now (MB), from /proc; falls back to the peak where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 1024 / 1024
    except OSError:
        return peak_mb()


def reset_peak() -> bool:
    """Start the peak afresh (Linux: writing 5 to clear_refs resets the VmHWM high-water mark)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """Peak resident memory (MB) since the start of the process or the last `reset_peak()`."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(function: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(fastest wall-clock seconds, fastest CPU seconds of this process, the last result) of `repeat` runs."""
    best, best_cpu, result = None, None, None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = used if best_cpu is None else min(best_cpu, used)
    return best, best_cpu, result


# Exports


def workbook_values(data: bytes) -> list[tuple[str, list[list]]]:
    """Every sheet's rows of values, as written."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [
            (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def write_only(sheets: list[tuple[str, list[list]]]) -> bytes:
    """The baseline: the same values into a write-only workbook, nothing else."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export(build: Callable[[], bytes], repeat: int) -> dict:
    seconds, cpu, data = _best(build, repeat)
    # The peak so far is the export's (reading its cells back for the baseline comes after).
    peak = peak_mb()
    sheets = workbook_values(data)
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    baseline, baseline_cpu, _ = _best(lambda: write_only(sheets), repeat)
    return {
        "seconds": seconds,
        "baseline_seconds": baseline,
        "amount": cells,
        "unit": "cells",
        "bytes": len(data),
        "peak_mb": peak,
        "cpu": cpu,
        "baseline_cpu": baseline_cpu,
    }


def committee_pack(as_of: date, repeat: int) -> dict:
    from workforce.improvement import dao
    from workforce.improvement.pack import build_pack
    from workforce.kernel.spreadsheets import workbook_bytes

    plan = dao.list_plans()[0]
    month = dao.latest_period(published_only=True).month
    return _export(lambda: workbook_bytes(build_pack(plan, month, published_only=True)), repeat)


def census_export(as_of: date, repeat: int) -> dict:
    from workforce.census import files
    from workforce.census.returns import build_return
    from workforce.census.validation import validate

    year = as_of.year if as_of >= date(as_of.year, 9, 30) else as_of.year - 1

    def build() -> bytes:
        the_return = build_return(year)
        return files.build_workbook_bytes(the_return, validate(the_return))

    return _export(build, repeat)


def training_matrix_export(as_of: date, repeat: int) -> dict:
    from academy.exports import matrix_sheets
    from workforce.kernel.permissions import Scope
    from workforce.kernel.release import build_workbook
    from workforce.kernel.spreadsheets import workbook_bytes

    everyone = Scope(True, frozenset(), None)
    return _export(lambda: workbook_bytes(build_workbook(matrix_sheets(everyone, as_of))), repeat)


# Imports


def _file(headers: list[str], rows: list[list], file_format: str, title: str) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_read(data: bytes, file_format: str) -> int:
    """The baseline: read every row with the standard library or openpyxl, and nothing else."""
    if file_format == "csv":
        return sum(1 for _row in csv.reader(io.StringIO(data.decode("utf-8")))) - 1
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def _import(data: bytes, file_format: str, rows: int, run: Callable[[], None]) -> dict:
    baseline, baseline_cpu, read_rows = _best(lambda: plain_read(data, file_format), 2)
    if read_rows != rows:
        raise RuntimeError(f"read {read_rows} rows of {rows}")
    started, cpu = time.perf_counter(), time.process_time()
    run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "cpu": cpu,
        "baseline_cpu": baseline_cpu,
        "seconds": seconds,
        "baseline_seconds": baseline,
        "amount": rows,
        "unit": "rows",
        "bytes": len(data),
        "format": file_format,
    }


def caseload_file(as_of: date, file_format: str) -> bytes:
    """A 100,000-row case file allocated to the case holders in post."""
    from sqlalchemy import or_, select

    from workforce.extensions import db
    from workforce.people.models import Assignment, StaffMember

    workers = sorted(
        db.session.execute(
            select(StaffMember.employee_number)
            .join(Assignment, Assignment.staff_id == StaffMember.id)
            .where(
                Assignment.case_holding.is_(True),
                StaffMember.swe_number.is_not(None),
                Assignment.start_date <= as_of,
                or_(Assignment.end_date.is_(None), Assignment.end_date >= as_of),
            )
            .distinct()
        ).scalars()
    )
    if not workers:
        raise RuntimeError("no case holders in post to allocate cases to")
    rng = random.Random(1)
    types = ["CP", "CIN", "CLA", "CL", "EH", "OTHER"]
    rows = [
        [
            f"BENCH{index:07d}",
            rng.choice(types),
            rng.choice(workers),
            "",
            "",
            (as_of - timedelta(days=rng.randrange(1, 700))).isoformat(),
        ]
        for index in range(CASELOAD_ROWS)
    ]
    headers = ["CaseReference", "CaseType", "EmployeeNumber", "SWENo", "Team", "AllocationDate"]
    return _file(headers, rows, file_format, "Cases")


def caseload_import(as_of: date, data: bytes, file_format: str) -> dict:
    """The case file imported as a new snapshot a fortnight after the as-of date."""
    from workforce.caseloads import imports as importing
    from workforce.extensions import db

    def run() -> None:
        outcome = importing.import_snapshot(
            importing.SnapshotImport(data, f"bench.{file_format}", as_of + timedelta(days=14))
        )
        if not outcome.report.ok:
            raise RuntimeError(f"the generated case file did not import: {outcome.report.problems[:3]}")
        db.session.commit()

    return _import(data, file_format, CASELOAD_ROWS, run)


def staff_file(as_of: date, file_format: str) -> bytes:
    """5,000 new staff with one assignment each, in the council's teams."""
    from sqlalchemy import select

    from workforce.extensions import db
    from workforce.kernel.models import Team

    teams = list(db.session.execute(select(Team.name).where(Team.archived_at.is_(None))).scalars())
    rng = random.Random(2)
    headers = [
        "EmployeeNumber",
        "FirstName",
        "LastName",
        "SWENo",
        "PersonBirthDate",
        "Sex",
        "QualLevel",
        "OrgRole",
        "RoleStartDate",
        "StartOrigin",
        "AgencyWorker",
        "Team",
        "JobTitle",
        "ContractedHours",
    ]
    rows = [
        [
            f"BENCH{index:05d}",
            rng.choice(["Sam", "Alex", "Jo", "Priya", "Tom", "Aisha"]),
            rng.choice(["Smith", "Khan", "Jones", "Okafor", "Brown", "Evans"]),
            f"SW{900000 + index}",
            (date(1970, 1, 1) + timedelta(days=rng.randrange(12000))).isoformat(),
            rng.choice(["F", "F", "F", "M"]),
            rng.choice(["1", "2"]),
            rng.choice(["4", "5", "5", "5"]),
            (as_of - timedelta(days=rng.randrange(30, 3000))).isoformat(),
            rng.choice(["1", "2", "3"]),
            "0",
            rng.choice(teams),
            "Social worker",
            "37",
        ]
        for index in range(STAFF_ROWS)
    ]
    return _file(headers, rows, file_format, "Staff")


def staff_import(as_of: date, data: bytes, file_format: str) -> dict:
    """The staff file through the HR import (check every row, then apply)."""
    from workforce.extensions import db
    from workforce.kernel import audit_trail
    from workforce.people import imports

    def run() -> None:
        report, loaded = imports.check_staff(data, f"bench.{file_format}")
        if not report.ok:
            problems = [(p.row, p.column, p.message) for p in report.sorted_problems()[:3]]
            raise RuntimeError(f"the generated staff file did not import: {problems}")
        with audit_trail.acting_as("Benchmark", audit_trail.Origin.IMPORT):
            imports.apply_staff(loaded)
        db.session.commit()

    return _import(data, file_format, STAFF_ROWS, run)


EXPORTS: dict[str, Callable[[date, int], dict]] = {
    "committee-pack": committee_pack,
    "census-export": census_export,
    "training-matrix-export": training_matrix_export,
}
#: Import -> (the function that writes its file, the import).
IMPORTS: dict[str, tuple[Callable[[date, str], bytes], Callable[[date, bytes, str], dict]]] = {
    "caseload-import": (caseload_file, caseload_import),
    "staff-import": (staff_file, staff_import),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workloads", description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted([*EXPORTS, *IMPORTS]))
    parser.add_argument("database_url")
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--file", help="An import's file: written with --prepare, else read and imported")
    parser.add_argument("--prepare", action="store_true", help="Write the import's file and stop")
    args = parser.parse_args(argv)
    as_of = date.fromisoformat(args.as_of)

    from workforce.app import create_app
    from workforce.extensions import db

    app = create_app({"WPQ_ENV": "development", "SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        if args.name in IMPORTS and args.prepare:
            with open(args.file, "wb") as output:
                output.write(IMPORTS[args.name][0](as_of, args.format))
            return 0
        # Warm up: the connection, the mappers and the first query, so that the figures are the workload's.
        from workforce.kernel.models import Team

        db.session.execute(db.select(Team.id).limit(1)).all()
        before = rss_mb()
        reset_peak()
        if args.name in IMPORTS:
            with open(args.file, "rb") as source:
                data = source.read()
            result = IMPORTS[args.name][1](as_of, data, args.format)
        else:
            result = EXPORTS[args.name](as_of, args.repeat)
        db.session.remove()
        db.engine.dispose()
    result.setdefault("peak_mb", peak_mb())
    result.update(name=args.name, rss_before_mb=before)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
