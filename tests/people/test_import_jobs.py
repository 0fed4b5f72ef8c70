"""Staff, absence and survey imports confirmed on the import page run as background jobs (in immediate mode, as
the other job tests run them): the job's page shows the result, or the row-by-row report with nothing applied."""

import io
from datetime import date

from sqlalchemy import func, select

from tests.builders import create_team, create_user
from tests.people.builders import create_staff_member
from tests.people.test_imports import absence_csv, as_csv, staff_row
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.jobs import Job, JobFile, JobStatus
from workforce.kernel.models import Team
from workforce.kernel.roles import Role
from workforce.people import imports
from workforce.people import jobs as import_jobs
from workforce.people.constants import LeaverDestination, ReasonForLeaving
from workforce.people.models import Absence, StaffMember


def staff_count() -> int:
    return db.session.execute(select(func.count()).select_from(StaffMember)).scalar_one()


def uploads() -> int:
    return db.session.execute(select(func.count()).select_from(JobFile)).scalar_one()


def the_job() -> Job:
    return db.session.execute(select(Job).where(Job.kind == import_jobs.KIND)).scalar_one()


def preview(client_request, rows):
    page = client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(as_csv(rows)), "extract.csv")},
        _expected_status=200,
        kind="staff",
    )
    return page.select_one("input[name=token]")["value"]


def confirm(client_request, token):
    response = client_request.client.post(
        client_request.url("people.confirm_import", kind="staff"),
        data={"csrf_token": client_request._token(), "token": token},
    )
    assert response.status_code == 302
    job_id = the_job().id
    assert response.location == client_request.url("people.import_job", kind="staff", job_id=job_id)
    return job_id


def test_a_confirmed_import_runs_as_a_job_whose_page_shows_the_result(client_request, db):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    token = preview(client_request, [staff_row(1, "Team A"), staff_row(2, "Team A")])
    job_id = confirm(client_request, token)

    job = the_job()
    assert job.status is JobStatus.DONE and job.params["import_kind"] == "staff"
    assert job.progress_done == job.progress_total == 2
    assert staff_count() == 2
    assert uploads() == 0
    page = client_request.get("people.import_job", kind="staff", job_id=job_id)
    assert "Imported 2 rows: 2 added, 0 updated, 0 unchanged" in page.text
    assert page.find("a", string="See the staff records")["href"] == client_request.url("people.list_staff")


def test_a_file_that_no_longer_imports_cleanly_is_reported_row_by_row_with_nothing_applied(client_request, db):
    team = create_team("Team A")
    client_request.login(create_user(Role.HR))
    token = preview(client_request, [staff_row(1, "Team A"), staff_row(2, "Team A")])
    # Between the preview and the job, the team the rows name is renamed: every row now names no team.
    db.session.get(Team, team.id).name = "Team Renamed"
    db.session.commit()
    job_id = confirm(client_request, token)

    job = the_job()
    assert job.status is JobStatus.DONE and job.result["applied"] is False
    assert staff_count() == 0
    assert uploads() == 0
    page = client_request.get("people.import_job", kind="staff", job_id=job_id)
    assert "Not imported" in page.select_one("h1").text
    assert [cell.get_text(strip=True) for cell in page.select("table tbody tr td")][:2] == ["2", "Team"]
    download = client_request.client.get(page.find("a", string="Download the problems as CSV")["href"])
    assert download.status_code == 200 and "Team A" in download.get_data(as_text=True)


def test_an_import_that_breaks_mid_way_is_retried_then_failed_with_nothing_applied(client_request, db, monkeypatch):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    token = preview(client_request, [staff_row(1, "Team A")])
    real_apply = imports.apply_staff
    calls = []

    def breaks_after_writing(rows, progress=None):
        calls.append(1)
        real_apply(rows, progress)
        db.session.flush()
        raise OSError("disk full")

    monkeypatch.setattr(imports, "apply_staff", breaks_after_writing)
    job_id = confirm(client_request, token)

    job = the_job()
    assert len(calls) == 3
    assert job.status is JobStatus.FAILED and job.attempts == 3
    assert staff_count() == 0
    assert uploads() == 0
    page = client_request.get("people.import_job", kind="staff", job_id=job_id)
    assert "The import failed and nothing was imported" in page.text
    assert "Nothing was saved" in page.text


