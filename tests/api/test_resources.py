"""Teams, users, staff, posts and assignments through the API: scoping, fields by role, paging, sorting, filters."""

from datetime import date

import pytest

from tests.api.builders import api_client, assert_problem
from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType, Ethnicity, Sex

EVERYTHING = ["teams:read", "users:read", "staff:read", "measures:read"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [record["id"] for record in response.get_json()["data"]]


@pytest.fixture
def two_teams(db):
    """Two teams, each with a manager, a post and a current member of staff."""
    teams = {}
    for key in ("ours", "theirs"):
        team = create_team()
        manager = create_team_manager(team)
        post = create_post(team=team)
        staff = create_staff_member(sex=Sex.FEMALE, ethnicity=Ethnicity.WHITE_BRITISH, date_of_birth=date(1985, 5, 1))
        assignment = create_assignment(staff, post)
        teams[key] = {"team": team, "manager": manager, "post": post, "staff": staff, "assignment": assignment}
    return teams


def test_a_team_managers_token_lists_only_their_teams(client, two_teams):
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    assert ids(api.get("/api/v1/teams")) == [two_teams["ours"]["team"].id]


def test_a_team_managers_token_cannot_read_another_team(client, two_teams):
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    assert_problem(api.get(f"/api/v1/teams/{two_teams['theirs']['team'].id}"), 404)
    assert api.get(f"/api/v1/teams/{two_teams['ours']['team'].id}").status_code == 200


@pytest.mark.parametrize(("resource", "key"), [("staff", "staff"), ("posts", "post"), ("assignments", "assignment")])
def test_a_team_managers_token_sees_records_and_counts_of_their_teams_only(client, two_teams, resource, key):
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    response = api.get(f"/api/v1/{resource}")
    assert ids(response) == [two_teams["ours"][key].id]
    assert response.get_json()["meta"]["total"] == 1
    assert_problem(api.get(f"/api/v1/{resource}/{two_teams['theirs'][key].id}"), 404)


def test_a_team_managers_token_cannot_filter_its_way_into_another_team(client, two_teams):
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    response = api.get("/api/v1/posts", team_id=two_teams["theirs"]["team"].id)
    assert ids(response) == []
    assert response.get_json()["meta"]["total"] == 0


def test_a_team_manager_no_longer_sees_staff_whose_assignment_ended(client, two_teams):
    two_teams["ours"]["assignment"].end_date = date(2021, 1, 1)
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    assert ids(api.get("/api/v1/staff")) == []


@pytest.mark.parametrize("role", [Role.HR, Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.ACADEMY_LEAD])
def test_council_wide_roles_see_every_member_of_staff(client, two_teams, role):
    api = api_client(client, create_user(role), EVERYTHING)
    assert set(ids(api.get("/api/v1/staff"))) == {two_teams["ours"]["staff"].id, two_teams["theirs"]["staff"].id}


def test_a_social_workers_token_sees_only_their_own_staff_record(client, two_teams):
    worker = create_user(Role.SOCIAL_WORKER)
    own = create_staff_member(user_id=worker.id)
    api = api_client(client, worker, EVERYTHING)
    assert ids(api.get("/api/v1/staff")) == [own.id]
    assert_problem(api.get(f"/api/v1/staff/{two_teams['ours']['staff'].id}"), 404)


def test_a_committee_viewers_token_sees_no_staff(client, two_teams):
    api = api_client(client, create_user(Role.COMMITTEE_VIEWER), EVERYTHING)
    assert ids(api.get("/api/v1/staff")) == []
    assert ids(api.get("/api/v1/assignments")) == []
    assert_problem(api.get("/api/v1/posts"), 403)


@pytest.mark.parametrize(
    ("role", "sees_protected"), [(Role.HR, True), (Role.ADMINISTRATOR, True), (Role.SENIOR_LEADER, False)]
)
def test_protected_characteristics_only_for_roles_allowed_to_see_them(client, two_teams, role, sees_protected):
    api = api_client(client, create_user(role), EVERYTHING)
    record = api.get(f"/api/v1/staff/{two_teams['ours']['staff'].id}").get_json()["data"]
    protected = {"sex", "ethnicity", "date_of_birth"}
    if sees_protected:
        assert {key: record[key] for key in protected} == {
            "sex": "F",
            "ethnicity": "WBRI",
            "date_of_birth": "1985-05-01",
        }
    else:
        assert not protected & set(record)
    assert record["employee_number"] == two_teams["ours"]["staff"].employee_number


def test_a_team_managers_token_does_not_see_protected_characteristics(client, two_teams):
    api = api_client(client, two_teams["ours"]["manager"], EVERYTHING)
    record = api.get("/api/v1/staff").get_json()["data"][0]
    assert not {"sex", "ethnicity", "date_of_birth"} & set(record)


@pytest.mark.parametrize("role", [Role.HR, Role.TEAM_MANAGER, Role.SENIOR_LEADER])
def test_only_administrators_read_users(client, db, role):
    api = api_client(client, create_user(role), EVERYTHING)
    assert_problem(api.get("/api/v1/users"), 403)


def test_an_administrator_reads_users_filtered_by_role(client, db):
    admin = create_user(Role.ADMINISTRATOR)
    hr = create_user(Role.HR)
    api = api_client(client, admin, EVERYTHING)
    assert ids(api.get("/api/v1/users", role="hr")) == [hr.id]
    assert_problem(api.get("/api/v1/users", role="wizard"), 422)


def test_lists_are_paged_with_totals_and_links(client, db):
    area_teams = [create_team(name=f"Paged team {number:02d}") for number in range(5)]
    api = api_client(client, create_user(Role.ADMINISTRATOR), EVERYTHING)
    body = api.get("/api/v1/teams", per_page=2, page=2, name="paged").get_json()
    assert [team["name"] for team in body["data"]] == ["Paged team 02", "Paged team 03"]
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    assert body["links"]["next"] == "/api/v1/teams?per_page=2&name=paged&page=3"
    assert body["links"]["prev"] == "/api/v1/teams?per_page=2&name=paged&page=1"
    assert body["links"]["last"].endswith("page=3")
    last = api.get("/api/v1/teams", per_page=2, page=3, name="paged").get_json()
    assert last["links"]["next"] is None and len(last["data"]) == 1
    assert len(area_teams) == 5


def test_a_page_past_the_end_is_empty_not_an_error(client, db):
    create_team()
    api = api_client(client, create_user(Role.ADMINISTRATOR), EVERYTHING)
    body = api.get("/api/v1/teams", page=99).get_json()
    assert body["data"] == [] and body["links"]["next"] is None


def test_lists_sort_by_declared_fields_either_way(client, db):
    for name in ("Bravo sorted", "Alpha sorted", "Charlie sorted"):
        create_team(name=name)
    api = api_client(client, create_user(Role.ADMINISTRATOR), EVERYTHING)
    ascending = [team["name"] for team in api.get("/api/v1/teams", name="sorted").get_json()["data"]]
    descending = [team["name"] for team in api.get("/api/v1/teams", name="sorted", sort="-name").get_json()["data"]]
    assert ascending == ["Alpha sorted", "Bravo sorted", "Charlie sorted"]
    assert descending == list(reversed(ascending))


def test_staff_filter_by_employment_type_and_name(client, db):
    agency = create_staff_member(last_name="Agencyworker", employment_type=EmploymentType.AGENCY)
    create_staff_member(last_name="Permanentworker")
    api = api_client(client, create_user(Role.HR), EVERYTHING)
    assert ids(api.get("/api/v1/staff", employment_type="agency")) == [agency.id]
    assert ids(api.get("/api/v1/staff", last_name="agencyw")) == [agency.id]
    body = assert_problem(api.get("/api/v1/staff", employment_type="volunteer"), 422)
    assert list(body["errors"]) == ["employment_type"]


def test_a_name_filter_treats_wildcards_as_text(client, db):
    create_team(name="Percent team")
    api = api_client(client, create_user(Role.ADMINISTRATOR), EVERYTHING)
    assert ids(api.get("/api/v1/teams", name="%")) == []


def test_an_administrator_creates_a_team_and_a_duplicate_is_refused(client, db):
    api = api_client(client, create_user(Role.ADMINISTRATOR), ["teams:read", "teams:write"])
    created = api.post("/api/v1/teams", json={"name": "Alpha", "service_area": "North"})
    assert created.status_code == 201
    assert created.get_json()["data"]["service_area"] == "North"
    body = assert_problem(api.post("/api/v1/teams", json={"name": "alpha", "service_area": "North"}), 422)
    assert body["errors"] == {"name": ["A team called alpha already exists"]}
