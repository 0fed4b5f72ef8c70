"""Case-file audits and their moderation in the API, scoped by `audits.dao.Filter` as the audit pages are.

A team manager sees the audits of their own teams' cases and the audits they carried out; QA officers and
senior leaders see every audit; committee viewers none (they read the audit measures instead). Grades, domain
grades, themes and moderation outcomes are given; the free-text parts of an audit (strengths, areas for
development, the practitioner conversation, family feedback, the moderator's reason) stay in the pages, since
text may name a child or family. Case references are personal data and are given only to these roles.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from audits import dao
from audits.constants import AuditPermission, AuditServiceArea, AuditStatus, AuditType, CaseType
from audits.models import CaseAudit, DomainGrade, Moderation
from workforce.api.resources import Filter, Resource, date_range
from workforce.api.schemas import Code, Id, UtcDateTime, code_parameter
from workforce.kernel.permissions import scope_of


def _label(level) -> str | None:
    return level.label if level is not None else None


class DomainGradeSchema(Schema):
    domain = fields.Function(lambda grade: grade.domain.title, required=True, metadata={"type": "string"})
    grade = fields.Function(
        lambda grade: _label(grade.grade), required=True, metadata={"type": "string"}, allow_none=True
    )
    moderated_grade = fields.Function(
        lambda grade: _label(grade.moderated_grade), required=True, metadata={"type": "string"}, allow_none=True
    )


class CaseAuditSchema(Schema):
    id = fields.Integer(required=True)
    programme_id = fields.Integer(allow_none=True, required=True)
    case_reference = fields.String(required=True)
    case_type = Code(CaseType, required=True)
    service_area = Code(AuditServiceArea, required=True)
    audit_type = Code(AuditType, required=True)
    team_id = fields.Integer(allow_none=True, required=True)
    worker_id = fields.Integer(allow_none=True, required=True, metadata={"description": "Staff id of the worker"})
    auditor_id = fields.Integer(required=True, metadata={"description": "User id of the auditor"})
    allocated_on = fields.Date(required=True)
    due_date = fields.Date(required=True)
    status = Code(AuditStatus, required=True)
    audit_date = fields.Date(allow_none=True, required=True)
    submitted_at = UtcDateTime(allow_none=True, required=True)
    overall_grade = fields.Function(
        lambda audit: _label(audit.overall_grade),
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "The auditor's grade"},
    )
    counted_grade = fields.Function(
        lambda audit: _label(audit.effective_grade),
        required=True,
        allow_none=True,
        metadata={"type": "string", "description": "The moderated grade where there is one, else the auditor's"},
    )
    good_or_better = fields.Function(
        lambda audit: audit.effective_grade.good_or_better if audit.effective_grade else None,
        required=True,
        allow_none=True,
        metadata={"type": "boolean"},
    )
    inadequate = fields.Function(
        lambda audit: audit.effective_grade.inadequate if audit.effective_grade else None,
        required=True,
        allow_none=True,
        metadata={"type": "boolean"},
    )
    domain_grades = fields.List(fields.Nested(DomainGradeSchema), required=True)
    themes = fields.Function(
        lambda audit: [theme.name for theme in audit.themes],
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    moderation_id = fields.Function(
        lambda audit: audit.moderation.id if audit.moderation is not None else None,
        required=True,
        allow_none=True,
        metadata={"type": "integer"},
    )
    created_at = UtcDateTime(required=True)


class ModerationSchema(Schema):
    id = fields.Integer(required=True)
    audit_id = fields.Integer(required=True)
    team_id = fields.Function(
        lambda moderation: moderation.audit.team_id, required=True, allow_none=True, metadata={"type": "integer"}
    )
    selected_because = fields.String(required=True)
    selected_at = UtcDateTime(required=True)
    moderator_id = fields.Integer(allow_none=True, required=True, metadata={"description": "User id"})
    auditor_grade = fields.Function(
        lambda moderation: _label(moderation.auditor_grade), required=True, allow_none=True, metadata={"type": "string"}
    )
    moderated_grade = fields.Function(
        lambda moderation: _label(moderation.moderated_grade),
        required=True,
        allow_none=True,
        metadata={"type": "string"},
    )
    moderated_on = fields.Date(allow_none=True, required=True, metadata={"description": "null while pending"})
    agreed = fields.Function(
        lambda moderation: moderation_agreed(moderation),
        required=True,
        allow_none=True,
        metadata={"type": "boolean", "description": "The moderator kept the auditor's grade; null while pending"},
    )
    direction = fields.Function(
        lambda moderation: moderation_direction(moderation),
        required=True,
        allow_none=True,
        metadata={
            "type": "string",
            "enum": ["agreed", "raised", "lowered"],
            "description": "How the moderator changed the grade; null while pending",
        },
    )


def moderation_agreed(moderation: Moderation) -> bool | None:
    if moderation.moderated_on is None or moderation.moderated_grade is None or moderation.auditor_grade is None:
        return None
    return moderation.moderated_grade_id == moderation.auditor_grade_id


def moderation_direction(moderation: Moderation) -> str | None:
    """Scales rank best first: a moderated grade with a higher rank than the auditor's was lowered."""
    if moderation_agreed(moderation) is None:
        return None
    if moderation.moderated_grade.rank == moderation.auditor_grade.rank:
        return "agreed"
    return "lowered" if moderation.moderated_grade.rank > moderation.auditor_grade.rank else "raised"


