import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, or_, select

from tests.agency.builders import create_engagement, create_price_cap
from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_post, create_staff_member
from tests.spreadsheets import table_rows
from workforce.agency import services
from workforce.agency.constants import AgencyJobType, ProviderType
from workforce.agency.exports import COLUMNS, Quarter, build_agency_return, days_in, estimated_spend
from workforce.kernel.contract import registry
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes
from workforce.people.constants import EmploymentType
from workforce.people.models import Assignment

Q3 = Quarter(2026, 3)


def open_return(quarter=Q3):
    return load_workbook(io.BytesIO(workbook_bytes(build_agency_return(quarter))))


def rows_of(sheet):
    """The rows of the sheet's table, header first."""
    return table_rows(sheet)


def engage(post, *, start, end=None, fte=1.0, job_type=AgencyJobType.SOCIAL_WORKER, staff=None):
    staff = staff or create_staff_member(employment_type=EmploymentType.AGENCY)
    return services.record_engagement(
        staff,
        post,
        agency_name="Castle Recruitment",
        provider_type=ProviderType.AGENCY,
        job_type=job_type,
        start_date=start,
        end_date=end,
        fte=fte,
        notice_period_weeks=4,
        pay_rate=Decimal("30"),
        employer_costs=Decimal("4"),
        holiday_pay=Decimal("3.5"),
        agency_fee=Decimal("5"),
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("2026Q3", date(2026, 7, 1), date(2026, 9, 30)), ("2026q4", date(2026, 10, 1), date(2026, 12, 31))],
)
def test_a_quarter_is_read_from_its_name(text, start, end):
    quarter = Quarter.parse(text)
    assert (quarter.start, quarter.end) == (start, end)


def test_the_return_has_the_documented_columns_and_a_notes_sheet_describing_each(db):
    create_engagement()
    workbook = open_return()
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Engagements", "Totals"]
    headers = rows_of(workbook["Engagements"])[0]
    assert headers == [heading for heading, _meaning in COLUMNS]
    notes = {row[1] for row in rows_of(workbook["Notes"])}
    assert all(f"Column: {heading}" in notes for heading in headers)


def test_the_return_lists_engagements_active_in_the_quarter_only(db):
    inside = create_engagement(start_date=date(2026, 9, 30))
    create_engagement(start_date=date(2026, 10, 1))
    create_engagement(start_date=date(2026, 1, 5), end_date=date(2026, 6, 30))
    rows = rows_of(open_return()["Engagements"])[1:]
    assert [row[0] for row in rows] == [inside.id]


def test_spend_counts_the_days_in_the_quarter(db):
    engagement = create_engagement(start_date=date(2026, 9, 17), hours_per_week=35.0)
    assert days_in(engagement, Q3) == 14
    assert estimated_spend(engagement, Q3) == Decimal("42.50") * 70


def test_the_return_totals_equal_the_agency_fte_and_headcount_of_the_staff_records_at_quarter_end(db):
    team = create_team()
    post, other_post = create_post(team=team), create_post(team=team)
    worker = create_staff_member(employment_type=EmploymentType.AGENCY)
    engage(post, start=date(2026, 5, 1), fte=0.6, staff=worker)
    engage(other_post, start=date(2026, 8, 1), fte=0.4, staff=worker)
    engage(create_post(), start=date(2026, 7, 1), fte=1.0, job_type=AgencyJobType.TEAM_MANAGER)
    engage(create_post(), start=date(2026, 7, 1), end=date(2026, 8, 31), fte=1.0)
    totals = {row[0]: row for row in rows_of(open_return()["Totals"])[1:]}
    on = Q3.end
    agency_in_post = select(Assignment).where(
        Assignment.employment_type == EmploymentType.AGENCY,
        Assignment.start_date <= on,
        or_(Assignment.end_date.is_(None), Assignment.end_date >= on),
    )
    fte = db.session.execute(select(func.sum(agency_in_post.subquery().c.fte))).scalar_one()
    headcount = len({assignment.staff_id for assignment in db.session.execute(agency_in_post).scalars()})
    everyone = totals["All job types"]
    assert (everyone[1], everyone[2], everyone[3]) == (4, headcount, pytest.approx(fte))
    # The same figure as the workforce measure for agency FTE at the quarter's end.
    measure = registry().measures.compute("agency_fte", date(2026, 7, 1), on)
    assert everyone[3] == pytest.approx(measure.value)
    assert (everyone[2], everyone[3]) == (2, pytest.approx(2.0))
    assert list(totals["Team manager"][1:4]) == [1, 1, 1.0]


def test_cell_text_that_looks_like_a_formula_is_written_as_text(db):
    create_engagement(agency_name='=HYPERLINK("http://example.com")')
    sheet = load_workbook(io.BytesIO(workbook_bytes(build_agency_return(Q3))))["Engagements"]
    cell = sheet.cell(row=3, column=4)
    assert cell.value == '=HYPERLINK("http://example.com")'
    assert cell.data_type == "s"


def test_the_command_writes_the_return(app, db, tmp_path):
    create_price_cap()
    create_engagement()
    db.session.commit()
    out = tmp_path / "return.xlsx"
    result = app.test_cli_runner().invoke(args=["export", "agency-return", "--quarter", "2026Q3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(rows_of(load_workbook(out)["Engagements"])) == 2


def test_the_command_refuses_a_malformed_quarter(app, db, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["export", "agency-return", "--quarter", "Q3-2026", "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code != 0
    assert "like 2026Q3" in result.output


def test_hr_downloads_the_return(client_request):
    create_engagement()
    client_request.login(create_user(Role.HR))
    response = client_request.get("agency.download_return", _query={"quarter": "2026Q3"})
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "agency-return-2026Q3.xlsx" in response.headers["Content-Disposition"]


def test_a_malformed_quarter_shows_the_error(client_request):
    client_request.login(create_user(Role.HR))
    page = client_request.get("agency.download_return", _query={"quarter": "next"})
    assert (
        "Enter the quarter as a year and quarter number, like 2026Q3"
        in page.select_one(".govuk-error-summary").get_text()
    )


def test_a_team_manager_cannot_download_the_return(client_request):
    client_request.login(create_team_manager())
    client_request.get("agency.download_return", _query={"quarter": "2026Q3"}, _expected_status=403)
