import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from tests.export_standard import standard_problems
from tests.spreadsheets import table_rows
from workforce.kernel.release import build_workbook
from workforce.kernel.spreadsheets import (
    Sheet,
    SpreadsheetError,
    csv_safe,
    read_table,
    sheet_title,
    workbook_bytes,
)

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_text_that_looks_like_a_formula_is_written_as_text():
    workbook = build_workbook([Sheet("Hostile", ["Text"], [[text] for text in HOSTILE])])
    reopened = load_workbook(io.BytesIO(workbook_bytes(workbook)))
    cells = [row[0] for row in reopened["Hostile"].iter_rows(min_row=3)]
    assert [cell.value for cell in cells] == HOSTILE
    assert all(cell.data_type == "s" for cell in cells)


def test_numbers_and_dates_keep_their_types_and_formats():
    sheet = Sheet("Figures", ["FTE", "On"], [[0.5, date(2025, 9, 30)]], number_formats={"FTE": "fte"})
    reopened = load_workbook(io.BytesIO(workbook_bytes(build_workbook([sheet]))))
    fte, on = next(reopened["Figures"].iter_rows(min_row=3))
    assert fte.value == 0.5 and fte.number_format == "0.000000"
    assert on.value.date() == date(2025, 9, 30)


def test_a_list_download_meets_the_release_standard():
    sheets = [
        Sheet("Staff list", ["Name", "FTE", "Started", "Agency"], [["Ann", 0.9, date(2025, 1, 6), False]]),
        Sheet("Leavers", ["Name", "Left on", "Reason"], [["Bo", None, ""]], column_widths={"Reason": 40}),
        Sheet("Empty", ["Name"], []),
    ]
    data = workbook_bytes(build_workbook(sheets, title="Staff", notes=[("FTE", "From contracted hours")]))
    assert standard_problems(data) == []
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Staff list", "Leavers", "Empty"]
    assert table_rows(workbook["Staff list"])[1][1:] == [0.9, datetime(2025, 1, 6), "No"]
    assert table_rows(workbook["Leavers"])[1] == ["Bo", "[x]", "[x]"]
    assert table_rows(workbook["Empty"]) == [["Name"], ["[z]"]]
    notes = table_rows(workbook["Notes"])
    assert notes[0] == ["Note", "Subject", "Note text"]
    assert [row[:2] for row in notes[1:3]] == [[1, "FTE"], [2, "Symbol [c]"]]


def test_a_list_download_reads_back_as_an_upload_with_the_row_numbers_it_shows():
    data = workbook_bytes(
        build_workbook([Sheet("Teams", ["Team", "Service area"], [["North", "West"], ["South", None]])])
    )
    table = read_table(data, "teams.xlsx")
    assert table.headers == ["Team", "Service area"]
    assert [(row.number, row.values["Team"]) for row in table.rows] == [(3, "North"), (4, "South")]


def test_a_chart_given_alternative_text_keeps_it_in_the_drawing():
    from openpyxl.chart import LineChart, Reference

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Trend & more"
    sheet.append(["Month", "Value"])
    sheet.append([1, 2])
    first, second = LineChart(), LineChart()
    first.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    first.alt_text = 'Falls from 2 to 1 "sharply" & <quickly>'
    sheet.add_chart(first, "D1")
    sheet.add_chart(second, "D20")
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(workbook))) as archive:
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert drawing.count("descr=") == 1
    assert "descr='Falls from 2 to 1 \"sharply\" &amp; &lt;quickly&gt;'" in drawing


def test_csv_output_neutralises_formulas():
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("Plain") == "Plain"
    assert csv_safe(3) == 3


def test_sheet_titles_are_made_valid():
    assert sheet_title("Strand: workforce / practice [2026]") == "Strand  workforce   practice  2"


def test_an_xlsx_file_is_read_with_row_numbers_as_people_see_them():
    table = read_table(xlsx([["EmployeeNumber", "FTE"], ["E1", 0.5], [None, None], ["E2", "1"]]), "staff.xlsx")
    assert table.headers == ["EmployeeNumber", "FTE"]
    assert [(row.number, row.values["EmployeeNumber"]) for row in table.rows] == [(2, "E1"), (4, "E2")]


def test_a_csv_file_is_read_with_its_byte_order_mark():
    table = read_table("\ufeffEmployeeNumber;FTE\nE1;0.5\n".encode(), "staff.csv")
    assert table.headers == ["EmployeeNumber", "FTE"]
    assert table.rows[0].values == {"EmployeeNumber": "E1", "FTE": "0.5"}


