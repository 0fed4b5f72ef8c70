"""The data check: records that disagree with each other, on the command line and on HR's page."""

from __future__ import annotations

from datetime import date

from tests.builders import create_user
from tests.people.builders import create_assignment, create_staff_member
from workforce.extensions import db as _db
from workforce.kernel.data_check import run_checks
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType


def test_the_demo_council_agrees_with_itself(demo_app, demo):
    result = demo_app.test_cli_runner().invoke(args=["data", "check"])
    assert result.exit_code == 0, result.output
    assert "No inconsistencies: the data agrees with itself." in result.output


def test_an_fte_that_disagrees_with_contracted_hours_is_listed(app, db):
    staff = create_staff_member(contracted_hours=37, standard_hours=37, last_name="Halftime")
    create_assignment(staff, fte=0.5, start_date=date(2024, 1, 1))
    db.session.flush()
    found = {check.name: items for check, items in run_checks()}
    listed = found["FTE from contracted and standard hours"]
    assert [item.record.split(",")[0] for item in listed] == ["Halftime"]
    assert "add up to 0.5 FTE, but contracted hours of 37 of 37 make 1 FTE" in listed[0].detail


def test_an_agency_assignment_without_an_engagement_is_listed(app, db):
    staff = create_staff_member(employment_type=EmploymentType.AGENCY, last_name="Locum")
    create_assignment(staff, employment_type=EmploymentType.AGENCY, fte=1.0, start_date=date(2024, 1, 1))
    db.session.flush()
    found = {check.name: items for check, items in run_checks()}
    assert [item.record.split(",")[0] for item in found["Agency assignments without an engagement"]] == ["Locum"]


def test_hr_sees_the_data_check_page_and_a_team_manager_does_not(client_request):
    staff = create_staff_member(contracted_hours=37, standard_hours=37, last_name="Halftime")
    create_assignment(staff, fte=0.5, start_date=date(2024, 1, 1))
    _db.session.commit()
    client_request.login(create_user(Role.HR))
    page = client_request.get("data_check.show_data_check")
    assert "Halftime" in page.get_text()
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("data_check.show_data_check", _expected_status=403)
