"""Agency records that disagree with the staff records: every agency assignment has its engagement."""

from __future__ import annotations

from sqlalchemy import select

from workforce.agency.models import AgencyEngagement
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.data_check import DataCheck, Inconsistency
from workforce.kernel.dates import display_date
from workforce.people.constants import EmploymentType
from workforce.people.measures import in_post_on
from workforce.people.models import Assignment, StaffMember

FTE_TOLERANCE = 0.0005


def _name(staff: StaffMember) -> str:
    return f"{staff.last_name}, {staff.first_name} ({staff.employee_number})"


def agency_assignments_without_engagement() -> list[Inconsistency]:
    """Agency assignments in post today with no agency engagement record (the agency return misses them)."""
    rows = db.session.execute(
        select(Assignment, StaffMember)
        .join(StaffMember, StaffMember.id == Assignment.staff_id)
        .outerjoin(AgencyEngagement, AgencyEngagement.assignment_id == Assignment.id)
        .where(
            Assignment.employment_type == EmploymentType.AGENCY,
            in_post_on(clock.today()),
            AgencyEngagement.id.is_(None),
        )
        .order_by(StaffMember.last_name, Assignment.id)
    ).all()
    return [
        Inconsistency(
            _name(staff),
            assignment.team_id,
            f"agency assignment from {display_date(assignment.start_date)} ({assignment.fte:g} FTE) has no agency "
            "engagement: the agency rate counts it, the agency return does not",
        )
        for assignment, staff in rows
    ]


def engagement_fte_disagrees() -> list[Inconsistency]:
    """Engagements whose FTE differs from their assignment's."""
    rows = db.session.execute(
        select(AgencyEngagement, Assignment, StaffMember)
        .join(Assignment, Assignment.id == AgencyEngagement.assignment_id)
        .join(StaffMember, StaffMember.id == Assignment.staff_id)
        .where(in_post_on(clock.today()))
        .order_by(StaffMember.last_name, AgencyEngagement.id)
    ).all()
    return [
        Inconsistency(
            _name(staff),
            engagement.team_id,
            f"engagement {engagement.id} is for {engagement.fte:g} FTE, its assignment {assignment.fte:g} FTE",
        )
        for engagement, assignment, staff in rows
        if abs(float(engagement.fte) - float(assignment.fte)) > FTE_TOLERANCE
    ]


DATA_CHECKS = [
    DataCheck(
        "Agency assignments without an engagement",
        "Every agency assignment in post has its agency engagement, so the agency rate and the DfE agency "
        "return count the same workers.",
        agency_assignments_without_engagement,
    ),
    DataCheck(
        "Engagement FTE against assignment FTE",
        "An agency engagement's FTE is its assignment's FTE.",
        engagement_fte_disagrees,
    ),
]
