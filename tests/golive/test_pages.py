"""The going-live pages: first run, council settings, the checklist, the teams import, linking and provisioning."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.builders import DEFAULT_PASSWORD, create_team, create_user
from tests.conftest import error_summary
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.benchmarks import dao as benchmarks_dao
from workforce.kernel import settings
from workforce.kernel.models import AuditEvent, ServiceArea, Team, User
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole


def count(model) -> int:
    from workforce.extensions import db

    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


FIRST_RUN = {
    "name": "Stockport Council",
    "la_code": "356",
    "caseload_threshold": "18",
    "caseload_amber_from": "16",
    "admin_name": "Morgan Ellis",
    "admin_email": "morgan.ellis@council.example",
    "password": "a long administrator password",
}


def test_the_first_run_page_sets_up_the_council_and_a_break_glass_administrator(client_request, db):
    page = client_request.get("golive.first_run")
    assert "Supervision: Everyone not newly qualified" in page.get_text()
    client_request.post("golive.first_run", FIRST_RUN, _expected_redirect="/sign-in")
    admin = db.session.execute(select(User)).scalar_one()
    assert (admin.role, admin.break_glass) == (Role.ADMINISTRATOR, True)
    assert settings.get("council_name") == "Stockport Council"
    assert benchmarks_dao.council_la_code() == "356"
    client_request.get("golive.first_run", _expected_status=404)


def test_the_first_run_page_reports_every_problem_at_once(client_request, db):
    page = client_request.post(
        "golive.first_run",
        {**FIRST_RUN, "name": "", "la_code": "", "caseload_amber_from": "20", "admin_email": "nope", "password": "x"},
        _expected_status=200,
    )
    assert error_summary(page) == [
        "Enter the council's name",
        "Select your council",
        "The amber level must be no more than the threshold",
        "Enter an email address in the correct format, like name@example.gov.uk",
        page.select(".govuk-error-summary__list li")[-1].get_text(strip=True),
    ]
    assert count(User) == 0


def test_the_first_run_page_is_closed_once_anyone_has_an_account(client_request, db):
    create_user(Role.SOCIAL_WORKER)
    client_request.get("golive.first_run", _expected_status=404)
    client_request.post("golive.first_run", FIRST_RUN, _expected_status=404)


def test_the_checklist_ticks_itself_off_from_the_data(client_request, db):
    admin = create_user(Role.ADMINISTRATOR)
    client_request.login(admin)
    page = client_request.get("pages.home")
    statuses = [item.get_text(" ", strip=True) for item in page.select(".govuk-task-list__item")]
    assert len(statuses) == 6 and all("Incomplete" in status for status in statuses)
    client_request.post("golive.council_settings", {**FIRST_RUN}, _expected_redirect="/")
    team = create_team("Assessment Team 1")
    person = create_staff_member(email="sam@council.example")
    create_assignment(person, create_post(team))
    page = client_request.get("pages.home")
    done = {
        item.select_one(".govuk-task-list__link").get_text(strip=True)
        for item in page.select(".govuk-task-list__item")
        if "Completed" in item.select_one(".govuk-task-list__status").get_text()
    }
    assert done == {"Council settings", "Service areas and teams", "Staff imported"}
    links = {a.get_text(strip=True): a["href"] for a in page.select(".govuk-task-list__link")}
    assert links["Accounts"] == "/admin/accounts/provision"


def test_the_teams_import_previews_then_applies_all_rows(client_request, db):
    client_request.login(create_user(Role.ADMINISTRATOR))
    data = b"ServiceArea,Team\nFront Door,Assessment Team 1\nFront Door,MASH\n"
    page = client_request.post("golive.import_teams", {"file": (io.BytesIO(data), "teams.csv")}, _expected_status=200)
    assert count(Team) == 0
    assert "Teams added" in page.get_text()
    client_request.post("golive.confirm_import_teams", {"token": page.select_one("input[name=token]")["value"]})
    assert sorted(db.session.execute(select(Team.name)).scalars()) == ["Assessment Team 1", "MASH"]
    assert count(ServiceArea) == 1


def test_a_bad_teams_file_changes_nothing_and_reports_every_row(client_request, db):
    client_request.login(create_user(Role.ADMINISTRATOR))
    data = b"ServiceArea,Team\nFront Door,Assessment Team 1\n,MASH\nFront Door,assessment team 1\n"
    page = client_request.post("golive.import_teams", {"file": (io.BytesIO(data), "teams.csv")}, _expected_status=200)
    problems = page.select("table")[0]
    cells = [[cell.get_text(strip=True) for cell in row.select("td")] for row in problems.select("tbody tr")]
    assert [row[:2] for row in cells] == [["3", "ServiceArea"], ["4", "Team"]]
    assert count(Team) == 0


def test_hr_links_an_account_offered_by_email_then_unlinks_it(client_request, db):
    person = create_staff_member(email="sam.jones@council.example")
    user = create_user(Role.SOCIAL_WORKER, email="sam.jones@council.example")
    client_request.login(create_user(Role.HR))
    page = client_request.get("golive.link_account", staff_id=person.id)
    assert page.select_one("input[name=account][checked]")["value"] == str(user.id)
    client_request.post("golive.link_account", {"account": user.id}, staff_id=person.id)
    assert person.user == user
    client_request.post("golive.unlink_account", staff_id=person.id)
    assert person.user is None
    actions = db.session.execute(
        select(AuditEvent.action).where(AuditEvent.record_type == "Staff", AuditEvent.record_id == str(person.id))
    ).scalars()
    assert list(actions)[-2:] == ["linked", "unlinked"]


def test_unlinking_a_record_that_has_no_account_changes_nothing_and_says_nothing(client_request, db):
    person = create_staff_member(email="sam.jones@council.example")
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "golive.unlink_account", staff_id=person.id, _expected_status=200, _follow_redirects=True
    )
    assert "is no longer linked" not in page.get_text()
    assert person.user is None


def test_the_matches_page_links_with_one_button(client_request, db):
    person = create_staff_member(email="sam.jones@council.example")
    user = create_user(Role.SOCIAL_WORKER, email="sam.jones@council.example")
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.get("golive.email_matches")
    assert "sam.jones@council.example" in page.get_text()
    client_request.post("golive.link_match", staff_id=person.id, user_id=user.id)
    assert person.user == user


def test_provisioning_shows_the_roles_for_confirmation_then_creates_only_the_ticked(client_request, db):
    team = create_team("Assessment Team 1")
    manager = create_staff_member(first_name="Priya", last_name="Shah", email="priya@council.example")
    create_assignment(manager, create_post(team, census_role=CensusRole.FIRST_LINE_MANAGER))
    worker = create_staff_member(first_name="Sam", last_name="Jones", email="sam@council.example")
    create_assignment(worker, create_post(team))
    client_request.login(create_user(Role.HR))
    page = client_request.get("golive.provision_accounts")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in page.select("table tbody tr")]
    assert [row[1:3] for row in rows] == [
        ["sam@council.example", "Social worker"],
        ["priya@council.example", "Team manager"],
    ]
    assert count(User) == 1, "nothing is created before confirming"
    client_request.post("golive.provision_accounts", {"staff": [manager.id], "for_team": ""})
    assert manager.user is not None and manager.user.role is Role.TEAM_MANAGER
    assert worker.user is None


def test_provisioning_nobody_is_an_error(client_request, db):
    team = create_team("Assessment Team 1")
    create_assignment(create_staff_member(email="sam@council.example"), create_post(team))
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.post("golive.provision_accounts", {"for_team": ""}, _expected_status=200)
    assert error_summary(page) == ["Select at least one account to create"]


def test_a_team_manager_cannot_link_or_provision(client_request, db):
    person = create_staff_member()
    client_request.login(create_user(Role.TEAM_MANAGER, manages=[create_team()], password=DEFAULT_PASSWORD))
    client_request.get("golive.link_account", staff_id=person.id, _expected_status=403)
    client_request.get("golive.provision_accounts", _expected_status=403)


def test_the_teams_import_page_reads_an_organisation_chart_through_a_chosen_mapping(client_request, db):
    from workforce.kernel.import_mappings.services import create_mapping

    mapping = create_mapping("teams", "HR org chart", columns={"ServiceArea": "Directorate", "Team": "Org Unit"})
    db.session.commit()
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.get("golive.import_teams")
    assert [option.get_text() for option in page.select("select[name=mapping] option")][1:] == ["HR org chart"]
    bad = b"Directorate,Org Unit,Cost Centre\nFront Door,Assessment Team 1,C100\nFront Door,,C101\n"
    page = client_request.post(
        "golive.import_teams",
        {"file": (io.BytesIO(bad), "chart.csv"), "mapping": str(mapping.id)},
        _expected_status=200,
    )
    problems = page.select("table")[0]
    assert [[cell.get_text(strip=True) for cell in row.select("td")][:2] for row in problems.select("tbody tr")] == [
        ["3", "Org Unit"]
    ]
    assert "through HR org chart" in page.get_text()
    assert count(Team) == 0
    good = b"Directorate,Org Unit,Cost Centre\nFront Door,Assessment Team 1,C100\nFront Door,MASH,C101\n"
    page = client_request.post(
        "golive.import_teams",
        {"file": (io.BytesIO(good), "chart.csv"), "mapping": str(mapping.id)},
        _expected_status=200,
    )
    first_rows = page.select_one("details table")
    assert "Directorate" in first_rows.get_text() and "MASH" in first_rows.get_text()
    assert count(Team) == 0
    client_request.post(
        "golive.confirm_import_teams",
        {
            "token": page.select_one("input[name=token]")["value"],
            "mapping": page.select_one("input[name=mapping]")["value"],
        },
    )
    assert sorted(db.session.execute(select(Team.name)).scalars()) == ["Assessment Team 1", "MASH"]


def test_the_teams_import_refuses_a_mapping_of_another_import(client_request, db):
    from workforce.kernel.import_mappings.services import create_mapping

    staff_mapping = create_mapping("staff", "iTrent", columns={})
    db.session.commit()
    client_request.login(create_user(Role.ADMINISTRATOR))
    data = b"ServiceArea,Team\nFront Door,MASH\n"
    client_request.post(
        "golive.import_teams",
        {"file": (io.BytesIO(data), "teams.csv"), "mapping": str(staff_mapping.id)},
        _expected_status=200,
    )
    assert count(Team) == 0
