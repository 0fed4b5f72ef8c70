"""Demo data: five years of supervision with realistic gaps, cancellations, late sign-off and a quality-audit sample.

Works from whatever staff records and assignments the people seeder made; when the demo team manager or
social worker has no staff record, it adds one (linked to their account, in their team, the manager as
the social worker's line manager) so that the record-and-sign journey works on the demo council.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from supervision import quality
from supervision.constants import (
    Answer,
    Frequency,
    Grade,
    SessionStatus,
    SignOffMethod,
    SupervisionType,
    Topic,
)
from supervision.models import Supervision, SupervisionAction, SupervisionAgreement, SupervisionCase
from supervision.policy import fallback_newly_qualified
from supervision.schedule import SUPERVISED_ROLES
from workforce.extensions import db
from workforce.kernel.contract import DemoSeeder
from workforce.kernel.dates import add_months
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole, EmploymentType, RegistrationStatus, StartOrigin
from workforce.people.models import Absence, Assignment, StaffMember

YEARS = 5
BATCH = 5000
CANCELLATION_REASONS = ["Court hearing", "Sickness", "Urgent child protection visit", "Annual leave", "Training day"]
AGENDAS = [
    "Caseload review, wellbeing, learning",
    "Case direction on complex cases, workload",
    "Reflection on a strategy meeting, CPD",
    "Workload, registration renewal, wellbeing",
]
ACTIONS = [
    "Update the chronology",
    "Book the risk assessment training",
    "Complete the CPD record for renewal",
    "Arrange a joint visit",
    "Review the child's plan with the family",
]
GRADE_WEIGHTS = [(Grade.OUTSTANDING, 1), (Grade.GOOD, 5), (Grade.REQUIRES_IMPROVEMENT, 3), (Grade.INADEQUATE, 1)]


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _ensure_demo_staff(context) -> None:
    """Staff records for the demo manager and social worker (and practice supervisor) when they have none."""
    manager_user = context.users.get(Role.TEAM_MANAGER)
    if manager_user is None or manager_user.team_id is None:
        return
    linked = {
        staff.user_id: staff
        for staff in db.session.execute(select(StaffMember).where(StaffMember.user_id.is_not(None))).scalars()
    }
    plan = [
        (Role.TEAM_MANAGER, CensusRole.FIRST_LINE_MANAGER, date(2009, 7, 1), date(2016, 4, 4)),
        (Role.PRACTICE_SUPERVISOR, CensusRole.SENIOR_PRACTITIONER, date(2012, 7, 1), date(2018, 9, 3)),
        (Role.SOCIAL_WORKER, CensusRole.CASE_HOLDER, date(2019, 7, 1), date(2020, 1, 6)),
    ]
    made = {}
    for number, (role, census_role, qualified, started) in enumerate(plan, start=1):
        user = context.users.get(role)
        if user is None:
            continue
        staff = linked.get(user.id)
        if staff is None:
            first, _, last = user.name.partition(" ")
            staff = StaffMember(
                employee_number=f"DEMO-SUP-{number}",
                first_name=first,
                last_name=last or first,
                swe_number=f"SW9{context.seed:02d}{number:03d}",
                qualification_date=qualified,
                employment_type=EmploymentType.PERMANENT,
                registration_status=RegistrationStatus.REGISTERED,
                user_id=user.id,
            )
            db.session.add(staff)
            db.session.flush()
            db.session.add(
                Assignment(
                    staff_id=staff.id,
                    team_id=user.team_id,
                    census_role=census_role,
                    employment_type=EmploymentType.PERMANENT,
                    fte=1.0,
                    case_holding=census_role is CensusRole.CASE_HOLDER,
                    start_date=started,
                    start_origin=StartOrigin.DIFFERENT_LA_IN_ENGLAND,
                )
            )
        made[role] = staff
    manager = made.get(Role.TEAM_MANAGER)
    for role in (Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR):
        staff = made.get(role)
        if staff is not None and manager is not None and staff.line_manager_id is None:
            staff.line_manager_id = manager.id
    db.session.flush()


def _supervisors(assignments) -> dict[int, list[tuple[date, date | None, int]]]:
    """Per team, the first-line managers and senior practitioners who can supervise: (start, end, staff id)."""
    by_team = defaultdict(list)
    for row in assignments:
        if row.census_role in (CensusRole.FIRST_LINE_MANAGER, CensusRole.SENIOR_PRACTITIONER):
            by_team[row.team_id].append((row.start_date, row.end_date, row.staff_id))
    return by_team


def _supervisor_for(staff, team_id: int, day: date, by_team, fallback: int | None) -> int | None:
    if staff.line_manager_id:
        return staff.line_manager_id
    for start, end, staff_id in by_team.get(team_id, []):
        if staff_id != staff.id and start <= day and (end is None or end >= day):
            return staff_id
    return fallback if fallback != staff.id else None


def seed(context) -> None:
    _ensure_demo_staff(context)
    rng = context.rng
    as_of = context.as_of
    since = add_months(as_of, -12 * YEARS)
    assignments = list(db.session.execute(select(Assignment).order_by(Assignment.start_date)).scalars())
    if not assignments:
        return
    staff_by_id = {staff.id: staff for staff in db.session.execute(select(StaffMember)).scalars()}
    long_absences = defaultdict(list)
    for absence in db.session.execute(select(Absence)).scalars():
        end = absence.end_date or as_of
        if (end - absence.start_date).days >= 27:
            long_absences[absence.staff_id].append((absence.start_date, end))
    by_team = _supervisors(assignments)
    manager_user = context.users.get(Role.TEAM_MANAGER)
    fallback = next((s.id for s in staff_by_id.values() if manager_user and s.user_id == manager_user.id), None)
    demo_worker = context.users.get(Role.SOCIAL_WORKER)

    supervisions, cases, actions, agreements = [], [], [], []
    for assignment in assignments:
        if assignment.census_role not in SUPERVISED_ROLES:
            continue
        staff = staff_by_id[assignment.staff_id]
        start = max(assignment.start_date, since)
        end = min(assignment.end_date or as_of, as_of)
        if end <= start:
            continue
        is_demo_worker = demo_worker is not None and staff.user_id == demo_worker.id
        supervisor_id = _supervisor_for(staff, assignment.team_id, end, by_team, fallback)
        if supervisor_id is None:
            continue
        agreements.append(
            {
                "supervisee_id": staff.id,
                "supervisor_id": supervisor_id,
                "team_id": assignment.team_id,
                "frequency": Frequency.MONTHLY,
                "supervision_type": SupervisionType.INDIVIDUAL,
                "starts_on": max(start, end - timedelta(days=300)),
                "review_on": max(start, end - timedelta(days=300)) + timedelta(days=365),
                "supervisor_signed_on": max(start, end - timedelta(days=300)),
                "supervisee_signed_on": max(start, end - timedelta(days=298)),
                "ended_on": None if assignment.end_date is None else assignment.end_date,
            }
        )
        # A reliable, an average or a stretched supervisor: how often sessions slip.
        slip = rng.choice([0.04, 0.1, 0.2])
        day = start + timedelta(days=rng.randint(5, 25))
        open_action_ids: list[int] = []
        while day <= end:
            if any(a_start <= day <= a_end for a_start, a_end in long_absences[staff.id]):
                day = next(a_end for a_start, a_end in long_absences[staff.id] if a_start <= day <= a_end)
                day += timedelta(days=rng.randint(7, 20))
                continue
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
                continue
            newly_qualified = fallback_newly_qualified(staff.qualification_date, day)
            if rng.random() < 0.08:
                supervisions.append(_row(staff, supervisor_id, assignment.team_id, SessionStatus.CANCELLED, day, rng))
                supervisions[-1]["cancellation_reason"] = rng.choice(CANCELLATION_REASONS)
                day += timedelta(days=rng.randint(3, 10))
                continue
            index = len(supervisions)
            row = _row(staff, supervisor_id, assignment.team_id, SessionStatus.HELD, day, rng)
            row["supervision_type"] = SupervisionType.ASYE if newly_qualified else SupervisionType.INDIVIDUAL
            _sign(row, day, as_of, rng, keep_open=is_demo_worker)
            supervisions.append(row)
            for _ in range(rng.randint(0, 2)):
                cases.append(
                    {
                        "supervision_id": index,
                        "case_reference": f"CR-{rng.randint(100000, 999999)}",
                        "decision_recorded": rng.random() < 0.9,
                    }
                )
            for action_id in open_action_ids:
                actions[action_id]["completed_on"] = day
                actions[action_id]["completed_in_id"] = index
            open_action_ids = []
            for _ in range(rng.randint(0, 2)):
                open_action_ids.append(len(actions))
                actions.append(
                    {
                        "supervision_id": index,
                        "supervisee_id": staff.id,
                        "description": rng.choice(ACTIONS),
                        "owner_id": staff.id if rng.random() < 0.8 else supervisor_id,
                        "due_on": day + timedelta(days=rng.randint(14, 35)),
                        "completed_on": None,
                        "completed_in_id": None,
                    }
                )
            interval = 7 if newly_qualified and (day - start).days < 42 else 14 if newly_qualified else 28
            gap = interval + rng.randint(-3, 1 if interval > 7 else 0)
            if rng.random() < slip:
                gap += rng.randint(10, 45)
            day += timedelta(days=max(gap, 5))
    ids = _bulk_returning_ids(supervisions)
    for row in cases:
        row["supervision_id"] = ids[row["supervision_id"]]
    for row in actions:
        row["supervision_id"] = ids[row["supervision_id"]]
        if row["completed_in_id"] is not None:
            row["completed_in_id"] = ids[row["completed_in_id"]]
    _bulk(SupervisionCase, cases)
    _bulk(SupervisionAction, actions)
    _bulk(SupervisionAgreement, agreements)
    context.progress(f"{len(supervisions):,} supervision sessions")
    _quality_sample(context)


def _row(staff, supervisor_id, team_id, status, day, rng) -> dict:
    held = status is SessionStatus.HELD
    topics = rng.sample([topic.value for topic in Topic], rng.randint(2, 5))
    return {
        "supervisee_id": staff.id,
        "supervisor_id": supervisor_id,
        "team_id": team_id,
        "status": status,
        "supervision_type": SupervisionType.INDIVIDUAL,
        "planned_on": day,
        "held_on": day if held else None,
        "duration_minutes": (rng.choice([90] * 8 + [100, 120, 120, 60]) if held else None),
        "agenda": rng.choice(AGENDAS),
        "agenda_set_jointly": rng.random() < 0.7,
        "topics": topics if held else [],
        "reflective_notes": "Reflected on practice and its impact on the child." if held else None,
        "wellbeing_checked": held and rng.random() < 0.85,
        "cancellation_reason": None,
        "supervisor_signed_at": None,
        "supervisor_signed_by_id": None,
        "supervisee_signed_at": None,
        "supervisee_signed_by_id": None,
        "supervisee_sign_off_method": None,
        "locked_at": None,
        "version": 1,
        "previous_version_id": None,
        "superseded_at": None,
        "amendment_reason": None,
        "created_at": _moment(day, 17),
        "created_by_id": None,
    }


def _sign(row: dict, day: date, as_of: date, rng, keep_open: bool) -> None:
    """Most records are signed within a few days; some late; the most recent may still be waiting."""
    supervisor_day = day + timedelta(days=rng.choice([0, 0, 1, 2, 3, 6]))
    supervisee_day = day + timedelta(days=rng.choice([0, 1, 2, 3, 4, 8, 12, 20]))
    if keep_open and (as_of - day).days < 45:
        return
    if supervisor_day <= as_of:
        row["supervisor_signed_at"] = _moment(supervisor_day, 16)
    if supervisee_day <= as_of:
        row["supervisee_signed_at"] = _moment(supervisee_day, 15)
        row["supervisee_sign_off_method"] = SignOffMethod.OWN_ACCOUNT if rng.random() < 0.7 else SignOffMethod.IN_PERSON
    if row["supervisor_signed_at"] and row["supervisee_signed_at"]:
        row["locked_at"] = max(row["supervisor_signed_at"], row["supervisee_signed_at"])


def _bulk_returning_ids(rows: list[dict]) -> list[int]:
    """Insert session rows with ids taken after the highest in use (fast, unlike inserts returning ids);
    PostgreSQL's id sequence is then moved past them."""
    first = (db.session.execute(select(func.max(Supervision.id))).scalar() or 0) + 1
    ids = list(range(first, first + len(rows)))
    for identifier, row in zip(ids, rows, strict=True):
        row["id"] = identifier
    _bulk(Supervision, rows)
    if rows and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('supervisions', 'id'), (SELECT max(id) FROM supervisions))")
        )
    return ids


