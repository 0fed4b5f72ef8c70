"""Demo agency engagements for the agency assignments the people seeder made, with some breaches."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from workforce.agency import dao
from workforce.agency.constants import AgencyJobType, ProviderType, Region
from workforce.agency.models import AgencyEngagement, PriceCap
from workforce.extensions import db
from workforce.people.constants import CensusRole, EmploymentType
from workforce.people.models import Assignment

#: Illustrative caps for the demo council only (pounds an hour), not the published DfE figures.
DEMO_CAPS = {
    AgencyJobType.SOCIAL_WORKER: Decimal("45.00"),
    AgencyJobType.SENIOR_SOCIAL_WORKER: Decimal("50.00"),
    AgencyJobType.ADVANCED_PRACTITIONER: Decimal("55.00"),
    AgencyJobType.TEAM_MANAGER: Decimal("62.00"),
    AgencyJobType.INDEPENDENT_REVIEWING_OFFICER: Decimal("58.00"),
}
AGENCIES = [
    "Castle Social Care Recruitment",
    "Northgate Locums",
    "Bridge Children's Services Staffing",
    "Meridian Managed Services",
]
JOB_TYPES = {
    CensusRole.FIRST_LINE_MANAGER: AgencyJobType.TEAM_MANAGER,
    CensusRole.MIDDLE_MANAGER: AgencyJobType.TEAM_MANAGER,
    CensusRole.SENIOR_MANAGER: AgencyJobType.TEAM_MANAGER,
    CensusRole.SENIOR_PRACTITIONER: AgencyJobType.ADVANCED_PRACTITIONER,
    CensusRole.QUALIFIED_WITHOUT_CASES: AgencyJobType.INDEPENDENT_REVIEWING_OFFICER,
}


def seed_agency(context) -> None:
    rng = context.rng
    region = dao.council_region()
    if db.session.execute(select(PriceCap.id).limit(1)).scalar() is None:
        for job_type, cap in DEMO_CAPS.items():
            db.session.add(
                PriceCap(region=region, job_type=job_type, hourly_cap=cap, effective_from=date(2024, 10, 31))
            )
            db.session.add(
                PriceCap(
                    region=region, job_type=job_type, hourly_cap=cap + Decimal("1.50"), effective_from=date(2026, 4, 1)
                )
            )
    assignments = db.session.execute(
        select(Assignment)
        .where(Assignment.employment_type == EmploymentType.AGENCY)
        .order_by(Assignment.start_date, Assignment.id)
    ).scalars()
    for assignment in assignments:
        staff = assignment.staff_member
        job_type = JOB_TYPES.get(assignment.census_role, AgencyJobType.SOCIAL_WORKER)
        if job_type is AgencyJobType.SOCIAL_WORKER and rng.random() < 0.3:
            job_type = AgencyJobType.SENIOR_SOCIAL_WORKER
        cap = DEMO_CAPS[job_type]
        # About one in five charge above the cap; most of those are signed off, some are not.
        over = rng.random() < 0.2
        charge = cap + Decimal(rng.randint(50, 900)) / 100 if over else cap - Decimal(rng.randint(0, 600)) / 100
        fee = (charge * Decimal("0.12")).quantize(Decimal("0.01"))
        holiday = (charge * Decimal("0.1")).quantize(Decimal("0.01"))
        employer = (charge * Decimal("0.11")).quantize(Decimal("0.01"))
        signed = over and rng.random() < 0.6
        start = assignment.start_date
        engagement = AgencyEngagement(
            staff_member=staff,
            assignment=assignment,
            post_id=assignment.post_id,
            team_id=assignment.team_id,
            agency_name=rng.choice(AGENCIES),
            provider_type=ProviderType.MANAGED_SERVICE_PROVIDER if rng.random() < 0.25 else ProviderType.AGENCY,
            job_type=job_type,
            start_date=start,
            end_date=assignment.end_date,
            fte=assignment.fte,
            hours_per_week=round(37.0 * assignment.fte, 1),
            notice_period_weeks=4 if rng.random() < 0.9 else 2,
            pay_rate=charge - fee - holiday - employer,
            employer_costs=employer,
            holiday_pay=holiday,
            agency_fee=fee,
            dcs_signed_off_on=start - timedelta(days=3) if signed else None,
            chief_executive_signed_off_on=start - timedelta(days=2) if signed else None,
            qualification_date=staff.qualification_date,
            first_reference_on=start - timedelta(days=rng.randint(7, 30)),
            second_reference_on=start - timedelta(days=rng.randint(3, 20)) if rng.random() < 0.92 else None,
            previous_permanent_left_on=start - timedelta(days=rng.randint(20, 80)) if rng.random() < 0.05 else None,
            project_team=rng.random() < 0.1,
        )
        if engagement.previous_permanent_left_on is not None:
            engagement.previous_permanent_region = region if rng.random() < 0.7 else Region.LONDON
        db.session.add(engagement)
    db.session.flush()
