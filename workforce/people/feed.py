"""Running a staff import end to end (the command line and the monthly feed), with full-extract
reconciliation: check every row and every person the extract leaves out, then apply all or nothing.

The monthly feed reads the newest extract in STAFF_FEED_FOLDER through the mapping STAFF_FEED_MAPPING as a
full extract, on the schedule (`workforce.kernel.jobs`), and emails its report to HR when notifications are
configured. An extract already imported changes nothing, since every import matches people and roles on
what WPQ holds; people missing from the extract are not changed until HR confirms them on the import page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.contract import JobKind, Schedule
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.import_mappings.reading import code_text
from workforce.kernel.import_mappings.services import get_mapping, keep_in_post
from workforce.kernel.imports import ImportReport, SpreadsheetDate, hold_import_lock
from workforce.kernel.jobs import JobContext, JobFailed, JobResult
from workforce.kernel.models import User
from workforce.kernel.notifications.channels import configured_channel
from workforce.kernel.notifications.constants import MessageStatus
from workforce.kernel.notifications.jobs import hand_over
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.roles import Role
from workforce.people import imports
from workforce.people.constants import LeaverDestination, ReasonForLeaving

FEED_JOB = "people.staff-feed"
EXTRACT_SUFFIXES = (".csv", ".xlsx")


@dataclass
class StaffRun:
    report: ImportReport
    outcome: imports.ImportOutcome | None = None
    missing: list[imports.MissingPerson] = field(default_factory=list)
    rows: int = 0

    @property
    def applied(self) -> bool:
        return self.outcome is not None


def run_staff_import(
    data: bytes,
    filename: str,
    mapping: ImportMapping | None = None,
    *,
    full: bool = False,
    decisions: imports.Reconciliation | None = None,
    on: date | None = None,
    progress: Callable[[int], None] | None = None,
    checked: Callable[[int], None] | None = None,
) -> StaffRun:
    """Check the extract (and, when it is full, HR's decision for everyone it leaves out), then apply it all
    when nothing is wrong; `checked(rows)` is told how many rows were read once they are checked. The caller
    commits, or rolls back for a dry run."""
    hold_import_lock("staff")
    report, rows = imports.check_staff(data, filename, mapping)
    run = StaffRun(report, rows=len(rows))
    if checked:
        checked(len(rows))
    if full and report.ok:
        run.missing = imports.missing_from_extract(rows, on, kept=(mapping.kept or []) if mapping else ())
        imports.check_reconciliation(run.missing, decisions, report)
    if not report.ok:
        return run
    run.outcome = imports.apply_staff(rows, progress)
    if full and run.missing:
        decisions = decisions or imports.Reconciliation()
        imports.apply_reconciliation(run.missing, decisions, run.outcome, on)
        if mapping is not None:
            keep_in_post(mapping, sorted(decisions.kept & {person.employee_number for person in run.missing}))
    return run


def summary_lines(run: StaffRun, filename: str) -> list[str]:
    """The report in words, as the command line prints it and the feed emails it."""
    if not run.applied:
        lines = [
            f"Nothing was imported from {filename}: {len(run.report.problems)} problems "
            f"in {run.report.rows_with_problems} rows."
        ]
        for problem in run.report.sorted_problems()[:200]:
            where = f"Row {problem.row}" if problem.row else "File"
            lines.append(f"{where}, {problem.column or 'file'}: {problem.message} ({problem.value})")
        if run.missing:
            lines.append("")
            lines.append(f"{len(run.missing)} people in post in WPQ are not in this full extract:")
            lines += [f"- {p.name} ({p.employee_number}), {', '.join(p.teams)}" for p in run.missing]
            lines.append("Confirm each as a leaver (with their last day and reason) or keep them, on the import page.")
        return lines
    outcome = run.outcome
    lines = [
        f"Imported {run.rows} rows from {filename}: people {outcome.created} added, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged; assignments {outcome.assignments_created} added, "
        f"{outcome.assignments_updated} updated; {outcome.leavers} leavers."
    ]
    if outcome.confirmed_leavers or outcome.kept_in_post:
        lines.append(
            f"Of the people missing from the full extract, {outcome.confirmed_leavers} confirmed as leavers "
            f"and {outcome.kept_in_post} kept in post."
        )
    if not outcome.changed_anything and not outcome.confirmed_leavers:
        lines.append("Nothing had changed since the last import.")
    return lines


# The leavers file for the command line: HR's decisions for the people missing from a full extract.

LEAVER_COLUMNS = ("EmployeeNumber", "RoleEndDate", "ReasonLeave", "LeaverDestination")


def read_leavers(data: bytes, filename: str, mapping: ImportMapping | None, report: ImportReport) -> dict:
    """{employee number: Leaving} from a file with the columns EmployeeNumber, RoleEndDate, ReasonLeave and
    LeaverDestination; codes go through the mapping's translations when it has them, else are DfE codes."""
    table = imports.read_file(data, filename, report)
    if table is None or not imports.require_headers(table, report, LEAVER_COLUMNS):
        return {}
    leavers: dict[str, imports.Leaving] = {}
    date_field = SpreadsheetDate()
    for row in table.rows:
        values = row.values
        number = code_text(values.get("EmployeeNumber") or "")
        try:
            last_day = date_field.deserialize(values.get("RoleEndDate"))
        except ValidationError:
            report.add(row.number, "RoleEndDate", values.get("RoleEndDate"), "Enter a real date, like 2025-09-30")
            continue
        codes = {}
        for header, enum_type in (("ReasonLeave", ReasonForLeaving), ("LeaverDestination", LeaverDestination)):
            text = code_text(values.get(header) or "")
            table_for = {k.upper(): v for k, v in mapping.translation_for(header).items()} if mapping else {}
            text = table_for.get(text.upper(), text) if table_for else text
            member = next((m for m in enum_type if str(m.value) == text), None)
            if member is None:
                report.add(row.number, header, values.get(header), "Use a census code or one the mapping translates")
            codes[header] = member
        if number and None not in codes.values():
            leavers[number] = imports.Leaving(last_day, codes["ReasonLeave"], codes["LeaverDestination"])
    return leavers


# The monthly feed


def newest_extract(folder: Path) -> Path | None:
    if not folder.is_dir():
        return None
    files = [path for path in folder.iterdir() if path.is_file() and path.suffix.lower() in EXTRACT_SUFFIXES]
    return max(files, key=lambda path: (path.stat().st_mtime, path.name), default=None)


def _email_hr(subject: str, lines: list[str], key: str) -> int:
    """Record the report for each active HR user and hand it to the send jobs, when a channel is configured."""
    if configured_channel() is None:
        return 0
    people = db.session.execute(
        select(User).where(User.role == Role.HR, User.deactivated_at.is_(None)).order_by(User.id)
    ).scalars()
    messages = []
    for person in people:
        if db.session.execute(select(OutboxMessage.id).where(OutboxMessage.key == f"{key}:{person.id}")).first():
            continue
        message = OutboxMessage(
            key=f"{key}:{person.id}",
            rule="staff-feed",
            recipient_id=person.id,
            email=person.email,
            subject=subject,
            body="\n".join(lines),
            link="/staff/import/staff",
            status=MessageStatus.PENDING,
        )
        db.session.add(message)
        messages.append(message)
    db.session.flush()
    hand_over(messages)
    return len(messages)


def run_feed(context: JobContext) -> JobResult:
    config = current_app.config
    folder = config.get("STAFF_FEED_FOLDER")
    if not folder:
        raise JobFailed("STAFF_FEED_FOLDER is not set, so there is no drop folder to read.")
    mapping = None
    if config.get("STAFF_FEED_MAPPING"):
        mapping = get_mapping("staff", config["STAFF_FEED_MAPPING"])
        if mapping is None:
            raise JobFailed(f"There is no staff mapping called {config['STAFF_FEED_MAPPING']}.")
    path = newest_extract(Path(folder))
    if path is None:
        return JobResult(f"No extract in {folder}: nothing to import")
    data = path.read_bytes()
    with audit_trail.acting_as("Monthly staff feed", audit_trail.Origin.IMPORT):
        run = run_staff_import(data, path.name, mapping, full=True, on=clock.today())
    lines = summary_lines(run, path.name)
    digest = hashlib.sha256(data).hexdigest()[:16]
    subject = f"Staff feed: {'imported' if run.applied else 'not imported'} {path.name}"
    sent = _email_hr(subject, lines, f"staff-feed:{digest}:{'ok' if run.applied else 'refused'}")
    summary = " ".join(lines) if run.applied else lines[0]
    return JobResult(summary[:500], values={"applied": run.applied, "emailed": sent, "file": path.name})


def register(modules, app) -> None:
    modules.add_job(JobKind(FEED_JOB, "Monthly staff feed", run_feed, max_attempts=2, retry_delay=300))
    if app.config.get("STAFF_FEED_FOLDER"):
        hour, minute = (part.lstrip("0") or "0" for part in app.config["STAFF_FEED_AT"].split(":"))
        crontab = {"day": str(app.config["STAFF_FEED_DAY"]), "hour": hour, "minute": minute}
        modules.add_schedule(Schedule("staff-feed-monthly", FEED_JOB, crontab))
