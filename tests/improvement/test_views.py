"""Plan pages: who sees what, forms that keep what was typed, sign-off and evidence."""

import io
import re
from datetime import UTC, date, datetime

import pytest

from tests.builders import create_team, create_user
from tests.conftest import error_summary
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement import dao, services
from workforce.improvement.constants import ActionStatus
from workforce.improvement.periods import compute_period, publish_period
from workforce.improvement.services import PlanError
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


@pytest.fixture
def leader(plan_client):
    user = create_user(Role.SENIOR_LEADER)
    plan_client.login(user)
    return user


def test_the_plan_overview_counts_actions_and_measures_by_rating(plan_client, leader):
    strand = create_strand(title="Workforce")
    create_action(strand)
    create_plan_measure(strand, baseline_value=0, target_value=0)
    publish_period(compute_period(MONTH))
    db.session.commit()
    page = plan_client.get("improvement.show_plan", plan_id=strand.plan_id)
    cells = [cell.get_text(strip=True) for cell in page.select("tbody tr")[0].select("td, th")]
    assert cells == ["Workforce", "0", "2", "0", "0", "0"]


def test_the_strand_page_shows_measures_with_rating_direction_and_target(plan_client, leader):
    plan_measure = create_plan_measure(baseline_value=0, target_value=0)
    publish_period(compute_period(MONTH))
    db.session.commit()
    page = plan_client.get("improvement.show_strand", strand_id=plan_measure.strand_id)
    row = page.select("tbody tr")[0].get_text(" ", strip=True)
    assert "People in teams" in row and "by January 2026" in row and "Green (on track)" in row


def test_the_measure_page_has_a_chart_with_its_numbers_in_a_table(plan_client, leader):
    plan_measure = create_plan_measure()
    publish_period(compute_period(MONTH))
    db.session.commit()
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    assert page.select_one("svg[role=img] title").get_text() == "People in teams: 24-month trend"
    assert len(page.select("table")[0].select("tbody tr")) >= 1
    assert "WPQ users who belong to a team" in page.get_text()


def test_committee_viewers_see_small_team_figures_suppressed_and_no_drill_down(plan_client):
    team = create_team(name="Assessment Team 1")
    create_user(team=team)
    plan_measure = create_plan_measure()
    publish_period(compute_period(MONTH))
    db.session.commit()
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    row = next(tr for tr in page.select("tr") if "Assessment Team 1" in tr.get_text())
    assert [cell.get_text(strip=True) for cell in row.select("td")][1:] == ["[c]", "[c]", "[c]"]
    assert row.find("a") is None


def test_officers_see_the_team_figures_with_a_drill_down_link(plan_client, leader):
    team = create_team(name="Assessment Team 2")
    create_user(team=team)
    plan_measure = create_plan_measure()
    compute_period(MONTH)
    db.session.commit()
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    row = next(tr for tr in page.select("tr") if "Assessment Team 2" in tr.get_text())
    assert row.find("a")["href"] == (f"/figures/test_team_members/records?level=team&period=2026-01&scope_id={team.id}")
    assert row.select("td")[1].get_text(strip=True) == "1"


def test_committee_viewers_cannot_open_a_provisional_month(plan_client):
    plan_measure = create_plan_measure()
    compute_period(MONTH)
    db.session.commit()
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    plan_client.get("improvement.show_measure", _expected_status=404, plan_measure_id=plan_measure.id, period="2026-01")
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    assert "No figures have been published yet" in page.get_text()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"title": "", "owner": "0", "due_date": ["31", "3", "2026"]},
            ["Enter what the action is", "Select the owner of the action"],
        ),
        ({"title": "Recruit", "owner": "0", "due_date": ["31", "2", "2026"]}, ["Due date must be a real date"]),
    ],
)
def test_adding_an_action_with_errors_keeps_what_was_typed(plan_client, leader, data, errors):
    strand = create_strand()
    page = plan_client.post("improvement.create_action", data, _expected_status=200, strand_id=strand.id)
    assert all(error in error_summary(page) for error in errors)
    assert [page.select_one(f"#due_date-{part}")["value"] for part in ("day", "month", "year")] == data["due_date"]


