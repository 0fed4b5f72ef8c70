"""The case audits list: searchable by case reference or auditor, filtered, sortable, paged and downloadable.

The report's drill-down links (a grade, a theme, late audits) narrow the query before the list applies its
own filters, and the list's links keep them.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from audits.constants import AuditServiceArea, AuditStatus
from audits.models import CaseAudit, Moderation
from workforce.kernel.lists import DESCENDING, Column, Filter, ListDefinition, enum_filter, team_filter
from workforce.kernel.models import Team, User

DRILL_DOWNS = ("grade", "theme", "late")


def grade_or_status(audit: CaseAudit) -> str:
    if audit.effective_grade and audit.locked:
        return audit.effective_grade.label
    return audit.status.label


def audits_list(teams: list[Team], today: date) -> ListDefinition:
    auditor_name = select(User.name).where(User.id == CaseAudit.auditor_id).scalar_subquery()
    return ListDefinition(
        endpoint="audits.list_audits",
        columns=[
            Column(
                "case",
                "Case reference",
                lambda item, context: item.case_reference,
                sort=CaseAudit.case_reference,
                html=lambda item, context: Markup('<a class="govuk-link" href="{}">{}</a>').format(
                    url_for("audits.show_audit", audit_id=item.id), item.case_reference
                ),
            ),
            Column(
                "service-area",
                "Service area",
                lambda item, context: item.service_area.label,
                sort=CaseAudit.service_area,
            ),
            Column(
                "team",
                "Team",
                lambda item, context: item.team.name if item.team else "Not known",
                sort=select(Team.name).where(Team.id == CaseAudit.team_id).scalar_subquery(),
            ),
            Column("auditor", "Auditor", lambda item, context: item.auditor.name, sort=auditor_name),
            Column("due", "Due", lambda item, context: item.due_date, sort=CaseAudit.due_date),
            Column("audited", "Audited", lambda item, context: item.audit_date, sort=CaseAudit.audit_date),
            Column(
                "grade",
                "Grade or status",
                lambda item, context: "Late" if item.is_late(today) else grade_or_status(item),
                sort=CaseAudit.status,
            ),
        ],
        id_column=CaseAudit.id,
        default_sort="due",
        default_order=DESCENDING,
        filters=[
            enum_filter("status", "Status", CaseAudit.status, AuditStatus),
            enum_filter("service_area", "Service area", CaseAudit.service_area, AuditServiceArea),
            team_filter(CaseAudit.team_id, teams),
            Filter("start", "Audited from", lambda query, day: query.where(CaseAudit.audit_date >= day), "date"),
            Filter("end", "Audited to", lambda query, day: query.where(CaseAudit.audit_date <= day), "date"),
        ],
        search_columns=[CaseAudit.case_reference, func.coalesce(auditor_name, "")],
        search_label="Case reference or auditor",
        noun="audit",
        plural="audits",
        filename="case-audits",
        sheet_title="Case audits",
        options=(
            joinedload(CaseAudit.team),
            joinedload(CaseAudit.auditor),
            joinedload(CaseAudit.overall_grade),
            joinedload(CaseAudit.moderation).joinedload(Moderation.moderated_grade),
        ),
        carry=DRILL_DOWNS,
    )
