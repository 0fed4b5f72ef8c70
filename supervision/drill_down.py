"""The records behind each supervision measure: the worker-months, sessions and audits the figures count.

Each list comes from the same schedules, SQL conditions and deadlines as the figure in
`supervision.measures`, so the lists add up to the figure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision import measures as m
from supervision.constants import QualityAuditPermission, ScheduleStatus, SupervisionPermission
from supervision.models import QualityAudit, Supervision
from supervision.schedule import each_worker_month, schedules
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.measures import BehindRecord, DrillDown, MeasureRecords, MeasureScope, RecordList
from workforce.people.models import StaffMember

COUNT = "Count"


def _months(start: date, end: date, scope: MeasureScope, newly_qualified_only: bool) -> MeasureRecords:
    end = m._horizon(end)
    counted, met = [], []
    if end >= start:
        team_ids = scope.team_ids()
        for schedule, month_start, team, outcome, newly_qualified in each_worker_month(
            schedules(start, end, team_ids), start, end, team_ids
        ):
            if newly_qualified_only and not newly_qualified:
                continue
            record = BehindRecord(
                "Worker-month",
                schedule.worker.name,
                team,
                f"{month_start:%B %Y}: {'supervised as policy requires' if outcome else 'overdue at some time'}"
                + (", newly qualified" if newly_qualified else ""),
                1.0,
            )
            counted.append(record)
            if outcome:
                met.append(record)
    return MeasureRecords(
        RecordList("Worker-months supervised as policy requires", COUNT, tuple(met)),
        RecordList("Worker-months counted", COUNT, tuple(counted)),
    )


def overdue(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    on = m._horizon(end)
    team_ids = scope.team_ids()
    records = []
    for item in schedules(on, on, team_ids):
        team = item.worker.team_on(on)
        if item.status_on(on) is ScheduleStatus.OVERDUE and (team_ids is None or team in team_ids):
            due = item.due_on(on)
            records.append(
                BehindRecord(
                    "Supervised worker",
                    item.worker.name,
                    team,
                    f"next session due {display_date(due)}, not held by {display_date(on)}" if due else "overdue",
                    1.0,
                )
            )
    return MeasureRecords(RecordList(f"Workers overdue for supervision on {display_date(on)}", COUNT, tuple(records)))


def _supervisee(staff: StaffMember) -> str:
    return f"{staff.last_name}, {staff.first_name} ({staff.employee_number})"


def signed(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    today = clock.today()
    rows = db.session.execute(
        select(Supervision, StaffMember, m.second_signature_day())
        .join(StaffMember, StaffMember.id == Supervision.supervisee_id)
        .where(*m.held_originals(start, end, scope.team_ids()))
        .order_by(Supervision.held_on, Supervision.id)
    ).all()
    due, on_time = [], []
    for supervision, staff, signed_on in rows:
        deadline = m.signature_deadline_passed(supervision.held_on, today)
        if deadline is None:
            continue
        signed_on = m._as_date(signed_on)
        in_time = signed_on is not None and signed_on <= deadline
        record = BehindRecord(
            "Supervision record",
            f"Session {supervision.id} with {_supervisee(staff)}",
            supervision.team_id,
            f"held {display_date(supervision.held_on)}, deadline {display_date(deadline)}, "
            + (f"both signed {display_date(signed_on)}" if signed_on else "not signed by both"),
            1.0,
        )
        due.append(record)
        if in_time:
            on_time.append(record)
    return MeasureRecords(
        RecordList("Records signed by both within 5 working days", COUNT, tuple(on_time)),
        RecordList("Records whose deadline has passed", COUNT, tuple(due)),
    )


def quality(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    rows = db.session.execute(
        select(QualityAudit, StaffMember)
        .join(StaffMember, StaffMember.id == QualityAudit.supervisee_id)
        .where(*m.completed_quality_audits(start, end, scope))
        .order_by(QualityAudit.completed_on, QualityAudit.id)
    ).all()
    audits = [
        (
            audit.grade in m.GOOD_OR_BETTER,
            BehindRecord(
                "Supervision-quality audit",
                f"Audit {audit.id} of {_supervisee(staff)}'s supervision",
                audit.team_id,
                f"completed {display_date(audit.completed_on)}, graded {audit.grade.value}",
                1.0,
            ),
        )
        for audit, staff in rows
    ]
    return MeasureRecords(
        RecordList("Audits graded good or outstanding", COUNT, tuple(record for good, record in audits if good)),
        RecordList("Audits completed in the period", COUNT, tuple(record for _good, record in audits)),
    )


DRILL_DOWNS = {
    "supervision-worker-months-supervised": DrillDown(
        lambda start, end, scope: _months(start, end, scope, False), SupervisionPermission.VIEW_COMPLIANCE
    ),
    "supervision-newly-qualified-compliance": DrillDown(
        lambda start, end, scope: _months(start, end, scope, True), SupervisionPermission.VIEW_COMPLIANCE
    ),
    "supervision-signed-within-5-working-days": DrillDown(signed, SupervisionPermission.VIEW),
    "supervision-quality-good-or-better": DrillDown(quality, QualityAuditPermission.VIEW),
    "supervision-overdue-count": DrillDown(overdue, SupervisionPermission.VIEW_COMPLIANCE),
}
