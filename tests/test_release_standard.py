"""Every export to the Analysis Function standard, opened with openpyxl; and each converts to PDF.

UK Analysis Function, "Releasing statistics in spreadsheets": cover sheet (title, period, source,
contact, as-at time), contents, notes, one table per sheet with a title row and a table object, numbers
stored as numbers with a number format, no blank cells in a table, headers visible, A4 landscape.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from tests.test_export_injection import DOWNLOADS, Download, fetch
from workforce.kernel.roles import Role

#: The committee pack has its own layout (checked in tests/improvement/test_pack.py).
STANDARD_DOWNLOADS = [download for download in DOWNLOADS if download.endpoint != "improvement.download_pack"]
NUMBER_AS_TEXT = re.compile(r"-?\d+\.\d+")


def _download(demo, endpoint, role, values=None, query=None):
    session = demo.database.session
    values = {name: value(session, demo.users) if callable(value) else value for name, value in (values or {}).items()}
    demo.client_request.login(demo.users[role])
    response = fetch(demo.client_request, Download(endpoint, role, query=query or {}), values)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.get_data()


def _exports(demo):
    files = {
        download.endpoint: _download(demo, download.endpoint, download.role, download.values, download.query)
        for download in STANDARD_DOWNLOADS
    }
    files["records.download_records"] = _download(
        demo, "records.download_records", Role.HR, {"measure_key": "turnover_rate_fte"}
    )
    return files


def standard_problems(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    problems = []
    if workbook.sheetnames[:3] != ["Cover", "Contents", "Notes"]:
        problems.append(f"first sheets are {workbook.sheetnames[:3]}")
        return problems
    cover = workbook["Cover"]
    labels = {row[0] for row in cover.iter_rows(values_only=True)}
    if not cover["A1"].value:
        problems.append("the cover has no title")
    for label in ("Period", "Source", "Contact", "Figures as at"):
        if label not in labels:
            problems.append(f"the cover has no {label}")
    for sheet in workbook.worksheets:
        if sheet.title == "Cover":
            continue
        where = sheet.title
        if not sheet["A1"].value:
            problems.append(f"{where}: no title in A1")
        if len(sheet.tables) != 1:
            problems.append(f"{where}: {len(sheet.tables)} table objects")
            continue
        table = next(iter(sheet.tables.values()))
        first_column, first_row, last_column, last_row = range_boundaries(table.ref)
        for column in range(first_column, last_column + 1):
            header = sheet.cell(first_row, column).value
            letter = sheet.cell(first_row, column).column_letter
            width = sheet.column_dimensions[letter].width
            if not isinstance(header, str) or not header:
                problems.append(f"{where}: header {letter} is {header!r}")
            elif width is None or width < len(header):
                problems.append(f"{where}: column {letter} ({width}) is narrower than its header {header!r}")
        for row in range(first_row + 1, last_row + 1):
            for column in range(first_column, last_column + 1):
                cell = sheet.cell(row, column)
                if cell.value is None or cell.value == "":
                    problems.append(f"{where}: blank cell {cell.coordinate} inside the table")
                elif isinstance(cell.value, str) and NUMBER_AS_TEXT.fullmatch(cell.value):
                    problems.append(f"{where}: {cell.coordinate} holds the number {cell.value!r} as text")
                elif isinstance(cell.value, int | float) and cell.number_format == "General":
                    problems.append(f"{where}: {cell.coordinate} has no number format")
                if cell.data_type == "f":
                    problems.append(f"{where}: {cell.coordinate} is a formula")
        if sheet.page_setup.orientation != "landscape" or str(sheet.page_setup.paperSize) != "9":
            problems.append(f"{where}: not set to print on A4 landscape")
    return problems


def test_every_export_meets_the_analysis_function_standard(demo):
    problems = {endpoint: standard_problems(data) for endpoint, data in _exports(demo).items()}
    assert {endpoint: found[:5] for endpoint, found in problems.items() if found} == {}


def test_the_checks_find_a_workbook_that_is_not_to_the_standard():
    from openpyxl import Workbook

    from workforce.kernel.spreadsheets import workbook_bytes

    workbook = Workbook()
    workbook.active.append(["FTE"])
    workbook.active.append(["0.900000"])
    assert standard_problems(workbook_bytes(workbook))


def test_every_export_converts_to_pdf_with_libreoffice(demo, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF conversion check runs where it is (CI)")
    for endpoint, data in _exports(demo).items():
        name = endpoint.replace(".", "-")
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
        assert result.returncode == 0, (endpoint, result.stderr)
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), endpoint
