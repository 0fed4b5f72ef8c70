"""Audit reminder rules: allocated, due soon and late (the auditor), long late (the programme owner and the
head of service), and immediate safeguarding concerns (the team manager and the head of service, at once).

Messages name the team and the due date, never the case reference or anything about the child.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from audits.constants import HEAD_OF_SERVICE_ROLES, AuditStatus
from audits.models import AuditProgramme, CaseAudit, SafeguardingConcern
from workforce.extensions import db
from workforce.kernel.models import User
from workforce.kernel.notifications.rules import (
    NotificationRule,
    Reminder,
    RuleContext,
    days,
    team_managers,
    users_with_roles,
)


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _open_audits(context: RuleContext, *conditions) -> list[CaseAudit]:
    query = (
        select(CaseAudit)
        .options(joinedload(CaseAudit.auditor), joinedload(CaseAudit.team))
        .where(CaseAudit.status != AuditStatus.SUBMITTED, *conditions)
        .order_by(CaseAudit.due_date, CaseAudit.id)
    )
    if context.for_user is not None and context.for_user.role not in HEAD_OF_SERVICE_ROLES:
        query = query.where(CaseAudit.auditor_id == context.for_user.id)
    return list(db.session.execute(query).scalars())


def _which(audit: CaseAudit) -> str:
    return f"A case-file audit{' in ' + audit.team.name if audit.team else ''}"


def allocated(context: RuleContext) -> Iterator[Reminder]:
    since = context.on - timedelta(days=int(context.settings["days_since_allocation"]))
    for audit in _open_audits(context, CaseAudit.status == AuditStatus.ALLOCATED, CaseAudit.allocated_on >= since):
        yield Reminder(
            "audit-allocated",
            audit.auditor,
            f"{_which(audit)} has been allocated to you, due by {_when(audit.due_date)}",
            url_for("audits.record_audit", audit_id=audit.id),
            "Case audit",
            audit.id,
            f"{audit.auditor_id}:{audit.allocated_on.isoformat()}",
        )


def due_soon(context: RuleContext) -> Iterator[Reminder]:
    until = context.on + timedelta(days=int(context.settings["days_before"]))
    for audit in _open_audits(context, CaseAudit.due_date >= context.on, CaseAudit.due_date <= until):
        yield Reminder(
            "audit-due",
            audit.auditor,
            f"{_which(audit)} allocated to you is due by {_when(audit.due_date)}",
            url_for("audits.record_audit", audit_id=audit.id),
            "Case audit",
            audit.id,
            f"{audit.auditor_id}:{audit.due_date.isoformat()}",
        )


def late(context: RuleContext) -> Iterator[Reminder]:
    for audit in _open_audits(context, CaseAudit.due_date < context.on):
        late_by = (context.on - audit.due_date).days
        yield Reminder(
            "audit-late",
            audit.auditor,
            f"{_which(audit)} allocated to you is {days(late_by)} late",
            url_for("audits.record_audit", audit_id=audit.id),
            "Case audit",
            audit.id,
            f"{audit.auditor_id}:{audit.due_date.isoformat()}",
            details=(f"It was due on {_when(audit.due_date)}.",),
        )


def _heads_of_service(context: RuleContext) -> list[User]:
    return users_with_roles(*HEAD_OF_SERVICE_ROLES)


def escalated(context: RuleContext) -> Iterator[Reminder]:
    after = int(context.settings["days_late"])
    audits = _open_audits(context, CaseAudit.due_date < context.on - timedelta(days=after))
    # The escalation is not the auditor's own list: a head of service sees all, a programme owner theirs.
    if context.for_user is not None and context.for_user.role not in HEAD_OF_SERVICE_ROLES:
        audits = list(
            db.session.execute(
                select(CaseAudit)
                .join(AuditProgramme, AuditProgramme.id == CaseAudit.programme_id)
                .options(joinedload(CaseAudit.auditor), joinedload(CaseAudit.team))
                .where(
                    CaseAudit.status != AuditStatus.SUBMITTED,
                    CaseAudit.due_date < context.on - timedelta(days=after),
                    AuditProgramme.created_by_id == context.for_user.id,
                )
            ).scalars()
        )
    heads = _heads_of_service(context)
    owners = {
        programme.id: programme.created_by_id
        for programme in db.session.execute(
            select(AuditProgramme).where(AuditProgramme.id.in_({a.programme_id for a in audits if a.programme_id}))
        ).scalars()
    }
    owner_users = {
        user.id: user
        for user in db.session.execute(
            select(User).where(User.id.in_({owner for owner in owners.values() if owner is not None}))
        ).scalars()
    }
    for audit in audits:
        recipients = {user.id: user for user in heads}
        owner = owner_users.get(owners.get(audit.programme_id))
        if owner is not None:
            recipients.setdefault(owner.id, owner)
        late_by = (context.on - audit.due_date).days
        for recipient in recipients.values():
            yield Reminder(
                "audit-late-escalated",
                recipient,
                f"{_which(audit)} allocated to {audit.auditor.name} is {days(late_by)} late",
                url_for("audits.escalations"),
                "Case audit",
                audit.id,
                audit.due_date.isoformat(),
                details=(
                    f"It was due on {_when(audit.due_date)}. Audits more than {days(after)} late come to the "
                    "programme owner and the head of service.",
                ),
            )


def safeguarding_concerns(context: RuleContext) -> Iterator[Reminder]:
    concerns = list(
        db.session.execute(
            select(SafeguardingConcern)
            .options(joinedload(SafeguardingConcern.audit))
            .where(SafeguardingConcern.responded_at.is_(None))
            .order_by(SafeguardingConcern.id)
        ).scalars()
    )
    heads = _heads_of_service(context)
    managers = team_managers(concern.audit.team_id for concern in concerns)
    for concern in concerns:
        audit = concern.audit
        where = f" in {audit.team.name}" if audit.team else ""
        summary = f"An immediate safeguarding concern was raised in a case-file audit{where}"
        details = ("Open WPQ to read the concern and respond. This email carries no details of the child.",)
        for head in heads:
            yield Reminder(
                "audit-safeguarding-concern",
                head,
                summary,
                url_for("audits.respond_to_concern", concern_id=concern.id),
                "Safeguarding concern",
                concern.id,
                "raised",
                details=details,
                urgent=True,
            )
        for manager in managers.get(audit.team_id, []):
            yield Reminder(
                "audit-safeguarding-concern",
                manager,
                summary,
                url_for("audits.show_audit", audit_id=audit.id),
                "Safeguarding concern",
                concern.id,
                "raised",
                details=details,
                urgent=True,
            )


RULES = (
    NotificationRule(
        "audit-allocated",
        "Case-file audits allocated to you",
        "The auditor, when an audit is allocated (within `days_since_allocation` days of allocation).",
        "audits",
        allocated,
        {"days_since_allocation": 7},
        page=lambda: url_for("audits.list_audits"),
        order=20,
    ),
    NotificationRule(
        "audit-due",
        "Case-file audits due soon",
        "The auditor, when an audit is due within `days_before` days.",
        "audits",
        due_soon,
        {"days_before": 5},
        page=lambda: url_for("audits.list_audits"),
        order=21,
    ),
    NotificationRule(
        "audit-late",
        "Case-file audits late",
        "The auditor, once, when an audit passes its due date without being submitted.",
        "audits",
        late,
        {},
        page=lambda: url_for("audits.list_audits"),
        order=22,
    ),
    NotificationRule(
        "audit-late-escalated",
        "Late case-file audits escalated to you",
        "The programme owner and the head of service, when an audit is more than `days_late` days late.",
        "audits",
        escalated,
        {"days_late": 10},
        page=lambda: url_for("audits.escalations"),
        order=23,
    ),
    NotificationRule(
        "audit-safeguarding-concern",
        "Immediate safeguarding concerns",
        "The case's team manager and the head of service, at once (never held for a digest), until answered.",
        "audits",
        safeguarding_concerns,
        {},
        page=lambda: url_for("audits.escalations"),
        order=24,
    ),
)
