"""Accounts from staff records: linking, provisioning with roles worked out from the job, and leavers.

Every change writes the audit trail in the caller's transaction and flushes; the view or command commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.golive.constants import ProvisionSkip
from workforce.kernel import audit_trail, clock
from workforce.kernel.audit_trail import Action
from workforce.kernel.auth.services import new_session_token
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.kernel.users import dao as users_dao
from workforce.kernel.users import services as users_services
from workforce.people.constants import CensusRole
from workforce.people.models import Assignment, StaffMember


class AccountError(ValueError):
    """A link or an account refused for a reason the user can fix."""


def _account_label(user: User | None) -> str | None:
    return f"{user.name} <{user.email}>" if user is not None else None


def link_account(staff_member: StaffMember, user: User, note: str | None = None) -> None:
    """Link an account to a staff record: supervision, training and caseloads then know who the user is."""
    if staff_member.user_id == user.id:
        return
    if staff_member.user_id is not None:
        raise AccountError(f"{staff_member} is already linked to {_account_label(staff_member.user)}: unlink it first")
    other = db.session.execute(select(StaffMember).where(StaffMember.user_id == user.id)).scalar()
    if other is not None:
        raise AccountError(f"{user.email} is already linked to the staff record of {other}")
    staff_member.user = user
    db.session.flush()
    change = {"account": {"before": None, "after": _account_label(user)}}
    audit_trail.record(staff_member, Action.LINKED, change, note)
    audit_trail.record(user, Action.LINKED, {"staff_record": {"before": None, "after": str(staff_member)}}, note)


def unlink_account(staff_member: StaffMember, note: str | None = None) -> User | None:
    user = staff_member.user
    if user is None:
        return None
    staff_member.user = None
    db.session.flush()
    audit_trail.record(
        staff_member, Action.UNLINKED, {"account": {"before": _account_label(user), "after": None}}, note
    )
    audit_trail.record(user, Action.UNLINKED, {"staff_record": {"before": str(staff_member), "after": None}}, note)
    return user


def unlinked_accounts() -> list[User]:
    linked = select(StaffMember.user_id).where(StaffMember.user_id.is_not(None))
    return list(
        db.session.execute(
            select(User).where(User.id.not_in(linked), User.deactivated_at.is_(None)).order_by(User.name)
        ).scalars()
    )


@dataclass(frozen=True)
class EmailMatch:
    staff_member: StaffMember
    user: User


def email_matches(staff_member: StaffMember | None = None) -> list[EmailMatch]:
    """Unlinked staff records whose work email is an unlinked account's email: offered for linking."""
    linked = select(StaffMember.user_id).where(StaffMember.user_id.is_not(None))
    query = (
        select(StaffMember, User)
        .join(User, func.lower(User.email) == StaffMember.email)
        .where(StaffMember.user_id.is_(None), StaffMember.archived_at.is_(None), User.id.not_in(linked))
        .order_by(StaffMember.last_name, StaffMember.first_name)
    )
    if staff_member is not None:
        query = query.where(StaffMember.id == staff_member.id)
    return [EmailMatch(staff, user) for staff, user in db.session.execute(query).all()]


# Roles from the job


@dataclass(frozen=True)
class WorkedOutRole:
    role: Role
    teams: tuple[Team, ...]
    reason: str


def _current(assignments: Iterable[Assignment], on: date) -> list[Assignment]:
    return [assignment for assignment in assignments if assignment.current_on(on)]


def _line_manages_anyone(staff_ids: list[int]) -> set[int]:
    if not staff_ids:
        return set()
    return set(
        db.session.execute(
            select(StaffMember.line_manager_id).where(
                StaffMember.line_manager_id.in_(staff_ids), StaffMember.archived_at.is_(None)
            )
        ).scalars()
    )


def work_out_role(staff_member: StaffMember, on: date, line_managers: set[int] | None = None) -> WorkedOutRole | None:
    """The account a person's job calls for, from their current assignments' census role (DfE OrgRole).

    First line managers manage the teams of those assignments; senior and middle managers (heads of service,
    the DCS) are senior leaders; senior practitioners and anyone who line-manages someone supervise, so they
    are practice supervisors; everyone else in post is a social worker in their team. None when not in post.
    """
    current = sorted(_current(staff_member.assignments, on), key=lambda a: (int(a.census_role), a.start_date))
    if not current:
        return None
    managing = [a for a in current if a.census_role is CensusRole.FIRST_LINE_MANAGER]
    if managing:
        teams = tuple(dict.fromkeys(a.team for a in managing))
        names = ", ".join(team.name for team in teams)
        return WorkedOutRole(Role.TEAM_MANAGER, teams, f"First line manager in {names}")
    top = current[0]
    if top.census_role in (CensusRole.SENIOR_MANAGER, CensusRole.MIDDLE_MANAGER):
        return WorkedOutRole(Role.SENIOR_LEADER, (), f"{top.census_role.label} in {top.team.name}")
    if line_managers is None:
        line_managers = _line_manages_anyone([staff_member.id])
    if top.census_role is CensusRole.SENIOR_PRACTITIONER or staff_member.id in line_managers:
        reason = (
            f"Senior practitioner in {top.team.name}"
            if top.census_role is CensusRole.SENIOR_PRACTITIONER
            else f"Line-manages staff in {top.team.name}"
        )
        return WorkedOutRole(Role.PRACTICE_SUPERVISOR, (top.team,), reason)
    return WorkedOutRole(Role.SOCIAL_WORKER, (top.team,), f"{top.census_role.label} in {top.team.name}")


