"""The census page, its downloads and the pay items form: who may use them and what they show."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.builders import create_user
from tests.caseloads.builders import create_snapshot
from tests.census.builders import create_census_worker, set_council_settings
from tests.conftest import error_summary
from tests.spreadsheets import table_rows
from workforce.census import settings as census_settings
from workforce.census.files import WITH_ERRORS_NOTE
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


@pytest.mark.parametrize("role", [Role.HR, Role.ADMINISTRATOR])
def test_hr_and_administrators_see_the_problems_with_a_link_to_the_staff_record(client_request, role):
    set_council_settings()
    assignment = create_census_worker(sex=None)
    client_request.login(create_user(role))

    page = client_request.get("census.summary", _query={"year": 2025})

    link = page.find("a", href=client_request.url("people.show_staff", staff_id=assignment.staff_id))
    assert link is not None
    assert "Sex is missing" in page.get_text()
    assert page.find("form", action=client_request.url("census.download_xml", year=2025))


def test_senior_leaders_see_the_summary_but_no_problems_or_downloads(client_request):
    set_council_settings()
    create_census_worker(sex=None)
    client_request.login(create_user(Role.SENIOR_LEADER))

    page = client_request.get("census.summary", _query={"year": 2025})

    assert "Figures DfE will derive from the return" in page.get_text()
    assert "Sex is missing" not in page.get_text()
    assert page.find("form", action=client_request.url("census.download_xml", year=2025)) is None
    client_request.post("census.download_workbook", year=2025, _expected_status=403)
    client_request.post("census.download_xml", year=2025, _expected_status=403)


@pytest.mark.parametrize(
    "role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER, Role.QA_OFFICER, Role.ACADEMY_LEAD]
)
def test_nobody_else_may_see_the_census(client_request, role):
    client_request.login(create_user(role))

    client_request.get("census.summary", _expected_status=403)
    client_request.get("census.pay_items", _expected_status=403)


def test_the_export_is_refused_while_errors_remain(client_request):
    set_council_settings(la_code=None)
    create_census_worker()
    client_request.login(create_user(Role.HR))

    page = client_request.post("census.download_xml", year=2025, _follow_redirects=True, _expected_status=200)

    assert page.h1.get_text(strip=True) == "Failed"
    assert "The return has 2 validation errors" in page.select_one(".govuk-error-summary").get_text()
    assert page.find("a", string="Back to where you started it")["href"] == "/census?year=2025"
    assert page.find("a", string=re.compile("^Download")) is None


def test_exporting_with_errors_says_so_in_the_file(client_request):
    set_council_settings(la_code=None)
    create_census_worker()
    client_request.login(create_user(Role.HR))

    response = client_request.job_file("census.download_xml", {"with_errors": "y"}, year=2025)

    assert response.mimetype == "application/xml"
    assert b"<!-- Exported with" in response.get_data()


def test_a_clean_return_downloads_without_a_note(client_request):
    set_council_settings()
    create_snapshot(date(2025, 9, 30))
    create_census_worker()
    client_request.login(create_user(Role.HR))

    response = client_request.job_file("census.download_xml", year=2025)

    assert b"<LEA>202</LEA>" in response.get_data()
    assert b"Exported with" not in response.get_data()


def test_the_excel_file_has_the_workers_and_a_note_when_there_are_errors(client_request):
    set_council_settings(la_code=None)
    create_census_worker(swe_number="SW000777")
    client_request.login(create_user(Role.HR))

    response = client_request.job_file("census.download_workbook", year=2025)

    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "LA level", "Workers", "Problems"]
    # Two errors: the LA code, and a case holder with no caseload snapshot.
    notes = dict(row[1:3] for row in table_rows(workbook["Notes"])[1:])
    assert notes["Problems"] == WITH_ERRORS_NOTE.format(count=2)
    headers, first = table_rows(workbook["Workers"])[:2]
    assert first[headers.index("SWENo")] == "SW777"
    assert isinstance(first[headers.index("FTE")], int | float)


def test_a_year_outside_those_offered_is_not_found(client_request):
    client_request.login(create_user(Role.HR))

    client_request.post("census.download_workbook", year=1990, _expected_status=404)


def test_hr_sets_the_pay_and_incentive_items(client_request):
    user = create_user(Role.HR)
    client_request.login(user)
    data = dict.fromkeys(census_settings.pay_items(), "1") | {"OtherAllowances": "Lease car scheme"}

    client_request.post("census.pay_items", data, _expected_redirect=client_request.url("census.summary"))

    assert census_settings.pay_items()["CarAllowance"] == "1"
    assert census_settings.pay_items()["OtherAllowances"] == "Lease car scheme"
    events = db.session.execute(select(AuditEvent).where(AuditEvent.record_id == "census.CarAllowance")).scalars()
    assert [(event.actor_id, event.changes) for event in events] == [
        (user.id, {"value": {"before": None, "after": "1"}})
    ]


def test_the_pay_form_reports_unanswered_items_and_keeps_what_was_typed(client_request):
    client_request.login(create_user(Role.HR))

    page = client_request.post(
        "census.pay_items", {"RecruitmentBonus": "2", "OtherAllowances": "None"}, _expected_status=200
    )

    assert "Select whether the council offers: retention bonus" in error_summary(page)
    assert page.find("input", attrs={"name": "RecruitmentBonus", "value": "2"}).has_attr("checked")
    assert census_settings.pay_items()["RecruitmentBonus"] is None
