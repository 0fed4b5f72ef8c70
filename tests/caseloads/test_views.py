import io
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from tests.builders import create_team, create_team_manager, create_user
from tests.caseloads.builders import case_file, create_snapshot, create_worker_count
from tests.conftest import date_shown, error_summary
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads.constants import CaseType, ImportJobStatus
from workforce.caseloads.models import (
    CaseloadImportJob,
    CaseloadSnapshot,
    CaseloadThreshold,
    CaseloadWorkerCount,
)
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.roles import Role


@pytest.fixture
def two_teams(db, frozen_clock):
    frozen_clock.set(datetime(2025, 10, 15, 9, 0, tzinfo=clock.UTC))
    mine, other = create_team(name="Children in Care Team 1"), create_team(name="Care Leavers Team")
    snapshot = create_snapshot(date(2025, 9, 30))
    people = {}
    for team, name in ((mine, "Mine"), (other, "Theirs")):
        worker = create_staff_member(first_name=name, last_name="Worker")
        create_assignment(worker, team=team)
        create_worker_count(snapshot, worker, team, {CaseType.CHILD_LOOKED_AFTER: 20})
        people[name] = worker
    return {"mine": mine, "other": other, "people": people, "manager": create_team_manager(mine)}


def test_a_team_manager_sees_their_own_teams_caseloads(client_request, two_teams):
    client_request.login(two_teams["manager"])
    page = client_request.get("caseloads.team_caseloads", team_id=two_teams["mine"].id)
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Mine Worker" in text
    assert "Over threshold" in text
    assert "20.0" in text


def test_a_team_manager_cannot_see_another_teams_caseloads(client_request, two_teams):
    client_request.login(two_teams["manager"])
    client_request.get("caseloads.team_caseloads", team_id=two_teams["other"].id, _expected_status=404)
    client_request.get("caseloads.worker_caseload", staff_id=two_teams["people"]["Theirs"].id, _expected_status=404)


def test_a_team_manager_sees_only_their_teams_alerts_and_figures(client_request, two_teams):
    client_request.login(two_teams["manager"])
    alerts = client_request.get("caseloads.list_alerts").select_one("main").get_text(" ", strip=True)
    assert "Mine Worker" in alerts
    assert "Theirs Worker" not in alerts
    home = client_request.get("caseloads.home").select_one("main").get_text(" ", strip=True)
    assert two_teams["mine"].name in home
    assert two_teams["other"].name not in home
    assert "Council" not in home


def test_the_council_overview_is_refused_to_team_managers(client_request, two_teams):
    client_request.login(two_teams["manager"])
    client_request.get(
        "caseloads.service_area_caseloads", service_area_id=two_teams["mine"].service_area_id, _expected_status=403
    )


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER, Role.PRACTICE_SUPERVISOR])
def test_roles_without_caseload_access_are_refused(client_request, two_teams, role):
    client_request.login(create_user(role))
    client_request.get("caseloads.home", _expected_status=403)
    client_request.get("caseloads.team_caseloads", team_id=two_teams["mine"].id, _expected_status=403)


def test_a_senior_leader_sees_the_council_overview_with_bands_and_trend(client_request, two_teams):
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("caseloads.home")
    text = page.select_one("main").get_text(" ", strip=True)
    assert "20 to 25 cases per FTE 2" in text
    assert "Sep 2025 20.0 40" in text
    assert page.select("svg[role=img] title")


def test_a_worker_history_lists_each_snapshot(client_request, two_teams):
    client_request.login(two_teams["manager"])
    page = client_request.get("caseloads.worker_caseload", staff_id=two_teams["people"]["Mine"].id)
    rows = page.select("table tbody tr")
    assert [row.select("td")[-1].get_text(strip=True) for row in rows] == ["20"]


def upload(client_request, data: bytes, filename: str = "extract.csv", snapshot_date: str = "2025-10-01", **extra):
    return client_request.client.post(
        client_request.url("caseloads.upload_caseloads"),
        data={
            "csrf_token": client_request._token(),
            "file": (io.BytesIO(data), filename),
            "snapshot_date": snapshot_date,
            "source_system": "mosaic",
            "mapping": "0",
            **extra,
        },
        content_type="multipart/form-data",
    )


def test_an_upload_is_imported_in_the_background_and_its_status_page_shows_the_result(client_request, two_teams):
    client_request.login(create_user(Role.HR))
    worker = two_teams["people"]["Mine"]
    response = upload(client_request, case_file([["MOS-1", "CP", worker.employee_number, "", "", "2025-09-01"]]))
    assert response.status_code == 302
    job = db.session.execute(select(CaseloadImportJob)).scalar_one()
    assert response.location.endswith(f"/caseloads/imports/{job.id}")
    assert job.status is ImportJobStatus.IMPORTED
    page = client_request.get("caseloads.import_status", job_id=job.id)
    assert "Imported 1 case held by 1 worker" in page.get_text()


