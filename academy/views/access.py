"""Who may act on whose training: the academy lead on everyone, managers on their teams, workers on themselves."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from academy import dao
from academy.constants import AcademyPermission
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.permissions import current_scope, user_can
from workforce.people.models import StaffMember


def covers_staff(staff: StaffMember) -> bool:
    """True when the signed-in user may see this person's training records."""
    if staff.user_id is not None and staff.user_id == current_user.id:
        return True
    scope = current_scope()
    if scope.all_teams:
        return True
    return scope.covers_team(dao.team_of_staff(staff.id, clock.today()))


def get_staff_in_scope_or_404(staff_id: int) -> StaffMember:
    staff = db.session.get(StaffMember, staff_id)
    if staff is None or not covers_staff(staff):
        abort(404)
    return staff


def may_manage_place_of(staff: StaffMember) -> bool:
    """The academy lead for anyone, a team manager for their teams, a worker for themself."""
    if user_can(AcademyPermission.MANAGE_ACADEMY):
        return True
    if staff.user_id is not None and staff.user_id == current_user.id:
        return user_can(AcademyPermission.OWN_TRAINING)
    return user_can(AcademyPermission.ENROL_TEAM) and covers_staff(staff)


def own_staff_record() -> StaffMember | None:
    return dao.get_staff_for_user(current_user.id)
