"""The committee pack (docs/improvement.md): structure, safe text, numbers, suppression, provisional marks."""

import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from tests.builders import create_team, create_user
from tests.improvement.builders import create_action, create_plan, create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement.pack import build_pack
from workforce.improvement.periods import compute_period, publish_period
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes

MONTH = date(2026, 1, 1)
CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture
def plan(plan_db):
    team = create_team(name="Small Team")
    create_user(team=team)
    plan = create_plan("Children's services improvement plan")
    workforce = create_strand(plan, "Workforce")
    create_plan_measure(workforce)
    create_plan_measure(workforce, "test_social_worker_share", baseline_value=50, target_value=40)
    hostile = create_strand(plan, '=HYPERLINK("x")')
    create_action(hostile, title="+cmd|' /C calc'!A0", owner=create_user(Role.HR, name="Hannah Secret"))
    create_strand(plan, "Partnerships")
    publish_period(compute_period(date(2025, 12, 1)))
    db.session.commit()
    return plan


def pack_bytes(plan, month=MONTH, published_only=True) -> bytes:
    return workbook_bytes(build_pack(plan, month, published_only))


def test_the_pack_opens_with_a_cover_contents_notes_summary_strands_teams_and_actions(plan):
    publish_period(compute_period(MONTH))
    workbook = load_workbook(io.BytesIO(pack_bytes(plan)))
    assert workbook.sheetnames == [
        "Cover",
        "Contents",
        "Notes",
        "Summary",
        "Strand 1",
        "Strand 2",
        "Strand 3",
        "Teams",
        "Benchmarks",
        "Actions",
    ]


def test_no_sheet_has_merged_cells(plan):
    publish_period(compute_period(MONTH))
    workbook = load_workbook(io.BytesIO(pack_bytes(plan)))
    assert all(not sheet.merged_cells.ranges for sheet in workbook.worksheets)


def test_every_table_starts_at_the_left_with_a_header_row_naming_its_columns(plan):
    publish_period(compute_period(MONTH))
    workbook = load_workbook(io.BytesIO(pack_bytes(plan)))
    tables = 0
    for sheet in workbook.worksheets:
        for table in sheet.tables.values():
            tables += 1
            first_cell = table.ref.split(":")[0]
            assert first_cell.startswith("A"), f"{sheet.title} table starts at {first_cell}"
            header_row = sheet[int(first_cell[1:])]
            names = [column.name for column in table.tableColumns]
            assert [cell.value for cell in header_row[: len(names)]] == names
            assert all(isinstance(name, str) and name for name in names)
            assert table.headerRowCount in (None, 1)
    # contents, notes, summary, strands 1 to 3 (2 and 3 say they have no measures), teams, benchmarks, actions
    assert tables == 9


