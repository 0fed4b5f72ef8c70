"""Builders for vacancies, applicants and applications at any point of the pipeline."""

from __future__ import annotations

import itertools
from datetime import date

from tests.builders import create_user
from tests.people.builders import create_post
from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.recruitment import services
from workforce.recruitment.constants import ApplicantSource, CheckKind, StageKind, VacancyStatus
from workforce.recruitment.models import Applicant, Application, Vacancy

_sequence = itertools.count(1)


def create_vacancy(post=None, *, team=None, status: VacancyStatus = VacancyStatus.ADVERTISED, **overrides) -> Vacancy:
    post = post or create_post(team=team)
    values = {
        "post": post,
        "team_id": post.team_id,
        "fte": 1.0,
        "status": status,
        "raised_on": date(2026, 1, 5),
        "head_of_service_approved_on": date(2026, 1, 8) if status is not VacancyStatus.RAISED else None,
        "approved_on": date(2026, 1, 12)
        if status not in (VacancyStatus.RAISED, VacancyStatus.HEAD_OF_SERVICE_APPROVED)
        else None,
        "advert_opens_on": date(2026, 1, 15) if status is VacancyStatus.ADVERTISED else None,
        "advert_closes_on": date(2026, 2, 5) if status is VacancyStatus.ADVERTISED else None,
    }
    vacancy = Vacancy(**{**values, **overrides})
    db.session.add(vacancy)
    db.session.commit()
    return vacancy


def create_applicant(**overrides) -> Applicant:
    number = next(_sequence)
    values = {
        "first_name": "Alex",
        "last_name": f"Applicant{number}",
        "email": f"alex{number}@example.com",
        "phone": f"07700 900{number:03d}",
        "swe_number": f"SW{500000 + number}",
        "qualification_date": date(2019, 7, 1),
        "consented_on": date(2026, 1, 20),
    }
    applicant = Applicant(**{**values, **overrides})
    db.session.add(applicant)
    db.session.commit()
    return applicant


def create_application(
    vacancy: Vacancy | None = None,
    applicant: Applicant | None = None,
    *,
    source: ApplicantSource = ApplicantSource.DIRECT_ADVERT,
    applied_on: date = date(2026, 1, 20),
) -> Application:
    vacancy = vacancy or create_vacancy()
    applicant = applicant or create_applicant()
    application = services.add_application(vacancy, applicant, source, applied_on=applied_on)
    db.session.commit()
    return application


def advance_to(application: Application, kind: StageKind, user=None) -> Application:
    """Move an application along the default pipeline up to `kind` (interview, offer or checks)."""
    user = user or create_user(Role.HR)
    order = [StageKind.SCREENING, StageKind.INTERVIEW]
    for step in order:
        if application.stage.kind is kind:
            break
        services.move_application(application, services.stage_of_kind(step), user)
    if kind in (StageKind.OFFER, StageKind.CHECKS) and application.stage.kind is StageKind.INTERVIEW:
        offer = services.make_offer(application, user, made_on=date(2026, 2, 20))
        if kind is StageKind.CHECKS:
            services.answer_offer(offer, True, user, on=date(2026, 2, 22))
    db.session.commit()
    return application


def complete_checks(application: Application, user=None, skip=()) -> None:
    user = user or create_user(Role.HR)
    for kind in CheckKind:
        if kind not in skip:
            services.record_check(application, kind, date(2026, 3, 1), user)
    db.session.commit()
