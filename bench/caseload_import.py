"""Caseload import speed: rows per second of a generated 100,000-row case file, against a plain read of the same
file in the same run (the ratio says how much the checks and the saving cost on top of reading).

    python -m bench.caseload_import [--rows N] [--format csv|xlsx]

Runs on a throwaway SQLite database in a temporary folder; at most 100,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook, load_workbook

MAX_ROWS = 100_000
WORKERS = 6_000
CASE_TYPES = ["CP", "CIN", "CLA", "CL", "EH", "OTHER"]
HEADERS = ["CaseReference", "CaseType", "EmployeeNumber", "SWENo", "Team", "AllocationDate"]


def generate_rows(rows: int, seed: int = 1) -> list[list]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    return [
        [
            f"C{index:07d}",
            rng.choice(CASE_TYPES),
            f"B{rng.randrange(WORKERS):05d}",
            "",
            "",
            (start + timedelta(days=rng.randrange(600))).isoformat(),
        ]
        for index in range(rows)
    ]


def file_bytes(rows: list[list], file_format: str) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(HEADERS)
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_ROWS)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args(argv)
    rows = min(args.rows, MAX_ROWS)

    from workforce.app import create_app
    from workforce.caseloads import imports
    from workforce.extensions import db
    from workforce.people.constants import EmploymentType
    from workforce.people.models import StaffMember

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
        with app.app_context():
            db.create_all()
            db.session.add_all(
                StaffMember(
                    employee_number=f"B{index:05d}",
                    first_name="Bench",
                    last_name=str(index),
                    swe_number=f"SW{500000 + index}",
                    employment_type=EmploymentType.PERMANENT,
                )
                for index in range(WORKERS)
            )
            db.session.commit()
            data = file_bytes(generate_rows(rows), args.format)

            started = time.perf_counter()
            read_rows = plain_read(data, args.format)
            read_seconds = time.perf_counter() - started

            started = time.perf_counter()
            outcome = imports.import_snapshot(imports.SnapshotImport(data, f"bench.{args.format}", date(2025, 9, 30)))
            db.session.commit()
            import_seconds = time.perf_counter() - started
            if not outcome.report.ok:
                raise SystemExit(f"The generated file did not import: {outcome.report.problems[:3]}")
            db.engine.dispose()

    read_rate = read_rows / read_seconds
    import_rate = rows / import_seconds
    print(f"Caseload import, {rows:,} case rows ({args.format}):")
    print(f"  plain read:  {read_seconds:7.2f} s  {read_rate:12,.0f} rows/s")
    print(f"  import:      {import_seconds:7.2f} s  {import_rate:12,.0f} rows/s (read, check, save)")
    print(f"  import speed is 1/{read_rate / import_rate:.1f} of a plain read")


if __name__ == "__main__":
    main()
