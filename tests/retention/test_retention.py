from datetime import date

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from tests.people.builders import create_assignment
from tests.retention.builders import create_leaver
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Role
from workforce.people.constants import ReasonForLeaving
from workforce.retention import reports, services
from workforce.retention.constants import ExitOutcome, ExitTheme
from workforce.retention.dao import is_early
from workforce.retention.services import RetentionError

YEAR = (date(2025, 10, 1), date(2026, 9, 30))


@pytest.mark.parametrize(
    ("start", "end", "early"),
    [
        (date(2025, 7, 1), date(2026, 6, 30), True),
        (date(2025, 7, 1), date(2026, 7, 1), False),
        (date(2020, 1, 1), date(2026, 6, 30), False),
    ],
)
def test_an_early_leaver_leaves_within_twelve_months_of_their_first_day(start, end, early):
    assert is_early(start, end) is early


def test_the_retention_report_counts_leavers_by_reason_service_and_early_leaving(db):
    create_leaver(start_date=date(2025, 11, 3), end_date=date(2026, 5, 1))
    create_leaver(start_date=date(2018, 1, 1), end_date=date(2026, 3, 1), reason=ReasonForLeaving.RETIRED)
    create_leaver(end_date=date(2024, 3, 1))
    create_assignment()
    report = reports.retention_report(None, *YEAR)
    assert len(report.leavers) == 2
    assert report.early_leavers == 1
    assert dict(report.by_reason) == {"Resignation": 1, "Retired": 1}
    assert dict(report.by_service)["Under 1 year"] == 1
    assert dict(report.by_service)["5 to 10 years"] == 1


def test_length_of_service_runs_from_the_first_assignment(db):
    leaver = create_leaver(start_date=date(2025, 11, 3), end_date=date(2026, 5, 1))
    create_assignment(leaver.staff_member, start_date=date(2019, 1, 7), end_date=date(2025, 11, 2))
    report = reports.retention_report(None, *YEAR)
    assert report.early_leavers == 0


def test_an_exit_interview_records_coded_themes_and_an_outcome(db):
    leaver = create_leaver()
    interview = services.record_exit_interview(
        leaver,
        date(2026, 6, 20),
        [ExitTheme.WORKLOAD, ExitTheme.PAY],
        "Caseload of 24",
        ExitOutcome.EXIT_CONFIRMED,
        None,
    )
    assert interview.themes == [ExitTheme.WORKLOAD, ExitTheme.PAY]
    report = reports.retention_report(None, *YEAR)
    assert report.themes_by_quarter == [("2026 Q2", {ExitTheme.WORKLOAD: 1, ExitTheme.PAY: 1})]


def test_an_exit_interview_needs_a_theme_and_a_leaver(db):
    with pytest.raises(RetentionError, match="Select at least one theme"):
        services.record_exit_interview(create_leaver(), date(2026, 6, 20), [], None, ExitOutcome.RETAINED, None)
    with pytest.raises(RetentionError, match="has not ended with the person leaving"):
        services.record_exit_interview(
            create_assignment(), date(2026, 6, 20), [ExitTheme.PAY], None, ExitOutcome.RETAINED, None
        )


def test_the_leaver_checklist_records_the_exit_interview_offer(db):
    leaver = create_leaver()
    services.save_checklist(leaver, date(2026, 6, 25), None, date(2026, 6, 1))
    checklist = services.save_checklist(leaver, date(2026, 6, 25), date(2026, 6, 30), date(2026, 6, 1))
    assert checklist.complete
    assert reports.retention_report(None, *YEAR).offered_exit_interview == 1


def test_hr_records_an_exit_interview_on_the_page(client_request):
    leaver = create_leaver()
    client_request.login(create_user(Role.HR))
    client_request.post(
        "retention.record_exit_interview",
        {"held_on": "2026-06-20", "themes": ["supervision", "travel"], "outcome": "exit-confirmed"},
        assignment_id=leaver.id,
    )
    page = client_request.get("retention.retention_page", _query={"start": "2025-10-01", "end": "2026-09-30"})
    assert "Exit confirmed" in page.get_text()


def test_an_exit_interview_without_a_theme_shows_the_error(client_request):
    leaver = create_leaver()
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "retention.record_exit_interview",
        {"held_on": "2026-06-20", "outcome": "retained", "comments": "Might stay for a team move"},
        _expected_status=200,
        assignment_id=leaver.id,
    )
    assert error_summary(page) == ["Select at least one theme"]
    assert page.find("textarea", attrs={"name": "comments"}).get_text() == "Might stay for a team move"


def test_a_team_manager_sees_only_their_teams_leavers_and_no_exit_interviews(client_request):
    team = create_team()
    own = create_leaver(team=team, last_name="Ownteam")
    other = create_leaver(last_name="Otherteam")
    client_request.login(create_team_manager(team))
    page = client_request.get("retention.retention_page", _query={"start": "2025-10-01", "end": "2026-09-30"})
    assert "Ownteam" in page.get_text() and "Otherteam" not in page.get_text()
    client_request.get("retention.leaver_checklist", assignment_id=own.id)
    client_request.get("retention.leaver_checklist", assignment_id=other.id, _expected_status=404)
    client_request.get("retention.record_exit_interview", assignment_id=own.id, _expected_status=403)


def test_a_team_manager_records_a_stay_interview_for_someone_in_their_team(client_request, db):
    team = create_team()
    member = create_assignment(team=team, start_date=date(2020, 1, 6))
    outsider = create_assignment()
    manager = create_team_manager(team)
    client_request.login(manager)
    page = client_request.get("retention.record_stay_interview")
    assert [int(option["value"]) for option in page.select("select[name=staff] option")] == [member.staff_id]
    client_request.post(
        "retention.record_stay_interview",
        {
            "staff": member.staff_id,
            "held_on": "2026-06-01",
            "what_keeps_you": "The team and reflective supervision",
            "what_might_make_you_leave": "Travel to the new office",
            "agreed_actions": "Hybrid working trial",
        },
    )
    interviews = client_request.get("retention.list_stay_interviews")
    assert "The team and reflective supervision" in interviews.get_text()
    assert outsider.staff_id not in [interview.staff_id for interview in _stay(scope_of(manager))]


def _stay(scope):
    from workforce.retention.dao import list_stay_interviews

    return list_stay_interviews(scope)


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.SOCIAL_WORKER, Role.ACADEMY_LEAD])
def test_roles_outside_retention_get_403(client_request, role):
    client_request.login(create_user(role))
    client_request.get("retention.retention_page", _expected_status=403)
    client_request.get("retention.list_stay_interviews", _expected_status=403)
