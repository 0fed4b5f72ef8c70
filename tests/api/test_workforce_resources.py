"""Vacancies, applications, agency engagements, caseloads and the improvement plan through the API: scoping
(records, counts and page totals), fields by role, filters and their problem details, and no writes."""

from datetime import date

import pytest

from tests.agency.builders import create_engagement
from tests.api.builders import api_client, assert_problem
from tests.builders import create_team, create_team_manager, create_user
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from tests.people.builders import create_staff_member
from tests.recruitment.builders import create_application, create_vacancy
from workforce.caseloads.constants import CaseType
from workforce.improvement import periods
from workforce.improvement.constants import ActionStatus
from workforce.kernel.roles import Role
from workforce.recruitment.constants import VacancyStatus

SCOPES = ["recruitment:read", "agency:read", "caseloads:read", "improvement:read", "staff:read"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [record["id"] for record in response.get_json()["data"]]


def total(response) -> int:
    return response.get_json()["meta"]["total"]


@pytest.fixture
def two_teams(db):
    """Two teams, each with a manager, a vacancy with an application, an agency engagement and caseload counts."""
    snapshot = create_snapshot(date(2026, 10, 31))
    teams = {}
    for key in ("ours", "theirs"):
        team = create_team()
        manager = create_team_manager(team)
        vacancy = create_vacancy(team=team)
        application = create_application(vacancy)
        engagement = create_engagement(team=team)
        worker = create_staff_member()
        count = create_worker_count(snapshot, worker, team, {CaseType.CHILD_PROTECTION: 4, CaseType.CHILD_IN_NEED: 12})
        teams[key] = {
            "team": team,
            "manager": manager,
            "vacancies": vacancy,
            "applications": application,
            "agency-engagements": engagement,
            "caseload-counts": count,
        }
    teams["snapshot"] = snapshot
    return teams


@pytest.mark.parametrize("resource", ["vacancies", "applications", "agency-engagements", "caseload-counts"])
def test_a_team_managers_token_reads_only_their_teams_records_and_counts(client, two_teams, resource):
    api = api_client(client, two_teams["ours"]["manager"], SCOPES)
    response = api.get(f"/api/v1/{resource}")
    assert ids(response) == [two_teams["ours"][resource].id]
    assert total(response) == 1
    assert_problem(api.get(f"/api/v1/{resource}/{two_teams['theirs'][resource].id}"), 404)
    assert api.get(f"/api/v1/{resource}/{two_teams['ours'][resource].id}").status_code == 200


@pytest.mark.parametrize("resource", ["vacancies", "applications", "agency-engagements", "caseload-counts"])
def test_filtering_by_another_team_finds_nothing_and_counts_nothing(client, two_teams, resource):
    api = api_client(client, two_teams["ours"]["manager"], SCOPES)
    response = api.get(f"/api/v1/{resource}", team_id=two_teams["theirs"]["team"].id)
    assert ids(response) == [] and total(response) == 0


@pytest.mark.parametrize("resource", ["vacancies", "applications", "agency-engagements", "caseload-counts"])
def test_hr_sees_every_team(client, two_teams, resource):
    api = api_client(client, create_user(Role.HR), SCOPES)
    expected = {two_teams["ours"][resource].id, two_teams["theirs"][resource].id}
    assert set(ids(api.get(f"/api/v1/{resource}"))) == expected


@pytest.mark.parametrize(
    ("role", "resource"),
    [
        (Role.COMMITTEE_VIEWER, "vacancies"),
        (Role.COMMITTEE_VIEWER, "applications"),
        (Role.COMMITTEE_VIEWER, "agency-engagements"),
        (Role.COMMITTEE_VIEWER, "caseload-counts"),
        (Role.COMMITTEE_VIEWER, "caseload-snapshots"),
        (Role.SOCIAL_WORKER, "vacancies"),
        (Role.SOCIAL_WORKER, "agency-engagements"),
        (Role.SOCIAL_WORKER, "caseload-counts"),
    ],
)
def test_roles_the_pages_refuse_are_refused(client, two_teams, role, resource):
    api = api_client(client, create_user(role), SCOPES)
    assert_problem(api.get(f"/api/v1/{resource}"), 403)


def test_a_token_without_the_areas_scope_is_refused(client, two_teams):
    api = api_client(client, create_user(Role.HR), ["staff:read"])
    body = assert_problem(api.get("/api/v1/vacancies"), 403)
    assert "recruitment:read" in body["detail"]


def test_applications_carry_no_applicant_names_or_contact_details(client, two_teams):
    api = api_client(client, create_user(Role.HR), SCOPES)
    record = api.get(f"/api/v1/applications/{two_teams['ours']['applications'].id}").get_json()["data"]
    applicant = two_teams["ours"]["applications"].applicant
    text = str(record)
    assert applicant.last_name not in text and applicant.email not in text
    assert record["applicant_id"] == applicant.id
    assert record["stage_kind"] == "applied"


def test_vacancies_filter_by_status_and_refuse_an_unknown_status(client, db):
    team = create_team()
    advertised = create_vacancy(team=team)
    create_vacancy(team=team, status=VacancyStatus.RAISED)
    api = api_client(client, create_user(Role.HR), SCOPES)
    assert ids(api.get("/api/v1/vacancies", status="advertised")) == [advertised.id]
    body = assert_problem(api.get("/api/v1/vacancies", status="open"), 422)
    assert list(body["errors"]) == ["status"]


def test_applications_filter_by_stage_kind(client, two_teams):
    api = api_client(client, create_user(Role.HR), SCOPES)
    assert len(ids(api.get("/api/v1/applications", stage_kind="applied"))) == 2
    assert ids(api.get("/api/v1/applications", stage_kind="offer")) == []


def test_agency_engagements_give_the_hourly_charge_as_numbers(client, two_teams):
    api = api_client(client, create_user(Role.HR), SCOPES)
    record = api.get(f"/api/v1/agency-engagements/{two_teams['ours']['agency-engagements'].id}").get_json()["data"]
    assert record["pay_rate"] == 30.0 and record["hourly_charge"] == 42.5
    assert_problem(api.get("/api/v1/agency-engagements", started_from="yesterday"), 422)


def test_caseload_counts_sort_by_total_and_filter_by_size(client, db):
    snapshot = create_snapshot(date(2026, 10, 31))
    team = create_team()
    light = create_worker_count(snapshot, create_staff_member(), team, {CaseType.CHILD_IN_NEED: 6})
    heavy = create_worker_count(snapshot, create_staff_member(), team, {CaseType.CHILD_IN_NEED: 19})
    api = api_client(client, create_user(Role.HR), SCOPES)
    assert ids(api.get("/api/v1/caseload-counts", sort="-total_cases")) == [heavy.id, light.id]
    assert ids(api.get("/api/v1/caseload-counts", min_cases=18)) == [heavy.id]
    record = api.get(f"/api/v1/caseload-counts/{heavy.id}").get_json()["data"]
    assert record["snapshot_date"] == "2026-10-31" and record["cin_cases"] == 19
    assert_problem(api.get("/api/v1/caseload-counts", min_cases=-1), 422)


def test_a_team_manager_sees_snapshot_dates_but_not_council_totals(client, two_teams):
    manager = api_client(client, two_teams["ours"]["manager"], SCOPES)
    record = manager.get("/api/v1/caseload-snapshots").get_json()["data"][0]
    assert record["snapshot_date"] == "2026-10-31"
    assert "case_count" not in record and "worker_count" not in record
    hr = api_client(client, create_user(Role.HR), SCOPES)
    assert hr.get("/api/v1/caseload-snapshots").get_json()["data"][0]["case_count"] == 32


def test_superseded_snapshots_and_their_counts_are_left_out(client, db):
    from workforce.caseloads.constants import SnapshotStatus

    old = create_snapshot(date(2026, 9, 30), status=SnapshotStatus.SUPERSEDED)
    create_worker_count(old, create_staff_member(), create_team())
    api = api_client(client, create_user(Role.HR), SCOPES)
    assert ids(api.get("/api/v1/caseload-snapshots")) == []
    assert ids(api.get("/api/v1/caseload-counts")) == []


@pytest.mark.parametrize("resource", ["vacancies", "agency-engagements", "caseload-counts", "improvement-actions"])
def test_read_only_resources_refuse_writes(client, db, resource):
    area = {"vacancies": "recruitment", "agency-engagements": "agency", "caseload-counts": "caseloads"}.get(
        resource, "improvement"
    )
    api = api_client(client, create_user(Role.SENIOR_LEADER), [f"{area}:read", f"{area}:write"])
    assert_problem(api.post(f"/api/v1/{resource}", json={}), 405)


def test_a_read_only_token_is_refused_before_anything_else_on_a_write(client, db):
    api = api_client(client, create_user(Role.ADMINISTRATOR), ["teams:read"])
    body = assert_problem(api.post("/api/v1/teams", json={}), 403)
    assert "teams:write" in body["detail"]


def test_a_write_to_a_resource_the_description_declares_read_only_is_405_whatever_the_token(client, db):
    api = api_client(client, create_user(Role.SENIOR_LEADER), ["improvement:read"])
    response = api.post("/api/v1/improvement-actions", json={})
    assert_problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD"


# The improvement plan


@pytest.fixture
def plan(db):
    strand = create_strand()
    owner = create_user(Role.SENIOR_LEADER, name="Olive Owner")
    action = create_action(strand, owner=owner, status=ActionStatus.AWAITING_SIGN_OFF)
    plan_measure = create_plan_measure(strand, "inpost_headcount")
    return {"strand": strand, "action": action, "plan_measure": plan_measure, "owner": owner}


def test_actions_carry_status_and_rating_separately_and_owners_for_staff(client, plan):
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    record = api.get(f"/api/v1/improvement-actions/{plan['action'].id}").get_json()["data"]
    assert record["status"] == "complete, awaiting sign-off"
    assert record["rating"] == "Green"
    assert record["owner_id"] == plan["owner"].id
    assert ids(api.get("/api/v1/improvement-actions", status="complete, awaiting sign-off")) == [plan["action"].id]
    assert_problem(api.get("/api/v1/improvement-actions", rating="Purple"), 422)


def test_committee_viewers_read_the_plan_without_names(client, plan):
    api = api_client(client, create_user(Role.COMMITTEE_VIEWER), SCOPES)
    record = api.get(f"/api/v1/improvement-actions/{plan['action'].id}").get_json()["data"]
    assert "owner_id" not in record and "signed_off_by_id" not in record
    strands = api.get("/api/v1/improvement-strands", plan_id=plan["strand"].plan_id)
    assert ids(strands) == [plan["strand"].id]
    plans = api.get(f"/api/v1/improvement-plans/{plan['strand'].plan_id}").get_json()["data"]
    assert plans["strand_ids"] == [plan["strand"].id]


def test_plan_measures_are_rated_on_the_latest_period_each_role_may_see(client, plan):
    period = periods.compute_period(date(2026, 10, 1))
    assert not period.published
    leader = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    record = leader.get(f"/api/v1/improvement-plan-measures/{plan['plan_measure'].id}").get_json()["data"]
    assert record["measure_id"] == "inpost_headcount"
    assert record["title"] == "Social workers in post (headcount)"
    assert record["latest"]["month"] == "2026-10-01"
    # No one is in post, so the value is 0 against a trajectory at its target of 20: Red.
    assert record["latest"]["value"] == 0 and record["latest"]["expected"] == 20.0
    assert record["latest"]["rating"] == "Red" and record["latest"]["overridden"] is False
    committee = api_client(client, create_user(Role.COMMITTEE_VIEWER), SCOPES)
    provisional_hidden = committee.get(f"/api/v1/improvement-plan-measures/{plan['plan_measure'].id}").get_json()
    assert provisional_hidden["data"]["latest"]["month"] is None
    assert provisional_hidden["data"]["latest"]["rating"] is None


def test_team_managers_and_social_workers_cannot_read_the_plan(client, plan):
    for role in (Role.TEAM_MANAGER, Role.SOCIAL_WORKER):
        api = api_client(client, create_user(role), SCOPES)
        assert_problem(api.get("/api/v1/improvement-actions"), 403)
