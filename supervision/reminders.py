"""Supervision's reminder rules: due soon and overdue (supervisee and supervisor), long overdue (the team
manager), and records waiting for a signature. LGA Standard 5 asks that frequency is monitored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask import url_for
from sqlalchemy import select

from supervision import dao
from supervision.constants import ScheduleStatus, SessionStatus
from supervision.models import Supervision, SupervisionAgreement
from supervision.schedule import schedule_rows
from workforce.extensions import db
from workforce.kernel.notifications.rules import NotificationRule, Reminder, RuleContext, days, team_managers
from workforce.people.dao import users_for_staff
from workforce.people.models import StaffMember


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _rows(context: RuleContext) -> list[dict]:
    if context.for_user is None:
        return schedule_rows(context.on)
    user = context.for_user
    staff = dao.get_staff_for_user(user)
    staff_ids = set()
    if staff is not None:
        staff_ids = {staff.id, *db.session.execute(dao.supervisee_ids_query(staff.id)).scalars()}
    team_ids = {team.id for team in user.managed_teams}
    if not staff_ids and not team_ids:
        return []
    return schedule_rows(context.on, frozenset(team_ids), frozenset(staff_ids))


def _supervisors(staff_ids: list[int]) -> dict[int, set[int]]:
    """Each worker's supervisors: who holds a current agreement with them, and their line manager."""
    found: dict[int, set[int]] = {staff_id: set() for staff_id in staff_ids}
    if not staff_ids:
        return found
    for supervisee_id, supervisor_id in db.session.execute(
        select(SupervisionAgreement.supervisee_id, SupervisionAgreement.supervisor_id).where(
            SupervisionAgreement.supervisee_id.in_(staff_ids), SupervisionAgreement.ended_on.is_(None)
        )
    ):
        found[supervisee_id].add(supervisor_id)
    for staff_id, manager_id in db.session.execute(
        select(StaffMember.id, StaffMember.line_manager_id).where(
            StaffMember.id.in_(staff_ids), StaffMember.line_manager_id.is_not(None)
        )
    ):
        found[staff_id].add(manager_id)
    return found


def _worker_reminders(context: RuleContext, rule: str, wanted) -> Iterator[Reminder]:
    rows = [row for row in _rows(context) if row["due_on"] is not None and wanted(row)]
    if not rows:
        return
    supervisors = _supervisors([row["staff_id"] for row in rows])
    accounts = users_for_staff({row["staff_id"] for row in rows} | {s for ids in supervisors.values() for s in ids})
    for row in rows:
        due = row["due_on"]
        late = (context.on - due).days
        state = f"is due by {_when(due)}" if late <= 0 else f"is {days(late)} overdue (due {_when(due)})"
        supervisee = accounts.get(row["staff_id"])
        if supervisee is not None:
            yield Reminder(
                rule,
                supervisee,
                f"Your supervision {state}",
                url_for("supervision.list_supervisions"),
                "Staff member",
                row["staff_id"],
                due.isoformat(),
                details=("Agree a time with your supervisor if it is not booked yet.",),
            )
        for supervisor_id in sorted(supervisors[row["staff_id"]]):
            supervisor = accounts.get(supervisor_id)
            if supervisor is not None and supervisor is not supervisee:
                yield Reminder(
                    rule,
                    supervisor,
                    f"Supervision for {row['name']} {state}",
                    url_for("supervision.record_supervision"),
                    "Staff member",
                    row["staff_id"],
                    due.isoformat(),
                )


def due_soon(context: RuleContext) -> Iterator[Reminder]:
    before = int(context.settings["days_before"])
    yield from _worker_reminders(
        context, "supervision-due", lambda row: 0 <= (row["due_on"] - context.on).days <= before
    )


def overdue(context: RuleContext) -> Iterator[Reminder]:
    yield from _worker_reminders(context, "supervision-overdue", lambda row: row["status"] is ScheduleStatus.OVERDUE)


def long_overdue(context: RuleContext) -> Iterator[Reminder]:
    after = int(context.settings["days_overdue"])
    rows = [
        row
        for row in _rows(context)
        if row["due_on"] is not None
        and row["status"] is ScheduleStatus.OVERDUE
        and (context.on - row["due_on"]).days > after
    ]
    managers = team_managers(row["team_id"] for row in rows)
    for row in rows:
        late = (context.on - row["due_on"]).days
        for manager in managers.get(row["team_id"], []):
            yield Reminder(
                "supervision-overdue-escalated",
                manager,
                f"Supervision for {row['name']} is {days(late)} overdue",
                url_for("supervision.show_schedule", show="overdue"),
                "Staff member",
                row["staff_id"],
                row["due_on"].isoformat(),
                details=(
                    f"It was due on {_when(row['due_on'])}; supervision more than {days(after)} late "
                    "comes to the team manager.",
                ),
            )


def awaiting_signature(context: RuleContext) -> Iterator[Reminder]:
    query = select(Supervision).where(
        Supervision.superseded_at.is_(None),
        Supervision.status == SessionStatus.HELD,
        (Supervision.supervisee_signed_at.is_(None)) | (Supervision.supervisor_signed_at.is_(None)),
    )
    if context.for_user is not None:
        staff = dao.get_staff_for_user(context.for_user)
        if staff is None:
            return
        query = query.where((Supervision.supervisee_id == staff.id) | (Supervision.supervisor_id == staff.id))
    records = list(db.session.execute(query.order_by(Supervision.held_on, Supervision.id)).scalars())
    accounts = users_for_staff({r.supervisee_id for r in records} | {r.supervisor_id for r in records})
    for record in records:
        held = _when(record.held_on) if record.held_on else "recently"
        link = url_for("supervision.show_supervision", supervision_id=record.id)
        if record.supervisee_signed_at is None and record.supervisee_id in accounts:
            yield Reminder(
                "supervision-sign-off",
                accounts[record.supervisee_id],
                f"Your supervision record of {held} is waiting for your signature",
                link,
                "Supervision",
                record.id,
                str(record.version),
            )
        if record.supervisor_signed_at is None and record.supervisor_id in accounts:
            yield Reminder(
                "supervision-sign-off",
                accounts[record.supervisor_id],
                f"The supervision record of {held} with {record.supervisee} is waiting for your signature",
                link,
                "Supervision",
                record.id,
                str(record.version),
            )


RULES = (
    NotificationRule(
        "supervision-due",
        "Supervision due soon",
        "The supervisee and their supervisors, when the next session is due within `days_before` days.",
        "supervision",
        due_soon,
        {"days_before": 3},
        page=lambda: url_for("supervision.show_schedule", show="due-soon"),
        order=10,
    ),
    NotificationRule(
        "supervision-overdue",
        "Supervision overdue",
        "The supervisee and their supervisors, once, when a session is overdue.",
        "supervision",
        overdue,
        {},
        page=lambda: url_for("supervision.show_schedule", show="overdue"),
        order=11,
    ),
    NotificationRule(
        "supervision-overdue-escalated",
        "Supervision long overdue in your teams",
        "The team manager, when a worker's supervision is overdue by more than `days_overdue` days.",
        "supervision",
        long_overdue,
        {"days_overdue": 14},
        page=lambda: url_for("supervision.show_schedule", show="overdue"),
        order=12,
    ),
    NotificationRule(
        "supervision-sign-off",
        "Supervision records to sign",
        "The supervisee or supervisor who has not yet signed a held session's record.",
        "supervision",
        awaiting_signature,
        {},
        page=lambda: url_for("supervision.list_supervisions"),
        order=13,
    ),
)
