from datetime import date

import pytest
from marshmallow import Schema

from workforce.kernel.imports import (
    Code,
    ImportReport,
    SpreadsheetDate,
    SpreadsheetNumber,
    SweNumber,
    YesNo,
    load_rows,
    normalise_swe_number,
    report_duplicates,
    require_headers,
)
from workforce.kernel.spreadsheets import Table, TableRow, read_table
from workforce.people.constants import CensusRole


class RowSchema(Schema):
    employee_number = SpreadsheetNumber(required=True)
    start = SpreadsheetDate(required=True)
    role = Code(CensusRole, required=True)
    agency = YesNo(load_default=False)
    swe = SweNumber(load_default=None, allow_none=True)


COLUMNS = {"Emp": "employee_number", "Start": "start", "OrgRole": "role", "Agency": "agency", "SWENo": "swe"}


def table(text: str):
    return read_table(text.encode(), "rows.csv")


def test_good_rows_load_with_their_spreadsheet_types():
    report = ImportReport()
    rows = load_rows(
        table("Emp,Start,OrgRole,Agency,SWENo\n12,30/09/2025,5,yes,sw0012345\n"), RowSchema(), COLUMNS, report
    )
    assert report.ok
    assert rows[0].data == {
        "employee_number": 12.0,
        "start": date(2025, 9, 30),
        "role": CensusRole.CASE_HOLDER,
        "agency": True,
        "swe": "SW12345",
    }


def test_every_bad_value_is_reported_by_row_and_column():
    report = ImportReport()
    rows = load_rows(
        table("Emp,Start,OrgRole,Agency,SWENo\n1,31/02/2025,5,no,\n2,2025-01-01,9,maybe,XX1\n3,2025-01-01,1,0,\n"),
        RowSchema(),
        COLUMNS,
        report,
    )
    assert [row.number for row in rows] == [4]
    assert [(p.row, p.column, p.value) for p in report.sorted_problems()] == [
        (2, "Start", "31/02/2025"),
        (3, "Agency", "maybe"),
        (3, "OrgRole", "9"),
        (3, "SWENo", "XX1"),
    ]
    assert report.rows_with_problems == 2
    assert "Use one of the codes 1, 2, 3, 4, 5, 6" in [p.message for p in report.problems]


def test_missing_columns_are_reported_against_the_header_row():
    report = ImportReport()
    assert not require_headers(
        table("Emp,Start\n1,2025-01-01\n"), report, ["Emp", "OrgRole"], one_of=[("EmployeeNumber", "SWENo")]
    )
    assert [(p.row, p.column) for p in report.problems] == [(1, "OrgRole"), (1, "EmployeeNumber or SWENo")]


def test_duplicate_rows_are_reported_against_the_first():
    report = ImportReport()
    rows = load_rows(table("Emp,Start,OrgRole\n1,2025-01-01,5\n1,2025-01-02,5\n"), RowSchema(), COLUMNS, report)
    report_duplicates(rows, lambda row: row.data["employee_number"], "Emp", report)
    assert [(p.row, p.message) for p in report.problems] == [(3, "This row repeats row 2")]


@pytest.mark.parametrize(
    ("given", "expected"),
    [("SW12345", "SW12345"), ("sw012345", "SW12345"), (" SW 123 ", "SW123"), ("", None), (None, None)],
)
def test_social_work_england_numbers_are_normalised(given, expected):
    assert normalise_swe_number(given) == expected


@pytest.mark.parametrize("given", ["12345", "SW", "SWABC", "SW0", "XY123", "SW12345678901"])
def test_malformed_social_work_england_numbers_are_refused(given):
    with pytest.raises(ValueError, match="SW followed by digits"):
        normalise_swe_number(given)


def test_every_import_refuses_text_holding_nul_before_any_other_check():
    """PostgreSQL cannot store or compare it: the header check every import runs first reports each cell."""
    table = Table(
        ["Team", "Service\x00area"],
        [
            TableRow(2, {"Team": "Fine", "Service\x00area": "North"}),
            TableRow(3, {"Team": "Ba\x00d", "Service\x00area": "North"}),
        ],
    )
    report = ImportReport()
    assert not require_headers(table, report, ["Team", "Missing column"])
    assert [(p.row, p.column, p.value, p.message) for p in report.sorted_problems()] == [
        (1, "Service\x00area", "", "Remove the NUL character (\\u0000)"),
        (3, "Team", "", "Remove the NUL character (\\u0000)"),
    ]
