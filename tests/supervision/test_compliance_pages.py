"""The schedule (overdue, due in 7 days), the team month view, the policy and agreements pages."""

from datetime import UTC, date, datetime

import pytest

from supervision.constants import Frequency
from supervision.models import SupervisionAgreement, SupervisionPolicy
from tests.builders import create_user
from tests.conftest import error_summary
from tests.spreadsheets import table_rows
from tests.supervision.builders import create_supervision_team, create_worker, hold_sessions
from workforce.kernel.roles import Role


@pytest.fixture
def team_with_overdue_worker(db, frozen_clock):
    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    team, manager_user, manager, worker_user, worker = create_supervision_team()
    worker.first_name = "Orla"
    db.session.commit()
    hold_sessions(worker, date(2026, 9, 1))  # due 1 October: overdue
    hold_sessions(manager, date(2026, 10, 28))  # due 28 November: due within 7 days
    return team, manager_user, manager, worker


def names(page) -> list[str]:
    return [row.select("td")[0].get_text(strip=True) for row in page.select("main table tbody tr")]


def test_the_overdue_list_shows_a_managers_overdue_workers(client_request, team_with_overdue_worker):
    _, manager_user, _, worker = team_with_overdue_worker
    client_request.login(manager_user)
    page = client_request.get("supervision.show_schedule", _query={"show": "overdue"})
    assert names(page) == [worker.name]
    assert "1 October 2026" in page.select_one("main table tbody").get_text()


def test_due_in_the_next_seven_days_lists_those_due_soon(client_request, team_with_overdue_worker):
    _, manager_user, manager, _ = team_with_overdue_worker
    client_request.login(manager_user)
    assert names(client_request.get("supervision.show_schedule", _query={"show": "due-soon"})) == [manager.name]


def test_a_team_manager_never_sees_another_teams_schedule(client_request, team_with_overdue_worker):
    team, *_ = team_with_overdue_worker
    _, other_manager, *_ = create_supervision_team()
    client_request.login(other_manager)
    page = client_request.get("supervision.show_schedule")
    assert len(names(page)) == 2  # their own manager and worker
    assert not [name for name in names(page) if name.startswith("Orla")]
    client_request.get("supervision.show_team_month", team_id=team.id, _expected_status=404)


def test_hr_sees_every_teams_schedule(client_request, team_with_overdue_worker):
    create_supervision_team()
    client_request.login(create_user(Role.HR))
    assert len(names(client_request.get("supervision.show_schedule"))) == 4


def test_an_unknown_schedule_filter_is_404(client_request, team_with_overdue_worker):
    client_request.login(create_user(Role.HR))
    client_request.get("supervision.show_schedule", _query={"show": "everything"}, _expected_status=404)


def test_the_team_month_view_shows_sessions_and_whether_the_month_was_met(client_request, team_with_overdue_worker):
    team, manager_user, manager, worker = team_with_overdue_worker
    client_request.login(manager_user)
    page = client_request.get("supervision.show_team_month", team_id=team.id, _query={"month": "2026-10"})
    rows = {row.select("td")[0].get_text(strip=True): row.get_text(" ", strip=True) for row in page.select("tbody tr")}
    assert "28 Oct held" in rows[manager.name]
    assert rows[worker.name].endswith("Not met")


