from datetime import date

from tests.builders import create_team
from tests.recruitment.builders import advance_to, complete_checks, create_application, create_vacancy
from workforce.kernel.measures import MeasureScope
from workforce.recruitment import services
from workforce.recruitment.constants import ClosureReason, StageKind
from workforce.recruitment.measures import applicants_per_vacancy, median_days_to_hire, offer_acceptance_rate

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def hire(vacancy, applied_on, first_day, number):
    application = create_application(vacancy, applied_on=applied_on)
    advance_to(application, StageKind.CHECKS)
    complete_checks(application)
    services.confirm_start(application, f"E{number}", first_day, None)
    return application


def test_median_days_to_hire_is_the_median_from_application_to_first_day(db):
    team = create_team()
    hire(create_vacancy(team=team), date(2026, 1, 1), date(2026, 3, 2), 1)  # 60 days
    hire(create_vacancy(team=team), date(2026, 1, 1), date(2026, 4, 11), 2)  # 100 days
    hire(create_vacancy(), date(2026, 1, 1), date(2026, 5, 21), 3)  # 140 days
    assert median_days_to_hire(*YEAR, MeasureScope.council()).value == 100
    assert median_days_to_hire(*YEAR, MeasureScope.team(team.id)).value == 80


def test_median_days_to_hire_with_no_starts_is_not_applicable(db):
    assert median_days_to_hire(*YEAR, MeasureScope.council()).not_applicable


def test_offer_acceptance_rate_counts_answered_offers_only(db):
    accepted = advance_to(create_application(), StageKind.CHECKS)
    declined = advance_to(create_application(), StageKind.OFFER)
    services.answer_offer(declined.offers[0], False, None, ClosureReason.PAY, on=date(2026, 2, 23))
    advance_to(create_application(), StageKind.OFFER)  # not yet answered
    value = offer_acceptance_rate(*YEAR, MeasureScope.council())
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50.0)
    assert accepted.offers[0].accepted is True


def test_offer_acceptance_rate_with_no_offers_is_not_applicable_not_zero(db):
    assert offer_acceptance_rate(*YEAR, MeasureScope.council()).value is None


def test_applicants_per_vacancy_counts_vacancies_without_applicants(db):
    first = create_vacancy(advert_closes_on=date(2026, 2, 5))
    create_vacancy(advert_closes_on=date(2026, 3, 5))
    create_vacancy(advert_closes_on=date(2025, 3, 5))
    for _ in range(3):
        create_application(first)
    value = applicants_per_vacancy(*YEAR, MeasureScope.council())
    assert (value.numerator, value.denominator, value.value) == (3, 2, 1.5)
