"""The vacancies and applications lists: searchable, filtered, sortable, paged and downloadable."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from workforce.kernel.lists import DESCENDING, Column, Filter, ListDefinition, enum_filter, team_filter
from workforce.kernel.models import Team
from workforce.people.models import Post
from workforce.recruitment import reports
from workforce.recruitment.constants import ApplicantSource, VacancyStatus
from workforce.recruitment.models import Applicant, Application, PipelineStage, Vacancy


def _link(endpoint: str, text: str, **values) -> Markup:
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(url_for(endpoint, **values), text)


def _post(attribute, key):
    return select(getattr(Post, attribute)).where(Post.id == key).scalar_subquery()


def _team_name(key):
    return select(Team.name).where(Team.id == key).scalar_subquery()


def vacancies_list(teams: list[Team]) -> ListDefinition:
    def post_label(item, context) -> str:
        return f"{item.post.job_title} ({item.post.post_number})"

    return ListDefinition(
        endpoint="recruitment.list_vacancies",
        columns=[
            Column(
                "post",
                "Post",
                post_label,
                sort=[_post("job_title", Vacancy.post_id), _post("post_number", Vacancy.post_id)],
                html=lambda item, context: _link(
                    "recruitment.show_vacancy", post_label(item, context), vacancy_id=item.id
                ),
            ),
            Column("team", "Team", lambda item, context: item.team.name, sort=_team_name(Vacancy.team_id)),
            Column(
                "fte",
                "FTE",
                lambda item, context: item.fte,
                sort=Vacancy.fte,
                numeric=True,
                number_format="two decimal places",
            ),
            Column("status", "Status", lambda item, context: item.status.label, sort=Vacancy.status),
            Column("raised", "Raised", lambda item, context: item.raised_on, sort=Vacancy.raised_on),
            Column(
                "closes", "Advert closes", lambda item, context: item.advert_closes_on, sort=Vacancy.advert_closes_on
            ),
            Column(
                "applications",
                "Applications",
                lambda item, context: context.get(item.id, 0),
                sort=select(func.count(Application.id)).where(Application.vacancy_id == Vacancy.id).scalar_subquery(),
                numeric=True,
                number_format="integer",
            ),
        ],
        id_column=Vacancy.id,
        default_sort="raised",
        default_order=DESCENDING,
        filters=[
            enum_filter("status", "Status", Vacancy.status, VacancyStatus),
            team_filter(Vacancy.team_id, teams),
            Filter("raised_from", "Raised from", lambda query, day: query.where(Vacancy.raised_on >= day), "date"),
            Filter("raised_to", "Raised to", lambda query, day: query.where(Vacancy.raised_on <= day), "date"),
        ],
        search_columns=[_post("job_title", Vacancy.post_id), _post("post_number", Vacancy.post_id)],
        search_label="Job title or post number",
        noun="vacancy",
        plural="vacancies",
        filename="vacancies",
        sheet_title="Vacancies",
        context=lambda items: reports.count_applications_by_vacancy([item.id for item in items]),
        options=(joinedload(Vacancy.post), joinedload(Vacancy.team)),
    )


def applications_list(teams: list[Team]) -> ListDefinition:
    applicant_name = (
        select(func.coalesce(Applicant.first_name, "") + " " + func.coalesce(Applicant.last_name, ""))
        .where(Applicant.id == Application.applicant_id, Applicant.erased_at.is_(None))
        .scalar_subquery()
    )
    # The list's query joins each application's vacancy (see views.list_applications): read its columns
    # directly, as a subquery of its own would be correlated away on PostgreSQL.
    vacancy_team = Vacancy.team_id
    vacancy_post = Vacancy.post_id
    stages = [(str(stage_id), name) for stage_id, name in _stage_choices()]
    return ListDefinition(
        endpoint="recruitment.list_applications",
        columns=[
            Column(
                "applicant",
                "Applicant",
                lambda item, context: item.applicant.name,
                sort=[
                    select(Applicant.last_name).where(Applicant.id == Application.applicant_id).scalar_subquery(),
                    select(Applicant.first_name).where(Applicant.id == Application.applicant_id).scalar_subquery(),
                ],
                html=lambda item, context: _link(
                    "recruitment.show_application", item.applicant.name, application_id=item.id
                ),
            ),
            Column(
                "vacancy",
                "Vacancy",
                lambda item, context: f"{item.vacancy.post.job_title} ({item.vacancy.post.post_number})",
                sort=_post("job_title", vacancy_post),
            ),
            Column("team", "Team", lambda item, context: item.vacancy.team.name, sort=_team_name(vacancy_team)),
            Column(
                "stage",
                "Stage",
                lambda item, context: item.stage.name,
                sort=select(PipelineStage.position).where(PipelineStage.id == Application.stage_id).scalar_subquery(),
            ),
            Column("source", "Source", lambda item, context: item.source.label, sort=Application.source),
            Column("applied", "Applied", lambda item, context: item.applied_on, sort=Application.applied_on),
        ],
        id_column=Application.id,
        default_sort="applied",
        default_order=DESCENDING,
        filters=[
            Filter(
                "stage",
                "Stage",
                lambda query, value: query.where(Application.stage_id == int(value)),
                choices=[("", "Any"), *stages],
            ),
            enum_filter("source", "Source", Application.source, ApplicantSource),
            team_filter(vacancy_team, teams),
            Filter(
                "applied_from", "Applied from", lambda query, day: query.where(Application.applied_on >= day), "date"
            ),
            Filter("applied_to", "Applied to", lambda query, day: query.where(Application.applied_on <= day), "date"),
        ],
        search_columns=[applicant_name, _post("job_title", vacancy_post)],
        search_label="Applicant name or job title",
        noun="application",
        plural="applications",
        filename="applications",
        sheet_title="Applications",
        options=(
            joinedload(Application.applicant),
            joinedload(Application.stage),
            joinedload(Application.vacancy).joinedload(Vacancy.post),
            joinedload(Application.vacancy).joinedload(Vacancy.team),
        ),
    )


def _stage_choices():
    from workforce.extensions import db

    return db.session.execute(select(PipelineStage.id, PipelineStage.name).order_by(PipelineStage.position)).all()