def _bulk(model, rows: list[dict]) -> None:
    """Core inserts in batches: the ORM's bulk path is much slower at demo sizes."""
    for index in range(0, len(rows), BATCH):
        db.session.execute(insert(model.__table__), rows[index : index + BATCH])
    db.session.flush()


def _quality_sample(context) -> None:
    """Two records per team in each of the last four complete quarters, most of them audited."""
    auditor = context.users.get(Role.QA_OFFICER)
    team_ids = [team.id for team in context.teams]
    quarter = quality.quarter_start(context.as_of)
    weights = [weight for _, weight in GRADE_WEIGHTS]
    for _ in range(4):
        quarter = add_months(quarter, -3)
        audits = quality.draw_sample(quarter, 2, team_ids, context.rng)
        for audit in audits:
            if auditor is None or context.rng.random() < 0.15:
                continue
            grade = context.rng.choices([grade for grade, _ in GRADE_WEIGHTS], weights)[0]
            audit.answers = {
                str(number): context.rng.choice([Answer.YES, Answer.YES, Answer.PARTLY, Answer.NO]).value
                for number in range(1, len(audit.checklist.questions) + 1)
            }
            audit.grade = grade
            audit.findings = (
                "Regular sessions; reflection and workload discussed."
                if grade.good_or_better
                else ("Sessions missed and actions not specific.")
            )
            audit.actions = None if grade.good_or_better else "Set SMART actions; keep to the monthly schedule."
            audit.completed_on = min(add_months(quarter, 3) + timedelta(days=context.rng.randint(5, 25)), context.as_of)
            audit.auditor_id = auditor.id
    db.session.flush()


SEEDER = DemoSeeder("Supervision", 200, seed)
