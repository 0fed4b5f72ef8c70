"""Queries about supervision records, always restricted to what the user may see."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, false, func, or_, select, union
from sqlalchemy.orm import selectinload

from supervision.constants import SessionStatus
from supervision.models import Supervision, SupervisionAction, SupervisionAgreement, SupervisionPolicy
from workforce.extensions import db
from workforce.kernel import freshness
from workforce.kernel.models import Team
from workforce.kernel.permissions import Scope, scope_of
from workforce.people.models import Assignment, StaffMember


def get_staff_for_user(user) -> StaffMember | None:
    """The staff record linked to a WPQ account, if any (read once a request: the home page's sections and
    the schedule's filter each ask)."""
    if user is None or not user.is_authenticated:
        return None
    return freshness.for_this_request(
        ("supervision.staff-for-user", user.id),
        lambda: db.session.execute(
            select(StaffMember).where(StaffMember.user_id == user.id, StaffMember.archived_at.is_(None))
        ).scalar(),
    )


def supervisee_ids_query(staff_id: int) -> Select:
    """Staff a person supervises: those they line-manage and those with a current agreement with them."""
    line_managed = select(StaffMember.id).where(StaffMember.line_manager_id == staff_id)
    agreed = select(SupervisionAgreement.supervisee_id).where(
        SupervisionAgreement.supervisor_id == staff_id, SupervisionAgreement.ended_on.is_(None)
    )
    return line_managed.union(agreed)


def _visibility(user, scope: Scope, staff: StaffMember | None, team_column, supervisee_column, supervisor_column):
    """The condition for rows a user may see: their teams (scope), their own, their supervisees'."""
    if scope.all_teams:
        return None
    conditions = []
    if scope.team_ids:
        conditions.append(team_column.in_(sorted(scope.team_ids)))
    if staff is not None:
        conditions.append(supervisee_column == staff.id)
        if supervisor_column is not None:
            conditions.append(supervisor_column == staff.id)
        conditions.append(supervisee_column.in_(supervisee_ids_query(staff.id)))
    return or_(*conditions) if conditions else false()


def visible_supervisions_query(user) -> Select:
    """Current versions of the supervision records the user may see (the scoping helper plus their own)."""
    query = select(Supervision).where(Supervision.superseded_at.is_(None))
    condition = _visibility(
        user,
        scope_of(user),
        get_staff_for_user(user),
        Supervision.team_id,
        Supervision.supervisee_id,
        Supervision.supervisor_id,
    )
    return query if condition is None else query.where(condition)


def may_see(user, supervision: Supervision) -> bool:
    query = visible_supervisions_query(user).where(Supervision.id == supervision.id).with_only_columns(Supervision.id)
    if supervision.superseded_at is not None:
        # An earlier version is visible to whoever may see the current one.
        current = select(func.max(Supervision.id)).where(Supervision.id.in_(_chain_ids(supervision.id)))
        query = (
            visible_supervisions_query(user)
            .where(Supervision.id == current.scalar_subquery())
            .with_only_columns(Supervision.id)
        )
    return db.session.execute(query).first() is not None


def may_see_reflective_notes(user, supervision: Supervision) -> bool:
    """Reflective notes: only the supervisee, the supervisor and their line managers (LGA Standard 5)."""
    staff = get_staff_for_user(user)
    if staff is None:
        return False
    people = (supervision.supervisee, supervision.supervisor)
    return any(person.id == staff.id or person.line_manager_id == staff.id for person in people)


def list_awaiting_signature(staff: StaffMember | None) -> list[Supervision]:
    """Held, current records the person has still to sign (as supervisee or supervisor)."""
    if staff is None:
        return []
    query = select(Supervision).where(
        Supervision.superseded_at.is_(None),
        Supervision.status == SessionStatus.HELD,
        or_(
            (Supervision.supervisee_id == staff.id) & Supervision.supervisee_signed_at.is_(None),
            (Supervision.supervisor_id == staff.id) & Supervision.supervisor_signed_at.is_(None),
        ),
    )
    # The few records waiting are found by index; their people are loaded by id afterwards, since joining
    # staff twice made PostgreSQL hash the whole staff table for a handful of rows.
    people = (selectinload(Supervision.supervisee), selectinload(Supervision.supervisor))
    return list(db.session.execute(query.options(*people).order_by(Supervision.held_on)).scalars())


def _chain_ids(supervision_id: int):
    """The ids of every version of a record, older and newer than `supervision_id`, as one query: two
    recursive walks of `previous_version_id`, one back to the first version, one on to the current one."""
    older = select(Supervision.id, Supervision.previous_version_id).where(Supervision.id == supervision_id)
    older = older.cte("older_versions", recursive=True)
    older = older.union_all(
        select(Supervision.id, Supervision.previous_version_id).where(Supervision.id == older.c.previous_version_id)
    )
    newer = select(Supervision.id).where(Supervision.id == supervision_id).cte("newer_versions", recursive=True)
    newer = newer.union_all(select(Supervision.id).where(Supervision.previous_version_id == newer.c.id))
    return union(select(older.c.id), select(newer.c.id))


def list_versions(supervision: Supervision) -> list[Supervision]:
    """Every version of a record, newest first (an amendment is always a later row than the one it replaces)."""
    query = select(Supervision).where(Supervision.id.in_(_chain_ids(supervision.id))).order_by(Supervision.id.desc())
    return list(db.session.execute(query).scalars())


def list_open_actions(supervisee_id: int) -> list[SupervisionAction]:
    """Actions not yet done from the supervisee's current records, oldest due first (they carry forward)."""
    query = (
        select(SupervisionAction)
        .join(Supervision, Supervision.id == SupervisionAction.supervision_id)
        .where(
            SupervisionAction.supervisee_id == supervisee_id,
            SupervisionAction.completed_on.is_(None),
            Supervision.superseded_at.is_(None),
        )
        .order_by(SupervisionAction.due_on, SupervisionAction.id)
    )
    return list(db.session.execute(query).scalars())


def list_recordable_supervisees(user, on: date) -> list[StaffMember]:
    """Who the user may record supervision for: people in their managed teams and people they supervise."""
    staff = get_staff_for_user(user)
    scope = scope_of(user)
    conditions = []
    team_ids = {team.id for team in getattr(user, "managed_teams", [])}
    if team_ids:
        in_team = select(Assignment.staff_id).where(
            Assignment.team_id.in_(sorted(team_ids)),
            Assignment.start_date <= on,
            (Assignment.end_date.is_(None)) | (Assignment.end_date >= on),
        )
        conditions.append(StaffMember.id.in_(in_team))
    if staff is not None:
        conditions.append(StaffMember.id.in_(supervisee_ids_query(staff.id)))
    if not conditions or scope is None:
        return []
    query = select(StaffMember).where(or_(*conditions), StaffMember.archived_at.is_(None))
    if staff is not None:
        query = query.where(StaffMember.id != staff.id)
    return list(db.session.execute(query.order_by(StaffMember.last_name, StaffMember.first_name)).scalars())


def team_on(staff_id: int, on: date) -> int | None:
    """The team of the person's assignment on the date (the latest started), else their latest team."""
    rows = db.session.execute(
        select(Assignment.team_id, Assignment.start_date, Assignment.end_date)
        .where(Assignment.staff_id == staff_id)
        .order_by(Assignment.start_date.desc())
    ).all()
    for team_id, start, end in rows:
        if start <= on and (end is None or end >= on):
            return team_id
    return rows[0][0] if rows else None


def list_policies() -> list[SupervisionPolicy]:
    return list(
        db.session.execute(select(SupervisionPolicy).order_by(SupervisionPolicy.effective_from.desc())).scalars()
    )


def list_agreements(user) -> list[SupervisionAgreement]:
    query = select(SupervisionAgreement).where(SupervisionAgreement.ended_on.is_(None))
    condition = _visibility(
        user,
        scope_of(user),
        get_staff_for_user(user),
        SupervisionAgreement.team_id,
        SupervisionAgreement.supervisee_id,
        SupervisionAgreement.supervisor_id,
    )
    if condition is not None:
        query = query.where(condition)
    return list(db.session.execute(query.order_by(SupervisionAgreement.review_on)).scalars())


def schedule_filter_for(user) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """(team ids, staff ids) whose schedules the user may see; None means no restriction of that kind."""
    scope = scope_of(user)
    if scope.all_teams:
        return None, None
    staff = get_staff_for_user(user)
    staff_ids = frozenset()
    if staff is not None:
        staff_ids = frozenset(db.session.execute(supervisee_ids_query(staff.id)).scalars())
    return frozenset(scope.team_ids), staff_ids


def list_current_agreements_for(supervisee_id: int) -> list[SupervisionAgreement]:
    return list(
        db.session.execute(
            select(SupervisionAgreement).where(
                SupervisionAgreement.supervisee_id == supervisee_id, SupervisionAgreement.ended_on.is_(None)
            )
        ).scalars()
    )


def team_names() -> dict[int, str]:
    """Every team's name by id (a schedule row names the team a worker was in, archived or not)."""
    return dict(db.session.execute(select(Team.id, Team.name)).all())


def list_open_teams(scope: Scope) -> list[Team]:
    """The teams not archived that `scope` may see, by name."""
    query = select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    return list(db.session.execute(scope.apply(query, Team.id)).scalars())


def list_team_month_sessions(team_id: int, first: date, last: date) -> list[Supervision]:
    """A team's current records held (or, not yet held, planned) between `first` and `last`."""
    return list(
        db.session.execute(
            select(Supervision)
            .where(
                Supervision.team_id == team_id,
                Supervision.superseded_at.is_(None),
                ((Supervision.held_on >= first) & (Supervision.held_on <= last))
                | (
                    (Supervision.held_on.is_(None))
                    & (Supervision.planned_on >= first)
                    & (Supervision.planned_on <= last)
                ),
            )
            .order_by(Supervision.held_on, Supervision.planned_on)
        ).scalars()
    )


def list_current_staff() -> list[StaffMember]:
    """Everyone not archived, by surname (the people a quality sample may name)."""
    query = select(StaffMember).where(StaffMember.archived_at.is_(None)).order_by(StaffMember.last_name)
    return list(db.session.execute(query).scalars())


def open_team_ids() -> list[int]:
    return list(db.session.execute(select(Team.id).where(Team.archived_at.is_(None))).scalars())
