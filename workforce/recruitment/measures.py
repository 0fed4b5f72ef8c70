"""Recruitment measures for the improvement-plan roll-up: days to hire, offer acceptance, applicants per vacancy."""

from __future__ import annotations

import statistics
from datetime import date

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit
from workforce.people.models import Assignment
from workforce.recruitment.models import Application, Offer, Vacancy


def _in_scope(statement, scope: MeasureScope):
    team_ids = scope.team_ids()
    if team_ids is None:
        return statement
    return statement.where(Vacancy.team_id.in_(sorted(team_ids)))


def median_days_to_hire(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Median days from application to first day, for starts whose first day falls in the period."""
    statement = (
        select(Application.applied_on, Assignment.start_date)
        .join(Assignment, Assignment.id == Application.assignment_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Assignment.start_date >= start, Assignment.start_date <= end)
    )
    days = [(first - applied).days for applied, first in db.session.execute(_in_scope(statement, scope))]
    if not days:
        return MeasureValue(None, 0, None)
    median = statistics.median(days)
    return MeasureValue(median, len(days), median)


def offer_acceptance_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Offers accepted / offers answered in the period x 100."""
    statement = (
        select(func.count(Offer.id), func.count(Offer.id).filter(Offer.accepted.is_(True)))
        .join(Application, Application.id == Offer.application_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Offer.accepted.is_not(None), Offer.answered_on >= start, Offer.answered_on <= end)
    )
    answered, accepted = db.session.execute(_in_scope(statement, scope)).one()
    return MeasureValue.ratio(accepted or 0, answered or 0, 100)


def applicants_per_vacancy(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Applications to vacancies whose advert closed in the period / those vacancies (none counted as 0)."""
    vacancies = _in_scope(
        select(func.count(Vacancy.id)).where(Vacancy.advert_closes_on >= start, Vacancy.advert_closes_on <= end),
        scope,
    )
    applications = _in_scope(
        select(func.count(Application.id))
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Vacancy.advert_closes_on >= start, Vacancy.advert_closes_on <= end),
        scope,
    )
    return MeasureValue.ratio(db.session.execute(applications).scalar_one(), db.session.execute(vacancies).scalar_one())


MEASURES = [
    Measure(
        "recruitment-median-days-to-hire",
        "Median days to hire",
        "Median number of days from application to first day, for starts confirmed through the recruitment "
        "pipeline whose first day falls in the period.",
        Source.LOCAL,
        Unit.DAYS,
        Polarity.LOWER_IS_BETTER,
        median_days_to_hire,
        module="recruitment",
        reads=frozenset({"applications", "assignments", "teams", "vacancies"}),
    ),
    Measure(
        "recruitment-offer-acceptance-rate",
        "Offer acceptance rate",
        "Offers accepted as a percentage of offers answered (accepted or declined) in the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        offer_acceptance_rate,
        module="recruitment",
        reads=frozenset({"applications", "offers", "teams", "vacancies"}),
    ),
    Measure(
        "recruitment-applicants-per-vacancy",
        "Applicants per vacancy",
        "Applications received for vacancies whose advert closed in the period, divided by the number of "
        "those vacancies (a vacancy with no applicants counts as 0).",
        Source.LOCAL,
        Unit.RATIO,
        Polarity.HIGHER_IS_BETTER,
        applicants_per_vacancy,
        module="recruitment",
        reads=frozenset({"applications", "teams", "vacancies"}),
    ),
]