def test_a_senior_leader_adds_an_action_and_a_progress_update(plan_client, leader):
    strand = create_strand()
    plan_client.post(
        "improvement.create_action",
        {"title": "Recruit ten social workers", "owner": str(leader.id), "due_date": "2026-03-31"},
        strand_id=strand.id,
        _follow_redirects=True,
        _expected_status=200,
    )
    action = strand.actions[0]
    plan_client.post(
        "improvement.add_update",
        {"text": "Adverts placed", "status": ActionStatus.IN_PROGRESS.value, "rating": "Amber"},
        action_id=action.id,
        _follow_redirects=True,
        _expected_status=200,
    )
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert "Adverts placed" in page.get_text()
    assert "Amber (at risk)" in page.get_text()


def test_the_sign_off_button_is_not_offered_to_the_owner(plan_client, leader):
    action = create_action(owner=leader, status=ActionStatus.AWAITING_SIGN_OFF)
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert "Sign the action off" not in page.get_text()
    assert "awaiting sign-off by a senior leader who does not own it" in page.get_text()


def test_another_senior_leader_signs_the_action_off_after_confirming(plan_client, leader):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    evidence = services.link_measure(action, "test_team_members", leader)
    db.session.commit()
    page = plan_client.get("improvement.sign_off_action", action_id=action.id)
    assert page.select_one("input[name=evidence]")["value"] == str(evidence.id)
    data = {"comment": "Twelve social workers recruited", "evidence": str(evidence.id)}
    page = plan_client.post("improvement.sign_off_action", data, _expected_status=200, action_id=action.id)
    assert page.h1.get_text(strip=True) == f"Sign off {action.title}?"
    summary = page.select_one("[data-confirmation]").get_text(" ")
    assert "Twelve social workers recruited" in summary
    assert "Measure: People in teams" in summary
    db.session.refresh(action)
    assert action.status is ActionStatus.AWAITING_SIGN_OFF
    plan_client.post("improvement.sign_off_action", {**data, "confirmed": "yes"}, action_id=action.id)
    db.session.refresh(action)
    assert action.status is ActionStatus.SIGNED_OFF
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert "Twelve social workers recruited Evidence checked: People in teams" in page.get_text()


def test_a_sign_off_form_reports_every_problem_at_once(plan_client, leader):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    services.link_measure(action, "test_team_members", leader)
    db.session.commit()
    page = plan_client.post(
        "improvement.sign_off_action", {"comment": " ", "confirmed": "yes"}, _expected_status=200, action_id=action.id
    )
    assert error_summary(page) == ["Enter a comment on what was delivered", "Select the evidence you checked"]
    db.session.refresh(action)
    assert action.status is ActionStatus.AWAITING_SIGN_OFF


def test_a_senior_leader_reopens_a_signed_off_action_from_its_page(plan_client, leader):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    services.link_measure(action, "test_team_members", leader)
    services.sign_off(action, create_user(Role.SENIOR_LEADER), "Delivered", action.evidence)
    db.session.commit()
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert (
        page.select_one(f'a[href="/improvement/actions/{action.id}/reopen"]').get_text(strip=True)
        == "Reopen the action"
    )
    page = plan_client.post("improvement.reopen_action", {"reason": ""}, _expected_status=200, action_id=action.id)
    assert error_summary(page) == ["Enter the reason for reopening the action", "Select the rating of the action"]
    plan_client.post("improvement.reopen_action", {"reason": "Starters left", "rating": "Amber"}, action_id=action.id)
    db.session.refresh(action)
    assert action.status is ActionStatus.IN_PROGRESS
    assert "Reopened: Starters left" in plan_client.get("improvement.show_action", action_id=action.id).get_text()


@pytest.mark.parametrize("role", [Role.HR, Role.COMMITTEE_VIEWER, Role.TEAM_MANAGER])
def test_other_roles_cannot_sign_off_or_change_the_plan(plan_client, role):
    action = create_action(status=ActionStatus.AWAITING_SIGN_OFF)
    plan_client.login(create_user(role))
    plan_client.post("improvement.sign_off_action", _expected_status=403, action_id=action.id)
    plan_client.get("improvement.add_update", _expected_status=403, action_id=action.id)


def test_team_managers_and_social_workers_cannot_see_the_plan(plan_client):
    for role in (Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR):
        plan_client.login(create_user(role))
        plan_client.get("improvement.list_plans", _expected_status=403)


