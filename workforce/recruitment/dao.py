"""Recruitment queries, every one restricted to the teams the user may see."""

from __future__ import annotations

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload

from workforce.extensions import db
from workforce.kernel import settings
from workforce.kernel.models import Team, User
from workforce.kernel.permissions import Scope, current_scope, get_in_scope_or_404, user_can
from workforce.people.models import Post
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


def page_of_vacancies(query: Select, limit: int, offset: int) -> list[Vacancy]:
    """One page of vacancies, with the post and the team loaded in the same query."""
    options = (joinedload(Vacancy.post), joinedload(Vacancy.team))
    return list(db.session.execute(query.options(*options).limit(limit).offset(offset)).scalars())


def list_posts_in_scope(scope: Scope) -> list[Post]:
    """The posts a vacancy may be raised for: those in the user's teams, by post number."""
    return list(db.session.execute(scope.apply(select(Post).order_by(Post.post_number), Post.team_id)).scalars())


def list_teams_in_scope(scope: Scope) -> list[Team]:
    return list(db.session.execute(scope.apply(select(Team).order_by(Team.name), Team.id)).scalars())
