"""Loading the DfE indicators and statistical-neighbour files: every row checked first, then all or nothing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sqlalchemy import delete

from workforce.benchmarks.constants import INDICATOR_HEADERS, LOCAL_AUTHORITY, NATIONAL, REGIONAL, SYMBOLS
from workforce.benchmarks.models import BenchmarkRelease, DfeFigure, StatisticalNeighbour
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.imports import ImportReport

DATA = Path(__file__).resolve().parent / "data"
SHIPPED_INDICATORS = DATA / "csww_indicators_2017_to_2025.csv"
SHIPPED_NEIGHBOURS = DATA / "sn_model_2025_wide.csv"
LEVELS = {NATIONAL, REGIONAL, LOCAL_AUTHORITY}
#: A three-digit LA code; councils that report jointly are written "314 / 318".
LA_CODE = re.compile(r"\d{3}(?: / \d{3})*")
#: Columns describing the row rather than holding a figure.
DESCRIPTIVE = {"time_identifier", "country_code", "country_name", *INDICATOR_HEADERS}


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [header.strip() for header in reader.fieldnames or []]
    rows = [
        (number, {k.strip(): (v or "").strip() for k, v in row.items() if k})
        for number, row in enumerate(reader, start=2)
    ]
    return headers, rows


def check_indicators(text: str) -> tuple[ImportReport, list[dict]]:
    """Every figure of the file as a row to insert, or the problems (row, column, value) found."""
    report = ImportReport()
    headers, rows = _rows(text)
    missing = [header for header in INDICATOR_HEADERS if header not in headers]
    for header in missing:
        report.add(1, header, "", f"The column {header} is missing")
    variables = [header for header in headers if header not in DESCRIPTIVE]
    if not variables:
        report.add(1, "", "", "The file has no figure columns")
    if not report.ok:
        return report, []
    report.total_rows = len(rows)
    figures: list[dict] = []
    for number, row in rows:
        if not row.get("time_period", "").isdigit():
            report.add(number, "time_period", row.get("time_period"), "Enter a year, like 2025")
            continue
        level = row.get("geographic_level")
        if level not in LEVELS:
            report.add(number, "geographic_level", level, "Use National, Regional or Local authority")
            continue
        if level == LOCAL_AUTHORITY and not LA_CODE.fullmatch(row.get("old_la_code", "")):
            report.add(number, "old_la_code", row.get("old_la_code"), "Enter the three-digit LA code")
            continue
        for variable in variables:
            raw = row.get(variable, "")
            value, symbol = None, None
            if raw.lower() in SYMBOLS:
                symbol = raw.lower()
            else:
                try:
                    value = float(raw)
                except ValueError:
                    report.add(number, variable, raw, "Enter a number or one of DfE's symbols c, x, z, u, low")
                    continue
            figures.append(
                {
                    "time_period": int(row["time_period"]),
                    "geographic_level": level,
                    "region_code": row.get("region_code") or None,
                    "region_name": row.get("region_name") or None,
                    "old_la_code": row.get("old_la_code") or None,
                    "new_la_code": row.get("new_la_code") or None,
                    "la_name": row.get("la_name") or None,
                    "variable": variable,
                    "value": value,
                    "symbol": symbol,
                }
            )
    return report, figures


def check_neighbours(text: str) -> tuple[ImportReport, list[dict]]:
    report = ImportReport()
    headers, rows = _rows(text)
    if "old_la_code" not in headers or "SN_1" not in headers:
        report.add(1, "old_la_code, SN_1", "", "The file needs the columns old_la_code and SN_1 to SN_10")
        return report, []
    report.total_rows = len(rows)
    neighbours = []
    for number, row in rows:
        code = row.get("old_la_code", "")
        if not re.fullmatch(r"\d{3}", code):
            report.add(number, "old_la_code", code, "Enter the three-digit LA code")
            continue
        for rank in range(1, 11):
            neighbour = row.get(f"SN_{rank}", "")
            if not neighbour:
                continue
            if not re.fullmatch(r"\d{3}", neighbour):
                report.add(number, f"SN_{rank}", neighbour, "Enter the three-digit LA code")
                continue
            neighbours.append(
                {
                    "old_la_code": code,
                    "rank": rank,
                    "neighbour_la_code": neighbour,
                    "closeness": (row.get(f"SN_{rank}P") or "").strip() or None,
                }
            )
    return report, neighbours


def load(
    indicators_text: str, indicators_name: str, neighbours_text: str | None = None, neighbours_name: str | None = None
) -> tuple[ImportReport, BenchmarkRelease | None]:
    """Replace the DfE figures (and neighbours, when given) if both files are free of problems."""
    report, figures = check_indicators(indicators_text)
    neighbours: list[dict] = []
    if neighbours_text is not None:
        neighbour_report, neighbours = check_neighbours(neighbours_text)
        report.problems += neighbour_report.problems
    if not report.ok or not figures:
        return report, None
    db.session.execute(delete(DfeFigure))
    db.session.execute(DfeFigure.__table__.insert(), figures)
    if neighbours_text is not None:
        db.session.execute(delete(StatisticalNeighbour))
        db.session.execute(StatisticalNeighbour.__table__.insert(), neighbours)
    years = [figure["time_period"] for figure in figures]
    release = BenchmarkRelease(
        indicators_file=indicators_name,
        neighbours_file=neighbours_name,
        figures=len(figures),
        first_year=min(years),
        last_year=max(years),
    )
    db.session.add(release)
    audit_trail.record_created(release)
    return report, release


def load_shipped() -> tuple[ImportReport, BenchmarkRelease | None]:
    """The DfE 2017-2025 figures and the 2025 statistical neighbours that ship with WPQ."""
    return load(
        SHIPPED_INDICATORS.read_text(encoding="utf-8-sig"),
        SHIPPED_INDICATORS.name,
        SHIPPED_NEIGHBOURS.read_text(encoding="utf-8-sig"),
        SHIPPED_NEIGHBOURS.name,
    )
