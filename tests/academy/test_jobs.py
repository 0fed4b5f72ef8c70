"""The training matrix export as a job: the file through the job's page, scoped to the starter when it runs."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from academy import jobs
from tests.academy.builders import create_person
from tests.builders import create_team, create_team_manager
from tests.spreadsheets import table_rows
from workforce.kernel.jobs import Job, JobFileRole, JobStatus, run_ready


def test_a_team_managers_export_of_their_team_is_offered_on_the_job_page_and_removed_once_downloaded(
    db, client_request
):
    team = create_team()
    create_person(team, first_name="Tia", last_name="Teamed")
    create_person(create_team(), first_name="Oz", last_name="Other")
    manager = create_team_manager(team)
    client_request.login(manager)

    response = client_request.job_file("academy.export_matrix", team=team.id)

    rows = table_rows(load_workbook(io.BytesIO(response.data)).worksheets[3])
    assert [row[1] for row in rows[1:]] == ["Tia Teamed"]
    job = db.session.execute(sa.select(Job).where(Job.kind == jobs.MATRIX_EXPORT)).scalar_one()
    assert job.started_by_id == manager.id and job.params == {"team_id": team.id}
    assert job.file(JobFileRole.RESULT) is None  # downloaded, so no longer kept
    client_request.get("jobs.download_job_result", 404, job_id=job.id)


def test_an_export_whose_team_left_the_starters_scope_before_it_ran_fails_without_a_file(db, client_request, app):
    team = create_team()
    create_person(team)
    manager = create_team_manager(team)
    with app.test_request_context():
        job = jobs.start_matrix_export(manager, team.id)
    manager.managed_teams = []
    db.session.commit()
    run_ready()

    job = db.session.get(Job, job.id, populate_existing=True)
    assert job.status is JobStatus.FAILED
    assert job.failure_reason == "That team is no longer one whose training you may see."
    assert job.files == []