def test_a_rejected_upload_shows_the_problems_and_offers_them_as_a_file(client_request, two_teams):
    client_request.login(create_user(Role.HR))
    before = db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one()
    upload(client_request, case_file([["MOS-1", "CP", "NOBODY", "", "", "2025-09-01"]]))
    job = db.session.execute(select(CaseloadImportJob)).scalar_one()
    assert job.status is ImportJobStatus.REJECTED
    page = client_request.get("caseloads.import_status", job_id=job.id)
    assert "No one in the staff records has this number" in page.get_text()
    download = client_request.get("caseloads.download_import_problems", job_id=job.id, format="csv")
    assert "NOBODY" in download.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one() == before


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"snapshot_date": ""}, "Enter the snapshot date"),
        ({"snapshot_date": "30/13/2025"}, "Snapshot date must be a real date"),
    ],
)
def test_the_upload_form_reports_missing_answers(client_request, two_teams, fields, expected):
    client_request.login(create_user(Role.HR))
    response = upload(client_request, b"x", **fields)
    assert response.status_code == 200
    assert expected in error_summary(BeautifulSoup(response.get_data(as_text=True), "html.parser"))


def test_a_team_manager_cannot_import(client_request, two_teams):
    client_request.login(two_teams["manager"])
    client_request.get("caseloads.upload_caseloads", _expected_status=403)


def test_a_column_mapping_is_saved_from_the_form(client_request, two_teams):
    client_request.login(create_user(Role.HR))
    client_request.post(
        "caseloads.new_mapping",
        {
            "name": "Mosaic monthly",
            "source_system": "mosaic",
            "shape": "cases",
            "case_reference": "Person ID",
            "case_type": "Category",
            "employee_number": "Worker",
            "allocation_date": "Allocated",
        },
    )
    mapping = db.session.execute(select(ImportMapping)).scalar_one()
    assert (mapping.kind, mapping.columns["CaseReference"]) == ("caseloads", "Person ID")
    assert mapping.options == {"shape": "cases", "source_system": "mosaic"}


def test_a_mapping_without_its_required_columns_keeps_what_was_typed(client_request, two_teams):
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "caseloads.new_mapping",
        {"name": "Half done", "source_system": "mosaic", "shape": "cases", "case_reference": "Person ID"},
        _expected_status=200,
    )
    assert "Enter the column that holds the case type" in error_summary(page)
    assert page.select_one("input[name=case_reference]")["value"] == "Person ID"


def test_an_administrator_adds_a_threshold(client_request, two_teams):
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "caseloads.thresholds",
        {
            "effective_from": "2025-04-01",
            "census_role": "",
            "programme": "experienced",
            "limit_per_fte": "20",
            "amber_from": "17",
        },
    )
    threshold = db.session.execute(select(CaseloadThreshold)).scalar_one()
    assert (threshold.limit_per_fte, threshold.amber_from) == (20, 17)


def test_a_threshold_with_amber_above_it_is_refused_on_the_form(client_request, two_teams):
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.post(
        "caseloads.thresholds",
        {
            "effective_from": "2025-04-01",
            "census_role": "",
            "programme": "experienced",
            "limit_per_fte": "18",
            "amber_from": "19",
        },
        _expected_status=200,
    )
    assert error_summary(page) == ["Amber must start at or below the threshold"]


def test_the_status_page_of_a_running_import_refreshes_and_shows_progress(app, client_request, two_teams):
    from workforce.kernel.jobs import Job, JobStatus, queue

    hr = create_user(Role.HR)
    running = Job(kind="caseloads.import", status=JobStatus.RUNNING, params={}, result={}, started_by_id=hr.id)
    db.session.add(running)
    db.session.flush()
    job = CaseloadImportJob(
        status=ImportJobStatus.QUEUED,
        filename="big.csv",
        snapshot_date=date(2025, 9, 30),
        source_system="mosaic",
        created_by_id=hr.id,
        job_id=running.id,
    )
    db.session.add(job)
    db.session.commit()
    queue.huey_of(app).put(f"wpq.job.{running.id}.progress", {"done": 250, "total": 1000, "stage": "Checking rows"})
    client_request.login(hr)
    page = client_request.get("caseloads.import_status", job_id=job.id)
    assert page.select_one("meta[http-equiv=refresh]")["content"] == "3"
    assert page.h1.get_text(strip=True) == "Checking rows"
    assert "Checking rows: 250 of 1,000 (25%)" in page.select_one("[role=status]").get_text()
    still = client_request.get("caseloads.import_status", job_id=job.id, refresh="off")
    assert still.select_one("meta[http-equiv=refresh]") is None
    assert "250 of 1,000" in still.get_text()
    queue.huey_of(app).delete(f"wpq.job.{running.id}.progress")


