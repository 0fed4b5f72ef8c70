from datetime import date
from decimal import Decimal

import pytest

from tests.agency.builders import create_engagement, create_price_cap
from tests.people.builders import create_assignment, create_staff_member
from workforce.agency.compliance import check_engagement, is_breach_of_price_cap, price_cap_on
from workforce.agency.constants import AgencyJobType, Region, Rule
from workforce.kernel.dates import add_months
from workforce.people.constants import EmploymentType

REGION = Region.SOUTH_EAST


def result(engagement, rule):
    return next(item for item in check_engagement(engagement, REGION) if item.rule is rule)


def test_an_engagement_meeting_every_rule_is_compliant(db):
    create_price_cap(hourly_cap="45.00")
    engagement = create_engagement()
    assert all(item.met for item in check_engagement(engagement, REGION))


def test_the_cap_in_force_on_the_start_date_applies(db):
    create_price_cap(hourly_cap="40.00", effective_from=date(2024, 10, 31))
    create_price_cap(hourly_cap="45.00", effective_from=date(2026, 4, 1))
    create_price_cap(hourly_cap="30.00", region=Region.LONDON)
    assert price_cap_on(REGION, AgencyJobType.SOCIAL_WORKER, date(2026, 3, 31)).hourly_cap == Decimal("40.00")
    assert price_cap_on(REGION, AgencyJobType.SOCIAL_WORKER, date(2026, 4, 1)).hourly_cap == Decimal("45.00")


@pytest.mark.parametrize(
    ("dcs", "chief_executive", "breach"),
    [
        (None, None, True),
        (date(2026, 7, 1), None, True),
        (None, date(2026, 7, 2), True),
        (date(2026, 7, 1), date(2026, 7, 2), False),
    ],
)
def test_an_over_cap_engagement_without_both_sign_offs_is_a_breach(db, dcs, chief_executive, breach):
    create_price_cap(hourly_cap="40.00")
    engagement = create_engagement(dcs_signed_off_on=dcs, chief_executive_signed_off_on=chief_executive)
    assert engagement.hourly_charge == Decimal("42.50")
    assert is_breach_of_price_cap(engagement, REGION) is breach
    assert result(engagement, Rule.PRICE_CAP).met is not breach


def test_a_charge_exactly_at_the_cap_is_within_it(db):
    create_price_cap(hourly_cap="42.50")
    engagement = create_engagement()
    assert not is_breach_of_price_cap(engagement, REGION)


def test_an_engagement_with_no_cap_set_cannot_show_compliance(db):
    engagement = create_engagement()
    assert result(engagement, Rule.PRICE_CAP).met is False
    assert not is_breach_of_price_cap(engagement, REGION)


@pytest.mark.parametrize(
    ("qualified", "met"),
    [(date(2023, 7, 6), True), (date(2023, 7, 7), False), (None, False)],
)
def test_at_least_three_years_post_qualification_experience_at_the_start(db, qualified, met):
    engagement = create_engagement(qualification_date=qualified)
    assert result(engagement, Rule.EXPERIENCE).met is met


@pytest.mark.parametrize(
    ("first", "second", "met"),
    [
        (date(2026, 6, 1), date(2026, 6, 2), True),
        (date(2026, 6, 1), None, False),
        (date(2026, 6, 1), date(2026, 7, 7), False),
    ],
)
def test_two_practice_references_are_needed_before_the_start(db, first, second, met):
    engagement = create_engagement(first_reference_on=first, second_reference_on=second)
    assert result(engagement, Rule.REFERENCES).met is met


@pytest.mark.parametrize(("weeks", "met"), [(4, True), (8, True), (3, False), (0, False)])
def test_the_notice_period_is_at_least_four_weeks(db, weeks, met):
    assert result(create_engagement(notice_period_weeks=weeks), Rule.NOTICE).met is met


def test_a_cooling_off_violation_is_detected_from_the_recorded_permanent_post(db):
    engagement = create_engagement(previous_permanent_left_on=date(2026, 5, 1), previous_permanent_region=REGION)
    assert result(engagement, Rule.COOLING_OFF).met is False


def test_leaving_a_permanent_post_in_another_region_is_no_cooling_off_violation(db):
    engagement = create_engagement(
        previous_permanent_left_on=date(2026, 5, 1), previous_permanent_region=Region.NORTH_WEST
    )
    assert result(engagement, Rule.COOLING_OFF).met is True


def test_leaving_a_permanent_post_more_than_three_months_before_is_no_violation(db):
    engagement = create_engagement(previous_permanent_left_on=date(2026, 4, 5), previous_permanent_region=REGION)
    assert result(engagement, Rule.COOLING_OFF).met is True


def test_a_cooling_off_violation_is_detected_from_a_permanent_post_at_this_council(db):
    staff = create_staff_member(employee_number="E777", employment_type=EmploymentType.AGENCY)
    create_assignment(staff, employment_type=EmploymentType.PERMANENT, end_date=date(2026, 6, 30))
    engagement = create_engagement(staff=staff)
    outcome = result(engagement, Rule.COOLING_OFF)
    assert outcome.met is False
    assert "at this council on 30 June 2026" in outcome.detail


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 7, 6), -3, date(2026, 4, 6)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 1, 15), -3, date(2025, 10, 15)),
    ],
)
def test_months_are_counted_on_the_calendar(day, months, expected):
    assert add_months(day, months) == expected
