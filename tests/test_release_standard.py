"""Every export to the Analysis Function standard, opened with openpyxl; and each converts to PDF.

UK Analysis Function, "Releasing statistics in spreadsheets": cover sheet (title, period, source,
contact, as-at time), contents, notes, one table per sheet with a title row and a table object, numbers
stored as numbers with a number format, no blank cells in a table, headers visible, A4 landscape.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from openpyxl import Workbook, load_workbook

from tests.export_standard import standard_problems
from tests.spreadsheets import table_rows
from tests.test_export_injection import DOWNLOADS, Download, fetch
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes

#: Every download of the injection table, the records behind a measure, and list downloads (the kernel
#: list machinery's `download`, through the same builder).
EXPORTS = [
    *((download.endpoint, download.role, download.values, download.query) for download in DOWNLOADS),
    ("records.download_records", Role.HR, {"measure_key": "turnover_rate_fte"}, {}),
    ("people.list_staff", Role.HR, {}, {"download": "xlsx"}),
    ("recruitment.list_vacancies", Role.HR, {}, {"download": "xlsx"}),
    ("supervision.list_supervisions", Role.TEAM_MANAGER, {}, {"download": "xlsx"}),
    ("audit_trail.browse", Role.ADMINISTRATOR, {}, {"download": "xlsx"}),
]


def _download(demo, endpoint, role, values=None, query=None):
    session = demo.database.session
    values = {name: value(session, demo.users) if callable(value) else value for name, value in (values or {}).items()}
    demo.client_request.login(demo.users[role])
    response = fetch(demo.client_request, Download(endpoint, role, query=query or {}), values)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.get_data()


@pytest.mark.parametrize("export", EXPORTS, ids=lambda export: export[0])
def test_the_export_meets_the_analysis_function_standard(demo, export):
    assert standard_problems(_download(demo, *export))[:10] == []


def _sheet(rows, title="Table"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return workbook


def test_the_checker_finds_a_workbook_without_cover_contents_or_notes():
    assert standard_problems(workbook_bytes(_sheet([["FTE"], ["0.900000"]])))


def test_the_checker_finds_every_problem_of_a_table():
    from workforce.kernel.release import ReleaseTable, build_release

    good = build_release(
        "Title", "2026", "WPQ", [ReleaseTable("Data", "Data title", ["Name", "FTE"], [["Ann", 0.9], ["Bo", 1]])]
    )
    data = workbook_bytes(good)  # a release is written once (openpyxl's write-only mode)
    assert standard_problems(data) == []
    for spoil, expected in (
        (lambda book: setattr(book["Data"]["B4"], "value", "0.900000"), "as text"),
        (lambda book: setattr(book["Data"]["B4"], "value", "1"), "as text"),
        (lambda book: setattr(book["Data"]["A4"], "value", None), "blank cell"),
        (lambda book: setattr(book["Data"]["A4"], "value", "None"), "says 'None'"),
        (lambda book: setattr(book["Data"]["A5"], "value", "Stray"), "outside the table"),
        (lambda book: setattr(book["Data"]["A4"], "value", "=1+1"), "formula"),
        (lambda book: setattr(book["Data"].column_dimensions["A"], "width", 2), "narrower"),
        (lambda book: setattr(book["Data"].page_setup, "orientation", "portrait"), "A4 landscape"),
        (lambda book: setattr(book["Cover"]["A3"], "value", "Origin"), "no Source"),
        (lambda book: setattr(book["Contents"]["A4"], "value", "Elsewhere"), "do not list"),
        (lambda book: book["Data"].tables.clear(), "table objects"),
        (lambda book: setattr(book["Data"]["B2"], "value", "Hours"), "column names are not its header row"),
    ):
        workbook = load_workbook(io.BytesIO(data))
        spoil(workbook)
        found = standard_problems(workbook_bytes(workbook))
        assert any(expected in problem for problem in found), (expected, found)


def convert_to_pdf(data: bytes, name: str, tmp_path) -> bytes:
    """The workbook converted by LibreOffice (`soffice --headless --convert-to pdf`), as the PDF's bytes."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF conversion check runs where it is (CI)")
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=300,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / f"{name}.pdf"
    assert result.returncode == 0, (name, result.stderr)
    assert pdf.exists(), (name, result.stdout, result.stderr)
    return pdf.read_bytes()


@pytest.mark.parametrize("export", EXPORTS, ids=lambda export: export[0])
def test_the_export_converts_to_pdf_with_libreoffice(demo, tmp_path, export):
    pdf = convert_to_pdf(_download(demo, *export), export[0].replace(".", "-"), tmp_path)
    assert pdf.startswith(b"%PDF")


def _problem_report(demo) -> bytes:
    """The spreadsheet of an import's problems (a list download built by the plain kernel builder)."""
    from bs4 import BeautifulSoup

    demo.client_request.login(demo.users[Role.HR])
    upload = "EmployeeNumber,FirstName,LastName,Team,OrgRole,RoleStartDate\nE1,Ann,,No such team,99,someday\n"
    page = demo.client_request.client.post(
        demo.client_request.url("people.import_file", kind="staff"),
        data={"csrf_token": demo.client_request._token(), "file": (io.BytesIO(upload.encode()), "staff.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    links = [link["href"] for link in BeautifulSoup(page.get_data(as_text=True), "html.parser").select("a[href]")]
    (link,) = [link for link in links if "/problems/" in link and link.split("?")[0].endswith("/xlsx")]
    response = demo.client_request.client.get(link)
    assert response.status_code == 200
    return response.get_data()


def test_an_import_problem_report_meets_the_analysis_function_standard(demo):
    data = _problem_report(demo)
    assert standard_problems(data) == []
    rows = table_rows(load_workbook(io.BytesIO(data)).worksheets[3])
    assert rows[0] == ["Row", "Column", "Value", "Problem"] and len(rows) > 2


def test_an_import_problem_report_converts_to_pdf_with_libreoffice(demo, tmp_path):
    assert convert_to_pdf(_problem_report(demo), "import-problems", tmp_path).startswith(b"%PDF")
