"""Property tests (hypothesis) for the import parsers: random files never crash them, every invalid row
is reported by its row number and no valid row is, and a file with any invalid row changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from academy.imports import check_completions
from tests.builders import create_team
from tests.conftest import rolled_back
from workforce.kernel.imports import ImportReport
from workforce.kernel.spreadsheets import SpreadsheetError, read_table
from workforce.people import imports
from workforce.people.commands import _run_import
from workforce.people.models import Assignment, StaffMember

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TEAM = "Property Team"
HEADERS = ["EmployeeNumber", "FirstName", "LastName", "Team", "OrgRole", "RoleStartDate", "FTE", "SWENo"]

names = st.from_regex(r"[A-Za-z][A-Za-z' -]{0,15}", fullmatch=True).map(str.strip)
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=1+1", "+44", "-3", "@SUM(A1)", "", " ", "31/02/2025", "SW0", "1e309", "NaN", "\x00"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
#: Ways to spoil one row: (column, value). Each is refused by the import's rules.
SPOILERS = [
    ("OrgRole", "9"),
    ("OrgRole", "x"),
    ("RoleStartDate", "31/02/2025"),
    ("RoleStartDate", ""),
    ("FTE", "1.5"),
    ("FTE", "lots"),
    ("Team", "No such team"),
    ("FirstName", ""),
    ("EmployeeNumber", ""),
    ("SWENo", "XY12"),
]


@st.composite
def staff_rows(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for index in range(count):
        start = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 30)))
        rows.append(
            {
                "EmployeeNumber": f"PROP{index:04d}",
                "FirstName": draw(names.filter(bool)),
                "LastName": draw(names.filter(bool)),
                "Team": TEAM,
                "OrgRole": str(draw(st.integers(min_value=1, max_value=6))),
                "RoleStartDate": draw(st.sampled_from([start.isoformat(), start.strftime("%d/%m/%Y")])),
                "FTE": draw(st.sampled_from(["", "0.5", "1", "0.8"])),
                "SWENo": draw(st.sampled_from(["", f"SW{900000 + index}"])),
            }
        )
    spoiled = draw(st.sets(st.integers(min_value=0, max_value=count - 1), max_size=count))
    for index in spoiled:
        column, value = draw(st.sampled_from(SPOILERS))
        rows[index][column] = value
    return rows, {index + 2 for index in spoiled}


def to_csv(rows: list[dict], headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=8))
def test_random_cells_never_crash_the_people_parsers(app, rows):
    data = to_csv([dict(zip(HEADERS, row, strict=True)) for row in rows])
    with rolled_back(app):
        for check in (imports.check_staff, imports.check_absences, imports.check_survey):
            report, loaded = check(data, "random.csv")
            assert isinstance(report, ImportReport)
            # Blank rows are skipped; no row is ever loaded twice or made up.
            assert len(loaded) <= len(rows)
            assert all(problem.row <= len(rows) + 1 for problem in report.problems)


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_are_reported_as_a_file_problem_never_a_crash(app, data, suffix):
    with rolled_back(app):
        report, loaded = imports.check_staff(data, f"random.{suffix}")
        assert isinstance(report, ImportReport)
        assert all(problem.message for problem in report.problems)
        assert report.ok or not loaded or report.rows_with_problems >= 1


@SETTINGS
@given(example=staff_rows())
def test_every_invalid_row_is_reported_by_number_and_no_valid_row_is(app, example):
    rows, invalid = example
    with rolled_back(app):
        create_team(TEAM)
        report, _ = imports.check_staff(to_csv(rows), "staff.csv")
        assert {problem.row for problem in report.problems} == invalid
        assert report.ok == (not invalid)


@SETTINGS
@given(example=staff_rows())
def test_a_file_with_an_invalid_row_changes_nothing_and_a_valid_one_is_applied_whole(app, tmp_path_factory, example):
    rows, invalid = example
    path = tmp_path_factory.mktemp("imports") / "staff.csv"
    path.write_bytes(to_csv(rows))
    with rolled_back(app) as database:
        create_team(TEAM)

        def counts():
            return (
                database.session.execute(select(func.count()).select_from(StaffMember)).scalar(),
                database.session.execute(select(func.count()).select_from(Assignment)).scalar(),
            )

        before = counts()
        if invalid:
            with pytest.raises(click.ClickException):
                _run_import("staff", str(path), dry_run=False)
            assert counts() == before
        else:
            _run_import("staff", str(path), dry_run=False)
            assert counts() == (before[0] + len(rows), before[1] + len(rows))


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=8))
def test_random_cells_never_crash_the_training_completions_parser(app, rows):
    headers = ["Employee number", "Course", "Completed on"]
    try:
        table = read_table(to_csv([dict(zip(headers, row, strict=True)) for row in rows], headers), "random.csv")
    except SpreadsheetError as error:  # the page shows this as a problem with the whole file
        assert str(error)
        return
    with rolled_back(app):
        report, ready = check_completions(table)
        assert isinstance(report, ImportReport)
        assert report.ok or not ready or len(ready) <= len(rows)