def test_an_uploaded_document_is_checked_and_downloadable_by_officers(plan_client, leader):
    action = create_action()
    response = plan_client.client.post(
        plan_client.url("improvement.upload_document", action_id=action.id),
        data={"csrf_token": plan_client._token(), "document": (io.BytesIO(b"%PDF-1.4 report"), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    evidence = action.evidence[0]
    download = plan_client.get("improvement.download_document", evidence_id=evidence.id)
    assert download.mimetype == "application/pdf" and download.get_data() == b"%PDF-1.4 report"


def test_an_upload_that_is_not_a_document_is_refused_with_a_message(plan_client, leader):
    action = create_action()
    response = plan_client.client.post(
        plan_client.url("improvement.upload_document", action_id=action.id),
        data={"csrf_token": plan_client._token(), "document": (io.BytesIO(b"#!/bin/sh\nrm -rf /"), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "must be a PDF, Word (.docx) or Excel (.xlsx) file" in response.get_data(as_text=True)


def test_committee_viewers_cannot_download_evidence_documents(plan_client, leader):
    action = create_action()
    from workforce.improvement import services

    evidence = services.add_document(action, "notes.pdf", b"%PDF-1.4", leader)
    db.session.commit()
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    plan_client.get("improvement.download_document", _expected_status=403, evidence_id=evidence.id)


def test_an_unknown_action_answers_404(plan_client, leader):
    plan_client.get("improvement.show_action", _expected_status=404, action_id=999999)


def test_a_senior_leader_computes_and_publishes_a_month(plan_client, leader):
    create_plan_measure()
    plan_client.post("improvement.list_periods", {"month": "2026-01"}, _follow_redirects=True, _expected_status=200)
    page = plan_client.post("improvement.publish_period", period_key="2026-01", _expected_status=200)
    assert page.h1.get_text(strip=True) == "Publish January 2026 to committee?"
    assert "Committee viewers" in page.select_one("[data-confirmation]").get_text()
    assert not dao.get_period(MONTH).published
    plan_client.post(
        "improvement.publish_period",
        {"confirmed": "yes"},
        period_key="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )
    page = plan_client.get("improvement.list_periods")
    assert "Published" in page.select_one("tbody tr").get_text()


def test_a_month_that_has_not_ended_is_computed_but_not_published(plan_client, leader, frozen_clock):
    frozen_clock.set(datetime(2026, 1, 20, 12, tzinfo=UTC))
    create_plan_measure()
    plan_client.post("improvement.list_periods", {"month": "2026-01"}, _follow_redirects=True, _expected_status=200)
    page = plan_client.get("improvement.list_periods")
    assert "January 2026 has not ended" in page.get_text()
    assert not page.find("button", string=re.compile("Publish January 2026"))
    page = plan_client.post(
        "improvement.publish_period",
        {"confirmed": "yes"},
        period_key="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "can be published to committee from 1 February 2026" in page.get_text()
    assert not dao.get_period(MONTH).published
    with pytest.raises(PlanError, match="has not ended"):
        publish_period(dao.get_period(MONTH))


@pytest.mark.parametrize("month", ["2026-02", "2027-03"])
def test_a_month_that_has_not_started_cannot_be_computed(plan_client, leader, frozen_clock, month):
    frozen_clock.set(datetime(2026, 1, 20, 12, tzinfo=UTC))
    page = plan_client.post("improvement.list_periods", {"month": month}, _expected_status=200)
    assert len(error_summary(page)) == 1
    assert "has not started" in error_summary(page)[0]
    assert dao.list_periods(False) == []


def test_computing_a_month_needs_a_real_month(plan_client, leader):
    page = plan_client.post("improvement.list_periods", {"month": "January"}, _expected_status=200)
    assert error_summary(page) == ["Enter the month in the format YYYY-MM"]


def test_the_drill_down_lists_the_records_behind_a_team_figure_with_a_download(plan_client, leader):
    team = create_team(name="Assessment Team 3")
    member = create_user(team=team, name="Ada Member")
    create_user(team=create_team(name="Another Team"), name="Bea Elsewhere")
    plan_measure = create_plan_measure()
    compute_period(MONTH)
    db.session.commit()
    page = plan_client.get("improvement.show_measure", plan_measure_id=plan_measure.id)
    link = next(tr for tr in page.select("tr") if "Assessment Team 3" in tr.get_text()).find("a")["href"]
    records = plan_client.get_url(link)
    assert records.h1.get_text(strip=True) == "People in teams: the records behind the figure"
    rows = records.select("#numerator ~ .wpq-table-scroll table tbody tr")
    names = [row.select("td")[1].get_text(strip=True) for row in rows]
    assert names == [member.name]
    download = records.find("a", string="Download these records (Excel)")["href"]
    response = plan_client.client.get(download)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_committee_viewers_get_no_records_behind_a_figure(plan_client):
    create_plan_measure()
    compute_period(MONTH)
    db.session.commit()
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    plan_client.get_url("/figures/test_team_members/records?period=2026-01", _expected_status=403)
    plan_client.get_url("/figures/test_team_members/records/download?period=2026-01", _expected_status=403)


def test_committee_viewers_download_the_pack_of_published_months_only(plan_client):
    strand = create_strand()
    create_plan_measure(strand)
    publish_period(compute_period(MONTH))
    compute_period(date(2026, 2, 1))
    db.session.commit()
    plan_client.login(create_user(Role.COMMITTEE_VIEWER))
    response = plan_client.job_file("improvement.download_pack", plan_id=strand.plan_id, period="2026-01")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    plan_client.post("improvement.download_pack", _expected_status=404, plan_id=strand.plan_id, period="2026-02")


def test_hr_cannot_download_the_committee_pack(plan_client):
    strand = create_strand()
    plan_client.login(create_user(Role.HR))
    plan_client.post("improvement.download_pack", _expected_status=403, plan_id=strand.plan_id)


def test_a_senior_leader_adds_a_measure_with_a_trajectory_by_month_and_comparators(plan_client, leader):
    strand = create_strand()
    data = {
        "measure_id": "test_social_worker_share",
        "baseline_value": "50",
        "baseline_date": "2025-01-31",
        "target_value": "40",
        "target_date": "2026-01-31",
        "trajectory": "2025-06 48\n2025-09 45",
        "comparators": "England: 42.5\nStatistical neighbours: 44",
    }
    plan_client.post(
        "improvement.add_plan_measure", data, strand_id=strand.id, _follow_redirects=True, _expected_status=200
    )
    plan_measure = strand.measures[0]
    assert plan_measure.trajectory == {"2025-06": 48.0, "2025-09": 45.0}
    assert plan_measure.comparators == {"England": 42.5, "Statistical neighbours": 44.0}
    assert plan_measure.tolerance_percent == 10.0


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"measure_id": ""}, "Select a measure"),
        ({"baseline_value": ""}, "Enter the baseline value"),
        ({"target_date": "2024-01-31"}, "The target date must be after the baseline date"),
        ({"trajectory": "June 48"}, "Line 1 of the trajectory must be a month and a value, like 2026-03 14.5"),
        ({"comparators": "England 42"}, "Line 1 of the comparators must be a name and a value, like England: 15.4"),
        ({"tolerance_percent": "150"}, "Tolerance must be between 0 and 100"),
    ],
)
def test_adding_a_measure_with_errors_says_what_is_wrong(plan_client, leader, changes, error):
    strand = create_strand()
    data = {
        "measure_id": "test_team_members",
        "baseline_value": "10",
        "baseline_date": "2025-01-31",
        "target_value": "20",
        "target_date": "2026-01-31",
        **changes,
    }
    page = plan_client.post("improvement.add_plan_measure", data, _expected_status=200, strand_id=strand.id)
    assert error in error_summary(page)


def test_overriding_a_rating_without_a_reason_is_refused_and_with_one_is_shown(plan_client, leader):
    plan_measure = create_plan_measure()
    compute_period(MONTH)
    db.session.commit()
    page = plan_client.post(
        "improvement.override_rating",
        {"rating": "Amber", "reason": ""},
        _expected_status=200,
        plan_measure_id=plan_measure.id,
        period="2026-01",
    )
    assert error_summary(page) == ["Enter the reason for overriding the rating"]
    page = plan_client.post(
        "improvement.override_rating",
        {"rating": "Amber", "reason": "Figures incomplete this month"},
        plan_measure_id=plan_measure.id,
        period="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "Amber (at risk) – overridden: Figures incomplete this month" in page.get_text()


def test_recomputing_a_published_month_from_the_page_needs_a_note(plan_client, leader):
    team = create_team()
    create_plan_measure()
    publish_period(compute_period(MONTH))
    db.session.commit()
    page = plan_client.post("improvement.revise_period", {"note": ""}, _expected_status=200, period_key="2026-01")
    assert error_summary(page) == ["Enter a note saying what was corrected"]
    create_user(team=team)
    plan_client.post("improvement.revise_period", {"note": "Late starter"}, period_key="2026-01")
    assert dao.get_period(MONTH).revision == 1
