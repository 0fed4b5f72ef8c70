"""The administrator's set-up checklist: each item ticks itself off from the data and links to where it is done."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import exists, func, select

from workforce.caseloads.models import CaseloadSnapshot
from workforce.extensions import db
from workforce.golive import council
from workforce.improvement.models import ImprovementPlan
from workforce.kernel import clock
from workforce.kernel.models import Team, User
from workforce.kernel.plurals import plural
from workforce.kernel.roles import Role
from workforce.people.models import Assignment, StaffMember


@dataclass(frozen=True)
class ChecklistItem:
    title: str
    done: bool
    status: str
    href: str
    who: str


def _count(statement) -> int:
    return db.session.execute(statement).scalar_one()


def checklist() -> list[ChecklistItem]:
    today = clock.today()
    summary = council.summary()
    teams = _count(select(func.count()).select_from(Team).where(Team.archived_at.is_(None)))
    in_post = (
        select(Assignment.staff_id)
        .where(Assignment.start_date <= today, (Assignment.end_date.is_(None)) | (Assignment.end_date >= today))
        .distinct()
    )
    staff = _count(select(func.count()).select_from(StaffMember).where(StaffMember.id.in_(in_post)))
    linked = _count(
        select(func.count())
        .select_from(StaffMember)
        .where(StaffMember.id.in_(in_post), StaffMember.user_id.is_not(None))
    )
    staff_users = _count(
        select(func.count())
        .select_from(User)
        .where(
            User.deactivated_at.is_(None),
            User.role.in_([Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PRACTICE_SUPERVISOR]),
        )
    )
    snapshots = _count(select(func.count()).select_from(CaseloadSnapshot))
    has_plan = db.session.execute(select(exists().where(ImprovementPlan.id.is_not(None)))).scalar()
    council_done = council.is_initialised()
    return [
        ChecklistItem(
            "Council settings",
            council_done,
            f"{summary.name}, LA code {summary.la_code}" if council_done else "Name and DfE LA code not set",
            url_for("golive.council_settings"),
            "Administrator, or `wpq council init`",
        ),
        ChecklistItem(
            "Service areas and teams",
            teams > 0,
            f"{teams} teams" if teams else "No teams yet",
            url_for("golive.import_teams"),
            "Administrator, or `wpq import teams`",
        ),
        ChecklistItem(
            "Staff imported",
            staff > 0,
            f"{plural(staff, 'person')} in post" if staff else "No staff records yet",
            url_for("people.import_file", kind="staff"),
            "HR, or `wpq import staff`",
        ),
        ChecklistItem(
            "Accounts",
            staff > 0 and linked == staff,
            f"{linked} of {plural(staff, 'person')} in post have an account ({plural(staff_users, 'staff account')})",
            url_for("golive.provision_accounts"),
            "HR or administrator, or `wpq users provision`",
        ),
        ChecklistItem(
            "Caseload history",
            snapshots > 0,
            f"{snapshots} caseload snapshots" if snapshots else "No caseload snapshot imported",
            url_for("caseloads.list_imports"),
            "Performance team (caseload import)",
        ),
        ChecklistItem(
            "Improvement plan",
            bool(has_plan),
            "A plan is recorded" if has_plan else "No improvement plan yet",
            url_for("improvement.list_plans"),
            "Senior leader",
        ),
    ]


def home_panel(user) -> dict:
    items = checklist()
    return {"checklist": items, "done": sum(1 for item in items if item.done)}
