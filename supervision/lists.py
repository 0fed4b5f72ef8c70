"""The list of supervision records: every current record the user may see, searchable, filtered and paged."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from supervision.constants import SessionStatus, SupervisionType
from supervision.models import Supervision
from workforce.kernel.lists import DESCENDING, Column, Filter, ListDefinition, display_text, enum_filter, team_filter
from workforce.kernel.models import Team
from workforce.people.models import StaffMember

SIGN_OFF_CHOICES = [("", "Any"), ("awaiting", "Awaiting sign-off"), ("locked", "Locked")]


def _person(column, attribute):
    return select(getattr(StaffMember, attribute)).where(StaffMember.id == column).scalar_subquery()


def _by_name(column):
    return [_person(column, "last_name"), _person(column, "first_name")]


def _full_name(column):
    return (
        select(StaffMember.first_name + " " + StaffMember.last_name).where(StaffMember.id == column).scalar_subquery()
    )


def sign_off_of(item: Supervision) -> str:
    if item.is_locked:
        return "Locked"
    return "Awaiting sign-off" if item.status is SessionStatus.HELD else ""


def _sign_off(query, value):
    if value == "locked":
        return query.where(Supervision.locked_at.is_not(None))
    return query.where(Supervision.locked_at.is_(None), Supervision.status == SessionStatus.HELD)


def _date_link(item, context) -> Markup:
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(
        url_for("supervision.show_supervision", supervision_id=item.id),
        display_text(item.date) if item.date else "No date",
    )


def supervision_list(teams: list[Team]) -> ListDefinition:
    held_or_planned = func.coalesce(Supervision.held_on, Supervision.planned_on)
    return ListDefinition(
        endpoint="supervision.list_supervisions",
        columns=[
            Column("date", "Date", lambda item, context: item.date, sort=held_or_planned, html=_date_link),
            Column(
                "supervisee",
                "Supervisee",
                lambda item, context: item.supervisee.name,
                sort=_by_name(Supervision.supervisee_id),
            ),
            Column(
                "supervisor",
                "Supervisor",
                lambda item, context: item.supervisor.name,
                sort=_by_name(Supervision.supervisor_id),
            ),
            Column(
                "team",
                "Team",
                lambda item, context: item.team.name,
                sort=select(Team.name).where(Team.id == Supervision.team_id).scalar_subquery(),
            ),
            Column(
                "type", "Type", lambda item, context: item.supervision_type.label, sort=Supervision.supervision_type
            ),
            Column("status", "Status", lambda item, context: item.status.label, sort=Supervision.status),
            Column("sign-off", "Sign-off", lambda item, context: sign_off_of(item)),
        ],
        id_column=Supervision.id,
        default_sort="date",
        default_order=DESCENDING,
        filters=[
            team_filter(Supervision.team_id, teams),
            enum_filter("type", "Type", Supervision.supervision_type, SupervisionType),
            enum_filter("status", "Status", Supervision.status, SessionStatus),
            Filter("sign_off", "Sign-off", _sign_off, choices=SIGN_OFF_CHOICES),
            Filter("from", "From", lambda query, day: query.where(held_or_planned >= day), kind="date"),
            Filter("to", "To", lambda query, day: query.where(held_or_planned <= day), kind="date"),
        ],
        search_columns=[_full_name(Supervision.supervisee_id), _full_name(Supervision.supervisor_id)],
        search_label="Supervisee or supervisor name",
        filename="supervision",
        sheet_title="Supervision records",
        noun="record",
        plural="records",
        options=(joinedload(Supervision.supervisee), joinedload(Supervision.supervisor), joinedload(Supervision.team)),
    )
