"""Recording agency engagements, their sign-offs and ends, and the price-cap table; audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from workforce.agency.constants import AgencyJobType, ProviderType, Region
from workforce.agency.models import AgencyEngagement, PriceCap
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.people.constants import EmploymentType, StartOrigin
from workforce.people.models import Assignment, Post, StaffMember


class AgencyError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_price_cap(region: Region, job_type: AgencyJobType, hourly_cap: Decimal, effective_from: date) -> PriceCap:
    exists = db.session.execute(
        select(PriceCap.id).where(
            PriceCap.region == region, PriceCap.job_type == job_type, PriceCap.effective_from == effective_from
        )
    ).scalar()
    if exists is not None:
        raise AgencyError("A cap for this job type and region already starts on that date", "effective_from")
    if hourly_cap <= 0:
        raise AgencyError("The cap must be more than £0", "hourly_cap")
    cap = PriceCap(region=region, job_type=job_type, hourly_cap=hourly_cap, effective_from=effective_from)
    db.session.add(cap)
    audit_trail.record_created(cap)
    return cap


def find_or_add_agency_worker(
    *, worker_reference: str, first_name: str, last_name: str, swe_number: str | None, qualification_date: date | None
) -> StaffMember:
    """The staff record of an agency worker: found by Social Work England number or reference, or added."""
    staff = None
    if swe_number:
        staff = db.session.execute(select(StaffMember).where(StaffMember.swe_number == swe_number)).scalar()
    if staff is None:
        staff = db.session.execute(
            select(StaffMember).where(StaffMember.employee_number == worker_reference.strip())
        ).scalar()
    if staff is not None:
        return staff
    staff = StaffMember(
        employee_number=worker_reference.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        swe_number=swe_number,
        qualification_date=qualification_date,
        employment_type=EmploymentType.AGENCY,
        contracted_hours=37.0,
        standard_hours=37.0,
    )
    db.session.add(staff)
    audit_trail.record_created(staff, note="Agency worker added with an agency engagement")
    return staff


def record_engagement(
    staff: StaffMember,
    post: Post,
    *,
    agency_name: str,
    provider_type: ProviderType,
    job_type: AgencyJobType,
    start_date: date,
    end_date: date | None = None,
    fte: float = 1.0,
    hours_per_week: float = 37.0,
    notice_period_weeks: int,
    pay_rate: Decimal,
    employer_costs: Decimal,
    holiday_pay: Decimal,
    agency_fee: Decimal,
    first_reference_on: date | None = None,
    second_reference_on: date | None = None,
    previous_permanent_left_on: date | None = None,
    previous_permanent_region: Region | None = None,
    project_team: bool = False,
    dcs_signed_off_on: date | None = None,
    chief_executive_signed_off_on: date | None = None,
) -> AgencyEngagement:
    """Record an engagement and the agency assignment that counts it in the workforce figures."""
    if end_date is not None and end_date < start_date:
        raise AgencyError("The end date must be on or after the start date", "end_date")
    if not 0 < fte <= 1:
        raise AgencyError("FTE must be more than 0 and no more than 1", "fte")
    assignment = Assignment(
        staff_member=staff,
        post=post,
        team_id=post.team_id,
        census_role=post.census_role,
        employment_type=EmploymentType.AGENCY,
        fte=fte,
        case_holding=post.case_holding,
        start_date=start_date,
        end_date=end_date,
        start_origin=StartOrigin.AGENCY_IN_ENGLAND,
    )
    db.session.add(assignment)
    audit_trail.record_created(assignment, note="Agency assignment")
    engagement = AgencyEngagement(
        staff_member=staff,
        assignment=assignment,
        post=post,
        team_id=post.team_id,
        agency_name=agency_name.strip(),
        provider_type=provider_type,
        job_type=job_type,
        start_date=start_date,
        end_date=end_date,
        fte=fte,
        hours_per_week=hours_per_week,
        notice_period_weeks=notice_period_weeks,
        pay_rate=pay_rate,
        employer_costs=employer_costs,
        holiday_pay=holiday_pay,
        agency_fee=agency_fee,
        qualification_date=staff.qualification_date,
        first_reference_on=first_reference_on,
        second_reference_on=second_reference_on,
        previous_permanent_left_on=previous_permanent_left_on,
        previous_permanent_region=previous_permanent_region,
        project_team=project_team,
        dcs_signed_off_on=dcs_signed_off_on,
        chief_executive_signed_off_on=chief_executive_signed_off_on,
    )
    db.session.add(engagement)
    audit_trail.record_created(engagement)
    return engagement


def record_sign_offs(
    engagement: AgencyEngagement, dcs_signed_off_on: date | None, chief_executive_signed_off_on: date | None
) -> AgencyEngagement:
    before = audit_trail.snapshot(engagement)
    engagement.dcs_signed_off_on = dcs_signed_off_on
    engagement.chief_executive_signed_off_on = chief_executive_signed_off_on
    db.session.flush()
    audit_trail.record_updated(engagement, before)
    return engagement


def end_engagement(engagement: AgencyEngagement, end_date: date, end_reference: str | None) -> AgencyEngagement:
    if end_date < engagement.start_date:
        raise AgencyError("The end date must be on or after the start date", "end_date")
    before = audit_trail.snapshot(engagement)
    engagement.end_date = end_date
    engagement.end_reference = (end_reference or "").strip() or None
    if engagement.assignment is not None:
        assignment_before = audit_trail.snapshot(engagement.assignment)
        engagement.assignment.end_date = end_date
        db.session.flush()
        audit_trail.record_updated(engagement.assignment, assignment_before)
    db.session.flush()
    audit_trail.record_updated(engagement, before)
    return engagement
