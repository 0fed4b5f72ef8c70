from datetime import date

from tests.builders import create_team
from tests.retention.builders import create_leaver
from workforce.kernel.measures import MeasureScope
from workforce.retention import services
from workforce.retention.measures import early_leaver_rate, exit_interview_offered_rate

YEAR = (date(2025, 10, 1), date(2026, 9, 30))


def test_the_share_of_leavers_offered_an_exit_interview(db):
    offered = create_leaver(end_date=date(2026, 5, 1))
    not_offered = create_leaver(end_date=date(2026, 6, 1))
    create_leaver(end_date=date(2026, 7, 1))
    services.save_checklist(offered, None, None, date(2026, 4, 20))
    services.save_checklist(not_offered, date(2026, 6, 1), None, None)
    value = exit_interview_offered_rate(*YEAR, MeasureScope.council())
    assert (value.numerator, value.denominator) == (1, 3)


def test_the_early_leaver_rate_by_team(db):
    team = create_team()
    create_leaver(team=team, start_date=date(2025, 11, 1), end_date=date(2026, 6, 1))
    create_leaver(team=team, start_date=date(2019, 11, 1), end_date=date(2026, 6, 1))
    create_leaver(start_date=date(2026, 1, 1), end_date=date(2026, 6, 1))
    assert early_leaver_rate(*YEAR, MeasureScope.team(team.id)).value == 50.0
    assert round(early_leaver_rate(*YEAR, MeasureScope.council()).value, 1) == 66.7


def test_with_no_leavers_the_rates_are_not_applicable(db):
    assert early_leaver_rate(*YEAR, MeasureScope.council()).not_applicable
    assert exit_interview_offered_rate(*YEAR, MeasureScope.council()).not_applicable
