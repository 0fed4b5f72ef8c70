import pytest

from tests.agency.builders import create_engagement, create_price_cap
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from tests.people.builders import create_post
from workforce.agency.models import AgencyEngagement
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType


def engagement_form(post, **overrides):
    return {
        "worker_reference": "AG-1001",
        "first_name": "Pat",
        "last_name": "Doyle",
        "swe_number": "sw00456",
        "qualification_date": "2015-07-01",
        "post": post.id,
        "agency_name": "Castle Recruitment",
        "provider_type": "agency",
        "job_type": "social-worker",
        "start_date": "2026-07-06",
        "fte": "1",
        "hours_per_week": "37",
        "notice_period_weeks": "4",
        "pay_rate": "30",
        "employer_costs": "4",
        "holiday_pay": "3.5",
        "agency_fee": "5",
        "first_reference_on": "2026-06-01",
        "second_reference_on": "2026-06-02",
        **overrides,
    }


def test_hr_records_an_engagement_which_adds_an_agency_assignment(client_request, db):
    post = create_post()
    client_request.login(create_user(Role.HR))
    client_request.post("agency.record_engagement", engagement_form(post))
    engagement = db.session.query(AgencyEngagement).one()
    assert engagement.staff_member.swe_number == "SW456"
    assert engagement.staff_member.employment_type is EmploymentType.AGENCY
    assert engagement.assignment.employment_type is EmploymentType.AGENCY
    assert (engagement.assignment.post_id, engagement.assignment.fte) == (post.id, 1.0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("agency_name", "", "Enter the agency's name"),
        ("notice_period_weeks", "", "Enter the notice period in weeks"),
        ("pay_rate", "-1", "Pay rate must be £0 or more"),
        ("swe_number", "456", "Enter a Social Work England number: SW followed by digits, like SW123456"),
        ("end_date", "2026-07-01", "The end date must be on or after the start date"),
    ],
)
def test_recording_an_engagement_shows_errors_and_keeps_what_was_typed(client_request, field, value, message):
    post = create_post()
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "agency.record_engagement", engagement_form(post, **{field: value}), _expected_status=200
    )
    assert error_summary(page) == [message]
    assert page.find("input", attrs={"name": "last_name"})["value"] == "Doyle"


def test_the_compliance_page_shows_each_rule_and_every_breach(client_request):
    create_price_cap(hourly_cap="40.00")
    create_engagement()
    breaching = create_engagement(notice_period_weeks=2)
    client_request.login(create_user(Role.HR))
    page = client_request.get("agency.compliance")
    summary = [
        [cell.get_text(strip=True) for cell in row.select("td, th")]
        for row in page.select("table")[0].select("tbody tr")
    ]
    assert len(summary) == 6
    assert summary[3][1:] == ["1", "1", "50.0%"]
    assert summary[5][1:] == ["0", "2", "0.0%"]
    breaches = page.select("table")[1].get_text()
    assert breaching.staff_member.name in breaches
    assert "without sign-off by the DCS and chief executive" in breaches


def test_a_team_manager_sees_only_their_own_teams_engagements(client_request):
    team = create_team()
    own = create_engagement(team=team)
    other = create_engagement()
    client_request.login(create_team_manager(team))
    page = client_request.get("agency.list_engagements")
    assert [a.get_text() for a in page.select("table tbody a")] == [own.staff_member.name]
    client_request.get("agency.show_engagement", engagement_id=other.id, _expected_status=404)
    assert other.staff_member.name not in client_request.get("agency.compliance").get_text()
    client_request.get("agency.record_engagement", _expected_status=403)


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.SOCIAL_WORKER, Role.QA_OFFICER])
def test_roles_outside_agency_get_403(client_request, role):
    client_request.login(create_user(role))
    client_request.get("agency.list_engagements", _expected_status=403)
    client_request.get("agency.compliance", _expected_status=403)


def test_hr_adds_a_price_cap_and_a_duplicate_is_refused(client_request):
    client_request.login(create_user(Role.HR))
    data = {"region": "south-east", "job_type": "team-manager", "hourly_cap": "60", "effective_from": "2026-04-01"}
    client_request.post("agency.add_price_cap", data)
    page = client_request.post("agency.add_price_cap", data, _expected_status=200)
    assert error_summary(page) == ["A cap for this job type and region already starts on that date"]


def test_hr_records_both_sign_offs_which_ends_the_breach(client_request):
    create_price_cap(hourly_cap="40.00")
    engagement = create_engagement()
    client_request.login(create_user(Role.HR))
    client_request.post(
        "agency.record_sign_off",
        {
            "dcs_signed_off_on": "2026-07-01",
            "chief_executive_signed_off_on": "2026-07-02",
            "version": engagement.version,
        },
        engagement_id=engagement.id,
    )
    page = client_request.get("agency.show_engagement", engagement_id=engagement.id)
    assert "signed off by the DCS and chief executive" in page.get_text()
