"""The DfE agency rules applied to one engagement: each rule met, breached or not yet known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from workforce.agency.constants import (
    COOLING_OFF_MONTHS,
    MINIMUM_EXPERIENCE_YEARS,
    MINIMUM_NOTICE_WEEKS,
    AgencyJobType,
    Region,
    Rule,
)
from workforce.agency.models import AgencyEngagement, PriceCap
from workforce.extensions import db
from workforce.kernel.dates import add_months, display_date
from workforce.people.constants import EmploymentType
from workforce.people.models import Assignment


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    #: True met, False breached.
    met: bool
    detail: str


def full_years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def price_cap_on(region: Region, job_type: AgencyJobType, on: date) -> PriceCap | None:
    """The cap in force on a date: the latest one effective on or before it."""
    return db.session.execute(
        select(PriceCap)
        .where(PriceCap.region == region, PriceCap.job_type == job_type, PriceCap.effective_from <= on)
        .order_by(PriceCap.effective_from.desc())
        .limit(1)
    ).scalar()


def over_cap(engagement: AgencyEngagement, region: Region) -> tuple[bool | None, PriceCap | None]:
    cap = price_cap_on(region, engagement.job_type, engagement.start_date)
    if cap is None:
        return None, None
    return engagement.hourly_charge > Decimal(cap.hourly_cap), cap


def price_cap_rule(engagement: AgencyEngagement, region: Region) -> RuleResult:
    """Over the cap is a breach unless both the DCS and the chief executive have signed it off."""
    over, cap = over_cap(engagement, region)
    if over is None:
        return RuleResult(Rule.PRICE_CAP, False, f"No price cap is set for {engagement.job_type.label.lower()}")
    charge = f"£{engagement.hourly_charge:.2f} an hour against a cap of £{cap.hourly_cap:.2f}"
    if not over:
        return RuleResult(Rule.PRICE_CAP, True, charge)
    signed = engagement.dcs_signed_off_on is not None and engagement.chief_executive_signed_off_on is not None
    if signed:
        return RuleResult(Rule.PRICE_CAP, True, f"{charge}: over the cap, signed off by the DCS and chief executive")
    missing = [
        who
        for who, on in (
            ("DCS", engagement.dcs_signed_off_on),
            ("chief executive", engagement.chief_executive_signed_off_on),
        )
        if on is None
    ]
    return RuleResult(Rule.PRICE_CAP, False, f"{charge}: over the cap without sign-off by the {' and '.join(missing)}")


def experience_rule(engagement: AgencyEngagement) -> RuleResult:
    qualified = engagement.qualification_date
    if qualified is None:
        return RuleResult(Rule.EXPERIENCE, False, "Qualification date not recorded")
    years = full_years_between(qualified, engagement.start_date)
    met = years >= MINIMUM_EXPERIENCE_YEARS
    return RuleResult(Rule.EXPERIENCE, met, f"{years} full years since qualifying")


def references_rule(engagement: AgencyEngagement) -> RuleResult:
    received = [on for on in (engagement.first_reference_on, engagement.second_reference_on) if on is not None]
    in_time = [on for on in received if on <= engagement.start_date]
    if len(in_time) == 2:
        return RuleResult(Rule.REFERENCES, True, "Two references before the start")
    return RuleResult(Rule.REFERENCES, False, f"{len(in_time)} of 2 references received before the start")


def notice_rule(engagement: AgencyEngagement) -> RuleResult:
    met = engagement.notice_period_weeks >= MINIMUM_NOTICE_WEEKS
    return RuleResult(Rule.NOTICE, met, f"{engagement.notice_period_weeks} weeks' notice")


def cooling_off_rule(engagement: AgencyEngagement, region: Region) -> RuleResult:
    """No engagement within 3 months of leaving a permanent post in the same region: the post named on
    the engagement, or a permanent post at this council found in the staff records."""
    window_start = add_months(engagement.start_date, -COOLING_OFF_MONTHS)
    left = engagement.previous_permanent_left_on
    if left is not None and engagement.previous_permanent_region == region and window_start <= left:
        return RuleResult(
            Rule.COOLING_OFF, False, f"Left a permanent post in the region on {display_date(left)}, within 3 months"
        )
    own = db.session.execute(
        select(Assignment.end_date)
        .where(
            Assignment.staff_id == engagement.staff_id,
            Assignment.employment_type == EmploymentType.PERMANENT,
            Assignment.end_date.is_not(None),
            Assignment.end_date >= window_start,
            Assignment.end_date <= engagement.start_date,
        )
        .order_by(Assignment.end_date.desc())
        .limit(1)
    ).scalar()
    if own is not None:
        return RuleResult(
            Rule.COOLING_OFF, False, f"Left a permanent post at this council on {display_date(own)}, within 3 months"
        )
    return RuleResult(Rule.COOLING_OFF, True, "No permanent post in the region left within 3 months")


def check_engagement(engagement: AgencyEngagement, region: Region) -> list[RuleResult]:
    return [
        price_cap_rule(engagement, region),
        experience_rule(engagement),
        references_rule(engagement),
        notice_rule(engagement),
        cooling_off_rule(engagement, region),
    ]


def is_breach_of_price_cap(engagement: AgencyEngagement, region: Region) -> bool:
    """The breach flag: over the cap and not signed off by both the DCS and the chief executive."""
    over, _cap = over_cap(engagement, region)
    return bool(over) and not (engagement.dcs_signed_off_on and engagement.chief_executive_signed_off_on)
