"""Computing, publishing and revising a month and the committee pack as jobs, through the pages (tests run a job
as soon as the request that started it ends, with the worker's code)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.builders import create_team, create_user
from tests.improvement.builders import create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement import dao, jobs, periods
from workforce.improvement.models import PeriodValue, ReportingPeriod
from workforce.kernel.jobs import Job, JobFile, JobFileRole, JobStatus, queue, runner
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


@pytest.fixture
def leader(plan_client):
    user = create_user(Role.SENIOR_LEADER)
    plan_client.login(user)
    return user


def job_of(kind: str) -> Job:
    return db.session.execute(sa.select(Job).where(Job.kind == kind).order_by(Job.id.desc())).scalars().first()


def value_count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(PeriodValue)).scalar_one()


def measure_states(page) -> dict[str, str]:
    return {
        row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True)
        for row in page.select("tbody tr")
    }


def test_computing_a_month_runs_as_a_job_and_its_page_shows_each_measure_and_the_result(plan_client, leader):
    create_plan_measure(measure_id="test_team_members")
    create_plan_measure(measure_id="test_social_worker_share")

    response = plan_client.post("improvement.list_periods", {"month": "2026-01"})

    job = job_of(jobs.COMPUTE)
    assert response.response.location == plan_client.url("improvement.show_period_job", job_id=job.id)
    page = plan_client.get_url(response.response.location)
    assert page.h1.get_text(strip=True) == "Done"
    assert "Figures for January 2026 computed (provisional)" in page.get_text()
    assert measure_states(page) == {
        "People in teams": "Computed",
        "Share of team members who are social workers": "Computed",
    }
    assert page.find("a", string="Back to reporting periods")["href"] == plan_client.url("improvement.list_periods")
    period = dao.get_period(MONTH)
    assert period is not None and not period.published
    assert job.started_by_id == leader.id and job.attempts == 1


def test_a_running_job_shows_which_measures_are_done_and_a_second_start_shows_it(plan_client, leader):
    create_plan_measure(measure_id="test_team_members")
    create_plan_measure(measure_id="test_social_worker_share")
    # As a worker has it: claimed, one measure of two computed.
    job = Job(
        kind=jobs.COMPUTE,
        status=JobStatus.RUNNING,
        params={"month": MONTH.isoformat(), "measure_ids": jobs.measure_ids()},
        started_by_id=create_user(Role.SENIOR_LEADER).id,
        attempts=1,
        result={},
    )
    db.session.add(job)
    db.session.commit()
    queue.huey_of(plan_client.app).put(
        runner._progress_key(job.id), {"done": 1, "total": 2, "stage": "Computing the measures"}
    )

    response = plan_client.post("improvement.list_periods", {"month": "2026-01"})

    assert response.response.location == plan_client.url("improvement.show_period_job", job_id=job.id)
    page = plan_client.get_url(response.response.location)
    assert "already being worked on" in page.get_text()
    assert "Computing the measures: 1 of 2 (50%)" in page.get_text()
    assert list(measure_states(page).values()) == ["Computed", "Computing"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Job)).scalar_one() == 1
    listing = plan_client.get("improvement.list_periods")
    assert listing.find("a", string="See its progress")["href"] == plan_client.url(
        "improvement.show_period_job", job_id=job.id
    )
    # Publishing the month waits for it too.
    periods.compute_period(MONTH)
    db.session.commit()
    response = plan_client.post("improvement.publish_period", {"confirmed": "yes"}, period_key="2026-01")
    assert response.response.location == plan_client.url("improvement.show_period_job", job_id=job.id)
    assert not dao.get_period(MONTH).published


def test_publishing_after_the_confirmation_runs_as_a_job(plan_client, leader):
    create_plan_measure()
    periods.compute_period(MONTH)
    db.session.commit()

    page = plan_client.post(
        "improvement.publish_period",
        {"confirmed": "yes"},
        period_key="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )

    assert page.h1.get_text(strip=True) == "Done"
    assert "January 2026 published to committee" in page.get_text()
    assert dao.get_period(MONTH).published
    assert job_of(jobs.PUBLISH).status is JobStatus.DONE


def test_revising_a_month_runs_as_a_job_and_a_refusal_fails_it_with_the_reason(plan_client, leader):
    create_plan_measure()
    periods.publish_period(periods.compute_period(MONTH))
    db.session.commit()

    page = plan_client.post(
        "improvement.revise_period",
        {"note": "Nothing really"},
        period_key="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )

    assert page.h1.get_text(strip=True) == "Failed"
    assert "Nothing has changed in the figures for January 2026" in page.select_one(".govuk-error-summary").get_text()
    job = job_of(jobs.REVISE)
    assert job.status is JobStatus.FAILED and job.attempts == 1  # a refusal is not tried again
    assert dao.get_period(MONTH).revision == 0

    create_user(Role.SOCIAL_WORKER, team=create_team())  # a late starter: the count of team members changes
    page = plan_client.post(
        "improvement.revise_period",
        {"note": "A late starter"},
        period_key="2026-01",
        _follow_redirects=True,
        _expected_status=200,
    )
    assert page.h1.get_text(strip=True) == "Done"
    assert dao.get_period(MONTH).revision == 1


def test_a_month_whose_computing_fails_is_tried_again_then_failed_with_nothing_saved(plan_client, leader, monkeypatch):
    create_plan_measure()
    add_values = periods._add_values

    def half_then_break(period, figures, revision):
        add_values(period, figures, revision)  # written (flushed) before the error: must not be kept
        db.session.flush()
        raise RuntimeError("the database went away")

    monkeypatch.setattr(periods, "_add_values", half_then_break)

    page = plan_client.post(
        "improvement.list_periods", {"month": "2026-01"}, _follow_redirects=True, _expected_status=200
    )

    assert page.h1.get_text(strip=True) == "Failed"
    job = job_of(jobs.COMPUTE)
    assert job.status is JobStatus.FAILED and job.attempts == job.max_attempts == 2
    assert "stopped because of an error in WPQ (RuntimeError). Nothing was saved." in job.failure_reason
    assert "the database went away" not in page.get_text()
    assert db.session.execute(sa.select(sa.func.count()).select_from(ReportingPeriod)).scalar_one() == 0
    assert value_count() == 0


def test_a_month_whose_first_attempt_fails_is_saved_once_by_the_second(plan_client, leader, monkeypatch):
    create_plan_measure()
    add_values = periods._add_values
    attempts = []

    def break_once(period, figures, revision):
        add_values(period, figures, revision)
        db.session.flush()
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("a deadlock")

    monkeypatch.setattr(periods, "_add_values", break_once)

    page = plan_client.post(
        "improvement.list_periods", {"month": "2026-01"}, _follow_redirects=True, _expected_status=200
    )

    assert page.h1.get_text(strip=True) == "Done"
    job = job_of(jobs.COMPUTE)
    assert job.attempts == 2
    period = dao.get_period(MONTH)
    # One measure at council scope and at the scope of each service area and team: written once, not twice.
    assert value_count() == len(periods.scopes())
    assert db.session.execute(sa.select(sa.func.count()).select_from(ReportingPeriod)).scalar_one() == 1
    assert period.computed_at is not None


def test_the_committee_pack_is_made_by_a_job_for_the_person_who_asked_only(plan_client, leader, frozen_clock):
    strand = create_strand()
    create_plan_measure(strand)
    periods.publish_period(periods.compute_period(MONTH))
    db.session.commit()

    response = plan_client.post("improvement.download_pack", plan_id=strand.plan_id, period="2026-01")
    job = job_of(jobs.PACK)
    assert response.response.location == plan_client.url("jobs.show_job", job_id=job.id)
    page = plan_client.get_url(response.response.location)
    assert "The committee pack for January 2026 is ready (published figures)" in page.get_text()
    assert page.find("a", string=re.compile("^Download committee-pack-2026-01.xlsx"))

    # Another senior leader, and an administrator who sees every job, do not get the file.
    plan_client.login(create_user(Role.SENIOR_LEADER))
    plan_client.get("jobs.show_job", 404, job_id=job.id)
    plan_client.get("jobs.download_job_result", 404, job_id=job.id)
    plan_client.login(create_user(Role.ADMINISTRATOR))
    page = plan_client.get("jobs.show_job", job_id=job.id)
    assert page.find("a", string=re.compile("^Download")) is None
    plan_client.get("jobs.download_job_result", 404, job_id=job.id)

    # Kept for a day when never downloaded, then removed by the worker's recovery round.
    frozen_clock.advance(timedelta(hours=25))
    runner.recover_abandoned_jobs()
    assert db.session.execute(sa.select(sa.func.count()).select_from(JobFile)).scalar_one() == 0
    plan_client.login(leader)
    page = plan_client.get("jobs.show_job", job_id=job.id)
    assert "no longer kept" in page.get_text()


def test_pressing_for_the_pack_again_while_it_is_being_made_shows_the_same_job(plan_client, leader):
    strand = create_strand()
    create_plan_measure(strand)
    periods.compute_period(MONTH)
    db.session.commit()
    with plan_client.app.test_request_context():
        job = jobs.start_pack(strand.plan_id, MONTH, leader)
    db.session.info.pop(runner.TO_SEND, None)  # as if the worker has not picked it up yet
    db.session.commit()

    response = plan_client.post("improvement.download_pack", plan_id=strand.plan_id, period="2026-01")

    assert response.response.location == plan_client.url("jobs.show_job", job_id=job.id)
    assert db.session.execute(sa.select(sa.func.count()).select_from(Job)).scalar_one() == 1


def test_a_pack_asked_for_by_someone_who_has_since_lost_the_permission_fails(plan_client, leader):
    strand = create_strand()
    create_plan_measure(strand)
    periods.publish_period(periods.compute_period(MONTH))
    db.session.commit()
    with plan_client.app.test_request_context():
        job = jobs.start_pack(strand.plan_id, MONTH, leader)
    leader.role = Role.HR
    db.session.commit()
    runner.run_ready()

    job = db.session.get(Job, job.id, populate_existing=True)
    assert job.status is JobStatus.FAILED
    assert job.failure_reason == "You no longer have permission to download the committee pack."
    assert job.file(JobFileRole.RESULT) is None


def test_the_pack_job_builds_the_file_outside_any_request_as_the_worker_does(plan_client, leader):
    strand = create_strand()
    create_plan_measure(strand)
    periods.compute_period(MONTH)
    db.session.commit()
    with plan_client.app.test_request_context():
        job = jobs.start_pack(strand.plan_id, MONTH, leader)
    db.session.commit()
    runner.run_ready()  # no request, no signed-in user: only what the job was given

    job = db.session.get(Job, job.id, populate_existing=True)
    assert job.status is JobStatus.DONE, job.failure_reason
    assert "provisional figures" in job.result_summary  # a senior leader's pack has the provisional month
    assert job.file(JobFileRole.RESULT).filename == "committee-pack-2026-01.xlsx"
