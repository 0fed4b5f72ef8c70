"""The records behind each audit measure: the audits, moderations and actions the figures count.

Each list is read by the same statements in `audits.dao` as the figure in `audits.measures`.
"""

from __future__ import annotations

from datetime import date

from audits import dao
from audits.constants import AuditPermission, AuditStatus
from audits.measures import _filter
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.measures import BehindRecord, DrillDown, MeasureRecords, MeasureScope, RecordList

COUNT = "Count"


def _audit(audit, detail: str) -> BehindRecord:
    return BehindRecord("Case audit", f"Audit {audit.id} of case {audit.case_reference}", audit.team_id, detail, 1.0)


def _graded(start: date, end: date, scope: MeasureScope, counted: str, title: str) -> MeasureRecords:
    rows = [
        (getattr(grade, counted), _audit(audit, f"dated {display_date(audit.audit_date)}, graded {grade.label}"))
        for audit, grade in dao.list_graded(_filter(scope), start, end)
    ]
    return MeasureRecords(
        RecordList(title, COUNT, tuple(record for chosen, record in rows if chosen)),
        RecordList("Submitted audits dated in the period", COUNT, tuple(record for _chosen, record in rows)),
    )


def completion(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    audits = [
        (
            audit.status is AuditStatus.SUBMITTED,
            _audit(audit, f"due {display_date(audit.due_date)}, {audit.status.value}"),
        )
        for audit in dao.list_programme_audits_due(_filter(scope), start, end)
    ]
    return MeasureRecords(
        RecordList("Programme audits submitted", COUNT, tuple(record for done, record in audits if done)),
        RecordList("Programme audits due in the period", COUNT, tuple(record for _done, record in audits)),
    )


def agreement(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    rows = [
        (
            moderated.rank == auditor.rank,
            _audit(
                audit,
                f"moderated {display_date(moderation.moderated_on)}: "
                f"auditor {auditor.label}, moderator {moderated.label}",
            ),
        )
        for moderation, audit, auditor, moderated in dao.list_moderated(_filter(scope), start, end)
    ]
    return MeasureRecords(
        RecordList("Moderations that agreed the grade", COUNT, tuple(record for agreed, record in rows if agreed)),
        RecordList("Audits moderated in the period", COUNT, tuple(record for _agreed, record in rows)),
    )


def actions(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    rows = [
        (
            on_time,
            BehindRecord(
                "Audit action",
                f"Action {action.id} on audit {audit.id} of case {audit.case_reference}",
                audit.team_id,
                f"due {display_date(action.due_date)}, {action.status.value}"
                + (f" {display_date(action.completed_on)}" if action.completed_on else ""),
                1.0,
            ),
        )
        for action, audit, on_time in dao.list_actions_due(_filter(scope), start, end, clock.today())
    ]
    return MeasureRecords(
        RecordList("Actions completed on time", COUNT, tuple(record for done, record in rows if done)),
        RecordList("Actions due in the period (up to today)", COUNT, tuple(record for _done, record in rows)),
    )


DRILL_DOWNS = {
    "audits_good_or_better": DrillDown(
        lambda start, end, scope: _graded(start, end, scope, "good_or_better", "Audits graded good or better"),
        AuditPermission.VIEW_AUDITS,
    ),
    "audits_inadequate": DrillDown(
        lambda start, end, scope: _graded(start, end, scope, "inadequate", "Audits graded inadequate"),
        AuditPermission.VIEW_AUDITS,
    ),
    "audits_programme_completion": DrillDown(completion, AuditPermission.VIEW_AUDITS),
    "audits_moderation_agreement": DrillDown(agreement, AuditPermission.VIEW_AUDITS),
    "audits_actions_on_time": DrillDown(actions, AuditPermission.VIEW_AUDITS),
}