def test_a_csv_file_with_carriage_returns_only_is_read_row_by_row():
    table = read_table(b"EmployeeNumber,FTE\rE1,0.5\rE2,1\r", "staff.csv")
    assert [row.values["EmployeeNumber"] for row in table.rows] == ["E1", "E2"]
    mixed = read_table(b"x,y\n1\r2,3\n", "staff.csv")
    assert [row.values for row in mixed.rows] == [{"x": "1", "y": None}, {"x": "2", "y": "3"}]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "staff.xlsx", "The file is empty"),
        (b"just some text", "staff.xlsx", "The file is not an Excel workbook"),
        (b"PK\x03\x04garbage", "staff.xlsx", "The file is not an Excel workbook"),
        (b"\x00\x01\x02binary", "staff.csv", "The file is not a CSV text file"),
        (b"a,b\n1,2\n", "staff.pdf", "must be an Excel workbook (.xlsx) or a CSV file"),
        (b"\n\n", "staff.csv", "The file is empty"),
        (b"a,a\n1,2\n", "staff.csv", "names a column twice"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_reason(data, filename, message):
    with pytest.raises(SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(data, filename)


def test_a_renamed_csv_is_refused_as_a_workbook():
    with pytest.raises(SpreadsheetError, match="not an Excel workbook"):
        read_table(b"EmployeeNumber,FTE\nE1,1\n", "renamed.xlsx")


def test_too_many_rows_are_refused():
    with pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read_table(b"a\n1\n2\n3\n4\n", "x.csv", max_rows=3)


def test_too_many_columns_are_refused():
    with pytest.raises(SpreadsheetError, match="more than 2 columns"):
        read_table(b"a,b,c\n1,2,3\n", "x.csv", max_columns=2)


def test_a_compression_bomb_is_refused_before_it_is_parsed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    with pytest.raises(SpreadsheetError, match="compressed in a way"):
        read_table(buffer.getvalue(), "bomb.xlsx")


def test_a_workbook_with_xml_entities_is_refused():
    data = xlsx([["a"], ["b"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY boom "boom">]><worksheet', 1)
            target.writestr(item, content)
    with pytest.raises(SpreadsheetError, match="could not be read"):
        read_table(buffer.getvalue(), "entities.xlsx")


def test_a_release_with_a_description_under_its_title_reads_back_from_its_header_row():
    from workforce.kernel.release import ReleaseTable, build_release

    table = ReleaseTable("Staff", "Staff in post", ["Name", "FTE"], [["Ann", 0.5]], description="One row a person")
    read = read_table(workbook_bytes(build_release("Staff", "2026", "WPQ", [table])), "staff.xlsx")
    assert read.headers == ["Name", "FTE"]
    assert [(row.number, row.values) for row in read.rows] == [(4, {"Name": "Ann", "FTE": 0.5})]


def test_a_workbook_that_only_looks_released_is_read_from_its_first_sheet():
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Team"])
    workbook.active.append(["North"])
    for name in ("Contents", "Notes"):
        workbook.create_sheet(name)
    read = read_table(workbook_bytes(workbook), "teams.xlsx")
    assert read.headers == ["Team"]


def test_a_release_table_with_charts_beside_it_meets_the_standard():
    from workforce.kernel.release import Formatted, ReleaseChart, ReleaseTable, build_release

    months = [date(2025, month, 1) for month in range(1, 13)]
    table = ReleaseTable(
        "Trend",
        "Trend of two measures",
        ["Month", "Turnover", "Caseload"],
        [[Formatted(month, "mmm yyyy"), Formatted(10.0 + index, "0.0"), 18] for index, month in enumerate(months)],
        description="Turnover: %; Caseload: cases",
        charts=[
            ReleaseChart("Turnover", "%", [("Turnover", "Turnover rate")], "Chart: turnover rose.", x_format="mmm"),
            ReleaseChart("Caseload", "cases", [("Caseload", "Average caseload")], "Chart: caseload held."),
        ],
    )
    data = workbook_bytes(
        build_release("Trends", "2025", "WPQ", [table], status="Provisional", cover_rows=[("Council", "Durham")])
    )
    assert standard_problems(data) == []
    workbook = load_workbook(io.BytesIO(data))
    cover = [row[:2] for row in workbook["Cover"].iter_rows(min_row=2, values_only=True)]
    assert [label for label, _ in cover] == [
        "Status",
        "Period",
        "Source",
        "Contact",
        "Figures as at",
        "Council",
        "Contents",
    ]
    sheet = workbook["Trend"]
    rows = table_rows(sheet)
    assert rows[0] == ["Month", "Turnover", "Caseload"] and len(rows) == 13
    assert sheet["A4"].number_format == "mmm yyyy" and sheet["B4"].number_format == "0.0"
    assert sheet["C4"].number_format == "#,##0"
    # Each description beside the table, one column clear of it, at the top of its chart's rows.
    assert sheet["E3"].value == "Chart: turnover rose." and sheet["D3"].value is None
    assert sheet["E21"].value == "Chart: caseload held."
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawing = next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))
        frames = archive.read(drawing).decode()
        charts = [archive.read(n).decode() for n in sorted(archive.namelist()) if n.startswith("xl/charts/chart")]
    assert 'descr="Chart: turnover rose."' in frames and 'descr="Chart: caseload held."' in frames
    assert "<v>Turnover rate</v>" in charts[0] and "<v>Average caseload</v>" in charts[1]


def test_a_long_release_table_keeps_every_row_and_sizes_columns_to_their_contents():
    from workforce.kernel.release import WIDTH_SAMPLE, ReleaseTable, build_release

    rows = ([f"Person {number}", "x" * 40 if number == 1 else "y"] for number in range(WIDTH_SAMPLE + 50))
    table = ReleaseTable("People", "People", ["Name", "Note"], rows)
    workbook = load_workbook(io.BytesIO(workbook_bytes(build_release("People", "2026", "WPQ", [table]))))
    sheet = workbook["People"]
    assert len(table_rows(sheet)) == WIDTH_SAMPLE + 51
    assert sheet.column_dimensions["B"].width == 42
    assert [row[1] for row in table_rows(workbook["Notes"])[1:]][:2] == ["Symbol [c]", "Symbol [x]"]