def test_an_import_that_breaks_saves_nothing_and_says_so(client_request, two_teams, monkeypatch):
    from workforce.caseloads import imports

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "save_snapshot", broken)
    client_request.login(create_user(Role.HR))
    worker = two_teams["people"]["Mine"]
    before = db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one()
    upload(client_request, case_file([["MOS-1", "CP", worker.employee_number, "", "", "2025-09-01"]]))
    job = db.session.execute(select(CaseloadImportJob)).scalar_one()
    assert job.status is ImportJobStatus.FAILED
    assert db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one() == before
    page = client_request.get("caseloads.import_status", job_id=job.id)
    assert "Nothing was saved" in page.get_text()


def test_an_administrator_turns_weighting_on_with_weights(client_request, two_teams):
    from workforce.caseloads import settings as caseload_settings
    from workforce.caseloads.workloads import weights_on

    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.get("caseloads.case_type_weights")
    weights = {"cp": "1.5", "cin": "1", "cla": "1", "cl": "0.5", "eh": "1", "other": "1"}
    client_request.post("caseloads.case_type_weights", {"weighting": "yes", "effective_from": "2025-01-01", **weights})
    assert caseload_settings.get("caseload_weighting") is True
    assert weights_on(date(2025, 9, 30))[CaseType.CHILD_PROTECTION] == 1.5
    assert weights_on(date(2025, 9, 30))[CaseType.CARE_LEAVER] == 0.5


def test_a_weight_out_of_range_is_refused_and_kept(client_request, two_teams):
    client_request.login(create_user(Role.ADMINISTRATOR))
    weights = {"cp": "50", "cin": "1", "cla": "1", "cl": "1", "eh": "1", "other": "1"}
    page = client_request.post(
        "caseloads.case_type_weights",
        {"weighting": "yes", "effective_from": "2025-01-01", **weights},
        _expected_status=200,
    )
    assert error_summary(page) == ["Enter a weight from 0.1 to 10"]
    assert page.select_one("input[name=cp]")["value"] == "50"


def test_a_team_manager_cannot_change_thresholds_or_weights(client_request, two_teams):
    client_request.login(two_teams["manager"])
    client_request.get("caseloads.thresholds", _expected_status=403)
    client_request.get("caseloads.case_type_weights", _expected_status=403)


def test_an_upload_without_a_file_asks_for_one(client_request, two_teams):
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "caseloads.upload_caseloads",
        {"snapshot_date": "2025-10-01", "source_system": "mosaic", "mapping": "0"},
        _expected_status=200,
    )
    assert error_summary(page) == ["Select the extract file"]
    assert date_shown(page, "snapshot_date") == "2025-10-01"


def test_a_team_managers_home_page_counts_their_teams_caseload_alerts(client_request, two_teams):
    client_request.login(two_teams["manager"])
    page = client_request.get("pages.home")
    panel = page.select_one("#caseload-alerts-heading").find_parent("section").get_text(" ", strip=True)
    assert "1 alert in your teams" in panel
    assert "Over the caseload threshold: 1" in panel


def test_an_import_started_before_imports_ran_as_jobs_asks_for_the_file_again(client_request, two_teams):
    hr = create_user(Role.HR)
    job = CaseloadImportJob(
        status=ImportJobStatus.CHECKING,
        filename="big.csv",
        snapshot_date=date(2025, 9, 30),
        source_system="mosaic",
        created_by_id=hr.id,
    )
    db.session.add(job)
    db.session.commit()
    client_request.login(hr)
    page = client_request.get("caseloads.import_status", job_id=job.id)
    assert "Upload the file again" in page.get_text()
    assert page.select_one("meta[http-equiv=refresh]") is None


def test_the_overview_trend_shows_a_backdated_correction_made_after_it_was_first_served(client_request, two_teams):
    client_request.login(create_user(Role.SENIOR_LEADER))
    assert "Sep 2025 20.0 40" in client_request.get("caseloads.home").select_one("main").get_text(" ", strip=True)
    correction = db.session.execute(
        select(CaseloadWorkerCount).where(CaseloadWorkerCount.staff_id == two_teams["people"]["Theirs"].id)
    ).scalar_one()
    correction.cla_cases = correction.total_cases = 14
    db.session.commit()
    assert "Sep 2025 17.0 34" in client_request.get("caseloads.home").select_one("main").get_text(" ", strip=True)
