from datetime import date

from tests.agency.builders import create_engagement, create_price_cap
from tests.builders import create_team
from workforce.agency.measures import compliant_with_every_rule
from workforce.kernel.measures import MeasureScope

QUARTER = (date(2026, 7, 1), date(2026, 9, 30))


def test_the_share_of_engagements_compliant_with_every_rule(db):
    team = create_team()
    create_price_cap(hourly_cap="45.00")
    create_engagement(team=team)
    create_engagement(team=team, notice_period_weeks=1)
    create_engagement(notice_period_weeks=4, first_reference_on=None)
    create_engagement(start_date=date(2025, 1, 6), end_date=date(2025, 12, 31))  # ended before the quarter
    council = compliant_with_every_rule(*QUARTER, MeasureScope.council())
    assert (council.numerator, council.denominator) == (1, 3)
    assert compliant_with_every_rule(*QUARTER, MeasureScope.team(team.id)).value == 50.0


def test_with_no_engagements_compliance_is_not_applicable(db):
    assert compliant_with_every_rule(*QUARTER, MeasureScope.council()).not_applicable
