"""Vacancies and applications (workforce.recruitment) and agency engagements (workforce.agency) in the API.

Scoped as the pages scope them, with the modules' own queries: HR and senior leaders see every team, a team
manager the vacancies, applications and engagements of the teams they manage. Applicants' names and contact
details are not in the API: an application carries its applicant's number only (personal data are erased on
the retention schedule, and the pages show them only to HR and interview panels).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from workforce.agency import dao as agency_dao
from workforce.agency.constants import AgencyJobType, AgencyPermission, ProviderType, Region
from workforce.agency.models import AgencyEngagement
from workforce.api.resources import Filter, Operator, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter
from workforce.kernel.permissions import scope_of
from workforce.people.constants import StartOrigin
from workforce.recruitment import dao as recruitment_dao
from workforce.recruitment.constants import (
    ApplicantSource,
    ClosureReason,
    RecruitmentPermission,
    StageKind,
    VacancyStatus,
)
from workforce.recruitment.models import Application, PipelineStage, Vacancy


class VacancySchema(Schema):
    id = fields.Integer(required=True)
    post_id = fields.Integer(required=True)
    post_number = fields.Function(lambda vacancy: vacancy.post.post_number, required=True, metadata={"type": "string"})
    job_title = fields.Function(lambda vacancy: vacancy.post.job_title, required=True, metadata={"type": "string"})
    team_id = fields.Integer(required=True)
    fte = fields.Float(required=True)
    status = Code(VacancyStatus, required=True)
    raised_on = fields.Date(required=True)
    head_of_service_approved_on = fields.Date(allow_none=True, required=True)
    approved_on = fields.Date(allow_none=True, required=True, metadata={"description": "HR's approval"})
    advert_opens_on = fields.Date(allow_none=True, required=True)
    advert_closes_on = fields.Date(allow_none=True, required=True)
    filled_on = fields.Date(allow_none=True, required=True, metadata={"description": "The new starter's first day"})
    withdrawn_on = fields.Date(allow_none=True, required=True)
    days_to_fill = fields.Integer(
        allow_none=True, required=True, metadata={"description": "From HR approval to the first day"}
    )
    applications = fields.Function(
        lambda vacancy: len(vacancy.applications), required=True, metadata={"type": "integer"}
    )
    created_at = UtcDateTime(required=True)


class ApplicationSchema(Schema):
    id = fields.Integer(required=True)
    vacancy_id = fields.Integer(required=True)
    team_id = fields.Function(
        lambda application: application.vacancy.team_id, required=True, metadata={"type": "integer"}
    )
    applicant_id = fields.Integer(required=True)
    stage = fields.Function(lambda application: application.stage.name, required=True, metadata={"type": "string"})
    stage_kind = fields.Function(
        lambda application: application.stage.kind.value,
        required=True,
        metadata={"type": "string", "enum": [kind.value for kind in StageKind]},
    )
    source = Code(ApplicantSource, required=True)
    start_origin = Code(StartOrigin, required=True)
    applied_on = fields.Date(required=True)
    closure_reason = Code(ClosureReason, allow_none=True, required=True)
    staff_id = fields.Integer(
        allow_none=True, required=True, metadata={"description": "Set once the start is confirmed"}
    )
    created_at = UtcDateTime(required=True)


def vacancies_in_scope(user):
    return recruitment_dao.list_vacancies_query(scope_of(user)).options(
        selectinload(Vacancy.post), selectinload(Vacancy.applications)
    )


def applications_in_scope(user):
    """Scoped by the vacancy's team, as `recruitment.dao.get_application_in_scope_or_404` scopes one."""
    statement = (
        select(Application)
        .join(Application.vacancy)
        .options(contains_eager(Application.vacancy), selectinload(Application.stage))
    )
    return scope_of(user).apply(statement, Vacancy.team_id)


VACANCIES = Resource(
    name="vacancies",
    area="recruitment",
    title="Vacancies",
    description="Vacancies and their approval, advert and outcome; a team manager sees their teams' vacancies.",
    schema=VacancySchema,
    query=vacancies_in_scope,
    id_column=Vacancy.id,
    sorts={"raised_on": Vacancy.raised_on, "approved_on": Vacancy.approved_on, "id": Vacancy.id},
    default_sort="-raised_on",
    filters={
        "team_id": Filter(Vacancy.team_id, Id(), "Vacancies in this team"),
        "status": Filter(Vacancy.status, code_parameter(VacancyStatus), "Vacancies with this status"),
        **date_range(Vacancy.raised_on, "raised", "Raised"),
    },
    permission=RecruitmentPermission.VIEW_RECRUITMENT,
)

