"""The agency engagements list: searchable by worker or agency, filtered, sortable, paged and downloadable."""

from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from workforce.agency.compliance import check_engagement
from workforce.agency.constants import AgencyJobType
from workforce.agency.models import AgencyEngagement
from workforce.kernel.dates import display_date
from workforce.kernel.lists import DESCENDING, Column, Filter, ListDefinition, enum_filter, team_filter
from workforce.kernel.models import Team
from workforce.people.models import StaffMember


def rules_text(results) -> str:
    failed = [result for result in results if not result.met]
    if not failed:
        return "Compliant"
    return f"{len(failed)} rule{'s' if len(failed) > 1 else ''} breached"


def engagements_list(teams: list[Team], region, today: date) -> ListDefinition:
    def worker(attribute):
        return select(getattr(StaffMember, attribute)).where(StaffMember.id == AgencyEngagement.staff_id)

    def current(query, value):
        active = or_(AgencyEngagement.end_date.is_(None), AgencyEngagement.end_date >= today)
        if value == "current":
            return query.where(AgencyEngagement.start_date <= today, active)
        return query.where(~active)

    return ListDefinition(
        endpoint="agency.list_engagements",
        columns=[
            Column(
                "worker",
                "Worker",
                lambda item, context: item.staff_member.name,
                sort=[worker("last_name").scalar_subquery(), worker("first_name").scalar_subquery()],
                html=lambda item, context: Markup('<a class="govuk-link" href="{}">{}</a>').format(
                    url_for("agency.show_engagement", engagement_id=item.id), item.staff_member.name
                ),
            ),
            Column("agency", "Agency", lambda item, context: item.agency_name, sort=AgencyEngagement.agency_name),
            Column("job-type", "Job type", lambda item, context: item.job_type.label, sort=AgencyEngagement.job_type),
            Column(
                "team",
                "Team",
                lambda item, context: item.team.name,
                sort=select(Team.name).where(Team.id == AgencyEngagement.team_id).scalar_subquery(),
            ),
            Column("start", "Start", lambda item, context: item.start_date, sort=AgencyEngagement.start_date),
            Column(
                "end",
                "End",
                lambda item, context: item.end_date,
                sort=AgencyEngagement.end_date,
                html=lambda item, context: "Continuing" if item.end_date is None else display_date(item.end_date),
            ),
            Column(
                "charge",
                "Hourly charge",
                lambda item, context: float(item.hourly_charge),
                sort=AgencyEngagement.hourly_charge,
                numeric=True,
                number_format="two decimal places",
                html=lambda item, context: f"\u00a3{item.hourly_charge:.2f}",
            ),
            Column("rules", "DfE rules", lambda item, context: rules_text(context[item.id])),
        ],
        id_column=AgencyEngagement.id,
        default_sort="start",
        default_order=DESCENDING,
        filters=[
            Filter(
                "current",
                "Engagement",
                current,
                choices=[("", "Any"), ("current", "Current"), ("ended", "Ended")],
            ),
            team_filter(AgencyEngagement.team_id, teams),
            enum_filter("job_type", "Job type", AgencyEngagement.job_type, AgencyJobType),
            Filter(
                "started_from",
                "Started from",
                lambda query, day: query.where(AgencyEngagement.start_date >= day),
                "date",
            ),
            Filter(
                "started_to", "Started to", lambda query, day: query.where(AgencyEngagement.start_date <= day), "date"
            ),
        ],
        search_columns=[
            (worker("first_name").scalar_subquery() + " " + worker("last_name").scalar_subquery()),
            AgencyEngagement.agency_name,
        ],
        search_label="Worker or agency name",
        noun="engagement",
        plural="engagements",
        filename="agency-engagements",
        sheet_title="Agency engagements",
        context=lambda items: {item.id: check_engagement(item, region) for item in items},
        options=(joinedload(AgencyEngagement.staff_member), joinedload(AgencyEngagement.team)),
    )
