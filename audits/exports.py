"""The QA board's audit report as a workbook: headline figures, trends, moderation, themes and the audits.

Scoped like the report page; case references appear only for quality-assurance roles.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from audits import dao
from audits.constants import AuditStatus
from audits.models import CaseAudit
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import Sheet


def _percent(count: int, total: int) -> float | None:
    return round(count / total * 100, 1) if total else None


def audit_report_workbook(where: dao.Filter, start: date, end: date, with_case_references: bool) -> Workbook:
    summary = dao.grade_summary(where, start, end)
    done, allocated = dao.programme_completion(where, start, end)
    on_time, due = dao.actions_on_time(where, start, end, clock.today())
    moderation = dao.moderation_agreement(where, start, end)
    headline = Sheet(
        "Summary",
        ["Figure", "Count", "Out of", "Percentage"],
        [
            ["Period", f"{start.isoformat()} to {end.isoformat()}", None, None],
            [
                "Good or better (moderated grade where moderated)",
                summary.good_or_better,
                summary.audits,
                _percent(summary.good_or_better, summary.audits),
            ],
            [
                "Inadequate (moderated grade where moderated)",
                summary.inadequate,
                summary.audits,
                _percent(summary.inadequate, summary.audits),
            ],
            ["Audits moderated", summary.moderated, summary.audits, _percent(summary.moderated, summary.audits)],
            ["Programme audits submitted", done, allocated, _percent(done, allocated)],
            ["Actions completed on time", on_time, due, _percent(on_time, due)],
            [
                "Moderation agreement",
                moderation["agreed"],
                moderation["moderated"],
                _percent(moderation["agreed"], moderation["moderated"]),
            ],
            ["Grades raised by moderation", moderation["upgraded"], moderation["moderated"], None],
            ["Grades lowered by moderation", moderation["downgraded"], moderation["moderated"], None],
        ],
        number_formats={"Percentage": "percent"},
        column_widths={"Figure": 50, "Count": 24},
    )
    trend = Sheet(
        "By month and service area",
        ["Month", "Service area", "Audits", "Good or better", "Inadequate"],
        [
            [row["month"], row["service_area"].label, row["audits"], row["good_or_better"], row["inadequate"]]
            for row in dao.trend_by_month(where, start, end)
        ],
        number_formats={"Month": "yyyy-mm"},
    )
    auditors = Sheet(
        "Moderation by auditor",
        ["Auditor", "Moderated", "Agreed", "Raised", "Lowered"],
        [
            [row["auditor"], row["moderated"], row["agreed"], row["upgraded"], row["downgraded"]]
            for row in dao.moderation_by_auditor(where, start, end)
        ],
    )
    themes = Sheet(
        "Themes",
        ["Theme", "Month", "Audits"],
        [[row["theme"], row["month"], row["audits"]] for row in dao.theme_frequency(where, start, end)],
        number_formats={"Month": "yyyy-mm"},
    )
    audits = db.session.execute(
        where.apply(
            select(CaseAudit)
            .options(selectinload(CaseAudit.moderation), selectinload(CaseAudit.overall_grade))
            .where(CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.audit_date.between(start, end))
            .order_by(CaseAudit.audit_date, CaseAudit.id)
        )
    ).scalars()
    headers = [
        "Case type",
        "Service area",
        "Team",
        "Auditor",
        "Date",
        "Auditor's grade",
        "Moderated grade",
        "Grade counted",
    ]
    if with_case_references:
        headers = ["Case reference", *headers]
    rows = []
    for audit in audits:
        moderated = audit.moderation.moderated_grade if audit.moderation else None
        row = [
            audit.case_type.value,
            audit.service_area.label,
            audit.team.name if audit.team else "",
            audit.auditor.name,
            audit.audit_date,
            audit.overall_grade.label if audit.overall_grade else "",
            moderated.label if moderated else "",
            audit.effective_grade.label if audit.effective_grade else "",
        ]
        rows.append([audit.case_reference, *row] if with_case_references else row)
    return release_from_sheets(
        "Case-file audit report",
        f"{display_date(start)} to {display_date(end)}",
        "WPQ case-file audits, after moderation (the grade counted is the moderator's where moderated)",
        [headline, trend, auditors, themes, Sheet("Audits", headers, rows, number_formats={"Date": "date"})],
        notes=[
            ("Grades", "Ofsted's four-point scale unless the audit's versioned scale says otherwise."),
            ("Case references", "Shown to quality assurance roles only."),
        ],
    )


def build_for(user, start: date, end: date) -> Workbook:
    """The report for `user`: scoped to what they may see, with case references for QA roles only."""
    from audits.constants import QA_ROLES
    from workforce.kernel.permissions import scope_of

    return audit_report_workbook(dao.Filter(scope=scope_of(user)), start, end, user.role in QA_ROLES)
