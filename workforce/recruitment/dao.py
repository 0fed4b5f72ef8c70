"""Recruitment queries, every one restricted to the teams the user may see."""

from __future__ import annotations

from sqlalchemy import Select, exists, select

from workforce.extensions import db
from workforce.kernel import settings
from workforce.kernel.models import User
from workforce.kernel.permissions import Scope, current_scope, get_in_scope_or_404, user_can
from workforce.recruitment.constants import SETTING_DEFAULTS, RecruitmentPermission, VacancyStatus
from workforce.recruitment.models import (
    Application,
    Interview,
    Offer,
    PipelineStage,
    Vacancy,
    interview_panel,
)


def setting(key: str):
    """A recruitment setting, or its default."""
    value = settings.get(key)
    return SETTING_DEFAULTS[key] if value is None else value


def list_vacancies_query(scope: Scope | None = None, status: VacancyStatus | None = None) -> Select:
    query = select(Vacancy).order_by(Vacancy.raised_on.desc(), Vacancy.id.desc())
    if status is not None:
        query = query.where(Vacancy.status == status)
    return (scope or current_scope()).apply(query, Vacancy.team_id)


def list_vacancies(scope: Scope | None = None, status: VacancyStatus | None = None) -> list[Vacancy]:
    return list(db.session.execute(list_vacancies_query(scope, status)).scalars())


def get_vacancy_in_scope_or_404(vacancy_id: int) -> Vacancy:
    return get_in_scope_or_404(Vacancy, vacancy_id, lambda vacancy: vacancy.team_id)


def get_application_in_scope_or_404(application_id: int) -> Application:
    return get_in_scope_or_404(Application, application_id, lambda application: application.vacancy.team_id)


def get_offer_in_scope_or_404(offer_id: int) -> Offer:
    return get_in_scope_or_404(Offer, offer_id, lambda offer: offer.application.vacancy.team_id)


def list_stages() -> list[PipelineStage]:
    return list(db.session.execute(select(PipelineStage).order_by(PipelineStage.position)).scalars())


def sits_on_panel(user: User, application: Application) -> bool:
    return bool(
        db.session.execute(
            select(
                exists().where(
                    interview_panel.c.user_id == user.id,
                    interview_panel.c.interview_id == Interview.id,
                    Interview.application_id == application.id,
                )
            )
        ).scalar()
    )


def may_see_contact_details(user: User, application: Application) -> bool:
    """HR see every applicant's contact details; anyone else only as a member of that interview panel."""
    if user_can(RecruitmentPermission.VIEW_APPLICANT_CONTACT_DETAILS, user):
        return True
    return sits_on_panel(user, application)


def list_panel_candidates() -> list[User]:
    """Users who may sit on an interview panel: managers, leaders and HR with an active account."""
    from workforce.kernel.roles import Role

    roles = [Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.HR, Role.PRACTICE_SUPERVISOR]
    return list(
        db.session.execute(
            select(User).where(User.role.in_(roles), User.deactivated_at.is_(None)).order_by(User.name)
        ).scalars()
    )
