"""The main pages issue a bounded number of SQL statements, whatever the number of rows behind them.

Each page is requested once over a small council and once over one several times larger (more teams,
people in post, caseload counts, supervision sessions, training completions, vacancies, case audits);
the count of statements must not grow with it.
"""

from datetime import date, datetime

import pytest

from tests.academy.builders import create_completion, create_course, create_requirement
from tests.audits.builders import create_audit
from tests.builders import create_team, create_team_manager, create_user
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.improvement.builders import create_plan_measure
from tests.query_count import queries_for
from tests.recruitment.builders import create_vacancy
from tests.supervision.builders import create_policy, create_supervision, create_worker
from workforce.caseloads.constants import CaseType
from workforce.kernel import clock
from workforce.kernel.roles import Role

TODAY = datetime(2026, 11, 20, 9, 0, tzinfo=clock.UTC)


@pytest.fixture
def council(db, frozen_clock):
    frozen_clock.set(TODAY)
    create_policy()
    home_team = create_team()
    course = create_course(validity_months=12)
    create_requirement(course)
    council = {
        "team": home_team,
        "manager": create_team_manager(home_team),
        "snapshot": create_snapshot(date(2026, 10, 31)),
        "course": course,
        "auditor": create_user(Role.QA_OFFICER),
        "measure": create_plan_measure(measure_id="inpost_fte"),
    }
    grow(council, 1, into_home_team=True)
    return council


def grow(council: dict, teams: int, into_home_team: bool = False) -> None:
    """`teams` more teams (and more in the manager's own team), each with people and their records."""
    for index in range(teams):
        team = council["team"] if into_home_team and index == 0 else create_team()
        for person in range(2):
            worker = create_worker(team=team, start=date(2024, 1, 8))
            create_worker_count(council["snapshot"], worker, team, {CaseType.CHILD_IN_NEED: 12 + person})
            create_supervision(worker, held_on=date(2026, 9, 1 + person), team_id=team.id)
            create_completion(worker, council["course"], date(2026, 3, 1))
        create_vacancy(team=team)
        create_audit(team=team, auditor=council["auditor"], grade="Good", audit_date=date(2026, 10, 5))


PAGES = [
    (Role.HR, "people.list_staff", {}),
    (Role.TEAM_MANAGER, "people.list_staff", {}),
    (Role.SENIOR_LEADER, "people.workforce_dashboard", {}),
    (Role.SENIOR_LEADER, "caseloads.home", {}),
    (Role.TEAM_MANAGER, "caseloads.home", {}),
    (Role.TEAM_MANAGER, "caseloads.team_caseloads", {"team_id": "home"}),
    (Role.HR, "recruitment.list_vacancies", {}),
    (Role.SENIOR_LEADER, "benchmarks.overview", {}),
    (Role.ACADEMY_LEAD, "academy.training_matrix", {}),
    (Role.TEAM_MANAGER, "academy.training_matrix", {}),
    (Role.SENIOR_LEADER, "supervision.show_schedule", {"show": "overdue"}),
    (Role.TEAM_MANAGER, "supervision.show_schedule", {"show": "overdue"}),
    (Role.QA_OFFICER, "audits.report", {}),
    (Role.QA_OFFICER, "audits.report", {"service_area": "child-in-need-and-child-protection"}),
    (Role.SENIOR_LEADER, "audits.report", {}),
    (Role.SENIOR_LEADER, "improvement.list_plans", {}),
    (Role.SENIOR_LEADER, "improvement.show_measure", {"plan_measure_id": "measure"}),
    (Role.HR, "agency.list_engagements", {}),
    (Role.HR, "supervision.list_supervisions", {}),
    (Role.SENIOR_LEADER, "audits.list_audits", {}),
    (Role.HR, "retention.retention_page", {}),
] + [(role, "pages.home", {}) for role in Role]


@pytest.mark.parametrize(
    ("role", "endpoint", "values"), PAGES, ids=[f"{role.value}-{endpoint}" for role, endpoint, _ in PAGES]
)
def test_main_pages_issue_the_same_number_of_queries_for_a_small_and_a_larger_council(
    client_request, council, role, endpoint, values
):
    viewer = council["manager"] if role is Role.TEAM_MANAGER else create_user(role)
    client_request.login(viewer)
    arguments = dict(values)
    if arguments.get("team_id") == "home":
        arguments["team_id"] = council["team"].id
    if arguments.get("plan_measure_id") == "measure":
        arguments["plan_measure_id"] = council["measure"].id
    queries_for(client_request, endpoint, **arguments)  # the first request may fill kept figures
    few = queries_for(client_request, endpoint, **arguments)
    grow(council, 2, into_home_team=True)
    grow(council, 4)
    queries_for(client_request, endpoint, **arguments)
    many = queries_for(client_request, endpoint, **arguments)
    assert many == few, f"{endpoint} as {role.value} issued {few} queries for 2 teams and {many} for 7"


def test_the_team_managers_home_page_issues_the_same_queries_for_one_place_to_approve_as_for_several(
    client_request, council
):
    from academy.constants import EnrolmentStatus
    from tests.academy.builders import create_enrolment, create_person, create_session

    def wait_for_approval(people: int) -> None:
        for _ in range(people):
            session = create_session(
                council["course"],
                starts_at=datetime(2026, 12, 7, 9, 30),
                ends_at=datetime(2026, 12, 7, 16, 30),
                requires_approval=True,
            )
            person = create_person(team=council["team"])
            create_enrolment(session, person, status=EnrolmentStatus.AWAITING_APPROVAL)

    client_request.login(council["manager"])
    wait_for_approval(1)
    queries_for(client_request, "pages.home")
    few = queries_for(client_request, "pages.home")
    assert "Training places waiting for your approval" in client_request.get("pages.home").get_text()
    wait_for_approval(4)
    queries_for(client_request, "pages.home")
    many = queries_for(client_request, "pages.home")
    panel = client_request.get("pages.home").find("h2", string="Training places waiting for your approval").parent
    assert len(panel.select("li")) == 5
    assert many == few, f"the home page issued {few} queries for one place to approve and {many} for five"
