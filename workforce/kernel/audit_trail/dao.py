"""Queries over the audit trail."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select

from workforce.extensions import db
from workforce.kernel.clock import UTC
from workforce.kernel.models import AuditEvent


@dataclass(frozen=True)
class AuditTrailFilter:
    record_type: str | None = None
    record_id: str | None = None
    action: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def filtered_query(criteria: AuditTrailFilter) -> Select:
    query = select(AuditEvent)
    if criteria.record_type:
        query = query.where(AuditEvent.record_type == criteria.record_type)
    if criteria.record_id:
        query = query.where(AuditEvent.record_id == criteria.record_id)
    if criteria.action:
        query = query.where(AuditEvent.action == criteria.action)
    if criteria.actor:
        pattern = f"%{criteria.actor.strip().lower()}%"
        query = query.where(or_(func.lower(AuditEvent.actor_label).like(pattern)))
    if criteria.date_from:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(criteria.date_from, time(), UTC))
    if criteria.date_to:
        end = datetime.combine(criteria.date_to + timedelta(days=1), time(), UTC)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def page_of_events(criteria: AuditTrailFilter, page: int, per_page: int = 50) -> tuple[list[AuditEvent], int]:
    query = filtered_query(criteria)
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    events = (
        db.session.execute(
            query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .scalars()
        .all()
    )
    return list(events), total


def list_record_types() -> list[str]:
    query = select(AuditEvent.record_type).distinct().order_by(AuditEvent.record_type)
    return list(db.session.execute(query).scalars())


def list_actions() -> list[str]:
    return list(db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())