@dataclass
class PlannedAccount:
    staff_member: StaffMember
    worked_out: WorkedOutRole | None
    skip: ProvisionSkip | None = None
    existing_user: User | None = None

    @property
    def will_create(self) -> bool:
        return self.skip is None


@dataclass
class ProvisioningPlan:
    on: date
    team: Team | None
    accounts: list[PlannedAccount] = field(default_factory=list)

    @property
    def to_create(self) -> list[PlannedAccount]:
        return [planned for planned in self.accounts if planned.will_create]

    @property
    def skipped(self) -> list[PlannedAccount]:
        return [planned for planned in self.accounts if not planned.will_create]


def plan_provisioning(team: Team | None = None, on: date | None = None) -> ProvisioningPlan:
    """Who would get an account, and with which role: every current staff record (or one team's)."""
    on = on or clock.today()
    query = (
        select(StaffMember)
        .options(selectinload(StaffMember.assignments).selectinload(Assignment.team), selectinload(StaffMember.user))
        .where(StaffMember.archived_at.is_(None))
        .order_by(StaffMember.last_name, StaffMember.first_name, StaffMember.employee_number)
    )
    if team is not None:
        in_team = select(Assignment.staff_id).where(
            Assignment.team_id == team.id,
            Assignment.start_date <= on,
            (Assignment.end_date.is_(None)) | (Assignment.end_date >= on),
        )
        query = query.where(StaffMember.id.in_(in_team))
    people = list(db.session.execute(query).scalars())
    line_managers = _line_manages_anyone([person.id for person in people])
    emails = {person.email for person in people if person.email}
    users_by_email = (
        {
            user.email.lower(): user
            for user in db.session.execute(select(User).where(func.lower(User.email).in_(emails))).scalars()
        }
        if emails
        else {}
    )
    plan = ProvisioningPlan(on, team)
    for person in people:
        worked_out = work_out_role(person, on, line_managers)
        planned = PlannedAccount(person, worked_out)
        if person.user_id is not None:
            planned.skip, planned.existing_user = ProvisionSkip.LINKED, person.user
        elif worked_out is None:
            planned.skip = ProvisionSkip.NOT_IN_POST
        elif not person.email:
            planned.skip = ProvisionSkip.NO_EMAIL
        elif person.email in users_by_email:
            planned.skip, planned.existing_user = ProvisionSkip.EMAIL_TAKEN, users_by_email[person.email]
        plan.accounts.append(planned)
    return plan


def provision(plan: ProvisioningPlan, staff_ids: Iterable[int] | None = None) -> list[User]:
    """Create the planned accounts (only `staff_ids` when given), each linked to its staff record.

    Accounts get no password: staff sign in with their council account (OpenID Connect).
    """
    chosen = None if staff_ids is None else set(staff_ids)
    created = []
    for planned in plan.to_create:
        if chosen is not None and planned.staff_member.id not in chosen:
            continue
        created.append(
            _create_linked_account(planned.staff_member, planned.worked_out, "Provisioned from the staff record")
        )
    return created


def _create_linked_account(staff_member: StaffMember, worked_out: WorkedOutRole, note: str) -> User:
    user = users_services.create_user(
        email=staff_member.email, name=staff_member.name, role=worked_out.role, teams=list(worked_out.teams)
    )
    audit_trail.record(
        user,
        Action.PROVISIONED,
        {"role": {"before": None, "after": worked_out.role.value}},
        f"{note}: {worked_out.reason}",
    )
    link_account(staff_member, user, note)
    return user


def account_for_council_sign_in(email: str) -> User | None:
    """An account for someone the identity provider signed in who has none yet, when the council allows it:
    the staff record with this work email, in post, gets its worked-out role."""
    email = (email or "").strip().lower()
    if not email or users_dao.get_user_by_email(email) is not None:
        return None
    staff_member = db.session.execute(
        select(StaffMember).where(StaffMember.email == email, StaffMember.archived_at.is_(None))
    ).scalar()
    if staff_member is None or staff_member.user_id is not None:
        return None
    worked_out = work_out_role(staff_member, clock.today())
    if worked_out is None:
        return None
    return _create_linked_account(staff_member, worked_out, "Provisioned at their first council sign-in")


# Leavers


def leaving_date(staff_member: StaffMember, on: date) -> date | None:
    """The last day of a person who has left (or leaves today): no assignment continues after it."""
    assignments = staff_member.assignments
    if not assignments or any(a.end_date is None or a.end_date > on for a in assignments):
        return None
    leaving = [a.end_date for a in assignments if a.is_leaving]
    return max(leaving) if leaving else None


def deactivate_leavers(on: date | None = None) -> list[tuple[User, date]]:
    """Deactivate the account of everyone whose last day is today or earlier; the audit trail says why.

    Run daily (the scheduled job) and from `wpq users deactivate-leavers`; running it twice changes nothing.
    """
    on = on or clock.today()
    people = db.session.execute(
        select(StaffMember)
        .join(User, User.id == StaffMember.user_id)
        .options(selectinload(StaffMember.assignments), selectinload(StaffMember.user))
        .where(User.deactivated_at.is_(None), User.break_glass.is_(False))
        .order_by(StaffMember.last_name)
    ).scalars()
    deactivated = []
    for person in people:
        last_day = leaving_date(person, on)
        if last_day is None:
            continue
        user = person.user
        before = audit_trail.snapshot(user)
        user.deactivated_at = clock.now()
        user.session_token = new_session_token()
        audit_trail.record_updated(
            user, before, action=Action.DEACTIVATED, note=f"Left the council: last day {display_date(last_day)}"
        )
        deactivated.append((user, last_day))
    db.session.flush()
    return deactivated