def test_every_chart_has_a_title_and_axis_titles_and_a_text_description_beside_it(plan):
    publish_period(compute_period(MONTH))
    data = pack_bytes(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 2
        for name in charts:
            root = ElementTree.fromstring(archive.read(name))
            assert root.find(f".//{CHART_NS}chart/{CHART_NS}title") is not None, name
            assert len(root.findall(f".//{CHART_NS}valAx/{CHART_NS}title")) == 1
            assert len(root.findall(f".//{CHART_NS}catAx/{CHART_NS}title")) == 1
    sheet = load_workbook(io.BytesIO(data))["Strand 1"]
    descriptions = [cell.value for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("Chart: ")]
    assert len(descriptions) == 2


DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


def test_every_chart_has_alternative_text_and_series_named_by_its_measure(plan):
    publish_period(compute_period(MONTH))
    data = pack_bytes(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawings = [name for name in archive.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", name)]
        frames = [
            frame
            for name in drawings
            for frame in ElementTree.fromstring(archive.read(name)).iter(f"{DRAWING_NS}cNvPr")
        ]
        series_names = [
            [value.text for value in ElementTree.fromstring(archive.read(name)).iter(f"{CHART_NS}v")]
            for name in sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        ]
    assert len(frames) == 2
    for frame in frames:
        assert frame.get("descr", "").startswith("Chart: "), frame.attrib
    sheet = load_workbook(io.BytesIO(data))["Strand 1"]
    descriptions = [cell.value for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("Chart: ")]
    assert sorted(frame.get("descr") for frame in frames) == sorted(descriptions)
    for names in series_names:
        assert len(names) == 2 and names[1] == "Trajectory to target", names
        assert not any(re.fullmatch(r"Measure \d+.*", name) for name in names)
        assert any(description.startswith(f"Chart: {names[0]} (") for description in descriptions), names


def test_text_that_looks_like_a_formula_is_written_as_text(plan):
    publish_period(compute_period(MONTH))
    data = pack_bytes(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)
    workbook = load_workbook(io.BytesIO(data))
    title = workbook["Strand 2"]["A1"]
    assert title.data_type == "s" and title.value.startswith('=HYPERLINK("x")')
    action = workbook["Actions"]["B3"]
    assert action.data_type == "s" and action.value == "+cmd|' /C calc'!A0"


def test_numbers_are_numbers_with_number_formats(plan):
    publish_period(compute_period(MONTH))
    sheet = load_workbook(io.BytesIO(pack_bytes(plan)))["Summary"]
    headers = [cell.value for cell in sheet[2]]
    row = sheet[3]
    this_month = row[headers.index("This month")]
    assert isinstance(this_month.value, int | float) and this_month.number_format == "#,##0"
    assert row[headers.index("Rating")].value in ("Green (on track)", "Amber (at risk)", "Red (off track)")


def test_small_team_figures_are_suppressed_and_no_names_are_written(plan):
    publish_period(compute_period(MONTH))
    workbook = load_workbook(io.BytesIO(pack_bytes(plan)))
    teams = workbook["Teams"]
    small = [row for row in teams.iter_rows(values_only=True) if row[2] == "Small Team"]
    assert small and all(row[3:6] == ("[c]", "[c]", "[c]") for row in small)
    every_text = " ".join(
        str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert "Hannah Secret" not in every_text
    assert "HR and workforce" in every_text


def test_an_unpublished_month_is_marked_provisional_on_the_cover_and_every_sheet_title(plan):
    compute_period(MONTH)
    workbook = load_workbook(io.BytesIO(pack_bytes(plan, published_only=False)))
    for sheet in workbook.worksheets:
        assert "[provisional]" in sheet["A1"].value, sheet.title
    assert workbook["Cover"]["A2"].value == "Status"
    assert workbook["Cover"]["B2"].value.startswith("Provisional")


def test_a_revised_month_is_in_the_notes_and_marked_in_the_summary(plan):
    period = compute_period(MONTH)
    publish_period(period)
    create_user(team=create_team())
    from workforce.improvement.periods import revise_period

    revise_period(period, "Late starters added", None)
    workbook = load_workbook(io.BytesIO(pack_bytes(plan)))
    notes = " ".join(str(row[2]) for row in workbook["Notes"].iter_rows(values_only=True))
    assert "Late starters added" in notes
    summary = workbook["Summary"]
    headers = [cell.value for cell in summary[2]]
    assert summary[3][headers.index("This month notes")].value == "[r]"


def test_the_command_writes_the_pack(plan, plan_app, tmp_path):
    publish_period(compute_period(MONTH))
    db.session.commit()
    out = tmp_path / "pack.xlsx"
    result = plan_app.test_cli_runner().invoke(
        args=["export", "committee-pack", "--period", "2026-01", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[0] == "Cover"


def test_the_command_refuses_a_month_without_figures(plan, plan_app, tmp_path):
    result = plan_app.test_cli_runner().invoke(
        args=["export", "committee-pack", "--period", "2020-01", "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code != 0 and "No figures have been computed for January 2020" in result.output


def test_the_pack_converts_to_pdf_with_libreoffice(plan, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF conversion check runs where it is (CI)")
    publish_period(compute_period(MONTH))
    source = tmp_path / "pack.xlsx"
    source.write_bytes(pack_bytes(plan))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "pack.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def dfe_value(raw: str):
    """A DfE file cell as the pack writes it: a number, or DfE's symbol in brackets."""
    try:
        return float(raw)
    except ValueError:
        return f"[{raw}]"


def test_the_benchmarks_sheet_holds_the_dfe_figures_for_the_council_its_region_england_and_neighbours(plan, dfe):
    from tests.improvement.test_comparators import file_rows, from_file
    from workforce.benchmarks.constants import CENSUS_MEASURES

    publish_period(compute_period(MONTH))
    data = pack_bytes(plan)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Benchmarks"]
    assert sheet["A1"].value.startswith("DfE benchmarks 2025: County Durham against England, North East")
    headers = [cell.value for cell in sheet[2]]
    years = sorted({row["time_period"] for row in file_rows()})
    assert years[0] == "2017"
    assert headers[:9] == [
        "Measure",
        "Unit",
        "DfE year",
        "Council",
        "Region",
        "England",
        "Statistical neighbours' average",
        "Rank among council and neighbours (1 = lowest)",
        "Council and neighbours with a figure",
    ]
    assert headers[9:] == [f"Council {year}" for year in years]
    table = next(iter(sheet.tables.values()))
    assert range_boundaries(table.ref) == (1, 2, len(headers), 2 + len(CENSUS_MEASURES))
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    council_rows = {
        row["time_period"]: row
        for row in file_rows()
        if row["geographic_level"] == "Local authority" and row["old_la_code"] == "840"
    }
    for measure in CENSUS_MEASURES:
        row = rows[measure.title]
        assert row[2] == 2025
        assert row[3] == dfe_value(council_rows["2025"][measure.variable]), measure.variable
        assert row[9:] == tuple(dfe_value(council_rows[year][measure.variable]) for year in years), measure.variable
    turnover = rows["Turnover rate (FTE)"]
    expected = from_file("turnover_rate_fte")
    assert (turnover[4], turnover[5], turnover[6]) == (expected["region"], 11.8, expected["neighbours"])
    assert isinstance(turnover[7], int) and 1 <= turnover[7] <= turnover[8] <= 11
    cell = sheet.cell(row=3 + [m.title for m in CENSUS_MEASURES].index("Turnover rate (FTE)"), column=6)
    assert cell.data_type == "n" and cell.number_format == "0.0"
    contents = [row[0] for row in workbook["Contents"].iter_rows(min_row=3, values_only=True)]
    assert "Benchmarks" in contents
    notes = " ".join(str(row[2]) for row in workbook["Notes"].iter_rows(values_only=True))
    assert "Open Government Licence v3.0" in notes and "Department for Education" in notes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)


def test_the_summary_gives_a_census_measure_its_dfe_comparators_as_numbers(plan, dfe):
    strand = plan.strands[0]
    create_plan_measure(strand, "turnover_rate_fte", baseline_value=20, target_value=15)
    publish_period(compute_period(MONTH))
    sheet = load_workbook(io.BytesIO(pack_bytes(plan)))["Summary"]
    headers = [cell.value for cell in sheet[2]]
    rows = [row for row in sheet.iter_rows(min_row=3) if row[1].value == "Turnover rate (FTE)"]
    assert len(rows) == 1
    row = rows[0]
    assert row[headers.index("DfE comparator year")].value == 2025
    england = row[headers.index("England")]
    assert england.value == 11.8 and england.number_format == "0.0"
    assert isinstance(row[headers.index("Region")].value, float)
    assert isinstance(row[headers.index("Statistical neighbours' average")].value, float)
    assert row[headers.index("Local comparators")].value == "[z]"
    local_only = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1] == "People in teams"]
    assert local_only[0][headers.index("England")] == "[x]"
