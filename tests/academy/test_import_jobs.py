"""Past completions confirmed on the import page are recorded by a background job (in immediate mode, as the
other job tests run them): the job's page shows the result, or the row-by-row report with nothing recorded."""

from datetime import date

from sqlalchemy import func, select

from academy import jobs, services
from academy.models import Completion, Course
from tests.academy.builders import create_course, create_person
from tests.academy.test_import import _upload
from tests.builders import create_user
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.jobs import Job, JobFile, JobStatus
from workforce.kernel.roles import Role


def completions() -> int:
    return db.session.execute(select(func.count()).select_from(Completion)).scalar_one()


def uploads() -> int:
    return db.session.execute(select(func.count()).select_from(JobFile)).scalar_one()


def the_job() -> Job:
    return db.session.execute(select(Job).where(Job.kind == jobs.COMPLETIONS_IMPORT)).scalar_one()


def previewed(client_request, rows) -> str:
    response = _upload(client_request, rows)
    assert "completions will be imported" in response.get_data(as_text=True)
    return response.get_data(as_text=True).split("/academy/completions/import/")[1].split('"')[0]


def confirm(client_request, token) -> int:
    client_request.post("academy.confirm_import", token=token)
    return the_job().id


def test_a_confirmed_import_is_recorded_by_a_job_whose_page_shows_the_result(client_request, db):
    person = create_person()
    create_course(title="Court skills")
    client_request.login(create_user(Role.ACADEMY_LEAD))
    token = previewed(client_request, [[person.employee_number, "Court skills", date(2024, 5, 1)]])
    job_id = confirm(client_request, token)
    job = the_job()
    assert job.status is JobStatus.DONE and job.result["applied"] is True
    assert job.progress_done == job.progress_total == 1
    assert completions() == 1 and uploads() == 0
    page = client_request.get("academy.import_job", job_id=job_id)
    assert "1 completions imported" in page.text
    assert page.find("a", string="See the training matrix")


def test_a_file_that_no_longer_imports_cleanly_is_reported_with_nothing_recorded(client_request, db):
    person = create_person()
    course = create_course(title="Court skills")
    client_request.login(create_user(Role.ACADEMY_LEAD))
    token = previewed(client_request, [[person.employee_number, "Court skills", date(2024, 5, 1)]])
    db.session.get(Course, course.id).title = "Court skills (retired)"
    db.session.commit()
    job_id = confirm(client_request, token)
    job = the_job()
    assert job.status is JobStatus.DONE and job.result["applied"] is False
    assert completions() == 0 and uploads() == 0
    page = client_request.get("academy.import_job", job_id=job_id)
    assert "Not imported" in page.select_one("h1").text
    assert "There is no course with this title in the catalogue" in page.text
    download = client_request.client.get(page.find("a", string="Download the problems as CSV")["href"])
    assert download.status_code == 200 and "Court skills" in download.get_data(as_text=True)


def test_an_import_that_breaks_mid_way_is_failed_with_nothing_recorded(client_request, db, monkeypatch):
    first, second = create_person(), create_person()
    create_course(title="Court skills")
    client_request.login(create_user(Role.ACADEMY_LEAD))
    token = previewed(
        client_request,
        [
            [first.employee_number, "Court skills", date(2024, 5, 1)],
            [second.employee_number, "Court skills", date(2024, 5, 2)],
        ],
    )
    real = services.record_completion
    calls = []

    def breaks_on_the_second(staff, *args, **kwargs):
        calls.append(staff.id)
        if staff.id == second.id:
            raise OSError("disk full")
        return real(staff, *args, **kwargs)

    monkeypatch.setattr(services, "record_completion", breaks_on_the_second)
    job_id = confirm(client_request, token)
    job = the_job()
    assert job.status is JobStatus.FAILED and job.attempts == 3 and len(calls) == 6
    assert completions() == 0 and uploads() == 0
    page = client_request.get("academy.import_job", job_id=job_id)
    assert "The import failed and nothing was imported" in page.text


def test_only_the_person_who_started_an_import_sees_its_page_and_report(client_request, db):
    person = create_person()
    course = create_course(title="Court skills")
    starter = create_user(Role.ACADEMY_LEAD)
    client_request.login(starter)
    token = previewed(client_request, [[person.employee_number, "Court skills", date(2024, 5, 1)]])
    db.session.get(Course, course.id).title = "Renamed"
    db.session.commit()
    job_id = confirm(client_request, token)

    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.get("academy.import_job", 404, job_id=job_id)
    client_request.get("academy.import_job_problems", 404, job_id=job_id, file_format="csv")
    client_request.login(create_user(Role.HR))
    client_request.get("academy.import_job", 403, job_id=job_id)
    client_request.login(starter)
    client_request.get("academy.import_job", job_id=job_id)


def test_a_second_upload_while_an_import_is_under_way_shows_the_one_under_way(client_request, db):
    person = create_person()
    create_course(title="Court skills")
    lead = create_user(Role.ACADEMY_LEAD, name="Ada Lead")
    job = Job(
        kind=jobs.COMPLETIONS_IMPORT,
        status=JobStatus.RUNNING,
        params={},
        result={},
        started_by_id=lead.id,
        attempts=1,
        max_attempts=3,
        started_at=clock.now(),
    )
    db.session.add(job)
    db.session.commit()
    client_request.login(lead)
    response = _upload(client_request, [[person.employee_number, "Court skills", date(2024, 5, 1)]])
    assert response.status_code == 302
    assert response.location == client_request.url("academy.import_job", job_id=job.id)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.import_completions")
    assert "Ada Lead is importing completions now" in page.text
    response = _upload(client_request, [[person.employee_number, "Court skills", date(2024, 5, 1)]])
    assert response.status_code == 302
    assert response.location == client_request.url("academy.import_completions")
    assert completions() == 0