def audits_in_scope(user):
    statement = select(CaseAudit).options(
        selectinload(CaseAudit.overall_grade),
        selectinload(CaseAudit.moderation).selectinload(Moderation.moderated_grade),
        selectinload(CaseAudit.domain_grades).selectinload(DomainGrade.domain),
        selectinload(CaseAudit.themes),
    )
    return dao.Filter(scope=scope_of(user)).apply(statement)


def moderations_in_scope(user):
    statement = (
        select(Moderation)
        .join(CaseAudit, CaseAudit.id == Moderation.audit_id)
        .options(
            selectinload(Moderation.audit),
            selectinload(Moderation.auditor_grade),
            selectinload(Moderation.moderated_grade),
        )
    )
    return dao.Filter(scope=scope_of(user)).apply(statement)


AUDITS = Resource(
    name="case-audits",
    area="audits",
    title="Case audits",
    description=(
        "Case-file audits: allocation, status, the overall and domain grades, the grade counted after moderation, "
        "and themes. A team manager sees their teams' cases and the audits they carried out."
    ),
    schema=CaseAuditSchema,
    query=audits_in_scope,
    id_column=CaseAudit.id,
    sorts={"due_date": CaseAudit.due_date, "audit_date": CaseAudit.audit_date, "id": CaseAudit.id},
    default_sort="-due_date",
    filters={
        "team_id": Filter(CaseAudit.team_id, Id(), "Audits of this team's cases"),
        "programme_id": Filter(CaseAudit.programme_id, Id(), "Audits in this programme"),
        "status": Filter(CaseAudit.status, code_parameter(AuditStatus), "Audits with this status"),
        "service_area": Filter(CaseAudit.service_area, code_parameter(AuditServiceArea), "Audits in this service area"),
        "case_reference": Filter(
            CaseAudit.case_reference,
            fields.String(validate=validate.Length(min=1, max=40)),
            "Audits of this case reference",
        ),
        **date_range(CaseAudit.audit_date, "audited", "Audited"),
    },
    permission=AuditPermission.VIEW_AUDITS,
)

MODERATIONS = Resource(
    name="audit-moderations",
    area="audits",
    title="Audit moderations",
    description=(
        "Audits selected for moderation and the outcome: the auditor's and the moderator's grades, whether the "
        "moderator agreed, and which way the grade moved. Scoped like case audits."
    ),
    schema=ModerationSchema,
    query=moderations_in_scope,
    id_column=Moderation.id,
    sorts={"selected_at": Moderation.selected_at, "moderated_on": Moderation.moderated_on, "id": Moderation.id},
    default_sort="-selected_at",
    filters={
        "audit_id": Filter(Moderation.audit_id, Id(), "The moderation of this audit"),
        "team_id": Filter(CaseAudit.team_id, Id(), "Moderations of this team's audits"),
        **date_range(Moderation.moderated_on, "moderated", "Moderated"),
    },
    permission=AuditPermission.VIEW_AUDITS,
)