def test_an_administrator_adds_an_effective_dated_policy(client_request, db):
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "supervision.manage_policy",
        {
            "effective_from": "2027-04-01",
            "standard_frequency": "four-weekly",
            "newly_qualified_weekly_weeks": "6",
            "newly_qualified_fortnightly_months": "6",
            "minimum_minutes": "90",
            "long_absence_days": "28",
            "supervisor_must_be_registered": "y",
        },
    )
    policy = db.session.query(SupervisionPolicy).one()
    assert (policy.effective_from, policy.standard_frequency) == (date(2027, 4, 1), Frequency.FOUR_WEEKLY)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"effective_from": ""}, "Enter the date the policy applies from"),
        ({"standard_frequency": ""}, "Select the frequency"),
        ({"minimum_minutes": ""}, "Enter the shortest session in minutes"),
    ],
)
def test_a_policy_with_a_problem_is_not_saved(client_request, db, changes, message):
    client_request.login(create_user(Role.ADMINISTRATOR))
    form = {
        "effective_from": "2027-04-01",
        "standard_frequency": "monthly",
        "newly_qualified_weekly_weeks": "6",
        "newly_qualified_fortnightly_months": "6",
        "minimum_minutes": "90",
        "long_absence_days": "28",
    }
    page = client_request.post("supervision.manage_policy", {**form, **changes}, _expected_status=200)
    assert message in error_summary(page)
    assert db.session.query(SupervisionPolicy).count() == 0


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.HR, Role.SENIOR_LEADER])
def test_only_administrators_change_the_policy(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("supervision.manage_policy", _expected_status=403)


def test_a_manager_makes_a_supervision_agreement(client_request, team_with_overdue_worker, db):
    _, manager_user, manager, worker = team_with_overdue_worker
    client_request.login(manager_user)
    client_request.post(
        "supervision.create_agreement",
        {
            "supervisee": worker.id,
            "frequency": "monthly",
            "supervision_type": "individual",
            "starts_on": "2026-11-24",
            "review_on": "2027-11-24",
            "signed_by_supervisor": "y",
            "signed_by_supervisee": "y",
        },
    )
    agreement = db.session.query(SupervisionAgreement).one()
    assert (agreement.supervisee, agreement.supervisor, agreement.signed_by_both) == (worker, manager, True)
    page = client_request.get("supervision.list_agreements")
    assert worker.name in page.select_one("main table").get_text()


def test_an_agreement_review_must_follow_its_start(client_request, team_with_overdue_worker, db):
    _, manager_user, _, worker = team_with_overdue_worker
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.create_agreement",
        {
            "supervisee": worker.id,
            "frequency": "monthly",
            "supervision_type": "individual",
            "starts_on": "2026-11-24",
            "review_on": "2026-11-01",
        },
        _expected_status=200,
    )
    assert "The review date must be after the start date" in error_summary(page)


def test_a_worker_outside_a_managers_teams_is_not_on_their_schedule(client_request, team_with_overdue_worker):
    _, manager_user, _, _ = team_with_overdue_worker
    stranger = create_worker()
    hold_sessions(stranger, date(2026, 1, 1))
    client_request.login(manager_user)
    assert stranger.name not in names(client_request.get("supervision.show_schedule"))


def test_a_manager_downloads_their_teams_compliance_as_excel(client_request, team_with_overdue_worker):
    import io

    from openpyxl import load_workbook

    team, manager_user, manager, worker = team_with_overdue_worker
    worker.first_name = "=HYPERLINK(1)"
    from workforce.extensions import db

    db.session.commit()
    client_request.login(manager_user)
    response = client_request.client.get(client_request.url("supervision.export_team_compliance", team_id=team.id))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Cover", "Contents", "Notes", "Summary", "Schedule", "Months"]
    schedule = table_rows(workbook["Schedule"])
    assert schedule[0] == ["Name", "Last qualifying session", "Next due by", "Status"]
    names = {row[0] for row in schedule[1:]}
    assert names == {manager.name, worker.name}
    cell = next(cell for cell in workbook["Schedule"]["A"] if cell.value == worker.name)
    assert cell.data_type == "s"
    summary = table_rows(workbook["Summary"])[1]
    assert summary[0] == team.name


def test_another_teams_manager_cannot_download_the_export(client_request, team_with_overdue_worker):
    team, *_ = team_with_overdue_worker
    _, other_manager, *_ = create_supervision_team()
    client_request.login(other_manager)
    response = client_request.client.get(client_request.url("supervision.export_team_compliance", team_id=team.id))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.SOCIAL_WORKER])
def test_roles_without_compliance_access_cannot_download_the_export(client_request, team_with_overdue_worker, role):
    team, *_ = team_with_overdue_worker
    client_request.login(create_user(role))
    response = client_request.client.get(client_request.url("supervision.export_team_compliance", team_id=team.id))
    assert response.status_code == 403
