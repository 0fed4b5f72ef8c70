"""The jobs pages: every job for administrators, and each job's own page for whoever started it."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.jobs import dao
from workforce.kernel.jobs.constants import JobFileRole, JobStatus
from workforce.kernel.jobs.models import Job
from workforce.kernel.jobs.runner import live_progress
from workforce.kernel.permissions import permission_required, signed_in, user_can
from workforce.kernel.roles import Permission

blueprint = Blueprint("jobs", __name__, template_folder="templates")

#: Jobs listed on the administrators' page (most recent first).
LISTED = 200


@blueprint.route("/admin/jobs")
@permission_required(Permission.VIEW_JOBS)
def list_jobs():
    status = request.args.get("status")
    chosen = JobStatus(status) if status in set(JobStatus) else None
    jobs = dao.list_latest_jobs(LISTED, chosen)
    counts = dao.count_jobs_by_status()
    return render_template(
        "jobs/list.html",
        jobs=jobs,
        chosen=chosen,
        counts=counts,
        statuses=list(JobStatus),
        progress={job.id: live_progress(job) for job in jobs if job.status is JobStatus.RUNNING},
        kinds=registry().job_kinds,
    )


def job_for_current_user(job_id: int) -> Job:
    """The job, when the current user started it or may see every job; otherwise 404 (not even its existence)."""
    job = db.session.get(Job, job_id)
    if job is None or not (job.started_by_id == current_user.id or user_can(Permission.VIEW_JOBS)):
        abort(404)
    return job


@blueprint.route("/jobs/<int:job_id>")
@signed_in
def show_job(job_id: int):
    job = job_for_current_user(job_id)
    # WCAG 2.2.1: the page refreshes itself while the job runs, and the user can turn that off.
    auto_refresh = request.args.get("refresh") != "off"
    return render_template(
        "jobs/job.html",
        job=job,
        progress=live_progress(job),
        kind=registry().job_kinds.get(job.kind),
        result_file=job.file(JobFileRole.RESULT),
        auto_refresh=auto_refresh,
    )


@blueprint.route("/jobs/<int:job_id>/download")
@signed_in
def download_job_result(job_id: int):
    """The file the job made, for the person who started it only (administrators see the job, not its file,
    which was built with the starter's permissions); kept until downloaded, or for JOBS_RESULT_KEEP_HOURS."""
    job = job_for_current_user(job_id)
    if job.started_by_id != current_user.id:
        abort(404)
    result = dao.get_result_file(job.id)
    if result is None:
        abort(404)
    content, filename, media_type = result.content, result.filename, result.media_type
    db.session.delete(result)
    db.session.commit()
    return send_file(BytesIO(content), mimetype=media_type, as_attachment=True, download_name=filename)
