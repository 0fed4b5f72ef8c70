"""What the audits module answers for other modules through the registry, without being imported.

"audit-themes": () -> [{"id", "name", "audits", "url"}]: every audit theme with how many submitted audits
found it and where the list of those audits is, so that the improvement plan can link a theme as evidence
of an action.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import func, select

from audits.constants import AuditStatus
from audits.models import CaseAudit, Theme, audit_themes
from workforce.extensions import db


def audit_themes_list() -> list[dict[str, Any]]:
    counts = dict(
        db.session.execute(
            select(audit_themes.c.theme_id, func.count(CaseAudit.id))
            .join(CaseAudit, CaseAudit.id == audit_themes.c.audit_id)
            .where(CaseAudit.status == AuditStatus.SUBMITTED)
            .group_by(audit_themes.c.theme_id)
        ).all()
    )
    themes = db.session.execute(select(Theme).order_by(Theme.name)).scalars()
    return [
        {
            "id": theme.id,
            "name": theme.name,
            "audits": counts.get(theme.id, 0),
            "url": url_for("audits.list_audits", theme=theme.id),
        }
        for theme in themes
    ]
