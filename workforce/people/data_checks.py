"""Staff records that disagree with each other: FTE against contracted and standard hours."""

from __future__ import annotations

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.data_check import DataCheck, Inconsistency
from workforce.people.measures import in_post_on
from workforce.people.models import Assignment, StaffMember

#: FTE is stored to 4 decimal places; a difference smaller than this is rounding.
FTE_TOLERANCE = 0.0005


def fte_disagrees_with_hours() -> list[Inconsistency]:
    """People in post today whose assignments' FTE does not add up to contracted / standard hours."""
    today = clock.today()
    rows = db.session.execute(
        select(StaffMember, func.sum(Assignment.fte), func.min(Assignment.team_id))
        .join(Assignment, Assignment.staff_id == StaffMember.id)
        .where(in_post_on(today))
        .group_by(StaffMember.id)
        .order_by(StaffMember.last_name, StaffMember.first_name)
    ).all()
    found = []
    for staff, fte, team_id in rows:
        expected = staff.contracted_hours / staff.standard_hours if staff.standard_hours else None
        if expected is None or abs(float(fte) - expected) > FTE_TOLERANCE:
            found.append(
                Inconsistency(
                    f"{staff.last_name}, {staff.first_name} ({staff.employee_number})",
                    team_id,
                    f"assignments in post add up to {float(fte):g} FTE, but contracted hours of "
                    f"{staff.contracted_hours:g} of {staff.standard_hours:g} make "
                    + (f"{expected:.4g} FTE" if expected is not None else "no FTE (standard hours are 0)"),
                )
            )
    return found


DATA_CHECKS = [
    DataCheck(
        "FTE from contracted and standard hours",
        "DfE: FTE is contracted hours / standard hours. The FTE of a person's assignments in post must add up to that.",
        fte_disagrees_with_hours,
    )
]
