"""The census return's files as jobs: a starter who may no longer produce the return gets no file."""

from __future__ import annotations

from tests.builders import create_user
from tests.census.builders import create_census_worker, set_council_settings
from workforce.census import jobs
from workforce.kernel.jobs import Job, JobStatus, run_ready
from workforce.kernel.roles import Role


def test_a_return_asked_for_by_someone_who_has_since_lost_the_permission_fails_without_a_file(db, app):
    set_council_settings()
    create_census_worker()
    hr = create_user(Role.HR)
    with app.test_request_context():
        job = jobs.start(2025, jobs.WORKBOOK, hr)
    hr.role = Role.SOCIAL_WORKER
    db.session.commit()
    run_ready()

    job = db.session.get(Job, job.id, populate_existing=True)
    assert job.status is JobStatus.FAILED
    assert job.failure_reason == "You no longer have permission to produce the census return."
    assert job.files == []


def test_the_same_file_asked_for_twice_before_it_is_made_is_one_job(db, app):
    hr = create_user(Role.HR)
    with app.test_request_context():
        first = jobs.start(2025, jobs.XML, hr)
        db.session.flush()
        again = jobs.start(2025, jobs.XML, hr)
        other = jobs.start(2025, jobs.WORKBOOK, hr)
    assert again.id == first.id and other.id != first.id
    db.session.rollback()


def test_the_excel_copy_is_built_outside_any_request_as_the_worker_does(db, app):
    set_council_settings()
    create_census_worker()
    hr = create_user(Role.HR)
    with app.test_request_context():
        job = jobs.start(2025, jobs.WORKBOOK, hr)
    db.session.commit()
    run_ready()

    job = db.session.get(Job, job.id, populate_existing=True)
    assert job.status is JobStatus.DONE, job.failure_reason
    assert job.files[0].filename == "csww-2025-check.xlsx" and job.files[0].size > 0
