"""Recruitment measures for the improvement-plan roll-up: days to hire, offer acceptance, applicants per vacancy."""

from __future__ import annotations

import statistics
from datetime import date

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel.dates import display_date
from workforce.kernel.measures import (
    BehindRecord,
    Combine,
    DrillDown,
    Measure,
    MeasureRecords,
    MeasureScope,
    MeasureValue,
    Polarity,
    RecordList,
    Source,
    Unit,
)
from workforce.people.models import Assignment
from workforce.recruitment.constants import RecruitmentPermission
from workforce.recruitment.models import Application, Offer, Vacancy


def _in_scope(statement, scope: MeasureScope):
    team_ids = scope.team_ids()
    if team_ids is None:
        return statement
    return statement.where(Vacancy.team_id.in_(sorted(team_ids)))


def _hires(scope: MeasureScope, start: date, end: date, *columns):
    """Starts through the pipeline whose first day falls in the period."""
    statement = (
        select(*columns)
        .join(Assignment, Assignment.id == Application.assignment_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Assignment.start_date >= start, Assignment.start_date <= end)
    )
    return _in_scope(statement, scope)


def _answered(scope: MeasureScope, start: date, end: date, *columns):
    statement = (
        select(*columns)
        .join(Application, Application.id == Offer.application_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Offer.accepted.is_not(None), Offer.answered_on >= start, Offer.answered_on <= end)
    )
    return _in_scope(statement, scope)


def _closed(start: date, end: date):
    return (Vacancy.advert_closes_on >= start, Vacancy.advert_closes_on <= end)


def median_days_to_hire(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Median days from application to first day, for starts whose first day falls in the period."""
    days = [
        (first - applied).days
        for applied, first in db.session.execute(
            _hires(scope, start, end, Application.applied_on, Assignment.start_date)
        )
    ]
    if not days:
        return MeasureValue(None, 0, None)
    median = statistics.median(days)
    return MeasureValue(median, len(days), median)


def offer_acceptance_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Offers accepted / offers answered in the period x 100."""
    statement = _answered(
        scope, start, end, func.count(Offer.id), func.count(Offer.id).filter(Offer.accepted.is_(True))
    )
    answered, accepted = db.session.execute(statement).one()
    return MeasureValue.ratio(accepted or 0, answered or 0, 100)


def applicants_per_vacancy(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Applications to vacancies whose advert closed in the period / those vacancies (none counted as 0)."""
    vacancies = _in_scope(select(func.count(Vacancy.id)).where(*_closed(start, end)), scope)
    applications = _in_scope(
        select(func.count(Application.id))
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(*_closed(start, end)),
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


def _application(application: Application, vacancy: Vacancy, detail: str, amount: float = 1.0) -> BehindRecord:
    """No applicant's name: the application and vacancy numbers are enough to find the record."""
    return BehindRecord(
        "Application", f"Application {application.id} to vacancy {vacancy.id}", vacancy.team_id, detail, amount
    )


def hire_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    rows = db.session.execute(
        _hires(scope, start, end, Application, Vacancy, Assignment.start_date).order_by(Assignment.start_date)
    ).all()
    hires = [
        (
            application,
            vacancy,
            f"applied {display_date(application.applied_on)}, first day {display_date(first)}",
            (first - application.applied_on).days,
        )
        for application, vacancy, first in rows
    ]
    return MeasureRecords(
        RecordList(
            "Days from application to first day (the figure is their median)",
            "Days",
            tuple(_application(a, v, detail, days) for a, v, detail, days in hires),
            Combine.MEDIAN,
        ),
        RecordList("Starts in the period", "Count", tuple(_application(a, v, detail) for a, v, detail, _days in hires)),
    )


def offer_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    rows = db.session.execute(
        _answered(scope, start, end, Offer, Application, Vacancy).order_by(Offer.answered_on)
    ).all()
    listed = [
        (
            offer.accepted,
            _application(
                application,
                vacancy,
                f"offer {'accepted' if offer.accepted else 'declined'} {display_date(offer.answered_on)}",
            ),
        )
        for offer, application, vacancy in rows
    ]
    return MeasureRecords(
        RecordList("Offers accepted", "Count", tuple(record for accepted, record in listed if accepted)),
        RecordList("Offers answered in the period", "Count", tuple(record for _accepted, record in listed)),
    )


def applicant_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    applications = db.session.execute(
        _in_scope(
            select(Application, Vacancy)
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .where(*_closed(start, end)),
            scope,
        ).order_by(Vacancy.id, Application.id)
    ).all()
    vacancies = db.session.execute(
        _in_scope(select(Vacancy).where(*_closed(start, end)), scope).order_by(Vacancy.id)
    ).scalars()
    return MeasureRecords(
        RecordList(
            "Applications to vacancies whose advert closed in the period",
            "Count",
            tuple(_application(a, v, f"applied {display_date(a.applied_on)}") for a, v in applications),
        ),
        RecordList(
            "Vacancies whose advert closed in the period",
            "Count",
            tuple(
                BehindRecord(
                    "Vacancy", f"Vacancy {v.id}", v.team_id, f"advert closed {display_date(v.advert_closes_on)}", 1.0
                )
                for v in vacancies
            ),
        ),
    )


DRILL_DOWNS = {
    "recruitment-median-days-to-hire": DrillDown(hire_records, RecruitmentPermission.VIEW_RECRUITMENT),
    "recruitment-offer-acceptance-rate": DrillDown(offer_records, RecruitmentPermission.VIEW_RECRUITMENT),
    "recruitment-applicants-per-vacancy": DrillDown(applicant_records, RecruitmentPermission.VIEW_RECRUITMENT),
}
