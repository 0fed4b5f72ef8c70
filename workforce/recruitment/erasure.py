"""Retention of applicants' personal data: erased a set time after the vacancies they applied for close.

Only unsuccessful applicants are erased (withdrawn, rejected or declined an offer on every
application), and only once every vacancy they applied for has closed and the retention period
(setting "recruitment.retention_months", default 6) has passed. Applications, the pipeline log,
interview scores and offers stay, without names or contact details, so the figures do not change.
"""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock, jobs
from workforce.kernel.contract import JobKind, Schedule
from workforce.kernel.dates import add_months
from workforce.recruitment import dao
from workforce.recruitment.constants import UNSUCCESSFUL_KINDS
from workforce.recruitment.models import Applicant

#: Columns holding personal data, cleared on erasure.
PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "swe_number", "qualification_date", "consented_on")


def due_for_erasure(today: date | None = None) -> list[Applicant]:
    """Applicants whose every application was unsuccessful, on vacancies closed before the cut-off."""
    today = today or clock.today()
    months = int(dao.setting("recruitment.retention_months"))
    applicants = db.session.execute(
        select(Applicant).where(Applicant.erased_at.is_(None)).order_by(Applicant.id)
    ).scalars()
    due = []
    for applicant in applicants:
        applications = applicant.applications
        if not applications:
            continue
        unsuccessful = all(application.stage.kind in UNSUCCESSFUL_KINDS for application in applications)
        closed = all(
            application.vacancy.closed_on is not None and add_months(application.vacancy.closed_on, months) <= today
            for application in applications
        )
        if unsuccessful and closed:
            due.append(applicant)
    return due


def erase_applicant(applicant: Applicant, months: int) -> None:
    """Clear the personal data and anything typed about the person; keep the anonymous facts."""
    for field in PERSONAL_FIELDS:
        setattr(applicant, field, None)
    applicant.erased_at = clock.now()
    for application in applicant.applications:
        for change in application.moves:
            change.note = None
        for check in application.checks:
            check.exception_reason = None if check.exception_reason is None else "[erased]"
    db.session.flush()
    audit_trail.record(
        applicant,
        audit_trail.Action.ERASED,
        {field: {"before": "[erased]", "after": None} for field in PERSONAL_FIELDS},
        note=f"Unsuccessful applicant's personal data erased {months} months after the vacancy closed",
    )


def run_retention(today: date | None = None, dry_run: bool = False) -> list[Applicant]:
    due = due_for_erasure(today)
    if not dry_run:
        months = int(dao.setting("recruitment.retention_months"))
        for applicant in due:
            erase_applicant(applicant, months)
    return due


def run_retention_job(context: jobs.JobContext) -> jobs.JobResult:
    """The scheduled retention round, as a job: erasures and their audit entries are saved together or not at all."""
    erased = run_retention()
    return jobs.JobResult(
        f"Erased the personal data of {len(erased)} unsuccessful applicants past retention",
        values={"erased": len(erased)},
    )


RETENTION_JOB = JobKind(
    "recruitment.retention", "Retention of applicants' personal data", run_retention_job, retry_delay=600
)
#: Every night at 02:15, so that an applicant is erased within a day of their retention period ending.
RETENTION_SCHEDULE = Schedule("recruitment.retention", RETENTION_JOB.name, {"hour": "2", "minute": "15"})


@click.group("retention", help="Retention of personal data.")
def retention_command():
    pass


@retention_command.command("run", help="Erase unsuccessful applicants' personal data that are past retention.")
@click.option("--dry-run", is_flag=True, help="Say what would be erased, and erase nothing.")
def run(dry_run: bool):
    with audit_trail.acting_as("Retention schedule", audit_trail.Origin.SCHEDULE):
        due = run_retention(dry_run=dry_run)
        if dry_run:
            db.session.rollback()
            if due:
                click.echo(f"{len(due)} applicants would be erased (ids {', '.join(str(a.id) for a in due)}).")
            else:
                click.echo("No applicants are due for erasure.")
            return
        db.session.commit()
    click.echo(f"Erased the personal data of {len(due)} applicants.")