APPLICATIONS = Resource(
    name="applications",
    area="recruitment",
    title="Applications",
    description=(
        "Applications to vacancies: the stage reached, the source and how each ended. Applicants appear by number "
        "only, never by name or contact details."
    ),
    schema=ApplicationSchema,
    query=applications_in_scope,
    id_column=Application.id,
    sorts={"applied_on": Application.applied_on, "id": Application.id},
    default_sort="-applied_on",
    filters={
        "vacancy_id": Filter(Application.vacancy_id, Id(), "Applications to this vacancy"),
        "team_id": Filter(Vacancy.team_id, Id(), "Applications to vacancies in this team"),
        "source": Filter(Application.source, code_parameter(ApplicantSource), "Applications from this source"),
        "stage_kind": Filter(
            select(PipelineStage.kind).where(PipelineStage.id == Application.stage_id).scalar_subquery(),
            code_parameter(StageKind),
            "Applications in a stage of this kind",
        ),
        **date_range(Application.applied_on, "applied", "Applied"),
    },
    permission=RecruitmentPermission.VIEW_RECRUITMENT,
)


class AgencyEngagementSchema(Schema):
    id = fields.Integer(required=True)
    staff_id = fields.Integer(required=True)
    post_id = fields.Integer(allow_none=True, required=True)
    team_id = fields.Integer(required=True)
    agency_name = fields.String(required=True)
    provider_type = Code(ProviderType, required=True)
    job_type = Code(AgencyJobType, required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, required=True)
    fte = fields.Float(required=True)
    hours_per_week = fields.Float(required=True)
    notice_period_weeks = fields.Integer(required=True)
    pay_rate = fields.Float(required=True, metadata={"description": "Pounds per hour"})
    employer_costs = fields.Float(required=True, metadata={"description": "Pounds per hour"})
    holiday_pay = fields.Float(required=True, metadata={"description": "Pounds per hour"})
    agency_fee = fields.Float(required=True, metadata={"description": "Pounds per hour"})
    hourly_charge = fields.Float(required=True, metadata={"description": "The four parts together, pounds per hour"})
    dcs_signed_off_on = fields.Date(allow_none=True, required=True)
    chief_executive_signed_off_on = fields.Date(allow_none=True, required=True)
    first_reference_on = fields.Date(allow_none=True, required=True)
    second_reference_on = fields.Date(allow_none=True, required=True)
    previous_permanent_left_on = fields.Date(allow_none=True, required=True)
    previous_permanent_region = Code(Region, allow_none=True, required=True)
    project_team = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)


def engagements_in_scope(user):
    return agency_dao.engagements_query(scope_of(user))


AGENCY_ENGAGEMENTS = Resource(
    name="agency-engagements",
    area="agency",
    title="Agency engagements",
    description=(
        "Agency workers engaged to cover posts, with the hourly charge as the DfE data return splits it and the "
        "facts the DfE agency rules turn on; a team manager sees their teams' engagements."
    ),
    schema=AgencyEngagementSchema,
    query=engagements_in_scope,
    id_column=AgencyEngagement.id,
    sorts={"start_date": AgencyEngagement.start_date, "end_date": AgencyEngagement.end_date, "id": AgencyEngagement.id},
    default_sort="-start_date",
    filters={
        "team_id": Filter(AgencyEngagement.team_id, Id(), "Engagements in this team"),
        "staff_id": Filter(AgencyEngagement.staff_id, Id(), "Engagements of this worker"),
        "job_type": Filter(AgencyEngagement.job_type, code_parameter(AgencyJobType), "Engagements of this job type"),
        "agency_name": Filter(
            AgencyEngagement.agency_name,
            fields.String(validate=validate.Length(min=1, max=160)),
            "Agency name contains",
            Operator.CONTAINS,
        ),
        **date_range(AgencyEngagement.start_date, "started", "Started"),
    },
    permission=AgencyPermission.VIEW_AGENCY,
)
