"""Queries for staff records: the one staff-scoping rule every module uses, and lookups."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import aliased, joinedload

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import ALL_TEAM_ROLES, Role
from workforce.people.constants import CensusRole
from workforce.people.measures import post_establishment
from workforce.people.models import Absence, Assignment, Post, StaffMember

#: A team manager keeps seeing people who left their team up to this long ago (leaver forms, exit follow-up).
RECENT_LEAVER_WINDOW = timedelta(days=365)


def own_staff_record(user) -> StaffMember | None:
    """The staff record linked to a WPQ account, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.execute(select(StaffMember).where(StaffMember.user_id == user.id)).scalar()


def visible_staff_condition(user, on: date | None = None):
    """A WHERE condition on StaffMember: the staff records `user` may see.

    - HR, administrators, senior leaders, QA officers and academy leads: everyone;
    - a team manager: anyone with an assignment in a team they manage that is current, or ended in the
      last 12 months;
    - a practice supervisor: the staff whose line manager is their own staff record, and themself;
    - a social worker: themself only;
    - a committee viewer (and anyone else): nobody.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return false()
    on = on or clock.today()
    if user.role in ALL_TEAM_ROLES:
        return StaffMember.id.is_not(None)
    if user.role is Role.TEAM_MANAGER:
        team_ids = sorted(scope_of(user).team_ids)
        if not team_ids:
            return false()
        cutoff = on - RECENT_LEAVER_WINDOW
        # An uncorrelated IN: the team's people are found once, not looked for again for each staff record.
        in_team = select(Assignment.staff_id).where(
            Assignment.team_id.in_(team_ids),
            or_(Assignment.end_date.is_(None), Assignment.end_date >= cutoff),
        )
        return StaffMember.id.in_(in_team)
    own = select(StaffMember.id).where(StaffMember.user_id == user.id).scalar_subquery()
    if user.role is Role.PRACTICE_SUPERVISOR:
        return or_(StaffMember.id == own, StaffMember.line_manager_id == own)
    if user.role is Role.SOCIAL_WORKER:
        return StaffMember.id == own
    return false()


def visible_staff_query(user, on: date | None = None) -> Select:
    """select(StaffMember) limited to what `user` may see; add filters and ordering to it."""
    return select(StaffMember).where(visible_staff_condition(user, on))


def visible_staff_ids(user, on: date | None = None) -> Select:
    """select(StaffMember.id) of the staff `user` may see, for `column.in_(...)` in other modules."""
    return select(StaffMember.id).where(visible_staff_condition(user, on))


def can_see_staff_member(user, staff_member: StaffMember, on: date | None = None) -> bool:
    query = select(StaffMember.id).where(StaffMember.id == staff_member.id, visible_staff_condition(user, on))
    return db.session.execute(query).first() is not None


def get_staff_member(staff_id: int) -> StaffMember | None:
    return db.session.get(StaffMember, staff_id)


def find_staff_by_employee_number(employee_number: str) -> StaffMember | None:
    return db.session.execute(select(StaffMember).where(StaffMember.employee_number == employee_number)).scalar()


def find_staff_by_swe_number(swe_number: str) -> StaffMember | None:
    return db.session.execute(select(StaffMember).where(StaffMember.swe_number == swe_number)).scalar()


def current_assignments(staff_member: StaffMember, on: date | None = None) -> list[Assignment]:
    on = on or clock.today()
    return [assignment for assignment in staff_member.assignments if assignment.current_on(on)]


def current_assignments_by_staff(staff_ids: list[int], on: date | None = None) -> dict[int, list[Assignment]]:
    """`current_assignments` of many people in one query (with their teams): {staff id: assignments}."""
    on = on or clock.today()
    found: dict[int, list[Assignment]] = {staff_id: [] for staff_id in staff_ids}
    if not staff_ids:
        return found
    rows = db.session.execute(
        select(Assignment)
        .options(joinedload(Assignment.team))
        .where(
            Assignment.staff_id.in_(staff_ids),
            Assignment.start_date <= on,
            or_(Assignment.end_date.is_(None), Assignment.end_date >= on),
        )
        .order_by(Assignment.staff_id, Assignment.start_date, Assignment.id)
    ).scalars()
    for assignment in rows:
        found[assignment.staff_id].append(assignment)
    return found


def list_posts(team_ids: list[int] | None = None) -> list[Post]:
    query = select(Post).order_by(Post.post_number)
    if team_ids is not None:
        query = query.where(Post.team_id.in_(team_ids))
    return list(db.session.execute(query).scalars())


def list_absences(staff_member: StaffMember) -> list[Absence]:
    return list(
        db.session.execute(
            select(Absence).where(Absence.staff_id == staff_member.id).order_by(Absence.start_date.desc())
        ).scalars()
    )


def list_absent_on(on: date, user) -> list[tuple[StaffMember, Absence]]:
    """Who is absent on a date, among the staff `user` may see."""
    rows = db.session.execute(
        select(StaffMember, Absence)
        .join(Absence, Absence.staff_id == StaffMember.id)
        .where(
            visible_staff_condition(user, on),
            Absence.start_date <= on,
            Absence.withdrawn_at.is_(None),
            or_(Absence.end_date.is_(None), Absence.end_date >= on),
        )
        .order_by(StaffMember.last_name, StaffMember.first_name)
    ).all()
    return [(staff, absence) for staff, absence in rows]


def list_teams_for_user(user) -> list[Team]:
    query = select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    if user.role not in ALL_TEAM_ROLES:
        team_ids = sorted(scope_of(user).team_ids)
        query = query.where(Team.id.in_(team_ids)) if team_ids else query.where(false())
    return list(db.session.execute(query).scalars())


def list_line_manager_choices() -> list[StaffMember]:
    """Staff who can be line managers: anyone currently in a post, council-employed."""
    manager_role = aliased(Assignment)
    today = clock.today()
    return list(
        db.session.execute(
            select(StaffMember)
            .where(
                exists().where(
                    manager_role.staff_id == StaffMember.id,
                    manager_role.start_date <= today,
                    or_(manager_role.end_date.is_(None), manager_role.end_date >= today),
                    manager_role.census_role <= CensusRole.SENIOR_PRACTITIONER,
                )
            )
            .order_by(StaffMember.last_name, StaffMember.first_name)
        ).scalars()
    )


def list_registration_renewals(user, on: date | None = None) -> list[StaffMember]:
    """Visible social workers currently in post whose registration needs attention or renewal."""
    on = on or clock.today()
    in_post = exists().where(
        Assignment.staff_id == StaffMember.id,
        Assignment.start_date <= on,
        or_(Assignment.end_date.is_(None), Assignment.end_date >= on),
    )
    return list(
        db.session.execute(
            visible_staff_query(user, on)
            .where(in_post, StaffMember.swe_number.is_not(None))
            .order_by(StaffMember.registered_until, StaffMember.last_name)
        ).scalars()
    )


def users_without_staff_record() -> list[User]:
    linked = select(StaffMember.user_id).where(StaffMember.user_id.is_not(None))
    return list(db.session.execute(select(User).where(User.id.not_in(linked)).order_by(User.name)).scalars())


def establishment_by_team(on: date, team_ids: list[int] | None):
    """Per team: budgeted FTE, council-employed FTE filling posts, agency FTE covering vacancies, vacant FTE."""
    posts = post_establishment(on, MeasureScope.council())
    query = (
        select(
            Team,
            db.func.sum(posts.c.budgeted),
            db.func.sum(posts.c.filled),
            db.func.sum(posts.c.cover),
            db.func.sum(posts.c.vacancy),
            db.func.count(),
        )
        .join(posts, posts.c.team_id == Team.id)
        .group_by(Team.id)
        .order_by(Team.name)
    )
    if team_ids is not None:
        query = query.where(Team.id.in_(team_ids)) if team_ids else query.where(false())
    return db.session.execute(query).all()


def posts_with_occupants(team: Team, on: date) -> list[tuple[Post, list[Assignment]]]:
    """The funded posts of a team with the assignments current on a date (council-employed and agency)."""
    posts = [post for post in list_posts([team.id]) if post.funded_on(on)]
    current = db.session.execute(
        select(Assignment).where(
            Assignment.post_id.in_([post.id for post in posts]),
            Assignment.start_date <= on,
            or_(Assignment.end_date.is_(None), Assignment.end_date > on),
        )
    ).scalars()
    by_post: dict[int, list[Assignment]] = {}
    for assignment in current:
        by_post.setdefault(assignment.post_id, []).append(assignment)
    return [(post, by_post.get(post.id, [])) for post in posts]


def users_for_staff(staff_ids) -> dict[int, User]:
    """The active WPQ accounts linked to staff records, by staff id (people without one are left out)."""
    ids = sorted(set(staff_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(StaffMember.id, User)
        .join(User, User.id == StaffMember.user_id)
        .where(StaffMember.id.in_(ids), User.deactivated_at.is_(None))
    ).all()
    return dict(rows)


def page_of(query: Select, limit: int, offset: int) -> list:
    """One page of a list query's records."""
    return list(db.session.execute(query.limit(limit).offset(offset)).scalars())
