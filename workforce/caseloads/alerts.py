"""Alerts for managers from a caseload snapshot: who needs attention, and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import AlertKind, CaseloadStatus
from workforce.caseloads.models import CaseloadSnapshot
from workforce.caseloads.workloads import WorkerCaseload, worker_caseloads
from workforce.extensions import db
from workforce.kernel import freshness
from workforce.kernel.dates import display_date
from workforce.people.constants import RegistrationStatus
from workforce.people.models import Absence, StaffMember


@dataclass(frozen=True)
class CaseloadAlert:
    kind: AlertKind
    worker: WorkerCaseload
    detail: str


def _long_term_absent(staff_ids: list[int], on: date) -> dict[int, date]:
    days = int(caseload_settings.get("caseload_long_term_absence_days"))
    started_by = on - timedelta(days=days - 1)
    rows = db.session.execute(
        select(Absence.staff_id, Absence.start_date).where(
            Absence.staff_id.in_(staff_ids),
            Absence.start_date <= started_by,
            Absence.withdrawn_at.is_(None),
            or_(Absence.end_date.is_(None), Absence.end_date >= on),
        )
    )
    return dict(rows.all())


def _unregistered(staff_ids: list[int], on: date) -> dict[int, str]:
    rows = db.session.execute(
        select(StaffMember.id, StaffMember.registration_status, StaffMember.registered_until).where(
            StaffMember.id.in_(staff_ids)
        )
    )
    result = {}
    for staff_id, status, registered_until in rows:
        if status in (RegistrationStatus.LAPSED, RegistrationStatus.SUSPENDED, RegistrationStatus.REMOVED):
            result[staff_id] = f"Registration {status.label.lower()}"
        elif registered_until is not None and registered_until < on and status is not RegistrationStatus.NOT_REQUIRED:
            result[staff_id] = f"Registration ended on {display_date(registered_until)}"
    return result


def alerts_for(snapshot: CaseloadSnapshot, team_ids: Iterable[int] | None = None) -> list[CaseloadAlert]:
    """Every alert in a snapshot, limited to the given teams (None for the whole council); kept between
    requests while the tables it reads are unchanged."""
    teams = None if team_ids is None else tuple(sorted(set(team_ids)))
    return list(
        freshness.kept(
            ("caseloads.alerts", snapshot.id, snapshot.snapshot_date, teams), lambda: _compute_alerts(snapshot, teams)
        )
    )


def _compute_alerts(snapshot: CaseloadSnapshot, team_ids: Iterable[int] | None) -> list[CaseloadAlert]:
    on = snapshot.snapshot_date
    holders = [worker for worker in worker_caseloads(snapshot, team_ids) if worker.total_cases > 0]
    known = [worker.staff_id for worker in holders if worker.staff_id is not None]
    absent = _long_term_absent(known, on)
    unregistered = _unregistered(known, on)
    alerts: list[CaseloadAlert] = []
    for worker in holders:
        cases = f"{worker.total_cases} case{'' if worker.total_cases == 1 else 's'}"
        if worker.staff_id is None:
            alerts.append(
                CaseloadAlert(AlertKind.UNKNOWN_WORKER, worker, f"{cases} held by {worker.worker_identifier}")
            )
            continue
        if not worker.in_post:
            alerts.append(CaseloadAlert(AlertKind.LEAVER_HOLDING_CASES, worker, f"{cases}; no current assignment"))
            continue
        if worker.status is CaseloadStatus.OVER:
            alerts.append(
                CaseloadAlert(
                    AlertKind.OVER_THRESHOLD,
                    worker,
                    f"{worker.caseload_per_fte:.1f} cases per FTE against a threshold of "
                    f"{worker.threshold.limit_per_fte:g} ({worker.programme.label.lower()})",
                )
            )
        if worker.staff_id in unregistered:
            alerts.append(
                CaseloadAlert(AlertKind.LAPSED_REGISTRATION, worker, f"{unregistered[worker.staff_id]}; {cases}")
            )
        if worker.staff_id in absent:
            alerts.append(
                CaseloadAlert(
                    AlertKind.LONG_TERM_ABSENCE,
                    worker,
                    f"Absent since {display_date(absent[worker.staff_id])}; {cases}",
                )
            )
    order = list(AlertKind)
    alerts.sort(key=lambda alert: (order.index(alert.kind), alert.worker.name))
    return alerts