def test_only_the_person_who_started_an_import_sees_its_page_and_report(client_request, db):
    team = create_team("Team A")
    starter = create_user(Role.HR)
    client_request.login(starter)
    token = preview(client_request, [staff_row(1, "Team A")])
    db.session.get(Team, team.id).name = "Elsewhere"
    db.session.commit()
    job_id = confirm(client_request, token)

    client_request.login(create_user(Role.HR))
    client_request.get("people.import_job", 404, kind="staff", job_id=job_id)
    client_request.get("people.import_job_problems", 404, kind="staff", job_id=job_id, file_format="csv")
    client_request.get("people.import_job", 404, kind="absences", job_id=job_id)
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("people.import_job", 403, kind="staff", job_id=job_id)
    client_request.login(starter)
    client_request.get("people.import_job", kind="staff", job_id=job_id)
    client_request.get("people.import_job", 404, kind="absences", job_id=job_id)


def under_way(user, kind="staff") -> Job:
    """An import a worker is running now (added directly, so that nothing runs it in the test)."""
    job = Job(
        kind=import_jobs.KIND,
        status=JobStatus.RUNNING,
        params={"import_kind": kind},
        result={},
        started_by_id=user.id,
        attempts=1,
        max_attempts=3,
        started_at=clock.now(),
    )
    db.session.add(job)
    db.session.commit()
    return job


def test_a_second_upload_while_an_import_is_under_way_shows_the_one_under_way(client_request, db):
    create_team("Team A")
    hr = create_user(Role.HR, name="Harriet Rowe")
    job = under_way(hr)
    client_request.login(hr)
    client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(as_csv([staff_row(1, "Team A")])), "extract.csv")},
        _expected_redirect=client_request.url("people.import_job", kind="staff", job_id=job.id),
        kind="staff",
    )
    page = client_request.get("people.import_job", kind="staff", job_id=job.id)
    assert "Running" in page.select_one("h1").text

    client_request.login(create_user(Role.HR))
    page = client_request.get("people.import_file", kind="staff")
    assert "Harriet Rowe is importing this kind of file now" in page.text
    client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(as_csv([staff_row(1, "Team A")])), "extract.csv")},
        _expected_redirect=client_request.url("people.import_file", kind="staff"),
        kind="staff",
    )
    # Another kind is not held up.
    client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(b"EmployeeNumber\n"), "absences.csv")},
        _expected_status=200,
        kind="absences",
    )
    assert staff_count() == 0


def test_the_decisions_for_people_missing_from_a_full_extract_travel_with_the_job():
    decisions = imports.Reconciliation(
        leavers={"E1": imports.Leaving(date(2025, 9, 30), ReasonForLeaving(1), LeaverDestination(1))}, kept={"E2"}
    )
    again = import_jobs.decisions_from_params(import_jobs.decisions_to_params(decisions))
    assert again == decisions
    assert import_jobs.decisions_from_params(None) == imports.Reconciliation()


def test_an_absence_import_runs_as_a_job_and_a_person_gone_since_the_preview_is_reported(client_request, db):
    person = create_staff_member(employee_number="E1")
    client_request.login(create_user(Role.HR))
    rows = [{"EmployeeNumber": "E1", "AbsenceReason": "SIC", "AbsenceStartDate": "2025-03-03", "AbsenceEndDate": ""}]
    page = client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(absence_csv(rows)), "absences.csv")},
        _expected_status=200,
        kind="absences",
    )
    token = page.select_one("input[name=token]")["value"]
    db.session.get(StaffMember, person.id).employee_number = "E2"
    db.session.commit()
    client_request.post("people.confirm_import", {"token": token}, kind="absences")
    job = the_job()
    assert job.status is JobStatus.DONE and job.result["applied"] is False
    assert db.session.execute(select(func.count()).select_from(Absence)).scalar_one() == 0
    page = client_request.get("people.import_job", kind="absences", job_id=job.id)
    assert "EmployeeNumber" in page.select_one("table tbody").text

    rows[0]["EmployeeNumber"] = "E2"
    page = client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(absence_csv(rows)), "absences.csv")},
        _expected_status=200,
        kind="absences",
    )
    client_request.post(
        "people.confirm_import", {"token": page.select_one("input[name=token]")["value"]}, kind="absences"
    )
    assert db.session.execute(select(func.count()).select_from(Absence)).scalar_one() == 1
    latest = db.session.execute(select(Job).order_by(Job.id.desc()).limit(1)).scalar_one()
    page = client_request.get("people.import_job", kind="absences", job_id=latest.id)
    assert "Imported 1 rows: 1 added" in page.text
    assert uploads() == 0
