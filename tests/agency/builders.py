"""Builders for price caps and agency engagements."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from tests.people.builders import create_post, create_staff_member
from workforce.agency.constants import AgencyJobType, ProviderType, Region
from workforce.agency.models import AgencyEngagement, PriceCap
from workforce.extensions import db
from workforce.people.constants import EmploymentType

_sequence = itertools.count(1)


def create_price_cap(
    region: Region = Region.SOUTH_EAST,
    job_type: AgencyJobType = AgencyJobType.SOCIAL_WORKER,
    hourly_cap: str = "45.00",
    effective_from: date = date(2024, 10, 31),
) -> PriceCap:
    cap = PriceCap(region=region, job_type=job_type, hourly_cap=Decimal(hourly_cap), effective_from=effective_from)
    db.session.add(cap)
    db.session.commit()
    return cap


def create_engagement(*, staff=None, post=None, team=None, **overrides) -> AgencyEngagement:
    """A compliant engagement by default: under a £45 cap, 8 years qualified, references, 4 weeks' notice."""
    number = next(_sequence)
    staff = staff or create_staff_member(
        employee_number=f"AG{number:05d}", employment_type=EmploymentType.AGENCY, qualification_date=date(2018, 7, 1)
    )
    post = post or create_post(team=team)
    values = {
        "staff_member": staff,
        "post": post,
        "team_id": post.team_id,
        "agency_name": "Northgate Social Care Recruitment",
        "provider_type": ProviderType.AGENCY,
        "job_type": AgencyJobType.SOCIAL_WORKER,
        "start_date": date(2026, 7, 6),
        "end_date": None,
        "fte": 1.0,
        "hours_per_week": 37.0,
        "notice_period_weeks": 4,
        "pay_rate": Decimal("30.00"),
        "employer_costs": Decimal("4.00"),
        "holiday_pay": Decimal("3.50"),
        "agency_fee": Decimal("5.00"),
        "qualification_date": staff.qualification_date,
        "first_reference_on": date(2026, 6, 20),
        "second_reference_on": date(2026, 6, 25),
    }
    engagement = AgencyEngagement(**{**values, **overrides})
    db.session.add(engagement)
    db.session.commit()
    return engagement
